"""Stage 5, output: the published files on disk, written by one writer into a staging folder and
swapped into place only when complete (worker processes, dump parts, gzip joining).
"""
