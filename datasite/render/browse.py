"""Split each table into small JSON page files, so a browser shows a large table a page at a time."""

from __future__ import annotations

import json
import math
from pathlib import Path

from datasite.load.values import read
from datasite.model import Project, Table

PAGE_SIZE = 50


def page_count(table: Table, page_size: int = PAGE_SIZE) -> int:
    """How many page files a table is split into (at least one, so an empty table still loads)."""
    return max(1, math.ceil(len(table.rows) / page_size))


def table_pages(table: Table, page_size: int = PAGE_SIZE) -> list[dict]:
    """The table as pages: field names once per page, then rows as lists of typed values."""
    names = table.field_names
    specs = table.schema["fields"]
    total = page_count(table, page_size)
    pages = []
    for index in range(total):
        chunk = table.rows[index * page_size : (index + 1) * page_size]
        pages.append(
            {
                "table": table.name,
                "page": index + 1,
                "pages": total,
                "rows_total": len(table.rows),
                "fields": names,
                "rows": [[read(spec, row.values[spec["name"]]) for spec in specs] for row in chunk],
            }
        )
    return pages


def write_browse_pages(project: Project, out_dir: Path, page_size: int = PAGE_SIZE) -> None:
    """Write browse/<dataset>/<table>/<n>.json for every table of every dataset."""
    for dataset in project.datasets.values():
        for table in dataset.tables.values():
            folder = out_dir / dataset.name / table.name
            folder.mkdir(parents=True, exist_ok=True)
            for page in table_pages(table, page_size):
                text = json.dumps(page, ensure_ascii=False, separators=(",", ":")) + "\n"
                (folder / f"{page['page']}.json").write_text(text, encoding="utf-8")
