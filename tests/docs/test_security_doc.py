"""SECURITY.md names the tests behind each row: every name it gives must exist."""

import ast
import re

from tests.conftest import REPO

HOSTILE = REPO / "tests" / "cli" / "test_hostile_input.py"


def hostile_cases() -> set[str]:
    """The keys of CASES in the hostile-input tests, read from their source (not imported)."""
    tree = ast.parse(HOSTILE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["CASES"]:
            return {key.value for key in node.value.keys}
    raise AssertionError(f"no CASES in {HOSTILE}")


def test_every_test_named_in_security_md_exists():
    doc = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    defined = set(re.findall(r"^def (test_\w+)", source, re.MULTILINE))
    named = set(re.findall(r"\b(test_\w+)", doc)) - {
        p.stem for p in (REPO / "tests").rglob("test_*.py")
    }
    assert named and named - defined == set()
    cases = set(re.findall(r"\[([a-z0-9-]+)\]`", doc)) - {"case"}
    assert cases and cases - hostile_cases() == set()
    assert hostile_cases() - cases == set()


def test_every_test_file_named_in_security_md_exists():
    doc = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"\b(tests/[\w/]+\.py)", doc))
    assert paths and {p for p in paths if not (REPO / p).is_file()} == set()
