"""README's module table names every module of the package, and only modules that exist."""

from __future__ import annotations

import re

from tests.conftest import REPO


def table_modules() -> set[str]:
    """Modules the table's first column names: `datasite/x/a.py`, `b.py` means x/a.py and x/b.py."""
    named = set()
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `datasite/"):
            continue
        first, *rest = re.findall(r"`([^`]+\.py)`", line.split(" | ")[0])
        folder = first.rsplit("/", 1)[0]
        named |= {first} | {f"{folder}/{name}" for name in rest}
    return named


def test_the_module_table_names_every_module():
    modules = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "datasite").rglob("*.py")
        if p.name != "__init__.py"
    }
    assert table_modules() == modules
