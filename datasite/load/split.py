"""`build.py split`: turn a table kept in one file into a folder of one-record YAML files.

The folder is named after the file (tallies.csv becomes tallies/), each record is `<id>.yaml`,
and the table's `path` in datapackage.yaml is set to the folder. The same input always gives the
same files. A record from a YAML list keeps its own text (comments, quoting, line breaks); a CSV
row is written as YAML. Every file is read back before anything is replaced: the folder must give
exactly the rows the file gave, or nothing changes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from datasite.issues import DataError, Issue
from datasite.load.project import (
    FRAME_MIN_BYTES,
    MAX_YAML_BYTES,
    load_rows,
    read_record_text,
    read_text,
    rel,
)
from datasite.load.records import FILE_STEM, KEY_JOIN, key_of, record_stem
from datasite.model import Project, Row, Table


class SplitRefused(Exception):
    """A table that cannot be split as it stands; nothing was changed."""


@dataclass
class Split:
    """What splitting one table did (or why it did not)."""

    table: str
    source: str  # the file, relative to the project
    folder: str  # the folder written, relative to the project
    files: int = 0
    skipped: str = ""  # why the table was left as it is, when it was


def find_table(project: Project, name: str) -> Table | None:
    """A table by `dataset/table` or by its table name alone (table names are unique)."""
    dataset, _, table = name.rpartition("/")
    for found in project.tables().values():
        if found.name == table and (not dataset or found.dataset == dataset):
            return found
    return None


def splittable(project: Project) -> list[tuple[Table, str]]:
    """Every table kept in one file, with why it stays so ("" when it is to be split): large
    tables stay one file, as machine-made tables (the benchmarks) are meant to."""
    out = []
    for table in project.tables().values():
        path = Path(project.root) / table.path
        if path.is_dir():
            continue
        size = path.stat().st_size
        large = size >= FRAME_MIN_BYTES
        out.append((table, f"{size:,} bytes; a large table stays one file" if large else ""))
    return out


def split_table(project: Project, table: Table) -> Split:
    """One table's file into a folder of record files, checked, then put in place."""
    root = Path(project.root)
    source = root / table.path
    if source.is_dir():
        return Split(table.name, table.path, table.path, skipped="already a folder of records")
    folder = source.with_suffix("")
    if folder.exists() or folder.is_symlink():
        raise SplitRefused(
            f"{rel(root, folder)} already exists; move it away to split {table.path}"
        )
    rows = list(table.rows)
    texts = record_texts(root, source, table, rows)
    staging = folder.with_name(f".{folder.name}.split")
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted run
    staging.mkdir()
    try:
        for stem, text in texts.items():
            (staging / f"{stem}.yaml").write_text(text, encoding="utf-8", newline="\n")
        check_same_rows(root, staging, table, rows)
        home = root / project.datasets[table.dataset].path
        meta = home / "datapackage.yaml"
        updated = with_path(root, meta, table.name, folder.relative_to(home).as_posix())
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    meta.write_text(updated, encoding="utf-8", newline="")
    source.unlink()
    return Split(table.name, table.path, rel(root, folder), files=len(texts))


def record_texts(root: Path, source: Path, table: Table, rows: list[Row]) -> dict[str, str]:
    """Each record's file name (its key) and text, in the file's order."""
    key = table.primary_key
    if not key:
        raise SplitRefused(f"{table.schema_path} has no primaryKey to name the record files by")
    own = own_texts(root, source, table) if source.suffix in (".yaml", ".yml") else {}
    texts: dict[str, str] = {}
    folded: dict[str, Row] = {}
    problems = []
    for row in rows:
        stem = record_stem(row.values, key)
        if not FILE_STEM.match(stem):
            problems.append(
                Issue(
                    row.path,
                    row.line_of(key[0]),
                    "record-file-name",
                    f'the {" and ".join(key)} "{stem}" cannot name a file: use letters, digits, '
                    '".", "_" and "-"',
                    field=key[0],
                )
            )
            continue
        if stem.lower() in folded:  # one file on Windows and macOS, whose names ignore case
            first = folded[stem.lower()]
            problems.append(
                Issue(
                    row.path,
                    row.line_of(key[0]),
                    "duplicate-key",
                    f'{" and ".join(key)} "{stem}" is already used at {first.path}:{first.line}',
                    field=key[0],
                )
            )
            continue
        folded[stem.lower()] = row
        cut, values = own.get(key_of(row.values, key), ("", {}))
        texts[stem] = cut if values == row.values else written(row, table)
    if problems:
        raise DataError(problems)
    return texts


def written(row: Row, table: Table) -> str:
    """A record as YAML, fields in schema order, empty ones left out (they read back empty)."""
    values = {
        name: row.values[name]
        for name in table.field_names
        if row.values.get(name) not in ("", [], None)
    }
    return yaml.safe_dump(
        values, sort_keys=False, allow_unicode=True, width=2**31 - 1, default_flow_style=False
    )


def own_texts(root: Path, source: Path, table: Table) -> dict[tuple[str, ...], tuple[str, dict]]:
    """Each record of a YAML list as it is written there, out of its list (the lines from its
    `- ` to the next record's, two spaces less indented), with the values that text gives
    alone. A record laid out otherwise is left out, and written afresh."""
    text = read_text(root, source, MAX_YAML_BYTES)
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(node, yaml.SequenceNode):
        return {}
    lines = text.split("\n")
    starts = [item.start_mark.line for item in node.value]
    out = {}
    for index, start in enumerate(starts):
        chunk = lines[start : starts[index + 1] if index + 1 < len(starts) else len(lines)]
        while chunk and (not chunk[-1].strip() or chunk[-1].startswith("#")):
            chunk.pop()  # blank lines and the file's own comments between records
        cut = dedented(chunk)
        if cut is None:
            continue
        try:
            row = read_record_text(rel(root, source), cut, table)
        except DataError:
            continue
        out[key_of(row.values, table.primary_key)] = (cut, row.values)
    return out


def dedented(chunk: list[str]) -> str | None:
    """A list item's lines as a top-level mapping, or None if they are not laid out as
    `- key: value` with the rest indented by two spaces."""
    if not chunk or not chunk[0].startswith("- ") or chunk[0][2:3] in (" ", "#", ""):
        return None
    out = [chunk[0][2:]]
    for line in chunk[1:]:
        if line.startswith("  ") or not line.strip():
            out.append(line[2:] if line.strip() else "")
        else:
            return None
    return "\n".join(out) + "\n"


def check_same_rows(root: Path, folder: Path, table: Table, rows: list[Row]) -> None:
    """The written folder must read back as exactly the rows the file gave."""
    written_rows = load_rows(root, folder, table)
    key = table.primary_key
    before = {key_of(r.values, key): r.values for r in rows}
    after = {key_of(r.values, key): r.values for r in written_rows}
    if before != after:
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        shown = ", ".join(KEY_JOIN.join(k) for k in changed[:5])
        raise SplitRefused(
            f"{table.path}: the record files would not read back as the same rows ({shown})"
        )


def with_path(root: Path, meta: Path, table: str, path: str) -> str:
    """datapackage.yaml's text with one resource's `path` value replaced, the rest untouched."""
    text = meta.read_bytes().decode("utf-8")
    node = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure loader: its marks index text
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else []:
        if key_node.value != "resources" or not isinstance(value_node, yaml.SequenceNode):
            continue
        for item in value_node.value:
            if not isinstance(item, yaml.MappingNode):
                continue
            fields = {k.value: v for k, v in item.value}
            if getattr(fields.get("name"), "value", None) == table and "path" in fields:
                target = fields["path"]
                return text[: target.start_mark.index] + path + text[target.end_mark.index :]
    raise SplitRefused(f'{rel(root, meta)} has no resource "{table}" with a path to change')
