"""tdb's benchmark suite (`make bench`, `python -m benchmarks --help`)."""
