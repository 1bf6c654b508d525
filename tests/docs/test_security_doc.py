"""SECURITY.md names the tests behind each row: every name it gives must exist."""

import re

from tests.conftest import REPO
from tests.test_hostile import CASES


def test_every_test_named_in_security_md_exists():
    doc = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    defined = set(re.findall(r"^def (test_\w+)", source, re.MULTILINE))
    named = set(re.findall(r"\b(test_\w+)", doc)) - {
        p.stem for p in (REPO / "tests").rglob("test_*.py")
    }
    assert named and named - defined == set()
    cases = set(re.findall(r"\[([a-z0-9-]+)\]`", doc)) - {"case"}
    assert cases and cases - set(CASES) == set()
    assert set(CASES) - cases == set()
