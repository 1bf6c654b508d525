"""Records from a filled spreadsheet (XLSX or CSV): read them, check them with the project's own
rules, and plan where each goes in data/ (a CSV row, a YAML list item, or a one-record file).

Nothing here writes to data/ but `apply`, which writes every planned file or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from datasite.check.privacy import identifiers_of
from datasite.check.tables import check_project
from datasite.issues import DataError, Issue
from datasite.load.frames import NO_FIELD_LINES
from datasite.load.project import (
    MAX_CSV_BYTES,
    check_header,
    conflict_markers,
    decoded,
    normalize,
    read_csv_rows,
    wrong_delimiter,
)
from datasite.load.records import FILE_STEM, record_stem
from datasite.model import Project, Row, Table
from datasite.report.hints import names_title
from datasite.report.template import LISTS_SHEET, READ_ME, find_table

# An XLSX is a zip of XML: capped like a CSV table, and its unpacked size too (a zip bomb).
MAX_SHEET_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
SKIPPED_SHEETS = {*READ_ME.values(), LISTS_SHEET}
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Batch:
    """The rows read from one sheet (or CSV file) for one table."""

    table: Table
    rows: list[Row]


@dataclass
class Planned:
    """One file to write: its new bytes, whether it is new, and the rows it receives."""

    path: Path
    data: bytes
    created: bool
    rows: list[Row] = field(default_factory=list)


def read_sheet(
    path: Path, shown: str, project: Project, table_name: str | None, lang: str = "en"
) -> list[Batch]:
    """The records of a filled XLSX or CSV file, by table; DataError for a file that cannot be
    read or a header that does not fit; UnknownTable when no table can be told."""
    if path.suffix.lower() == ".csv":
        return [read_csv_sheet(path, shown, project, table_name, lang)]
    if path.suffix.lower() != ".xlsx":
        raise DataError(
            [
                Issue(
                    shown,
                    0,
                    "sheet-unreadable",
                    "the file must be an .xlsx workbook or a .csv file",
                )
            ]
        )
    return read_workbook(path, shown, project, table_name, lang)


def read_csv_sheet(
    path: Path, shown: str, project: Project, table_name: str | None, lang: str = "en"
) -> Batch:
    """A CSV file's rows, read as data/'s own CSV tables are read (the same reader)."""
    table = find_table(project, table_name or path.stem, lang)
    text = decoded(shown, read_limited(path, shown, MAX_CSV_BYTES))
    structural = conflict_markers(shown, text) or wrong_delimiter(shown, text, table)
    if structural:
        raise DataError([structural])
    text = without_blank_columns(text)
    header = [name.strip() for name in next(csv.reader(io.StringIO(text)), [])]
    other = another_tables_header(shown, header, table, project.tables())
    if other:  # told before titles are read as names: another table's names are no titles
        raise DataError([other])
    return Batch(table, read_csv_rows(shown, with_field_names(text, table), table))


def csv_cells(text: str) -> list[list[str]]:
    """The rows of a CSV text as cells; none when it cannot be read (the reader says why)."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return []


def csv_text(rows: list[list[str]]) -> str:
    """Rows written back as CSV, one line each (a quoted line break stays in its cell)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def with_field_names(text: str, table: Table) -> str:
    """The CSV text with each header cell that is a field's title, in English or Spanish
    ("Identificador", "Fecha de corte"), given that field's name; the text as it is when no
    cell is a title, or it cannot be read."""
    rows = csv_cells(text)
    if not rows:
        return text
    header, specs = rows[0], table.schema.get("fields", [])
    names = list(header)
    for at, cell in enumerate(header):
        if cell.strip() in table.field_names:
            continue
        titled = [str(f["name"]) for f in specs if names_title(cell.strip(), f)]
        if len(titled) == 1 and titled[0] not in names:
            names[at] = titled[0]
    return text if names == header else csv_text([names, *rows[1:]])


def without_blank_columns(text: str) -> str:
    """The CSV text without the columns a spreadsheet adds at the right with no name and nothing
    in them (`…,note_es,,,`); the text as it is when any of them holds a value, or it cannot be
    read (the reader then says what is wrong)."""
    rows = csv_cells(text)
    if not rows:
        return text
    width = len(rows[0])
    while width and not rows[0][width - 1].strip():
        width -= 1
    if width in (len(rows[0]), 0) or any("".join(cells[width:]).strip() for cells in rows):
        return text
    return csv_text([cells[:width] for cells in rows])


def another_tables_header(
    where: str, header: list[str], table: Table, tables: dict[str, Table]
) -> Issue | None:
    """One problem for rows of another table imported as this one (--table release_events for
    a tallies sheet), in place of a missing column and an unknown field for every column."""
    names = {name for name in header if name}
    if not names or names <= set(table.field_names):
        return None
    others = [t for t in tables.values() if t is not table and names <= set(t.field_names)]
    if not others:
        return None
    other = min(others, key=lambda t: len(t.field_names))  # the narrowest that holds them all
    return Issue(
        where,
        1,
        "sheet-table",
        f"the columns are those of {other.name}, not of {table.name}; give --table {other.name}",
    )


def read_limited(path: Path, shown: str, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise DataError(
            [
                Issue(
                    shown,
                    0,
                    "file-too-large",
                    f"{size:,} bytes is over the limit of {limit:,} bytes",
                )
            ]
        )
    return path.read_bytes()


# An old Excel file (.xls) or a workbook saved with a password: both are OLE2 compound files.
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def unreadable(data: bytes) -> str:
    """Why a file named .xlsx cannot be read, in the words of what it is."""
    if data.startswith(OLE2):
        return (
            "an old Excel file (.xls) or a workbook with a password, which cannot be read; save "
            "it as an Excel workbook (.xlsx) without a password"
        )
    head = data[:4096]
    if head and b"\0" not in head and not head.startswith(b"PK"):
        return "a text file named .xlsx; if it is a CSV file, name it .csv"
    return (
        "not a readable .xlsx workbook (damaged, or of another kind); save it again as an Excel "
        "workbook (.xlsx)"
    )


def read_workbook(
    path: Path, shown: str, project: Project, table_name: str | None, lang: str = "en"
) -> list[Batch]:
    """Every data sheet of a workbook: each named after its table, or the one sheet for --table."""
    from openpyxl import load_workbook

    data = read_limited(path, shown, MAX_SHEET_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise DataError(
                [
                    Issue(
                        shown,
                        0,
                        "file-too-large",
                        f"{unpacked:,} bytes is over the limit of {MAX_UNPACKED_BYTES:,} bytes",
                    )
                ]
            )
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except DataError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise DataError([Issue(shown, 0, "sheet-unreadable", unreadable(data))]) from None
    sheets = [s for s in book.worksheets if s.title not in SKIPPED_SHEETS]
    tables = project.tables()
    # A sheet's name is the contributor's own text, printed in every location: an identity number
    # typed as a sheet's name is masked there as in any message.
    identifiers = identifiers_of(project.site)

    def where(sheet: Any) -> str:
        return f"{shown}:{identifiers.masked_all(sheet.title)}"

    chosen: list[tuple[Any, Table]] = []
    if table_name:
        table = find_table(project, table_name, lang)
        named = [s for s in sheets if s.title == table_name]
        if named or len(sheets) == 1:
            chosen = [((named or sheets)[0], table)]
        else:
            raise DataError(
                [
                    Issue(
                        shown,
                        0,
                        "sheet-name",
                        f'no sheet is named "{table_name}" and the workbook has '
                        f"{len(sheets)} sheets; name the sheet after its table",
                    )
                ]
            )
    else:
        problems = [
            Issue(
                where(s),
                0,
                "sheet-name",
                f'sheet "{s.title}" is not a table; name each sheet after its table '
                "or give --table",
            )
            for s in sheets
            if s.title not in tables
        ]
        if problems:
            raise DataError(problems)
        chosen = [(s, tables[s.title]) for s in sheets]
    batches, issues = [], []
    for sheet, table in chosen:
        try:
            batches.append(Batch(table, sheet_rows(sheet, where(sheet), table, tables)))
        except DataError as error:
            issues += error.issues
    book.close()
    if issues:
        raise DataError(issues)
    return batches


# How far down a sheet the field names are looked for, under a title typed above them.
HEADER_SEARCH_ROWS = 10


def header_below(sheet: Any, header: list[str], table: Table) -> int:
    """The row holding the field names when the first row names none of them (a title, a blank
    row typed above the header); 0 when the first row is the header or none is found."""
    fields = set(table.field_names)
    if fields & set(header):
        return 0
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_row=HEADER_SEARCH_ROWS), 2):
        if len(fields & {cell_text(c.value) for c in cells}) >= 2:
            return number
    return 0


def sheet_rows(sheet: Any, where: str, table: Table, tables: dict[str, Table]) -> list[Row]:
    """A sheet's records: the first row names the fields; empty rows are skipped; each row's
    Issue place is where:ROW, its number in the spreadsheet."""
    from openpyxl.utils import get_column_letter

    rows = sheet.iter_rows()
    first = next(rows, ())
    header = [cell_text(c.value) for c in first]
    while header and not header[-1]:
        header.pop()
    below = header_below(sheet, header, table)
    if below:
        raise DataError(
            [
                Issue(
                    where,
                    below,
                    "csv-header",
                    f"row {below} holds the field names: the header must be the first row; "
                    "delete the rows above it",
                )
            ]
        )
    if not header:
        raise DataError([Issue(where, 1, "csv-header", "the file has no header row")])
    other = another_tables_header(where, header, table, tables)
    problems = [other] if other else check_header(where, header, table)
    if problems:
        raise DataError(problems)
    records, issues = [], []
    for number, cells in enumerate(rows, 2):
        cells = list(cells)
        filled = [i for i, c in enumerate(cells) if cell_text(c.value)]
        if filled and filled[-1] >= len(header):  # a value under no field name is not dropped
            issues.append(
                Issue(
                    where,
                    number,
                    "sheet-extra-cell",
                    f"{get_column_letter(filled[-1] + 1)}{number} has a value but its column has "
                    "no field name",
                )
            )
            continue
        values: dict[str, Any] = {}
        for column, (name, cell) in enumerate(zip(header, cells, strict=False), 1):
            if getattr(cell, "data_type", "") == "f":  # openpyxl keeps no computed value
                issues.append(
                    Issue(
                        where,
                        number,
                        "sheet-formula",
                        f"{get_column_letter(column)}{number} holds a formula; paste its value "
                        "instead",
                        field=name,
                    )
                )
            elif timed(cell.value):  # a date with a time of day: never cut silently
                issues.append(
                    Issue(
                        where,
                        number,
                        "sheet-datetime",
                        f"{get_column_letter(column)}{number} holds a date and a time "
                        f"({cell.value:%Y-%m-%d %H:%M}); the field takes the date alone",
                        field=name,
                    )
                )
            values[name] = cell_text(cell.value, table.field(name))
        if not "".join(values.values()).strip():
            continue
        records.append(Row(normalize(values, table), where, number, NO_FIELD_LINES))
    if issues:
        raise DataError(issues)
    return records


def timed(value: Any) -> bool:
    """A spreadsheet date that also holds a time of day ("20/03/2026 14:30")."""
    return isinstance(value, dt.datetime) and value.time() != dt.time()


def cell_text(value: Any, spec: dict | None = None) -> str:
    """A cell as the text a CSV table would hold: a date as YYYY-MM-DD, a whole number without
    its .0, a boolean as TRUE or FALSE, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def check_batches(project: Project, batches: list[Batch], today: dt.date) -> list[Issue]:
    """Every problem of the project with the new rows added: the rules validate uses."""
    added: dict[str, list[Row]] = {}
    for batch in batches:
        added.setdefault(batch.table.name, []).extend(batch.rows)
    with_new = project.with_rows(lambda t: [*t.rows, *added[t.name]] if t.name in added else None)
    return check_project(with_new, today, screen=False)


def plan(project: Project, batches: list[Batch]) -> list[Planned]:
    """The files to write: each table's new rows in the layout of its own file or folder."""
    root = Path(project.root)
    by_table: dict[str, Batch] = {}
    for batch in batches:
        if batch.table.name in by_table:
            by_table[batch.table.name].rows += batch.rows
        else:
            by_table[batch.table.name] = Batch(batch.table, list(batch.rows))
    plans: list[Planned] = []
    issues: list[Issue] = []
    for batch in by_table.values():
        table, target = batch.table, root / batch.table.path
        if not batch.rows:
            continue
        if target.is_dir():
            shipped = sorted(target.glob("*.yaml"))
            quote = quote_of(shipped[0].read_text(encoding="utf-8")) if shipped else "'"
            for row in batch.rows:
                key = table.primary_key or table.field_names[:1]
                name = record_stem(row.values, key)
                path = target / f"{name}.yaml"
                if not FILE_STEM.match(name):  # the rule the loader applies (load/records.py)
                    issues.append(
                        Issue(
                            row.path,
                            row.line,
                            "record-file-name",
                            f'the {" and ".join(key)} "{name}" cannot name a file: use letters, '
                            'digits, ".", "_" and "-"',
                        )
                    )
                elif path.exists() or any(p.path == path for p in plans):
                    issues.append(
                        Issue(
                            row.path,
                            row.line,
                            "record-file-exists",
                            f"{table.path}/{name}.yaml already exists",
                        )
                    )
                else:
                    plans.append(
                        Planned(path, yaml_record(table, row, quote).encode(), True, [row])
                    )
            continue
        text = target.read_bytes().decode("utf-8-sig")
        if target.suffix == ".csv":
            data = text + csv_lines(text, table, batch.rows)
        else:
            data = yaml_items(text, table, batch.rows)
        plans.append(Planned(target, data.encode(), False, batch.rows))
    if issues:
        raise DataError(issues)
    return plans


def csv_lines(text: str, table: Table, rows: list[Row]) -> str:
    """Rows as lines of the CSV file: its header's column order, line ending and quoting."""
    ending = "\r\n" if "\r\n" in text else "\n"
    header_line = text.split("\n", 1)[0].rstrip("\r")
    header = [h.strip() for h in next(csv.reader([header_line]))]
    quote_all = all(h.startswith('"') for h in header_line.split(","))
    out = io.StringIO()
    writer = csv.writer(
        out, lineterminator=ending, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    for row in rows:
        writer.writerow([cell_for_csv(table, name, row.values.get(name, "")) for name in header])
    lead = "" if not text or text.endswith("\n") else ending
    return lead + out.getvalue()


def cell_for_csv(table: Table, name: str, value: Any) -> str:
    if isinstance(value, list):
        return table.field(name).get("delimiter", ",").join(value)
    return value


def record_mapping(table: Table, row: Row) -> dict[str, Any]:
    """The filled fields in schema order, as YAML writes them (empty fields left out, as the
    data files do); whole numbers of integer fields as numbers."""
    out: dict[str, Any] = {}
    for spec in table.schema.get("fields", []):
        value = row.values.get(spec["name"], "")
        if value in ("", []):
            continue
        if spec.get("type") == "integer" and value.lstrip("-").isdigit():
            value = int(value)
        elif spec.get("type") == "boolean" and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        elif isinstance(value, str) and PARTIAL_DATE.match(value):
            value = Dated(value)
        out[spec["name"]] = value
    return out


class Dated(str):
    """A date's text, always quoted (as the data files write dates, even partial ones)."""


def dumper(quote: str) -> type:
    """A safe YAML dumper that quotes dates with the file's own quote mark."""

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(
        Dated, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style=quote)
    )
    return Dumper


def quote_of(text: str) -> str:
    """The quote mark a YAML text uses for its values: double when it does, else single."""
    return '"' if text.count(': "') > text.count(": '") else "'"


def dump(value: Any, quote: str) -> str:
    return yaml.dump(
        value, Dumper=dumper(quote), allow_unicode=True, sort_keys=False, width=1_000_000
    )


def yaml_record(table: Table, row: Row, quote: str) -> str:
    """A one-record file's text, in the style of the folder's files."""
    return dump(record_mapping(table, row), quote)


def yaml_items(text: str, table: Table, rows: list[Row]) -> str:
    """A YAML list file's text with rows appended as `- ` items, separated as its items are."""
    items = [dump([record_mapping(table, row)], quote_of(text)) for row in rows]
    if text.strip() in ("", "[]"):  # no item yet (an empty list may be written [])
        return "\n".join(items)
    joiner = "\n" if "\n\n- " in text else ""
    lead = "" if text.endswith("\n") else "\n"
    return text + lead + "".join(joiner + item for item in items)


def apply(plans: list[Planned]) -> list[tuple[Planned, bytes | None]]:
    """Write every planned file, each through a temporary file renamed into place; on a failure,
    what was written is put back as it was. Returns what `undo` needs."""
    done: list[tuple[Planned, bytes | None]] = []
    try:
        for one in plans:
            before = None if one.created else one.path.read_bytes()
            temporary = one.path.with_name(f".{one.path.name}.import.tmp")
            try:
                temporary.write_bytes(one.data)
                os.replace(temporary, one.path)
            finally:
                temporary.unlink(missing_ok=True)
            done.append((one, before))
    except BaseException:
        undo(done)
        raise
    return done


def undo(done: list[tuple[Planned, bytes | None]]) -> None:
    """Put back files as they were before `apply`."""
    for one, before in reversed(done):
        if before is None:
            one.path.unlink(missing_ok=True)
        else:
            one.path.write_bytes(before)


WRITTEN = {
    "en": {
        "row": "{where}:{line} -> {path}",
        "total": "Wrote {records} {record} into {files} {file}. Check and commit them:",
        "record": ("record", "records"),
        "file": ("file", "files"),
        "none": "Nothing to import: {file} has no filled rows.",
    },
    "es": {
        "row": "{where}:{line} -> {path}",
        "total": "{wrote} {records} {record} en {files} {file}. Revíselos y confírmelos:",
        "wrote": ("Se escribió", "Se escribieron"),
        "record": ("registro", "registros"),
        "file": ("archivo", "archivos"),
        "none": "Nada que importar: {file} no tiene filas llenas.",
    },
}


def written(plans: list[Planned], root: Path, lang: str) -> str:
    """What was written, a line per record, then the `git add` command for the files."""
    words = WRITTEN[lang]
    lines = []
    for one in plans:
        path = one.path.relative_to(root).as_posix()
        lines += [words["row"].format(where=r.path, line=r.line, path=path) for r in one.rows]
    records = sum(len(one.rows) for one in plans)
    files = len(plans)
    lines.append(
        words["total"].format(
            records=records,
            files=files,
            wrote=words.get("wrote", ("", ""))[records != 1],
            record=words["record"][records != 1],
            file=words["file"][files != 1],
        )
    )
    paths = " ".join(one.path.relative_to(root).as_posix() for one in plans)
    lines.append(f"  git add {paths}")
    return "\n".join(lines) + "\n"
