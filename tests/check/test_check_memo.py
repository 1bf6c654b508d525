"""Checks kept between builds (check/cached.py): a large table whose inputs did not change is not
checked again, and a change to the table, to what its rules read, or to the settings is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from datasite.check import screen
from datasite.pipeline import collect
from datasite.publish.memo import Memo
from tests.conftest import edit, make_project

pytestmark = pytest.mark.usefixtures("columns_reader")  # every CSV table read into columns


class Day(dt.date):
    """The day the checks run on: the fixtures' dates are before it."""

    @classmethod
    def today(cls) -> dt.date:
        return dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The checks' date fixed (it is part of the date rule's key), in collect() alone."""
    monkeypatch.setattr("datasite.pipeline.dt", SimpleNamespace(date=Day))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def run(root: Path, cache: Path) -> list[str]:
    """collect() as a build runs it, with the memo in `cache`: its problems as text."""
    _, issues = collect(root, memo=Memo(cache))
    return [str(issue) for issue in issues]


def screened(monkeypatch) -> list[int]:
    """A count of the tables read into columns whose rows some rule screens from now on."""
    count = [0]

    class Counting(screen.TextFrame):
        def __init__(self, compact):
            count[0] += 1
            super().__init__(compact)

    monkeypatch.setattr(screen, "TextFrame", Counting)
    return count


def test_unchanged_tables_are_not_screened_again(root: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    kept = sorted((cache / "checks").iterdir())
    assert kept, "a clean check keeps its verdicts"
    count = screened(monkeypatch)
    assert run(root, cache) == []
    assert count == [0]
    edit(root / "data/releases/tallies.csv", "Fictional count.", "Fictional count!")
    assert run(root, cache) == []
    assert count == [1]  # tallies only; sources and release_events stay as they were


def test_a_corrupt_verdict_is_a_miss(root: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    for entry in (cache / "checks").iterdir():
        entry.write_bytes(b'["cells", "tallies", "cle')
    count = screened(monkeypatch)
    assert run(root, cache) == []
    assert count == [3]  # sources, release_events, tallies: each screened again


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("Call +58 412 555 0199.", "privacy-identifier"),
        ("=HYPERLINK(1)", "formula"),
    ],
)
def test_a_table_edited_after_a_clean_build_is_refused(
    root: Path, tmp_path: Path, new: str, code: str
):
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    entries = sorted(cache.rglob("*"))
    edit(root / "data/releases/tallies.csv", "Fictional count.", new)
    found = run(root, cache)
    assert any(f"data/releases/tallies.csv:2: {code}: " in issue for issue in found), found
    # The problem stays found, cached or not: a run that finds one keeps nothing.
    assert sorted(cache.rglob("*")) == entries
    assert run(root, cache) == found == run(root, tmp_path / "empty")
    assert not (tmp_path / "empty").exists()


def test_a_changed_setting_rechecks_unchanged_tables(root: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    edit(
        root / "data/site.yaml",
        "privacy:\n  identifiers:\n",
        "privacy:\n  identifiers:\n    - {label: test marker, label_es: marca de prueba, "
        "pattern: 'fictional count'}\n",
    )
    found = run(root, cache)
    assert any(
        issue.startswith("data/releases/tallies.csv:2: privacy-identifier: ") for issue in found
    ), found
    assert found == run(root, tmp_path / "empty")


def test_a_changed_target_rechecks_the_tables_that_refer_to_it(root: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    edit(root / "data/references/sources.csv", "daily-2026-01-10,", "daily-2026-01-11,")
    found = run(root, cache)
    assert any(
        issue.startswith("data/releases/tallies.csv:2: unknown-source: ") for issue in found
    ), found
    assert found == run(root, tmp_path / "empty")


def test_a_target_s_other_fields_do_not_recheck_the_tables_that_refer_to_it(
    root: Path, tmp_path: Path, monkeypatch
):
    """References read only a target's keys: a source's title edited, the tables citing it keep
    their verdicts (only sources is screened); its id edited, they are checked again."""
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    count = screened(monkeypatch)
    edit(root / "data/references/sources.csv", "on releases,", "on releases (edited),")
    assert run(root, cache) == []
    assert count == [1]
    edit(root / "data/references/sources.csv", "daily-2026-01-10,", "daily-2026-01-11,")
    found = run(root, cache)
    assert count == [4]  # sources again, and the three tables that cite sources
    assert any(
        issue.startswith("data/releases/release_events.csv:2: unknown-source: ") for issue in found
    ), found


def test_a_person_withheld_after_a_clean_build_is_singled_out(root: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    assert run(root, cache) == []
    edit(
        root / "data/releases/persons.yaml",
        "publish_level: public_figure\n  name: Zed Fictional-Publicfigure\n"
        "  basis_source_ids: [bulletin-2026-01-20]\n",
        "publish_level: withheld\n",
    )
    found = run(root, cache)
    assert any(
        issue.startswith("data/releases/release_events.csv:3: privacy-singling-out: ")
        for issue in found
    ), found
    assert found == run(root, tmp_path / "empty")
