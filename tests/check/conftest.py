"""Helpers of the screen tests: one-table projects read into columns, checked with the screen
and without it."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

from frictionless import Schema

from datasite.check import screen as columnar
from datasite.check.tables import check_project
from datasite.issues import sort_issues
from datasite.load import project as load
from datasite.load.frames import FrameRows
from datasite.load.project import read_csv
from datasite.model import Dataset, Project, Table
from datasite.package.writers import deterministic_zip
from tests.conftest import TODAY, fixture_privacy


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
        site=fixture_privacy(),
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


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def forge(
    root: Path, dataset: str, old: str, new: str, edits: dict[str, bytes], listed: bool = True
) -> Path:
    """Write versions/<dataset>/<new>/ as a pull request could: the old version's files with
    `edits` (name → bytes), and a datapackage.json, zip, SHA256SUMS and lock that all agree, so
    only the content checks can catch it. New files are listed as resources when `listed`."""
    base = root / "versions" / dataset
    source = base / old
    files = {p.name: p.read_bytes() for p in source.iterdir()}
    files.pop(f"{dataset}-{old}.zip")
    files.pop("SHA256SUMS")
    files.update(edits)
    descriptor = json.loads(files["datapackage.json"])
    descriptor["version"] = new
    paths = {r["path"] for r in descriptor["resources"]}
    for name in sorted(edits):
        if name not in paths and name != "datapackage.json" and listed:
            descriptor["resources"].append(
                {"name": name.replace(".", "-"), "type": "file", "path": name}
            )
    for resource in descriptor["resources"]:
        resource["bytes"], resource["hash"] = (
            len(files[resource["path"]]),
            f"sha256:{sha(files[resource['path']])}",
        )
    files["datapackage.json"] = (
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    ).encode()
    prefix = f"{dataset}-{new}"
    files[f"{prefix}.zip"] = deterministic_zip(
        ((f"{prefix}/{n}", files[n]) for n in sorted(files)), dt.date(2026, 2, 1)
    )
    files["SHA256SUMS"] = "".join(f"{sha(files[n])}  {n}\n" for n in sorted(files)).encode()
    folder = base / new
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (base / f"{new}.lock").write_text("".join(f"{sha(files[n])}  {n}\n" for n in sorted(files)))
    return folder


def replace_cell(root: Path, path: str, old: str, new: str) -> bytes:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()
