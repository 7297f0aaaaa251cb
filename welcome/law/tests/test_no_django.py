"""The law package must stay importable and usable without Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys
import welcome.law
from welcome.law import evaluate
evaluate({"evaluation_date": "2026-03-01", "nationality": "IN"}).as_dict(trace=True)
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
assert not loaded, loaded
print("ok")
"""


def test_the_law_package_imports_no_django() -> None:
    result = subprocess.run(  # noqa: S603 - fixed interpreter and script, no user input
        [sys.executable, "-c", SCRIPT],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
