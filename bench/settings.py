"""Benchmark settings: the real settings plus a bare JSON baseline view (never in production).

bench/common.py runs them with DJANGO_ENV=production, so these are the production settings with
two additions: the URLs of bench/urls.py (the bare view) and BENCH_STATIC_ROOT, the directory the
static files were collected into for the run (production's STATIC_ROOT lives under VAR_DIR).
"""

import os
from pathlib import Path

from welcome.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
