"""Time each data package writer alone on a project (a generated corpus), and the zip levels.

    python -m benchmarks.writers /tmp/w100k

Loads and redacts the project as the build does, makes every row, then for each dataset's package
tables times the calls package_payload makes: columns, CSV, JSON, Parquet, XLSX, SQLite; then
zips each package's files and deflates the workbooks at levels 1, 6 and 9. Prints one line of
seconds and megabytes per step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datasite.check.privacy import redact
from datasite.load.project import load_project
from datasite.package import writers
from datasite.package.datapackage import package_tables, public_schema

WHEN = dt.datetime(2026, 2, 1)
LEVELS = (1, 6, 9)


def measure(root: Path) -> dict[str, float]:
    """Seconds per writer over every dataset, and seconds and bytes per zip level."""
    project, issues = load_project(root)
    if issues:
        raise SystemExit(f"{root}: {len(issues)} problems; generate the corpus with --errors 0")
    project = redact(project)
    for table in project.tables().values():
        list(table.rows)  # the build makes every row before it writes packages
    totals: dict[str, float] = {}

    def timed(key: str, call: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        out = call(*args)
        totals[key] = totals.get(key, 0.0) + time.perf_counter() - start
        return out

    def add(key: str, size: int) -> None:
        totals[key] = totals.get(key, 0.0) + size / 1e6

    for dataset in project.datasets.values():
        tables = package_tables(project, dataset)
        texts: dict[str, list[list[str]]] = {}
        files: dict[str, bytes] = {}
        for table in tables:
            columns = timed("columns", writers.table_columns, table)
            cells = texts[table.name] = timed("columns", writers.text_columns, table, columns)
            name, height = table.name, len(table.rows)
            files[f"{name}.csv"] = timed("csv", writers.csv_bytes, table.field_names, cells, height)
            files[f"{name}.json"] = timed("json", writers.json_bytes, table, columns)
            schema = public_schema(table.schema)
            files[f"{name}.parquet"] = timed("parquet", writers.parquet_bytes, schema, cells)
        fks = {t.name: [k for k in t.foreign_keys if not k.list_field] for t in tables}
        files["workbook.xlsx"] = timed("xlsx", writers.xlsx_bytes, tables, texts, describe, WHEN)
        files["data.sqlite"] = timed("sqlite", writers.sqlite_bytes, tables, texts, fks)
        entries = sorted(files.items())
        saved = writers.ZIP_LEVEL
        for level in LEVELS:
            add(
                f"zip {level} MB",
                len(timed(f"zip {level}", writers.deterministic_zip, entries, WHEN, level)),
            )
            writers.ZIP_LEVEL = level
            try:
                book = timed(f"xlsx at {level}", writers.xlsx_bytes, tables, texts, describe, WHEN)
            finally:
                writers.ZIP_LEVEL = saved
            add(f"xlsx at {level} MB", len(book))
    return totals


def describe(spec: dict) -> str:
    return str(spec.get("description", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a project folder (benchmarks.generate)")
    args = parser.parse_args()
    for key, value in measure(args.root).items():
        print(f"{key:>16}: {value:8.2f}")


if __name__ == "__main__":
    main()
