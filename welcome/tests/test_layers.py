"""The public pages are a door, not a floor: no other app imports `welcome.portal` (issue 13,
"where the check lives"). What the pages share with the API, the back office and the employer
procedure — the check, its questions, title names, sealing, PDFs — sits one floor down."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
# The URL configuration mounts the portal's views; that is what it is for.
ALLOWED = {PACKAGE / "urls.py"}


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_module_outside_the_portal_imports_it() -> None:
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "portal" or "tests" in relative.parts or path in ALLOWED:
            continue
        portal = sorted(m for m in imported_modules(path) if m.startswith("welcome.portal"))
        if portal:
            offenders[str(relative)] = portal
    assert offenders == {}


def test_the_check_finds_an_import_of_the_portal(tmp_path) -> None:
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from welcome.portal.pathway import present\n")
    assert "welcome.portal.pathway.present" in imported_modules(module)
