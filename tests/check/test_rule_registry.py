"""Each row rule carries its own column screen: a rule without one sees every row."""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks.generate import generate
from datasite.check.rules import Checked, Rule, TableFrame
from datasite.check.tables import RULES, check_project
from datasite.load.frames import FrameRows
from datasite.load.project import FRAME_MIN_BYTES, load_project
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> tuple:
    """A valid generated project whose tallies file is read into columns (>= 256 KiB)."""
    corpus = generate(tmp_path_factory.mktemp("rules") / "corpus", 10_000, errors=0)
    path = corpus.root / "data" / "releases" / "tallies.csv"
    assert path.stat().st_size >= FRAME_MIN_BYTES
    project, issues = load_project(corpus.root)
    assert issues == []
    tallies = project.table("tallies")
    assert isinstance(tallies.rows, FrameRows)
    return project, tallies


def watcher(seen: list) -> object:
    """A check that finds no problem and notes the tallies rows it was given."""

    def check(checked: Checked) -> list:
        seen.extend(row.line for row in checked.project.table("tallies").rows)
        return []

    return check


def test_a_rule_without_a_screen_sees_every_row_of_a_large_table(large):
    project, tallies = large
    seen: list[int] = []
    assert check_project(project, TODAY, rules=(*RULES, Rule("watch", watcher(seen)))) == []
    assert sorted(seen) == sorted(row.line for row in tallies.rows)
    assert len(seen) == len(tallies.rows) > 3000


def test_the_registered_screens_alone_drop_the_rows_of_a_valid_table(large):
    project, _ = large
    seen: list[int] = []

    def nothing(context: TableFrame) -> pl.Series:
        return pl.Series([False] * context.frame.height, dtype=pl.Boolean)

    assert (
        check_project(project, TODAY, rules=(*RULES, Rule("watch", watcher(seen), nothing))) == []
    )
    assert seen == []  # valid data: no registered screen keeps a row


def test_a_rule_with_a_screen_sees_only_the_rows_it_keeps(large):
    project, tallies = large
    seen: list[int] = []

    def every_tenth(context: TableFrame) -> pl.Series:
        return pl.Series([i % 10 == 0 for i in range(context.frame.height)], dtype=pl.Boolean)

    rules = (*RULES, Rule("watch", watcher(seen), every_tenth))
    assert check_project(project, TODAY, rules=rules) == []
    assert seen == [row.line for row in tallies.rows][::10]
    seen.clear()
    assert check_project(project, TODAY, screen=False, rules=rules) == []
    assert len(seen) == len(tallies.rows)  # unscreened, every row is checked


def test_every_registered_rule_has_a_screen():
    assert [rule.name for rule in RULES if rule.screen is None] == []
