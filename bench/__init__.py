"""
Benchmarks of the facade against raw httpx, the generated client and the older SDK's style.

Run with `make bench` (or `python -m bench`, `python -m bench --smoke`); see bench/README.md.
"""
