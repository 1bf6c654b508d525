"""Results of pure build steps kept between builds, each under the sha256 of everything it was
made from, so a build redoes only the steps whose inputs changed.

The cache is a folder beside the output (`.site.cache/` for `site/`), never published. An entry is
a file named by its key; a build that succeeds removes the entries it did not use, so the cache
holds one build's worth. A missing, unreadable or corrupt entry is a miss, never an error: the
step runs again and gives the same bytes a clean build would.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def cache_folder(site_dir: Path) -> Path | None:
    """The cache of an output folder: beside it, named after it; None (no cache) when that name
    holds a link or a file, which a build must neither follow nor replace."""
    folder = site_dir.parent / f".{site_dir.name}.cache"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return None
    return folder


def memo_key(*parts: bytes | str) -> str:
    """sha256 over the parts, each with its length, so no two lists of parts share a key."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode("ascii"))
        digest.update(data)
    return digest.hexdigest()


class Memo:
    """Entries by kind (a plain name: "search", "checks"…) and key (memo_key). `read` False keeps
    writing entries but never reads one (`build --force`: a build from nothing). Used in the
    building process only: a forked child's use would not be recorded, and its entries pruned."""

    def __init__(self, folder: Path | None, read: bool = True, salt: str = ""):
        self.folder = folder
        self.read = read
        self.salt = salt  # the code's fingerprint: new code never reads an old entry
        self.used: set[tuple[str, str]] = set()

    def key(self, *parts: bytes | str) -> str:
        """An entry's key: the salt and the parts (memo_key)."""
        return memo_key(self.salt, *parts)

    def get(self, kind: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        self.used.add((kind, key))  # kept even when not read: --force rebuilds it below
        if not self.read:
            return None
        try:
            return (self.folder / kind / key).read_bytes()
        except OSError:
            return None

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store an entry (written whole, then renamed into place); a full disk only costs the
        next build its time."""
        if self.folder is None:
            return
        self.used.add((kind, key))
        folder = self.folder / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / key)
        except OSError:
            pass

    def get_json(self, kind: str, key: str) -> Any:
        """A JSON entry, or None when missing or not JSON."""
        data = self.get(kind, key)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self.put(kind, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())

    def keep_only_used(self) -> None:
        """After a build that succeeded: remove every entry it did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        kinds = {kind for kind, _ in self.used}
        for entry in self.folder.iterdir():
            if entry.name not in kinds or not entry.is_dir() or entry.is_symlink():
                remove(entry)
                continue
            for item in entry.iterdir():
                if (entry.name, item.name) not in self.used:
                    remove(item)


def remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass


NO_MEMO = Memo(None)
