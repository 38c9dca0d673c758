"""Speed figures on this machine (`wijkwijzer bench`, `make bench`): a benchmark, not a test and not part of the
library, so nothing here is imported by `import assistant`.

- `figures.py`: the bench itself: index build, search, ask and the web server, written to eval/out/bench.json;
- `load.py`: the load generator (N concurrent clients over loopback), also used by tests/test_load.py.

This file imports neither, so the load generator can be used without the service behind the figures.
"""
