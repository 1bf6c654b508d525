"""What a changed package takes, byte for byte, from packages written before (by the previous
build, or earlier in this one) instead of writing it again: an unchanged table's CSV, JSON and
Parquet files, their deflated entries in the package zip, its deflated workbook sheets and its
SQLite rows.

A table is unchanged when its digest (its rows, schema, the settings, and the zlib and SQLite
that shape its bytes; the build's code is in the memo's salt) is the one the memo recorded with
those parts. Every part taken is checked first: a file by its sha256, a deflated entry by the
sha256 of its deflated bytes, a database by its sha256; anything missing or different is a miss,
and the table is written as in a clean build."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datasite.model import Table
from datasite.package.versions import sha256_of
from datasite.package.writers import ZIP_LEVEL, ZipMember, held_as_columns, text_frame

if TYPE_CHECKING:
    from datasite.load.memory import Memory as Memo

TABLE_KIND = "package-table"  # a table's digest → its files' and sheets' records
DATABASE_KIND = "package-database"  # a SQLite file's sha256 → its tables' digests
FORMATS = ("csv", "json", "parquet")
# what besides the code and the data decides a deflated entry's or a database's bytes
TOOLS = f"zlib={zlib.ZLIB_RUNTIME_VERSION};level={ZIP_LEVEL};sqlite={sqlite3.sqlite_version}"


def table_digest(table: Table, settings: str) -> str:
    """sha256 over what a table's files are written from: its name, schema and rows (of a table
    held as columns and read from a file, that file's sha256 (FrameRows.digest); of other
    columns, those columns as polars writes them, a slice at a time), the `settings` and
    TOOLS."""
    digest = hashlib.sha256(f"{TOOLS}\0{settings}\0{table.name}\0".encode())
    digest.update(json.dumps(table.schema, sort_keys=True, default=str).encode())
    made_from = getattr(table.rows, "digest", "")
    if made_from and held_as_columns(table):
        # Rows read from a file (and redacted by a fixed rule): that file's bytes, with the
        # schema above and the code (the memo's salt), decide every row.
        digest.update(f"\0rows made from {made_from}\0".encode())
        return digest.hexdigest()
    if held_as_columns(table):
        digest.update(f"\0columns {len(table.rows)}\0".encode())
        for start in range(0, len(table.rows), 100_000):
            out = io.BytesIO()
            part = text_frame(table, None, start, min(start + 100_000, len(table.rows)))
            assert part is not None
            part.write_ndjson(out)
            digest.update(out.getvalue())
        return digest.hexdigest()
    for start in range(0, len(table.rows), 10_000):  # chunks: one dump, not one per row
        rows = table.rows[start : start + 10_000]
        digest.update(json.dumps([r.values for r in rows], default=str).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Stream:
    """A deflated entry as recorded: the sha256 of its content, CRC-32, size, deflated size and
    the sha256 of the deflated bytes."""

    sha256: str
    crc: int
    size: int
    compressed: int
    packed: str

    @classmethod
    def of(cls, member: ZipMember) -> Stream:
        return cls(member.sha256, member.crc, member.size, member.compressed, member.packed)

    @classmethod
    def read(cls, record: Any) -> Stream | None:
        try:
            stream = cls(**record)
        except TypeError:
            return None
        kinds = (str, int, int, int, str)
        values = (stream.sha256, stream.crc, stream.size, stream.compressed, stream.packed)
        if any(type(v) is not k for v, k in zip(values, kinds, strict=True)):
            return None
        return stream

    def record(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Taken:
    """A table's parts, checked: its files (by name) with their entries, its sheets' entries and
    the database that holds its rows."""

    files: dict[str, tuple[Path, ZipMember]]
    sheets: list[ZipMember]
    database: Path

    def close(self) -> None:
        for member in [*(m for _, m in self.files.values()), *self.sheets]:
            if member.spool is not None:
                member.spool.close()


class Reuse:
    """The packages a build may take parts from: the packages this build has written, and unless
    the memo is not read (build --force), the previous site's previews (their files as their
    SHA256SUMS claim, checked when taken) with what the memo recorded of them."""

    def __init__(self, memo: Memo, previous: Path | None, settings: str) -> None:
        self.memo, self.settings = memo, settings
        self.claimed: dict[str, Path] = {}  # sha256 → a previous file said to have it
        self.checked: dict[Path, str] = {}  # a file → its sha256, as read or as written
        self.archives: list[Path] = []  # zips whose entries are not listed yet
        self.entries: dict[tuple[int, int, int], list[tuple[Path, int]]] = {}
        self.databases: list[tuple[Path, str]] = []
        self.tables: dict[Path, dict[str, str]] = {}  # a database's tables' digests
        self.taken = 0  # tables taken whole (for tests and --progress)
        self.digests: dict[int, tuple[Table, str]] = {}
        self.records: dict[str, dict] = {}  # the tables this build wrote (also under --force)
        if previous is None or not memo.read or not previous.is_dir():
            return
        for folder in sorted(previous.glob("*/preview")):
            try:
                lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
                listed = [line.split("  ", 1) for line in lines]
            except (OSError, ValueError):
                continue
            for digest, name in (pair for pair in listed if len(pair) == 2):
                if "/" in name or name.startswith("."):
                    continue
                self.add(folder / name, digest, checked=False)

    def digest(self, table: Table) -> str:
        """table_digest, worked out once per table (kept with it, so its id stays its own)."""
        if id(table) not in self.digests:
            self.digests[id(table)] = (table, table_digest(table, self.settings))
        return self.digests[id(table)][1]

    def add(self, path: Path, digest: str, checked: bool) -> None:
        """A file that may be taken from: its sha256, as written or linked by this build
        (checked: taken before any copy only claimed) or as claimed."""
        if checked:
            self.checked[path] = digest
            self.claimed[digest] = path
        else:
            self.claimed.setdefault(digest, path)
        if path.suffix in (".zip", ".xlsx"):
            self.archives.append(path)
        elif path.suffix == ".sqlite":
            self.databases.append((path, digest))

    def written(
        self, folder: Path, files: dict[str, str], tables: dict[str, str], sheets: dict
    ) -> None:
        """A package this build wrote (`files`: sha256 by name; `tables`: digest by table name;
        `sheets`: each freshly written table's records by digest), recorded in the memo."""
        for name, digest in files.items():
            path = folder / name
            self.add(path, digest, checked=True)  # this build's own copy first
            if path.suffix == ".sqlite":
                self.tables[path] = tables
                self.memo.put_json(DATABASE_KIND, self.memo.key(digest), tables)
        for digest, record in sheets.items():
            self.records[digest] = record
            self.memo.put_json(TABLE_KIND, self.memo.key(digest), record)

    def linked(self, folder: Path, sums: dict[str, str]) -> None:
        """A package linked whole from the previous site into `folder`, its files checked
        (`sums`: sha256 by name): taken from there, as linking changed the status of the
        previous site's copies."""
        for name, digest in sums.items():
            self.add(folder / name, digest, checked=True)

    def keep(self, digests: list[str], databases: list[str]) -> None:
        """Keep in the memo what it recorded of a package linked whole (its tables' digests, its
        databases' sha256), which this build does not otherwise read."""
        for digest in digests:
            self.memo.get(TABLE_KIND, self.memo.key(digest))
        for digest in databases:
            self.memo.get(DATABASE_KIND, self.memo.key(digest))

    def take(
        self, table: Table, digest: str, parts: list[tuple[int, int]], spool: Path
    ) -> Taken | None:
        """The table's parts (Taken) when every one of them is found and checked, else None;
        `parts`: its sheets' rows (start, stop); deflated entries are spooled in `spool`."""
        record = self.records.get(digest) or self.memo.get_json(TABLE_KIND, self.memo.key(digest))
        if not isinstance(record, dict) or record.get("parts") != [list(p) for p in parts]:
            return None
        database = self.database(table.name, digest)
        if database is None:
            return None
        taken = Taken({}, [], database)
        if not self.fetch(table.name, record, len(parts), taken, spool):
            taken.close()
            return None
        self.taken += 1
        return taken

    def fetch(self, name: str, record: dict, parts: int, taken: Taken, spool: Path) -> bool:
        """Find and check every file and entry the record lists, into `taken`."""
        for fmt in FORMATS:
            stream = Stream.read(record.get(fmt))
            path = self.file(stream.sha256) if stream is not None else None
            member = self.stream(stream, spool) if stream is not None and path else None
            if path is None or member is None:
                return False
            taken.files[f"{name}.{fmt}"] = (path, member)
        sheets = record.get("sheets")
        if not isinstance(sheets, list) or len(sheets) != parts:
            return False
        for item in sheets:
            stream = Stream.read(item)
            member = self.stream(stream, spool) if stream is not None else None
            if member is None:
                return False
            taken.sheets.append(member)
        return True

    def file(self, digest: str) -> Path | None:
        """A file with this sha256, checked (once) if this build did not write it: read, unless
        its status is the one recorded when it was last read or written (still_verified)."""
        path = self.claimed.get(digest)
        if path is None:
            return None
        if path not in self.checked:
            try:
                verified = still_verified(path, digest, self.memo)
                self.checked[path] = digest if verified else sha256_of(path)
            except OSError:
                self.checked[path] = ""
        return path if self.checked[path] == digest else None

    def database(self, name: str, digest: str) -> Path | None:
        """A database holding the table `name` with this digest, checked by its sha256."""
        for path, sha in self.databases:
            if path not in self.tables:
                tables = self.memo.get_json(DATABASE_KIND, self.memo.key(sha))
                self.tables[path] = tables if isinstance(tables, dict) else {}
            if self.tables[path].get(name) == digest and self.file(sha) == path:
                return path
        return None

    def stream(self, stream: Stream, spool: Path) -> ZipMember | None:
        """A deflated entry with these fields from any archive known, copied into a spool file
        and checked by the sha256 of its deflated bytes; None when none matches."""
        while self.archives:
            self.index(self.archives.pop(0))
        for path, offset in self.entries.get((stream.crc, stream.size, stream.compressed), []):
            sink = tempfile.TemporaryFile(dir=spool)
            digest = hashlib.sha256()
            try:
                with path.open("rb") as source:
                    source.seek(offset)
                    left = stream.compressed
                    while left:
                        piece = source.read(min(left, 1 << 20))
                        if not piece:
                            break
                        digest.update(piece)
                        sink.write(piece)
                        left -= len(piece)
            except OSError:
                sink.close()
                continue
            if left or digest.hexdigest() != stream.packed:
                sink.close()
                continue
            return ZipMember(
                "",
                [],
                stream.crc,
                stream.size,
                stream.sha256,
                sink,
                stream.compressed,
                stream.packed,
            )
        return None

    def index(self, path: Path) -> None:
        """List a zip's deflated entries by CRC-32 and sizes, with where their bytes start."""
        try:
            with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
                for info in archive.infolist():
                    if info.compress_type != zipfile.ZIP_DEFLATED:
                        continue
                    handle.seek(info.header_offset)
                    header = handle.read(30)
                    if len(header) != 30 or header[:4] != b"PK\003\004":
                        continue
                    name_length, extra_length = struct.unpack("<2H", header[26:30])
                    start = info.header_offset + 30 + name_length + extra_length
                    key = (info.CRC, info.file_size, info.compress_size)
                    self.entries.setdefault(key, []).append((path, start))
        except (OSError, zipfile.BadZipFile, ValueError):
            return


def place(path: Path, target: Path) -> None:
    """A file taken into a package folder: linked (the same bytes, never written in place), else
    copied."""
    try:
        os.link(path, target)
    except OSError:
        shutil.copyfile(path, target)


def table_record(parts: list[tuple[int, int]], files: dict[str, ZipMember], sheets: list) -> dict:
    """What the memo keeps of a table written afresh (see Reuse.take)."""
    record: dict[str, Any] = {"parts": [list(p) for p in parts]}
    for fmt, member in files.items():
        record[fmt] = Stream.of(member).record()
    record["sheets"] = [Stream.of(m).record() for m in sheets]
    return record


VERIFIED = "verified-file"  # a file's sha256 checked, with its status as it was then


def file_status(path: Path) -> list[int]:
    info = os.stat(path, follow_symlinks=False)
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, stat.S_IFMT(info.st_mode)]


def verified_key(memo: Memo, path: Path, digest: str) -> str:
    info = os.stat(path, follow_symlinks=False)
    return memo.key(VERIFIED, f"{info.st_dev}:{info.st_ino}", digest)


def still_verified(path: Path, digest: str, memo: Memo | None) -> bool:
    """The file has not changed since its hash was checked as `digest` (memo's record)."""
    if memo is None or not memo.read:
        return False
    try:
        return memo.get_json(VERIFIED, verified_key(memo, path, digest)) == file_status(path)
    except OSError:
        return False
