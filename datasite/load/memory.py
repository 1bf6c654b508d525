"""What the loading and checking stages may keep between builds, and the digests they key it by.

The build memo (publish/memo.py) is made by the command line; the stages see it only through
`Memory`, so they import nothing from a later stage. A stage asks with a key covering every input
of a result and stores only results that found nothing wrong: a problem is always found afresh.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

from datasite.load.frames import FrameRows
from datasite.model import Table


class Memory(Protocol):
    """publish.memo.Memo as the stages use it: keys salted with the code's fingerprint, and
    entries that are None when missing or unreadable; `read` False when entries are only
    written (`build --force`)."""

    read: bool

    def key(self, *parts: bytes | str) -> str: ...

    def get(self, kind: str, key: str) -> bytes | None: ...

    def put(self, kind: str, key: str, data: bytes) -> None: ...

    def get_json(self, kind: str, key: str) -> Any: ...

    def put_json(self, kind: str, key: str, value: Any) -> None: ...


class Forgetful:
    """A Memory that keeps nothing: every result is worked out again (validate, tests)."""

    read = False

    def key(self, *parts: bytes | str) -> str:
        return ""

    def get(self, kind: str, key: str) -> bytes | None:
        return None

    def put(self, kind: str, key: str, data: bytes) -> None:
        return None

    def get_json(self, kind: str, key: str) -> Any:
        return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        return None


NOTHING_KEPT = Forgetful()


class Deferred:
    """A Memory whose new entries are written only by write(): a run that finds a problem
    leaves the memo as it was, as it leaves the site."""

    def __init__(self, memory: Memory):
        self.memory = memory
        self.read = memory.read
        self.pending: list[tuple[str, str, str, Any]] = []

    def key(self, *parts: bytes | str) -> str:
        return self.memory.key(*parts)

    def get(self, kind: str, key: str) -> bytes | None:
        return self.memory.get(kind, key)

    def put(self, kind: str, key: str, data: bytes) -> None:
        self.pending.append(("put", kind, key, data))

    def get_json(self, kind: str, key: str) -> Any:
        return self.memory.get_json(kind, key)

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.pending.append(("put_json", kind, key, value))

    def write(self) -> None:
        """Write the entries put so far, in order."""
        for method, kind, key, value in self.pending:
            getattr(self.memory, method)(kind, key, value)
        self.pending = []


def canonical(value: Any) -> str:
    """A settings or schema value as stable text (keys sorted; a YAML date or number as Python
    writes it, so 1 and "1" stay apart)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def rows_digest(table: Table) -> str:
    """The sha256 of what a table's rows hold: the bytes of the file its columns were read from
    (those bytes, its schema and the code decide every row), else every row's values and
    places, as the checks read them."""
    rows = table.rows
    if isinstance(rows, FrameRows) and rows.digest:
        return "file:" + rows.digest
    digest = hashlib.sha256()
    for row in rows:
        digest.update(canonical([row.path, row.line, row.values, row.field_lines]).encode())
        digest.update(b"\n")
    return "rows:" + digest.hexdigest()
