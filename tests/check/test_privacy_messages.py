"""A problem's message quotes the value it is about: an identifier typed into a field is left
out of it, so logs and annotations never repeat it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edit, run_main

TALLIES = "data/releases/tallies.csv"


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_an_identifier_typed_into_a_field_is_never_quoted_back(project: Path, capsys, fmt):
    """A cédula typed as a count, or as a claimant: the problem is told, the number never
    printed (CI logs and annotations of a public repository are public)."""
    edit(project / TALLIES, ",345,,exact,ngo-alpha,", ",V-12.345.678,,exact,V-12345678,")
    code, out, _ = run_main(project, "validate", "--format", fmt, capsys=capsys)
    assert code == 1
    assert "12.345.678" not in out and "12345678" not in out
    assert out.count("[…]") >= 2  # the type error and the unknown claimant, each masked
    build_code, _, err = run_main(project, "build", capsys=capsys)
    assert build_code == 1 and "12345678" not in err and "12.345.678" not in err


def test_a_commit_to_restore_from_is_never_masked():
    """Only quoted values are masked: "e671783b61b8" reads as an E- cédula to the pattern, but a
    message's own words (the commit to restore a version from) must stay whole."""
    import yaml

    from datasite.check.privacy import identifiers_of
    from tests.conftest import FIXTURES

    site = yaml.safe_load((FIXTURES / "mini" / "data" / "site.yaml").read_text(encoding="utf-8"))
    identifiers = identifiers_of(site)
    words = "restore it with `git checkout e671783b61b8 -- versions/references/1.0.0`"
    assert identifiers.search(words)  # the pattern does see one
    assert identifiers.masked(words) == words
    assert identifiers.masked(f'field "value": "V-12.345.678" is not a valid integer; {words}') == (
        f'field "value": "[…]" is not a valid integer; {words}'
    )
