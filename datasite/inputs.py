"""Refuse what is not a plain file or folder among the build's inputs, before anything reads them.

A symbolic link can point anywhere (/etc/passwd, /dev/zero), and reading a named pipe, a socket or
a device can block forever or never end. Every input is looked at with lstat only: no link is
followed and no file is opened, so this check itself cannot hang or leak.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from .cache import INPUTS
from .issues import Issue
from .load import rel

# What a special file is, in a message (messages.WORDS_ES has the Spanish).
KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
SYMLINK = "symbolic links are not allowed"


def input_issues(root: Path) -> list[Issue]:
    """A `symlink` or `special-file` Issue for every input (cache.INPUTS) that is neither a regular
    file nor a folder, found without following a link or opening a file."""
    root = Path(root)
    issues: list[Issue] = []
    pending = [root / name for name in reversed(INPUTS)]
    while pending:  # a loop, not recursion: folders nested thousands deep cannot overflow it
        path = pending.pop()
        try:
            mode = os.lstat(path).st_mode
            names = sorted(os.listdir(path), reverse=True) if stat.S_ISDIR(mode) else []
        except FileNotFoundError:
            continue  # a missing input is the loader's to report
        except OSError as error:
            issues.append(Issue(rel(root, path), 0, "special-file", f"cannot be looked at ({error.strerror})"))
            continue
        if stat.S_ISLNK(mode):
            issues.append(Issue(rel(root, path), 0, "symlink", SYMLINK))
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            issues.append(Issue(rel(root, path), 0, "special-file", special_message(mode)))
        pending += [path / name for name in names]
    return issues


def special_message(mode: int) -> str:
    """What the special file is and why it is refused."""
    kind = next((text for test, text in KINDS if test(mode)), "an unknown kind of file")
    return f"{kind} is not a file the build can read; only regular files and folders are allowed"


def is_regular(path: Path) -> bool:
    """A regular file or a folder, not reached through a link."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def copy_plain(source: Path, target: Path) -> None:
    """Copy a folder's regular files and folders; links and special files are left out (never
    followed), and a source that is itself a link is not copied at all."""
    if not is_regular(source):
        return

    def special(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if not is_regular(Path(folder) / name)}

    shutil.copytree(source, target, dirs_exist_ok=True, ignore=special)
