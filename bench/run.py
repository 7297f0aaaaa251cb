"""Run every benchmark in bench/ and print their tables (`make bench`)."""

import importlib
import pkgutil
import time

import bench

SKIP = {"common", "run", "settings", "urls", "wsgi"}


def main():
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name not in SKIP)
    for name in names:
        started = time.monotonic()
        print(f"\n# bench.{name}")
        importlib.import_module(f"bench.{name}").main()
        print(f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
