"""Tables read into columns that hold them only while in use, for `validate`'s memory.

`validate` reads every table, checks it and stops: unlike the build, it never needs every table's
columns at once. A SpilledRows is a FrameRows whose columns, once read, are also kept written
out in polars' own columnar format, compressed (a tenth of the columns' size or less), and read
back from there whenever they are asked for after being forgotten: a Holder lets at most `limit`
tables of one project hold their columns at a time, the one used least recently forgetting
them, and a table the screen is done with forgets them at once. What is read back is the very
frame that was written (same values, same types), so every check sees the same table.
"""

from __future__ import annotations

import ctypes
import io

import polars as pl

from datasite.load.frames import FrameRows


class Holder:
    """Which SpilledRows of one project hold their columns, least recently used first."""

    def __init__(self, limit: int = 2):
        self.limit = limit
        self.held: dict[int, SpilledRows] = {}
        self.read_back = 0  # how many times a table's columns were read back (tests, measures)

    def touch(self, rows: SpilledRows) -> None:
        """`rows` was just used: it is held, and the least recently used beyond the limit forget."""
        self.held.pop(id(rows), None)
        self.held[id(rows)] = rows
        while len(self.held) > self.limit:
            oldest = next(iter(self.held))
            self.held.pop(oldest).forget()


class SpilledRows(FrameRows):
    """FrameRows that may forget their columns, read back from their written form when used.

    Small selections of columns (`columns`: the keys other tables look up) are kept once made."""

    def __init__(
        self,
        frame: pl.DataFrame,
        path: str,
        names: list[str],
        holder: Holder,
        digest: str = "",
        compacted: bool = False,
    ):
        self._held: pl.DataFrame | None = None
        self._holder = holder
        self._selected: dict[tuple[str, ...], pl.DataFrame] = {}
        super().__init__(frame, path, names, digest, compacted)  # sets compact (below)
        held = self.compact
        self._height = held.height
        written = io.BytesIO()
        held.write_ipc(written, compression="zstd")
        self._written = written.getvalue()
        self.release()  # loading the next table needs none of this one's columns

    @property  # type: ignore[override]
    def compact(self) -> pl.DataFrame:
        if self._held is None:
            self._held = pl.read_ipc(io.BytesIO(self._written))
            self._holder.read_back += 1
        self._holder.touch(self)
        return self._held

    @compact.setter
    def compact(self, frame: pl.DataFrame) -> None:
        self._held = frame
        self._holder.touch(self)

    def forget(self) -> None:
        """Drop the columns and their text form; they are read back when next asked for."""
        self._held = None
        self._frame = None

    def release(self) -> None:
        """Done with the table for now (FrameRows.release): its columns are forgotten too."""
        self._holder.held.pop(id(self), None)
        self.forget()

    def __len__(self) -> int:
        return self._height

    def columns(self, names: list[str]) -> pl.DataFrame:
        key = tuple(names)
        if key not in self._selected:
            self._selected[key] = super().columns(names)
        return self._selected[key]


M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's mallopt parameters (malloc.h)


def return_freed_memory() -> bool:
    """Ask glibc's malloc to give large freed blocks back to the system at once.

    By default glibc raises its threshold for serving a block from its own heap after each large
    block is freed (up to 32 MB), and keeps what such blocks leave when freed: reading one large
    file after another, a hundred MB and more was held unused. A fixed threshold maps every large
    block on its own; one arena keeps other threads' small blocks with the main thread's. False
    where the C library is not glibc (nothing is changed)."""
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, 1 << 20)) and bool(mallopt(M_ARENA_MAX, 1))
