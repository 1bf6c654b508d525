"""A CSV file beside each table a page shows: the rows as the page shows them, in its language.

The file is read back from the page's own HTML, so it holds exactly the rows and words of the
table (its header row from <thead>, one row per <tr> of <tbody>); what a table marks
`data-csv-skip` (a row explaining the one above) and any <details> (a record's citation, closed
until asked for) are left out of both; an element with `data-csv-text` stands in the file as that
value (a link shown as "open" is its address there). A line break in a cell (<br>, <hr>) is one in
the file's cell too, so an event's label and its note stay apart as the page shows them.
A table asks for its file with `data-csv="name.csv"` and links to it beside itself.
The files are a function of the page's text alone: a build memo keeps them under its sha256.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

from datasite.check.safety import FORMULA_START
from datasite.issues import DataError, Issue
from datasite.load.memory import NOTHING_KEPT, Memory

# The file name a table may ask for: a plain name in the page's folder, never a path.
CSV_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}\.csv$")
NUMBER = re.compile(r"^[-+]?[0-9][0-9.,]*$")
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}
_BREAKS = {"br", "hr"}
LINE = "\x1e"  # stands for a cell's line break until its text is joined (HTML collapses "\n")


class _Tables(HTMLParser):
    """Collects the tables marked data-csv: name -> rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.name = ""
        self.depth = 0  # open elements inside the current table
        self.skip_at = -1  # the depth of an open element marked data-csv-skip, else -1
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if not self.name:
            if tag == "table" and found.get("data-csv"):
                self.name = found["data-csv"] or ""
                self.tables[self.name] = []
                self.depth = 0
            return
        if tag in _BREAKS and self.cell is not None and self.skip_at < 0:
            self.cell.append(LINE)
        if tag in _VOID:
            return
        self.depth += 1
        if self.skip_at >= 0:
            return
        if "data-csv-text" in found and self.cell is not None:
            self.cell.append(found["data-csv-text"] or "")
            self.skip_at = self.depth
        elif "data-csv-skip" in found or tag == "details":
            self.skip_at = self.depth
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if not self.name or tag in _VOID:
            return
        if tag == "table" and self.depth == 0:
            self.name = ""
            return
        if self.skip_at >= 0:
            if self.depth == self.skip_at:
                self.skip_at = -1
            self.depth -= 1
            return
        self.depth -= 1
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            lines = (" ".join(line.split()) for line in "".join(self.cell).split(LINE))
            self.row.append("\n".join(line for line in lines if line))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.name].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and self.skip_at < 0:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """Each table of a page marked data-csv: its file name and its rows (header row first)."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser.tables


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV (RFC 4180, CRLF); a cell a spreadsheet would run as a formula starts with
    an apostrophe (OWASP's advice): page text is composed, so the data's own check is not enough."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutral(c) for c in row])
    return out.getvalue()


def neutral(cell: str) -> str:
    """A cell as a spreadsheet may open it: a plain number ("-66.9") stays as it is."""
    if cell.startswith(FORMULA_START) and not NUMBER.match(cell):
        return "'" + cell
    return cell


def page_csvs(html: str, template: str) -> list[list[str]]:
    """[file name, CSV text] of every table of a page marked data-csv; a name that is not a
    plain lowercase name.csv is an error of the page's `template`."""
    files = []
    for name, rows in page_tables(html).items():
        if not CSV_NAME.match(name):
            message = f'a table asks for the CSV file "{name}"; use a lowercase name.csv'
            raise DataError([Issue(template, 0, "template", message)])
        files.append([name, csv_text(rows)])
    return files


def write_page_csvs(
    html: str, folder: Path, template: str, memo: Memory = NOTHING_KEPT
) -> list[str]:
    """Write the CSV file of every table of a page into the page's folder; return their names.
    `memo` keeps the files of a page's text, so an unchanged page is not parsed again."""
    key = memo.key("page-csv", html) if memo is not NOTHING_KEPT else ""
    files = memo.get_json("page-csv", key) if key else None
    if not _files_shape(files):
        files = page_csvs(html, template)
        if key:
            memo.put_json("page-csv", key, files)
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return [name for name, _ in files]


def _files_shape(files: object) -> bool:
    """A memo entry as write_page_csvs writes it, every name a plain one (else a miss)."""
    return isinstance(files, list) and all(
        isinstance(f, list)
        and len(f) == 2
        and all(isinstance(part, str) for part in f)
        and CSV_NAME.match(f[0])
        for f in files
    )
