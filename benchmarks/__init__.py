"""Benchmarks of ld-events: a synthetic project generator, a naive pipeline and a runner."""
