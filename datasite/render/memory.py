"""What the rendering stage and the steps after MkDocs may keep between builds.

The build memo (publish/memo.py) is made by the command line; this stage sees it only through
`Memory`, so it imports nothing from a later stage. A step asks with a key covering every input
of a result (publish.memo.Memo salts it with the code's fingerprint) and stores only results
that found nothing wrong: a problem is always found afresh.
"""

from __future__ import annotations

from typing import Any, Protocol


class Memory(Protocol):
    """publish.memo.Memo as this stage uses it: entries that are None when missing or
    unreadable."""

    def key(self, *parts: bytes | str) -> str: ...

    def get_json(self, kind: str, key: str) -> Any: ...

    def put_json(self, kind: str, key: str, value: Any) -> None: ...


class Forgetful:
    """A Memory that keeps nothing: every result is worked out again (tests, other callers)."""

    def key(self, *parts: bytes | str) -> str:
        return ""

    def get_json(self, kind: str, key: str) -> Any:
        return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        return None


NOTHING_KEPT = Forgetful()
