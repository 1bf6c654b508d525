"""The project as it was at a git revision, and the row-level diff of the working data from it."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from datasite.check.privacy import redact
from datasite.issues import DataError, Issue
from datasite.load import project as load
from datasite.load.project import load_project
from datasite.model import Project
from datasite.package.frozen import CHANGELOG
from datasite.package.versions import (
    VERSIONS_DIR,
    DatasetDiff,
    code,
    diff_markdown,
    diff_states,
    meta_changes,
    state_from_table,
)


def git(root: Path, *args: str) -> bytes:
    """Run git in the project folder; a failure becomes an Issue, never a traceback."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as error:
        raise DataError([Issue("git", 0, "git", f"cannot run git: {error}")]) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError(
            [
                Issue(
                    "git",
                    0,
                    "git",
                    f"git {args[0]} failed: {message[-1] if message else done.returncode}",
                )
            ]
        )
    return done.stdout


FOLDERS = ("data", "schemas")  # what load_project reads
DATA_SUFFIXES = (".csv", ".yaml", ".yml", ".json")  # what it may read there


def project_at(root: Path, base: str, target: Path) -> Project:
    """Write data/ and schemas/ as they were at `base` into target, file by file, and load
    them; a file over the loader's size limits is never read, and a file that does not load is
    a problem."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except DataError:
        raise DataError(
            [Issue("--base", 0, "git", f'"{base}" is not a commit of the git repository at {root}')]
        ) from None
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{base}:{prefix}" if prefix else base
    # --full-tree: paths from the top of `tree`, wherever in the repository the project is.
    listing = git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", tree, "--", *FOLDERS)
    links = linked_paths(listing)
    if links:  # skipping one would show its table as new, every row added, or as missing
        raise DataError(
            [
                Issue(f"{base}:{path}", 0, "symlink", "symbolic links are not allowed")
                for path in links
            ]
        )
    blobs, too_large = plain_blobs(listing)
    if too_large:
        raise DataError(
            [
                Issue(
                    f"{base}:{blob.path}",
                    0,
                    "file-too-large",
                    f"{blob.size:,} bytes is over the limit of {limit:,} bytes",
                )
                for blob, limit in too_large
            ]
        )
    target.mkdir(parents=True, exist_ok=True)
    write_blobs(root, blobs, target)
    for folder in FOLDERS:
        (target / folder).mkdir(exist_ok=True)
    if not (target / "data" / "site.yaml").is_file():
        (target / "data" / "site.yaml").write_text("{}\n", encoding="utf-8")
    project, issues = load_project(target)
    if issues:  # a table that did not load would show as every row added (or removed)
        raise DataError([dataclasses.replace(i, path=f"{base}:{i.path}") for i in issues])
    return project


@dataclass(frozen=True)
class Blob:
    """A regular file of the revision: its path, git object id and size in bytes."""

    path: str
    oid: str
    size: int


def linked_paths(listing: bytes) -> list[str]:
    """From `git ls-tree -r -z`: every symbolic link (mode 120000) inside data/ or schemas/, or
    data or schemas itself; never followed, only named."""
    paths = []
    for record in listing.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        if meta.split()[:1] == [b"120000"]:
            path = os.fsdecode(name)
            if PurePosixPath(path).parts[:1] and PurePosixPath(path).parts[0] in FOLDERS:
                paths.append(path)
    return paths


def plain_blobs(listing: bytes) -> tuple[list[Blob], list[tuple[Blob, int]]]:
    """From `git ls-tree -r -l -z`: the regular files inside data/ and schemas/ to write, and those
    over the loader's limit for their kind. Links, submodules and paths that would leave the
    target are skipped, as the loader would refuse them anyway; other files over the limit are
    skipped too, as the loader never reads them."""
    blobs, too_large = [], []
    for record in listing.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or fields[0] not in (b"100644", b"100755") or fields[1] != b"blob":
            continue
        path = PurePosixPath(os.fsdecode(name))
        if (
            path.is_absolute()
            or ".." in path.parts
            or not path.parts
            or path.parts[0] not in FOLDERS
        ):
            continue
        blob = Blob(path.as_posix(), fields[2].decode("ascii"), int(fields[3]))
        limit = load.MAX_CSV_BYTES if path.suffix == ".csv" else load.MAX_YAML_BYTES
        if blob.size <= limit:
            blobs.append(blob)
        elif path.suffix in DATA_SUFFIXES:
            too_large.append((blob, limit))
    return blobs, too_large


def write_blobs(root: Path, blobs: list[Blob], target: Path) -> None:
    """Stream each blob from one `git cat-file --batch` into its file under target, a block at a
    time: no file is ever held whole in memory."""
    try:
        process = subprocess.Popen(
            ["git", "-C", str(root), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:
        raise DataError([Issue("git", 0, "git", f"cannot run git: {error}")]) from None
    assert process.stdin is not None and process.stdout is not None
    with process:
        try:
            for blob in blobs:
                # One object asked at a time, its answer read before the next: no pipe fills up.
                process.stdin.write(blob.oid.encode("ascii") + b"\n")
                process.stdin.flush()
                header = process.stdout.readline().split()
                if header != [blob.oid.encode("ascii"), b"blob", str(blob.size).encode("ascii")]:
                    raise DataError(
                        [
                            Issue(
                                "git",
                                0,
                                "git",
                                f"git cat-file failed: {blob.path} could not be read",
                            )
                        ]
                    )
                destination = target / blob.path
                destination.parent.mkdir(parents=True, exist_ok=True)
                with open(destination, "wb") as out:
                    copy_exactly(process.stdout, out, blob)
                process.stdout.read(1)  # the newline after each object
        except BaseException:
            process.kill()
            raise
        finally:
            process.stdin.close()


def copy_exactly(source: BinaryIO, out: BinaryIO, blob: Blob) -> None:
    """Copy blob.size bytes from source to out in blocks of at most 1 MiB."""
    remaining = blob.size
    while remaining:
        block = source.read(min(remaining, 1 << 20))
        if not block:
            raise DataError(
                [Issue("git", 0, "git", f"git cat-file failed: {blob.path} ended early")]
            )
        out.write(block)
        remaining -= len(block)


def diff_projects(old: Project, new: Project) -> list[DatasetDiff]:
    """Per dataset (its own tables), what changed from old to new."""
    diffs = []
    names = list(new.datasets) + [n for n in old.datasets if n not in new.datasets]
    for name in names:
        before, after = old.datasets.get(name), new.datasets.get(name)
        old_states = {t.name: state_from_table(t) for t in before.tables.values()} if before else {}
        new_states = {t.name: state_from_table(t) for t in after.tables.values()} if after else {}
        diff = diff_states(name, old_states, new_states)
        if before and after:
            diff.meta_changes = meta_changes(before.meta, after.meta)
        diffs.append(diff)
    return diffs


def diff_against(root: Path, base: str, project: Project) -> str:
    """The Markdown diff of a (redacted) project against git revision `base`, then what it changes
    in the published versions."""
    with tempfile.TemporaryDirectory(prefix="datasite-base-") as work:
        old = redact(project_at(root, base, Path(work)))
        diffs = diff_projects(old, project)
    versions = {name: str(d.meta.get("version", "")) for name, d in old.datasets.items()}
    return diff_markdown(diffs, base, versions) + versions_markdown(root, base)


RECORD = re.compile(r"^- (?:Withdrawn|Reissued):.*$", re.MULTILINE)
LOCK_STATUS = {"A": "frozen (new version)", "M": "**changed**", "D": "**removed**"}


def versions_markdown(root: Path, base: str) -> str:
    """Every lock the working tree adds, changes or removes against `base`, and every withdrawal
    or reissue record it adds to CHANGELOG.md: the build accepts a rewritten or removed version
    only with such a record, so a reviewer must see each one."""
    changed = git(
        root, "diff", "--no-renames", "--name-status", "-z", base, "--", f"{VERSIONS_DIR}/*.lock"
    ).split(b"\0")
    locks = [
        (status.decode(), path.decode("utf-8", "replace"))
        for status, path in zip(changed[::2], changed[1::2], strict=False)
        if path
    ]
    try:
        before = set(
            RECORD.findall(
                git(root, "show", f"{base}:./{CHANGELOG}")[: 8 << 20].decode("utf-8", "replace")
            )
        )
    except DataError:
        before = set()
    path = root / CHANGELOG
    now = (
        path.read_text(encoding="utf-8", errors="replace")
        if path.is_file() and not path.is_symlink()
        else ""
    )
    records = [line for line in RECORD.findall(now) if line not in before]
    if not locks and not records:
        return ""
    out = ["", "### Published versions", ""]
    out += [f"- {code(lock)}: {LOCK_STATUS.get(status[:1], status)}" for status, lock in locks]
    if records:
        out += [
            "",
            f"**New records in {CHANGELOG}** (a published version is rewritten or removed only "
            "with one; check each):",
            "",
        ]
        out += [f"- {code(line[2:], 400)}" for line in records]
    return "\n".join(out) + "\n"
