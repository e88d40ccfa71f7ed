"""Speed benchmarks (issue 9): ``python -m benchmarks.run``; see benchmarks/README.md."""
