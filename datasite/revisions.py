"""The project as it was at a git revision, and the row-level diff of the working data against it."""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from .issues import DataError, Issue
from .load import load_project
from .model import Project
from .privacy import redact
from .versions import DatasetDiff, diff_markdown, diff_states, meta_changes, state_from_table


def git(root: Path, *args: str) -> bytes:
    """Run git in the project folder; a failure becomes an Issue, never a traceback."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as error:
        raise DataError([Issue("git", 0, "git", f"cannot run git: {error}")]) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError([Issue("git", 0, "git", f"git {args[0]} failed: {message[-1] if message else done.returncode}")])
    return done.stdout


def project_at(root: Path, base: str, target: Path) -> Project:
    """Extract data/ and schemas/ as they were at `base` into target and load them."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except DataError:
        raise DataError([Issue("--base", 0, "git", f'"{base}" is not a commit of the git repository at {root}')]) from None
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{base}:{prefix}" if prefix else base
    present = set(git(root, "ls-tree", "--name-only", tree).decode().split("\n"))
    wanted = [p for p in ("data", "schemas") if p in present]
    target.mkdir(parents=True, exist_ok=True)
    if wanted:
        archive = git(root, "archive", "--format=tar", tree, *wanted)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                extract_plain(tar, member, target)
    for folder in ("data", "schemas"):
        (target / folder).mkdir(exist_ok=True)
    if not (target / "data" / "site.yaml").is_file():
        (target / "data" / "site.yaml").write_text("{}\n", encoding="utf-8")
    # A revision whose data does not load still diffs by what did load.
    project, _ = load_project(target)
    return project


def extract_plain(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    """Extract a folder or a regular file that stays inside target; skip anything else (links,
    devices, absolute or ../ paths), which load_project would refuse anyway. Done by hand because
    extractall's `filter` needs Python 3.11.4, and Debian 12 ships 3.11.2."""
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts:
        return
    if member.isdir():
        (target / path).mkdir(parents=True, exist_ok=True)
    elif member.isfile():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]


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
    """The Markdown diff of a (redacted) project against git revision `base`."""
    with tempfile.TemporaryDirectory(prefix="datasite-base-") as work:
        old = redact(project_at(root, base, Path(work)))
        diffs = diff_projects(old, project)
    versions = {name: str(d.meta.get("version", "")) for name, d in old.datasets.items()}
    return diff_markdown(diffs, base, versions)
