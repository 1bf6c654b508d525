"""A frozen version's Parquet copies (<table>.parquet, not listed in datapackage.json) are
published with it and scanned like every other file; any other unlisted Parquet file is refused."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.check.conftest import forge
from tests.conftest import FIXTURE_EPOCH, edit, tree_hashes
from tests.conftest import run_main as run

OLD = "versions/references/1.0.0"


@pytest.fixture
def frozen(built_mini: Path, tmp_path: Path, monkeypatch, capsys) -> Path:
    """A fresh copy of the frozen and built mini project (the session's, conftest.built_mini)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    root = tmp_path / "project"
    shutil.copytree(built_mini, root, symlinks=True)
    edit(root / "data/references/datapackage.yaml", "version: 1.0.0", "version: 1.1.0")
    capsys.readouterr()
    return root


def sources_parquet(root: Path, title: str) -> bytes:
    """The version's sources.parquet with the first row's title replaced."""
    frame = pl.read_parquet(root / OLD / "sources.parquet")
    titles = frame["title"].to_list()
    frame = frame.with_columns(pl.Series("title", [title, *titles[1:]], dtype=pl.String))
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def test_the_parquet_copies_of_a_frozen_version_are_published(frozen: Path, capsys):
    assert (frozen / OLD / "sources.parquet").is_file()
    forge(frozen, "references", "1.0.0", "1.1.0", {"sources.parquet": sources_parquet(frozen, "A")})
    assert run(frozen, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")
    assert run(frozen, "build", capsys=capsys)[0] == 0
    published = frozen / "site/data/references/1.1.0/sources.parquet"
    assert (
        published.read_bytes()
        == (frozen / "versions/references/1.1.0/sources.parquet").read_bytes()
    )
    assert (frozen / "site/data/references/latest/sources.parquet").is_file()


def test_a_phone_number_hidden_in_a_parquet_copy_is_refused(frozen: Path, capsys):
    changed = sources_parquet(frozen, "Call +58 414 123 4567")
    forge(frozen, "references", "1.0.0", "1.1.0", {"sources.parquet": changed}, listed=False)
    site = tree_hashes(frozen / "site")
    code, out, _ = run(frozen, "validate", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        'versions/references/1.1.0/sources.parquet:2: privacy-identifier: field "title": looks '
        "like a phone number; personal identifiers are never published"
    )
    assert run(frozen, "build", capsys=capsys)[0] == 1
    assert tree_hashes(frozen / "site") == site


def test_an_unlisted_parquet_file_that_copies_no_table_is_refused(frozen: Path, capsys):
    forge(
        frozen,
        "references",
        "1.0.0",
        "1.1.0",
        {"extra.parquet": sources_parquet(frozen, "A")},
        listed=False,
    )
    code, out, _ = run(frozen, "validate", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        "versions/references/1.1.0/extra.parquet: frozen-file: this file is not listed in "
        "datapackage.json; a version holds only its package's files"
    )
