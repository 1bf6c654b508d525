"""A row rule and the column screen that goes with it, registered together.

Screening (check/screen.py) drops rows of tables read into columns before the rules run. A rule
that could reject a row the screen dropped would never see it, so each rule carries its own
screen: the rows of a table it could reject. A rule with no screen keeps every row of every
table read into columns (slower, never wrong).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from datasite.issues import Issue
from datasite.model import Project, Table


@dataclass
class Checked:
    """What the rules check: the project (screened tables hold only their kept rows), today,
    and what the cross-table rules need from every row of the screened tables."""

    project: Project
    today: dt.date
    known: Callable[[str, list[str]], set] | None = None
    privacy: dict[str, Any] = field(default_factory=dict)
    cited: dict[str, Any] = field(default_factory=dict)  # check_review's cited rows, by table


@dataclass
class TableFrame:
    """One table read into columns, with what its screens need from the whole project."""

    project: Project
    table: Table
    frame: Any  # screen.TextFrame: the table's columns as text, each made when read
    today: dt.date
    tables: dict[str, Table]
    known: Any  # screen.KnownKeys: every key of every table
    withheld: Any  # privacy.NameIndex: the names that may not be published
    singled: pl.Series  # rows that may single a person out


Screen = Callable[[TableFrame], pl.Series]


@dataclass(frozen=True)
class Rule:
    """A row rule: its name, its check over the project, and the rows its screen keeps (None:
    every row)."""

    name: str
    check: Callable[[Checked], list[Issue]]
    screen: Screen | None = None


def each_table(check: Callable[[Table, dt.date], list[Issue]]) -> Callable[[Checked], list[Issue]]:
    """A check of one table as a check of every table."""

    def check_all(checked: Checked) -> list[Issue]:
        return [i for t in checked.project.tables().values() for i in check(t, checked.today)]

    return check_all
