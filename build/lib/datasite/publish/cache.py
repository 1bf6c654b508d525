"""Skip a build whose inputs have not changed: one content hash over everything a build reads."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from datasite.load.inputs import INPUTS

STAMP = ".build-fingerprint"
CODE = Path(__file__).resolve().parent.parent  # the whole datasite package
TOOLS = ("mkdocs", "mkdocs-material", "jinja2", "frictionless", "pyyaml", "polars", "openpyxl")


def fingerprint(root: Path, options: str = "") -> str:
    """sha256 over the names and bytes of every input file, the pipeline's code, the versions of
    the tools it runs and the options."""
    digest = hashlib.sha256(f"{options}\0{tool_versions()}".encode())
    sources = [(root / name, name) for name in INPUTS] + [(CODE, "<code>")]
    for base, label in sources:
        for path in walk(base):
            name = label + "/" + path.relative_to(base).as_posix() if path != base else label
            digest.update(f"\0{name}\0".encode())
            add_file(digest, path)
    return digest.hexdigest()


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


def tool_versions() -> str:
    """An upgraded MkDocs, theme or template engine can change the output too."""
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return f"python={sys.version_info[:3]};" + ";".join(found)


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


def is_current(site_dir: Path, expected: str) -> bool:
    """True when site_dir was built from exactly these inputs."""
    stamp = site_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="ascii").strip() == expected


def stamp(folder: Path, digest: str) -> None:
    """Record the inputs' fingerprint in a finished build (it is swapped in with the site)."""
    (folder / STAMP).write_text(digest + "\n", encoding="ascii")
