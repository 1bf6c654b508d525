"""Tables kept as columns (polars), with Row objects made only when something asks for them.

A large CSV file is read by polars at C speed instead of row by row. The result is used only when
it is surely what Python's csv module reads from the same bytes: polars must write the table back
to exactly the bytes of the file (so no quoting, blank line, short row or odd header was read a
different way), and every row must sit on one line (so row i is on line i + 2). Anything else
goes back to the row-by-row reader in load.py, which stays the reference and says what is wrong.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from typing import overload

import polars as pl

from datasite.model import Row, Table

# Every character Python's str.strip() removes (str.isspace()); test_frames checks the list.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
LINE = "__line__"  # the column holding each row's line in its file
NO_FIELD_LINES: dict[str, int] = {}  # shared by CSV rows: never written to


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Rows hold no reference cycles: scanning millions of them for cycles, while they are made
    and in every later collection, is wasted time (refcounting still frees them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def list_fields(table: Table) -> dict[str, str]:
    """List fields and their delimiters."""
    return {
        f["name"]: f.get("delimiter", ",")
        for f in table.schema.get("fields", [])
        if f.get("type") == "list"
    }


def read_csv_frame(data: bytes, table: Table) -> pl.DataFrame | None:
    """The CSV file's raw cells and header as polars reads them, or None when that might differ
    from Python's csv module (the caller then reads the file row by row)."""
    if any(
        name.startswith("__") or name == "*" or (name.startswith("^") and name.endswith("$"))
        for name in table.field_names
    ):
        return None  # helper columns' names, or names polars reads as every column or a regex
    if "" in list_fields(table).values():
        return None  # str.split("") raises; the reference reader reports it
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    if not data.endswith(b"\n"):
        data += b"\n"
    try:
        raw = pl.read_csv(
            data, infer_schema=False, has_header=True, quote_char='"', raise_if_empty=True
        )
    except Exception:  # any parse problem: the reference reader reports it exactly
        return None
    if raw.width == 0 or data.count(b"\n") != raw.height + 1:
        return (
            None  # a cell spanning lines, or a blank line: line numbers need the reference reader
        )
    if raw.write_csv().encode() != data:
        return None
    return raw


def normalize_frame(raw: pl.DataFrame, header: list[str], table: Table) -> pl.DataFrame:
    """What csv_normalizer does to each row, as whole-column operations: cells stripped as by
    str.strip(), rows of only blanks dropped, missing fields empty, list fields split and
    stripped, columns in schema order, and each row's line in LINE. `header` is raw's column
    names stripped."""
    frame = raw.rename(dict(zip(raw.columns, header, strict=True))).with_columns(
        pl.all().fill_null("").str.strip_chars(WHITESPACE)
    )
    frame = frame.with_row_index(LINE, offset=2).filter(
        pl.any_horizontal([pl.col(n) != "" for n in header])
    )
    lists = list_fields(table)
    columns = []
    for name in table.field_names:
        column = pl.col(name) if name in header else pl.lit("", dtype=pl.String).alias(name)
        if name in lists:
            column = column.str.split(lists[name], literal=True).list.eval(
                pl.element()
                .str.strip_chars(WHITESPACE)
                .filter(pl.element().str.strip_chars(WHITESPACE) != "")
            )
        columns.append(column)
    return frame.select(*columns, LINE)


class FrameRows(Sequence[Row]):
    """A CSV table's rows held as columns; used like a list of Row, made into Rows on first use."""

    def __init__(self, frame: pl.DataFrame, path: str, names: list[str]):
        self.frame = frame
        self.path = path
        self.names = names
        self._rows: list[Row] | None = None
        self._taken: dict[int, Row] = {}  # rows made one by one, kept so each record is one object

    def __len__(self) -> int:
        return self.frame.height

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        return self.rows()[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows())

    def rows(self) -> list[Row]:
        if self._rows is None:
            made = self.make(self.frame)
            taken = self._taken
            self._rows = [taken.get(i, row) for i, row in enumerate(made)] if taken else made
        return self._rows

    def take(self, indices: Sequence[int]) -> list[Row]:
        """Rows at these positions, without making the others; a row asked twice is one object."""
        if self._rows is not None:
            return [self._rows[i] for i in indices]
        missing = sorted({i for i in indices if i not in self._taken})
        if missing:
            self._taken.update(zip(missing, self.make(self.frame[missing]), strict=True))
        return [self._taken[i] for i in indices]

    def make(self, frame: pl.DataFrame) -> list[Row]:
        names, path = self.names, self.path
        with gc_paused():
            return [
                Row(dict(zip(names, values, strict=False)), path, values[-1], NO_FIELD_LINES)
                for values in frame.iter_rows()
            ]


def take_rows(table: Table, indices: Sequence[int]) -> list[Row]:
    """The Row objects at these positions of the table."""
    if isinstance(table.rows, FrameRows):
        return table.rows.take(indices)
    return [table.rows[i] for i in indices]
