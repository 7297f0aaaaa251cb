"""Run every benchmark in bench/ and print their tables (`make bench`).

Each runs in a process of its own: each configures Django for a database it creates. Done once
here instead of in each: the static files are collected (production storage: hashed and
compressed, about a minute) and a database is migrated that each benchmark's database is copied
from (`createdb -T`); both are removed at the end.
"""

import os
import pkgutil
import subprocess
import sys
import tempfile
import time

import bench
from bench.common import PG, ROOT, collectstatic, createdb, dropdb, load_average

# mixed_load is left to `.ci/run`, which runs its short form on every CI run (and fails on any
# error); here it would take a tenth of the ten minutes `make bench` may take. faq_pages (about
# two minutes) runs by hand for the same reason.
SKIP = {"common", "inputs", "run", "settings", "urls", "wsgi", "mixed_load", "faq_pages"}


def main():
    started = time.monotonic()
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name not in SKIP)
    print(f"benchmarks: {', '.join(names)}; {load_average()}", flush=True)
    template = f"welcome_bench_template_{os.getpid()}"
    failed, took = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-run-") as run_dir:
        static_root = os.path.join(run_dir, "static")
        createdb(template)
        collecting = None
        try:
            t0 = time.monotonic()
            # The static files are collected while the template database is migrated.
            collecting = collectstatic(static_root, {"VAR_DIR": run_dir}, wait=False)
            env = {
                **os.environ,
                "DATABASE_URL": f"{PG}/{template}",
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "VAR_DIR": run_dir,
            }
            command = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
            subprocess.run(command, cwd=ROOT, env=env, check=True)
            if collecting.wait():
                sys.exit("collectstatic failed")
            print(
                f"template database migrated and static files collected in "
                f"{time.monotonic() - t0:.0f} s",
                flush=True,
            )
            env = {**os.environ, "BENCH_TEMPLATE_DB": template, "BENCH_STATIC_ROOT": static_root}
            for name in names:
                t0 = time.monotonic()
                print(f"\n# bench.{name} ({load_average()})", flush=True)
                command = [sys.executable, "-m", f"bench.{name}"]
                if subprocess.run(command, env=env, check=False).returncode:
                    failed.append(name)
                took[name] = time.monotonic() - t0
                print(f"({took[name]:.0f} s)", flush=True)
        finally:
            if collecting is not None and collecting.poll() is None:
                collecting.kill()
                collecting.wait()
            dropdb(template)
    print(
        f"\nmake bench: {time.monotonic() - started:.0f} s in all ("
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in took.items())
        + f"); {load_average()}"
    )
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
