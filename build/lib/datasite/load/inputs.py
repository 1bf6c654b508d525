"""Refuse what is not a plain file or folder among the build's inputs, before anything reads them.

A symbolic link can point anywhere (/etc/passwd, /dev/zero), and reading a named pipe, a socket or
a device can block forever or never end. Every input is looked at with lstat only: no link is
followed and no file is opened, so this check itself cannot hang or leak.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from datasite.issues import DataError, Issue, line_of_text
from datasite.load.project import read_yaml_mapping, rel

# What a special file is, in a message (messages.WORDS_ES has the Spanish).
KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
SYMLINK = "symbolic links are not allowed"
# mkdocs.yml keys the build sets itself: a project value would point MkDocs elsewhere.
BUILD_SET = ("docs_dir", "site_dir", "hooks")


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
            issues.append(
                Issue(rel(root, path), 0, "special-file", f"cannot be looked at ({error.strerror})")
            )
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


def mkdocs_issues(root: Path) -> list[Issue]:
    """`mkdocs-setting` Issues for what in mkdocs.yml would make MkDocs read or publish files
    outside the checked inputs: INHERIT, a theme.custom_dir outside site_templates/, and the
    keys the build sets itself."""
    root = Path(root)
    path = root / "mkdocs.yml"
    if not is_regular(path):
        return []  # a missing file is MkDocs' to report; a link or a pipe is input_issues'
    try:
        settings = read_yaml_mapping(root, path)
    except DataError as error:
        return error.issues
    text = path.read_text(encoding="utf-8", errors="replace")
    issues = []
    if "INHERIT" in settings:  # MkDocs would read the named file unchecked, even a pipe
        issues.append(
            Issue(
                "mkdocs.yml",
                key_line(text, "INHERIT"),
                "mkdocs-setting",
                "`INHERIT` is not allowed; write every setting in mkdocs.yml itself",
            )
        )
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom is not None and not inside_templates(root, custom):
        # MkDocs copies every non-template file of custom_dir into the site.
        issues.append(
            Issue(
                "mkdocs.yml",
                key_line(text, "custom_dir", nested=True),
                "mkdocs-setting",
                "`theme.custom_dir` must be a folder inside site_templates/",
            )
        )
    for key in BUILD_SET:
        if key in settings:
            issues.append(
                Issue(
                    "mkdocs.yml",
                    key_line(text, key),
                    "mkdocs-setting",
                    f"`{key}` is set by the build; remove it from mkdocs.yml",
                )
            )
    return issues


def key_line(text: str, key: str, nested: bool = False) -> int:
    """The line where key is written as a key (not in a comment), else the first line naming it."""
    indent = r"[ \t]+" if nested else ""
    found = re.search(rf"^{indent}{re.escape(key)}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else line_of_text(text, key)


def inside_templates(root: Path, custom: object) -> bool:
    """A folder name inside site_templates/, resolved without following links (every link in
    site_templates/ is refused by input_issues)."""
    if not isinstance(custom, str) or not custom.strip() or "\x00" in custom:
        return False
    folder = os.path.normpath(os.path.join(root, custom))
    templates = os.path.normpath(os.path.join(root, "site_templates"))
    return folder.startswith(templates + os.sep)


# What a build reads, relative to the project root; folders are walked in full.
# CHANGELOG.md records withdrawn versions, which the frozen-version checks read.
INPUTS = ("data", "schemas", "site_templates", "mkdocs.yml", "versions", "CHANGELOG.md")
