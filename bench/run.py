"""Run every benchmark in bench/ and print their tables (`make bench`).

Each runs in a process of its own: several configure Django for a database they create.
"""

import pkgutil
import subprocess
import sys
import time

import bench

SKIP = {"common", "run", "settings", "urls", "wsgi"}


def main():
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name not in SKIP)
    failed = []
    for name in names:
        started = time.monotonic()
        print(f"\n# bench.{name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False).returncode:
            failed.append(name)
        print(f"({time.monotonic() - started:.0f} s)", flush=True)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
