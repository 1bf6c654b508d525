"""A table kept as a folder of one-record YAML files: each file's name, and the rows' order.

One file per record, named by its primary key (`<id>.yaml`), lets two contributors add records to
the same table without touching the same lines, so their pull requests never conflict. The order
of the rows cannot come from the files (a folder has none but its names), so it comes from what was
published: the rows of the table's newest frozen version keep that version's order, and rows new
since then follow it by file name. The packages built from unchanged data stay byte for byte what
they were, and a new version only appends rows, as adding to the end of one file did.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from datasite.issues import Issue
from datasite.model import Row, Table

# A record file's name (before .yaml): what a primary-key value can be to name a file on every
# system. Keys of several fields join their values with KEY_JOIN.
FILE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
KEY_JOIN = "--"
RECORD_SUFFIX = ".yaml"  # a one-record file; .yml is refused, with a hint to rename it
VERSIONS_DIR = "versions"  # as package.versions.VERSIONS_DIR, which this stage may not import
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
# A frozen CSV is maintainer-made, but read with the same cap as any CSV table.
MAX_FROZEN_BYTES = 256 * 1024 * 1024


def record_stem(values: dict, key: list[str]) -> str:
    """The file name (without .yaml) a record with these key values has in a table folder."""
    return KEY_JOIN.join(str(values.get(name, "")) for name in key)


def key_of(values: dict, key: list[str]) -> tuple[str, ...]:
    return tuple(str(values.get(name, "")) for name in key)


def frozen_order(root: Path, table: Table) -> dict[tuple[str, ...], int]:
    """Each primary key's position in the table's CSV in its dataset's newest frozen version;
    empty when there is none, or it lacks the key's columns (then file names give the order)."""
    key = table.primary_key
    base = Path(root) / VERSIONS_DIR / table.dataset
    if not key or not base.is_dir() or base.is_symlink():
        return {}
    versions = [
        (tuple(int(p) for p in match.groups()), lock.name[: -len(".lock")])
        for lock in base.glob("*.lock")
        if (match := SEMVER.match(lock.name[: -len(".lock")]))
    ]
    if not versions:
        return {}
    path = base / max(versions)[1] / f"{table.name}.csv"
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FROZEN_BYTES:
            return {}
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        if not set(key) <= set(reader.fieldnames or []):
            return {}
        order: dict[tuple[str, ...], int] = {}
        for index, record in enumerate(reader):
            order.setdefault(key_of(record, key), index)
        return order
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}  # the frozen version's own checks report a broken file


def published_order(
    rows: list[Row], order: dict[tuple[str, ...], int], key: list[str]
) -> list[Row]:
    """Rows in the frozen version's order, then the new ones as read (by file name)."""
    if not order:
        return rows
    last = len(order)
    return sorted(rows, key=lambda row: order.get(key_of(row.values, key), last))


def misplaced_records(root: Path, tables: dict[str, Table], issues: list[Issue]) -> list[Issue]:
    """One problem for a record file saved in another table's folder (a tally among the facility
    events), in place of an unknown field for each of its fields that the folder's table lacks.

    A file is misplaced when two or more of its fields are unknown to its folder's table and
    another table has every one of its fields (the narrowest such table, as an import does)."""
    folders = {t.path: t for t in tables.values() if (root / t.path).is_dir()}
    unknown: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.code == "unknown-field" and issue.field:
            unknown.setdefault(issue.path, []).append(issue)
    moved: dict[str, Issue] = {}
    for path, found in unknown.items():
        own = folders.get(path.rpartition("/")[0])
        if own is None or len(found) < 2:
            continue
        present = {str(name) for name in found[0].details.get("present", ())}
        others = [t for t in tables.values() if t is not own and present <= set(t.field_names)]
        if not others:
            continue
        other = min(others, key=lambda t: len(t.field_names))
        where = f"move the file to {other.path}/"
        if other.path not in folders:
            where = f"add the record to {other.path} and delete this file"
        moved[path] = Issue(
            path,
            min(i.line for i in found),
            "record-table",
            f"its fields are those of {other.name}, not of {own.name}: {where}",
            details={"table": other.name},
        )
    for issue in issues:  # data/tallies/ made beside the datasets, as if it were the table's
        folder, _, name = issue.path.rpartition("/")
        table = tables.get(folder.removeprefix("data/"))
        if issue.code == "file-missing" and name == "datapackage.yaml" and table is not None:
            where = table.path + ("/" if table.path in folders else "")
            moved[issue.path] = Issue(
                folder + "/",
                0,
                "record-table",
                f"{folder}/ is not a dataset: the records of {table.name} go in {where}",
                details={"table": table.name},
            )
    if not moved:
        return issues
    out, told = [], set()
    for issue in issues:  # the file's one problem where its first unknown field was
        if issue.code == "file-missing" and issue.path in moved:
            out.append(moved[issue.path])
            continue
        if issue.code == "unknown-field" and issue.path in moved:
            if issue.path not in told:
                out.append(moved[issue.path])
                told.add(issue.path)
            continue
        out.append(issue)
    return out
