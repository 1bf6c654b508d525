"""Files as a content hash reads them: every entry under a folder in a stable order, and a
file's size and bytes without following links or opening anything that is not a regular file."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any


def add_file(digest: Any, path: Path) -> None:
    """A regular file's size and bytes; for a link, a pipe or a device only what it is (the checks
    refuse those: reading one could follow it out of the project or block forever)."""
    try:
        kind = stat.S_IFMT(os.lstat(path).st_mode)
        if kind != stat.S_IFREG:  # never opened: opening a device can act on it
            digest.update(f"<not a file: {kind}>".encode())
            return
        # Should a pipe replace the file after the lstat, these flags make open return at once.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        digest.update(f"<not read: {error.errno}>".encode())
        return
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            digest.update(f"<not a file: {stat.S_IFMT(info.st_mode)}>".encode())
            return
        digest.update(f"{info.st_size}\0".encode())
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)


def walk(base: Path) -> list[Path]:
    """Every entry under base (or base itself) that is not a folder, links and special files
    included, in a stable order; no link is followed; caches of Python are skipped."""
    try:
        is_folder = stat.S_ISDIR(os.lstat(base).st_mode)
    except OSError:
        return []
    if not is_folder:
        return [base]
    found, pending = [], [base]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            found.append(folder)  # unreadable: its name still counts
            continue
        folders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    folders.append(Path(entry.path))
            elif not entry.name.endswith(".pyc"):
                found.append(Path(entry.path))
        pending += reversed(folders)
    return found
