"""Stage 4, publish: the validated graph turned into the site's files, as (path, bytes) pairs.

Nothing here touches the disk; the output stage writes what this stage makes.
"""
