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
import io
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import polars as pl

from datasite.model import Row, Table

# Every character Python's str.strip() removes (str.isspace()); test_frames checks the list.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
LINE = "__line__"  # the column holding each row's line in its file
# Rows made at a time when a table held as columns is walked (FrameRows.__iter__).
STREAM_ROWS = 65_536
FEW_ROWS = 16  # rows asked for at once that FrameRows.take makes one by one
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


def read_csv_frame(data: bytes, table: Table, read_back: bool = True) -> pl.DataFrame | None:
    """The CSV file's raw cells and header as polars reads them, or None when that might differ
    from Python's csv module (the caller then reads the file row by row). `read_back` False
    skips writing the cells back (writes_back) for bytes already known to read back exactly."""
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
    return raw if not read_back or writes_back(raw, data) else None


ROUND_TRIP_ROWS = 16_384  # rows written back at a time by writes_back


def writes_back(raw: pl.DataFrame, data: bytes) -> bool:
    """Whether polars writes raw back as exactly `data` (so it read every cell as Python's csv
    module would), compared ROUND_TRIP_ROWS rows at a time: no second copy of a large file."""
    view = memoryview(data)
    at = 0
    for start in range(0, max(raw.height, 1), ROUND_TRIP_ROWS):
        piece = io.BytesIO()
        raw.slice(start, ROUND_TRIP_ROWS).write_csv(piece, include_header=start == 0)
        chunk = piece.getvalue()
        if view[at : at + len(chunk)] != chunk:
            return False
        at += len(chunk)
    return at == len(data)


def normalize_frame(raw: pl.DataFrame, header: list[str], table: Table) -> pl.DataFrame:
    """What csv_normalizer does to each row, as whole-column operations: cells stripped as by
    str.strip(), rows of only blanks dropped, missing fields empty, list fields split and
    stripped, columns in schema order, and each row's line in LINE. `header` is raw's column
    names stripped. `raw` is renamed and stripped in place, column by column, so that no more
    than one column is held twice."""
    raw.columns = header
    nonblank = None
    for index in range(raw.width):
        column = raw.to_series(index).fill_null("").str.strip_chars(WHITESPACE)
        raw.replace_column(index, column)
        filled = column != ""
        nonblank = filled if nonblank is None else nonblank | filled
    frame = raw.with_row_index(LINE, offset=2)
    if nonblank is not None and not nonblank.all():
        frame = frame.filter(nonblank)
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


# A text column with fewer distinct values than one in this many cells is held as categories.
COMPACT_RATIO = 4


def compact(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with each text column that repeats a lot (a level, a date, an empty note) held
    as categories: four bytes a cell instead of sixteen, the same texts when cast back."""
    columns = [
        column.cast(pl.Categorical)
        if column.dtype == pl.String
        and column.len() > 0
        and column.approx_n_unique() * COMPACT_RATIO < column.len()
        else column
        for column in frame.get_columns()
    ]
    return pl.DataFrame(columns) if columns else frame


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """compact() undone: every column held as categories cast back to text."""
    if not any(dtype == pl.Categorical for dtype in frame.dtypes):
        return frame
    return frame.with_columns(pl.col(pl.Categorical).cast(pl.String))


class FrameRows(Sequence[Row]):
    """A CSV table's rows held as columns; used like a list of Row, each Row made when asked for.

    The columns are held compact (compact()); `frame` gives them as text, made on first use and
    kept until release(), so that only the tables being screened take their full size. Walking
    the rows makes them STREAM_ROWS at a time and keeps none: a million-row table is never held
    as a million Row objects unless rows() is asked for. A record still is one object while any
    is held (a weak map by position), so identity (`id(row)`) means the same record. `digest`:
    the sha256 of the file bytes the rows were read from, or of those bytes and the fixed rule
    that made these rows from the rows read (redaction); "" for rows made any other way;
    `compacted`: the frame is compact() already."""

    def __init__(
        self,
        frame: pl.DataFrame,
        path: str,
        names: list[str],
        digest: str = "",
        compacted: bool = False,
    ):
        self.digest = digest
        self.compact = frame if compacted else compact(frame)
        self._frame: pl.DataFrame | None = None
        self.path = path
        self.names = names
        self._rows: list[Row] | None = None
        self._alive: weakref.WeakValueDictionary[int, Row] = weakref.WeakValueDictionary()

    @property
    def frame(self) -> pl.DataFrame:
        """Every column as text (list fields as lists of text), and LINE."""
        if self._frame is None:
            self._frame = as_text(self.compact)
        return self._frame

    def release(self) -> None:
        """Forget the text form of the columns; the compact form stays."""
        self._frame = None

    def columns(self, names: list[str]) -> pl.DataFrame:
        """Some columns as text, without making the others."""
        source = self._frame if self._frame is not None else self.compact
        return as_text(source.select(names))

    def __len__(self) -> int:
        return self.compact.height

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return self.take(range(*index.indices(len(self))))
        at = index + len(self) if index < 0 else index
        if not 0 <= at < len(self):
            raise IndexError(index)
        return self.take([at])[0]

    def __iter__(self) -> Iterator[Row]:
        if self._rows is not None:
            yield from self._rows
            return
        for start in range(0, len(self), STREAM_ROWS):
            made = self.make(self.compact[start : start + STREAM_ROWS])
            yield from self._known(start, made)

    def _known(self, start: int, made: list[Row]) -> Iterator[Row]:
        """The rows made from position `start` on, each the one already held if there is one."""
        alive = self._alive
        for at, row in enumerate(made, start):
            held = alive.get(at)
            if held is None:
                alive[at] = row
                held = row
            yield held

    def rows(self) -> list[Row]:
        """Every row, made once and kept (the whole table in memory)."""
        if self._rows is None:
            self._rows = list(self._known(0, self.make(self.compact)))
        return self._rows

    def take(self, indices: Sequence[int]) -> list[Row]:
        """Rows at these positions, without making the others; a row held is the one given."""
        if self._rows is not None:
            return [self._rows[i] for i in indices]
        alive = self._alive
        got = {i: alive.get(i) for i in indices}
        missing = sorted(i for i, row in got.items() if row is None)
        if missing:
            # A few rows one by one (a page's lookups): cheaper than gathering a frame of them.
            few = len(missing) <= FEW_ROWS
            made = self.make_each(missing) if few else self.make(self.compact[missing])
            for i, row in zip(missing, made, strict=True):
                alive[i] = got[i] = row
        return [got[i] for i in indices]

    def positions(self, field: str) -> dict[str, int]:
        """Each value of a field's column, with the position of the last row holding it."""
        if field in self.names:
            column = self.columns([field]).to_series()
            if column.dtype == pl.String:  # as cells() reads it, without a tuple per row
                return dict(zip(column.to_list(), range(len(column)), strict=True))
        return {value: at for at, (value,) in enumerate(self.cells([field]))}

    def cells(
        self, fields: list[str], default: object = None, at: Sequence[int] | None = None
    ) -> list[tuple]:
        """Each row's values of these fields (of the rows at these positions when `at` is given),
        in order, as its Row's values would hold them (`default` for a field the table does not
        have), without making any Row."""
        present = list(dict.fromkeys(f for f in fields if f in self.names))
        source = self.compact if at is None else self.compact[list(at)]
        got = source.select(present).iter_rows() if present else iter([()] * source.height)
        if present == fields:
            return list(got)
        places = [present.index(f) if f in present else -1 for f in fields]
        return [tuple(v[i] if i >= 0 else default for i in places) for v in got]

    def sorted_positions(
        self,
        fields: list[str],
        ranks: dict[str, dict] | None = None,
        descending: bool = False,
        dated: str = "",
    ) -> list[int]:
        """The rows' positions sorted as Python's stable sort of a key made of these fields'
        values would sort them (a field in `ranks` by the place its value has there, values
        outside last; a field the table lacks adds nothing), keeping only the rows whose
        `dated` field is filled when one is named. No Row and no Python text is made."""
        ranks = ranks or {}
        if dated and dated not in self.names:
            return []  # no row has the date
        present = [f for f in dict.fromkeys(fields) if f in self.names]
        frame = as_text(
            self.compact.select(list(dict.fromkeys([*present, *([dated] * bool(dated))])))
        )
        frame = frame.with_row_index("__at")
        if dated:
            frame = frame.filter(pl.col(dated).is_not_null() & (pl.col(dated) != ""))
        keys = [
            pl.col(f).replace_strict(ranks[f], default=len(ranks[f]), return_dtype=pl.Int64)
            if f in ranks
            else pl.col(f)
            for f in present
        ]
        if keys:
            frame = frame.sort(keys, descending=descending, maintain_order=True)
        return frame.get_column("__at").to_list()

    def make_each(self, indices: list[int]) -> list[Row]:
        return self.made(self.compact.row(i) for i in indices)

    def make(self, frame: pl.DataFrame) -> list[Row]:
        with gc_paused():
            return self.made(frame.iter_rows())

    def made(self, cells: Iterable[tuple]) -> list[Row]:
        """Rows of these cells (a row's fields in order, then its line)."""
        names, path = self.names, self.path
        return [
            Row(dict(zip(names, values, strict=False)), path, values[-1], NO_FIELD_LINES)
            for values in cells
        ]


class RowsAt(Sequence[Row]):
    """Rows of a table held as columns at these positions, in this order, each made only when
    read: a page that shows the last few of a facility's events, or only counts them, does not
    make the others. An item is a Row, a slice a list of them."""

    def __init__(self, rows: FrameRows, at: Sequence[int]):
        self.rows = rows
        self.at = at

    def __len__(self) -> int:
        return len(self.at)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return self.rows.take(self.at[index])
        return self.rows.take([self.at[index]])[0]

    def __iter__(self) -> Iterator[Row]:
        for start in range(0, len(self.at), STREAM_ROWS):
            yield from self.rows.take(self.at[start : start + STREAM_ROWS])


def rows_with_ids(table: Table, key: str, ids: set[str]) -> list[Row]:
    """The rows whose `key` field holds one of these ids; of a table held as columns, only those
    rows are made."""
    if not ids:
        return []
    rows = table.rows
    if isinstance(rows, FrameRows) and key in rows.names:
        column = rows.columns([key])[key]
        return take_rows(table, column.is_in(sorted(ids)).arg_true().to_list())
    return [row for row in rows if str(row.values.get(key, "")) in ids]


def take_rows(table: Table, indices: Sequence[int]) -> list[Row]:
    """The Row objects at these positions of the table."""
    if isinstance(table.rows, FrameRows):
        return table.rows.take(indices)
    return [table.rows[i] for i in indices]
