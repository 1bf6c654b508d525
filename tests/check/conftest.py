"""Helpers of the screen tests: one-table projects read into columns, checked with the screen
and without it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from frictionless import Schema

from datasite.check import screen as columnar
from datasite.check.tables import check_project
from datasite.issues import sort_issues
from datasite.load import project as load
from datasite.load.frames import FrameRows
from datasite.load.project import read_csv
from datasite.model import Dataset, Project, Table
from tests.conftest import TODAY


def both_ways(project: Project) -> tuple[list, list]:
    """(issues with the screen, issues checking every row), each with its details."""
    screened = [(i, i.details) for i in sort_issues(check_project(project, TODAY))]
    every_row = [(i, i.details) for i in sort_issues(check_project(project, TODAY, screen=False))]
    return screened, every_row


def one_table_project(tmp_path: Path, schema: dict, rows: list[list[str]]) -> Project:
    """A project of one CSV table, things.csv, with the given schema and rows."""
    names = [f["name"] for f in schema["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([names, *rows])
    (tmp_path / "things.csv").write_text(buffer.getvalue(), encoding="utf-8")
    table = Table("things", "d", schema, "schemas/things.schema.yaml", "things.csv")
    table.rows = read_csv(tmp_path, tmp_path / "things.csv", table)
    return Project(
        root=tmp_path,
        site={},
        datasets={
            "d": Dataset("d", {"version": "1.0.0", "created": "2026-01-01"}, "d", {"things": table})
        },
    )


def accepted(schema: dict) -> dict:
    """The schema, after checking that load.check_schema would let it through."""
    Schema.from_descriptor(schema)
    names = [f["name"] for f in schema["fields"]]
    assert len(set(names)) == len(names)
    return schema


def screened_project(
    tmp_path: Path, monkeypatch, schema: dict, rows: list[list[str]], limit: int = 0
):
    """A one-table project read into columns; limit 0 forces the polars expressions."""
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", limit)
    project = one_table_project(tmp_path, accepted(schema), rows)
    assert isinstance(project.table("things").rows, FrameRows)
    return project
