"""Run MkDocs for each language into a temporary folder and swap it into place only on success."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from datasite.issues import DataError, Issue
from datasite.load.inputs import copy_plain
from datasite.load.project import read_yaml_mapping
from datasite.publish.converted import conversions_memoized
from datasite.publish.memo import NO_MEMO, Memo
from datasite.render.csp import content_security_policy, material_templates

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    """Keeps MkDocs warnings so a strict-mode failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(
    config_file: Path,
    docs_dir: Path,
    out_dir: Path,
    nav: list,
    lang: str,
    assets: Path | None,
    settings_for_lang: dict | None = None,
    memo: Memo = NO_MEMO,
) -> list[tuple[str, str]]:
    """One MkDocs build in strict mode; its warnings become one error. Pages whose conversion is
    in `memo` are not converted again (converted.py); returns the memo entries it used, for the
    building process to keep when this ran in a forked child."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if assets and assets.is_dir():
        copy_plain(assets, docs_dir / "assets")
    settings = read_yaml_mapping(config_file.parent, config_file)
    theme = dict(settings.get("theme") or {})
    theme["language"] = lang
    extra = dict(settings.get("extra") or {})
    custom = [config_file.parent / theme["custom_dir"]] if theme.get("custom_dir") else []
    extra["csp"] = content_security_policy([material_templates(), *custom])
    # Per-language settings (site name, the other languages' folders) on top of mkdocs.yml.
    extra_settings = dict(settings_for_lang or {})
    if "extra" in extra_settings:
        extra = {**extra, **extra_settings.pop("extra")}
    # Escaping in the theme's templates (theme_hooks.py) is part of every build, never per project.
    hooks = [str(Path(__file__).resolve().parent.parent / "render" / "theme_hooks.py")]
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(
            config_file=str(config_file),
            docs_dir=str(docs_dir),
            site_dir=str(out_dir),
            nav=nav,
            theme=theme,
            extra=extra,
            hooks=hooks,
            **extra_settings,
        )
        used: set[tuple[str, str]] = set()
        with conversions_memoized(memo, used):
            build(config)
    except (MkDocsException, SystemExit) as error:
        detail = "; ".join(handler.messages) or str(error)
        raise DataError(
            [Issue(config_file.name, 0, "mkdocs", f"MkDocs failed ({lang}): {detail}")]
        ) from None
    finally:
        logger.removeHandler(handler)
    return sorted(used)


def swap_into_place(staging: Path, site_dir: Path) -> Path | None:
    """Replace site/ with the finished build in two renames; return the folder holding the
    previous site, for the caller to remove once the new one is live."""
    old = None
    if site_dir.exists():
        old = own_folder(site_dir, "old")
        os.rename(site_dir, old / site_dir.name)
    try:
        os.rename(staging, site_dir)
    except BaseException:
        if old is not None:
            os.rename(old / site_dir.name, site_dir)  # put the previous site back before reporting
            shutil.rmtree(old, ignore_errors=True)
        raise
    return old


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C waits until the block is done, then arrives as usual. Python runs signal handlers in
    the main thread whichever thread the signal reached (polars' threads do not block it), so the
    handler is swapped for one that only takes note."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: noted.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if noted:
        raise KeyboardInterrupt


def own_prefix(site_dir: Path, kind: str) -> str:
    """The name prefix of this output's own temporary folders (kind: build, work or old)."""
    return f".{site_dir.name}.{kind}-"


STAGING_MARK = ".datasite-staging"


def own_folder(site_dir: Path, kind: str) -> Path:
    """A new temporary folder beside the output, marked with the output's name: the sweep of stale
    folders removes only folders that carry this output's mark (or are empty)."""
    folder = Path(tempfile.mkdtemp(prefix=own_prefix(site_dir, kind), dir=site_dir.parent))
    (folder / STAGING_MARK).write_text(site_dir.name + "\n", encoding="utf-8")
    return folder


def is_own_folder(path: Path, site_dir: Path) -> bool:
    mark = path / STAGING_MARK
    if mark.is_file() and not mark.is_symlink():
        return mark.read_text(encoding="utf-8", errors="replace").strip() == site_dir.name
    return not any(path.iterdir())  # killed before the mark was written: nothing in it to lose


def remove_stale(site_dir: Path) -> None:
    """Folders left by a killed build of this output are never published and must not pile up."""
    if not site_dir.parent.is_dir():
        return
    prefixes = tuple(own_prefix(site_dir, kind) for kind in KINDS)
    for path in sorted(site_dir.parent.iterdir()):
        if (
            not path.name.startswith(prefixes)
            or path.is_symlink()
            or not path.is_dir()
            or not is_own_folder(path, site_dir)
        ):
            continue
        previous = path / site_dir.name
        if (
            path.name.startswith(own_prefix(site_dir, "old"))
            and previous.is_dir()
            and not site_dir.exists()
        ):
            os.rename(
                previous, site_dir
            )  # killed between the two renames: this is the published site
        shutil.rmtree(path, ignore_errors=True)


class OutputBusy(Exception):
    """Another build holds this output's lock."""


class Interrupted(Exception):
    """Ctrl-C after the new site went live: only the removal of the previous one was cut short."""


def lock_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.lock"


@contextmanager
def output_lock(site_dir: Path) -> Iterator[None]:
    """One build of an output at a time: an exclusive lock on a file beside it (released by the
    system when the process ends, even by kill -9). Never opened through a link."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(
        lock_path(site_dir), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644
    )
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
            raise OutputBusy(holder) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock


@contextmanager
def temporary_files_in(folder: Path) -> Iterator[None]:
    """Every temporary file of the build (SQLite, zips…) beside the output, where the next build's
    sweep finds it after a crash, and on the output's file system whatever $TMPDIR is."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = saved


def publish(site_dir: Path, write: Callable[[Path, Path], None]) -> None:
    """Call write(staging, work) to fill a fresh folder beside site_dir (work is scratch space);
    swap it into site_dir only if it succeeds. Raises OutputBusy when another build runs, and
    Interrupted on Ctrl-C after the new site is live."""
    with output_lock(site_dir):
        remove_stale(site_dir)
        staging = own_folder(site_dir, "build")
        work = own_folder(site_dir, "work")
        live = False
        try:
            with temporary_files_in(work):
                write(staging, work)
            (staging / STAGING_MARK).unlink()
            mark_output(staging)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(
                staging, 0o777 & ~umask
            )  # mkdtemp's 0700 would hide the site from a web server
            with interrupts_held():
                old = swap_into_place(staging, site_dir)
                live = True
            remove_quietly(work, *([old] if old is not None else []))
        except BaseException as error:
            if not live:
                remove_quietly(staging, work)
                raise
            if isinstance(error, KeyboardInterrupt):
                raise Interrupted() from None
            if not isinstance(error, OSError):
                raise
            # The new site is live; what is left of the previous one goes with the next build.


def remove_quietly(*folders: Path) -> None:
    """Remove temporary folders; an error (even Python's own EBADF from rmtree cut short by
    Ctrl-C) leaves them for the next build's sweep."""
    for folder in folders:
        try:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


KINDS = ("build", "work", "old")
MARK = ".datasite-output"
PROTECTED = ("data", "schemas", "versions", "site_templates", ".git")


def output_problem(root: Path, site_dir: Path) -> str:
    """Why site_dir may not be the output folder ("" when it may): a build replaces it whole, so
    it must be new, empty, or a site this tool built, and never hold the project or its inputs.
    Folders are compared by device and inode too, so a bind mount or a link cannot hide one."""
    root, site_dir = root.resolve(), site_dir.resolve()
    if (
        site_dir == root
        or site_dir in root.parents
        or identity(site_dir) in {identity(p) for p in (root, *root.parents)} - {None}
    ):
        return f"{site_dir} is the project folder or contains it"
    ancestors = {identity(p) for p in (site_dir, *site_dir.parents)} - {None}
    for name in PROTECTED:
        guarded = root / name
        if site_dir == guarded or guarded in site_dir.parents or identity(guarded) in ancestors:
            return f"{site_dir} is inside the project's {name}/ folder"
    lock = lock_path(site_dir)
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        return f"{lock} (the lock beside the output) is not a plain file"
    if not site_dir.exists() and not site_dir.is_symlink():
        return ""
    if site_dir.is_symlink() or not site_dir.is_dir():
        return f"{site_dir} is a file, not a folder"
    if (site_dir / ".git").exists() or any(True for _ in site_dir.rglob(".git")):
        return f"{site_dir} holds a git repository"
    if any(site_dir.iterdir()) and not is_marked(site_dir):
        return f"{site_dir} is not empty and was not built by build.py"
    return ""


def identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing folder, None for anything else."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


def is_marked(folder: Path) -> bool:
    """A build made it: it carries the mark, or (sites built before the mark) a fingerprint."""
    mark, legacy = folder / MARK, folder / ".build-fingerprint"
    if mark.is_file() and not mark.is_symlink():
        return True
    if legacy.is_file() and not legacy.is_symlink() and legacy.stat().st_size < 100:
        return bool(
            re.fullmatch(r"[0-9a-f]{64}\n?", legacy.read_text(encoding="ascii", errors="replace"))
        )
    return False


def mark_output(folder: Path) -> None:
    """Mark a finished build as this tool's output, so a later build may replace it."""
    (folder / MARK).write_text(
        "Built by build.py; every build replaces this folder whole.\n", encoding="utf-8"
    )
