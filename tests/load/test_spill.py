"""validate's lean loading (load/spill.py): the same findings as the build's loading, with
tables' columns held only while in use."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from benchmarks.generate import generate
from datasite.check.screen import RECENT_COLUMNS, TextFrame, dtype_of
from datasite.issues import sort_issues
from datasite.load.frames import FrameRows
from datasite.load.project import load_project
from datasite.load.spill import Holder, SpilledRows, return_freed_memory
from datasite.pipeline import collect
from datasite.report.positions import file_lines


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    """Two small generated projects: one valid, one with two errors of each kind."""
    base = tmp_path_factory.mktemp("spill")
    return {
        "valid": generate(base / "valid", 2_000, errors=0).root,
        "broken": generate(base / "broken", 2_000, errors=2).root,
    }


@pytest.fixture
def every_csv_in_columns(monkeypatch) -> None:
    monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)


def findings(root: Path, lean: bool) -> list:
    _, issues = collect(root, lean=lean)
    return [(i, i.details) for i in sort_issues(issues)]


@pytest.mark.parametrize("name", ["valid", "broken"])
def test_lean_loading_finds_exactly_what_the_build_finds(corpora, every_csv_in_columns, name):
    held = findings(corpora[name], lean=False)
    lean = findings(corpora[name], lean=True)
    assert lean == held
    assert (held == []) == (name == "valid")


def test_lean_tables_hold_few_columns_and_read_them_back_the_same(corpora, every_csv_in_columns):
    lean, issues = load_project(corpora["broken"], lean=True)
    full, _ = load_project(corpora["broken"])
    assert issues == []
    spilled = {n: t.rows for n, t in lean.tables().items() if isinstance(t.rows, SpilledRows)}
    assert len(spilled) >= 5
    holder = next(iter(spilled.values()))._holder
    assert holder.held == {}  # loading keeps no table's columns
    for name, rows in spilled.items():
        other = full.table(name).rows
        assert isinstance(other, FrameRows)
        assert len(rows) == len(other)  # no reading back for a length
        assert rows.compact.equals(other.compact)
        assert [r.values for r in rows] == [r.values for r in other]
        assert [r.line for r in rows] == [r.line for r in other]
        assert len(holder.held) <= holder.limit
    assert holder.read_back == len(spilled)
    rows = spilled["tallies"]
    rows.release()
    assert rows._held is None and id(rows) not in holder.held
    assert rows.columns(["id"]).equals(full.table("tallies").rows.columns(["id"]))


def test_the_least_recently_used_table_forgets_its_columns(corpora, every_csv_in_columns):
    project, _ = load_project(corpora["valid"], lean=True)
    a, b, c = (project.table(n).rows for n in ("tallies", "sources", "persons"))
    holder = Holder(limit=2)
    for rows in (a, b, c):
        rows._holder = holder
    for rows in (a, b, a, c):  # a used again: b is then the least recently used
        assert rows.compact.height == len(rows)
        assert set(holder.held) <= {id(a), id(b), id(c)} and len(holder.held) <= 2
    assert set(holder.held) == {id(a), id(c)} and b._held is None and b._frame is None


def test_asking_glibc_to_return_freed_memory_is_harmless():
    assert return_freed_memory() in (True, False)


def lines_as_before(path: Path) -> list[str]:
    """positions.file_lines as it was: the whole text read, then split."""
    try:
        return [
            line.removesuffix("\r") for line in path.read_text(encoding="utf-8-sig").split("\n")
        ]
    except (OSError, UnicodeDecodeError):
        return []


def test_reading_only_the_lines_with_problems_gives_them_as_reading_the_whole_file(tmp_path):
    pieces = [b"a", b",", b"\n", b"\r", b"\r\n", b"\xc3\xa1", b"\xe2\x80\xa8", b"\x85", b"\xff"]
    rng = random.Random(17)
    path = tmp_path / "lines.csv"
    for _ in range(3_000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        path.write_bytes((b"\xef\xbb\xbf" if rng.random() < 0.3 else b"") + data)
        before = lines_as_before(path)
        assert file_lines(path, set(range(1, 20))) == before
        few = file_lines(path, {2})
        assert len(few) == len(before) and few[1:2] == before[1:2]
        assert all(line == "" for n, line in enumerate(few, 1) if n != 2)
    assert file_lines(tmp_path / "missing.csv", {1}) == []


def test_a_text_frame_reads_each_column_as_the_whole_text_form_would(corpora, every_csv_in_columns):
    project, _ = load_project(corpora["broken"])
    for table in project.tables().values():
        if not isinstance(table.rows, FrameRows):
            continue
        whole, view = table.rows.frame, TextFrame(table.rows.compact)
        assert any(dtype == pl.Categorical for dtype in view.compact.dtypes)
        assert view.columns == whole.columns and view.height == whole.height
        for name in whole.columns * 2:  # twice: the second time from the recent columns
            assert view[name].equals(whole[name]) and view[name].dtype == whole[name].dtype
            assert dtype_of(view, name) == whole[name].dtype == dtype_of(whole, name)
        assert len(view.recent) <= RECENT_COLUMNS
        names = [n for n in whole.columns if whole[n].dtype == pl.String][:2]
        query = pl.concat_str(names).str.len_bytes().alias("n")
        assert view.select(query).equals(whole.select(query))
