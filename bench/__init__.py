"""Benchmarks of the publisher pipeline: `make bench` runs `bench.run`."""
