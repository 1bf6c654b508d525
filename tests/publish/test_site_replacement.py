"""Nothing lost: a failed or interrupted build leaves the previous site/ byte-identical, the output
folder is never anything but the tool's own, and one build writes an output at a time."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from datasite import cli, pipeline
from datasite.cli import main
from datasite.publish import site as publish
from tests.conftest import REPO, make_project, tree_hashes

OWN = (".site.build-", ".site.work-", ".site.old-")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("publish") / "project")
    assert main(["build"], root=root) == 0
    return root


def leftovers(folder: Path) -> list[str]:
    """The output's own temporary folders still beside it (its lock file stays, by design)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(OWN))


def fail_for(lang: str, error: BaseException):
    """A stand-in for run_mkdocs that does the real work except for one language, which raises
    (in the build's own process or, on two, in its child)."""
    real = pipeline.run_mkdocs

    def run(*args, **kwargs):
        if args[4] == lang:
            raise error
        return real(*args, **kwargs)

    return run


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    "error, code, last_line",
    [
        (OSError(28, "No space left on device"), 1, "Build stopped; site/ was left as it was."),
        (KeyboardInterrupt(), 130, "Build interrupted; site/ was left as it was."),
    ],
)
def test_failure_in_the_last_mkdocs_run_keeps_the_site(
    published: Path, monkeypatch, capsys, error, code, last_line, jobs
):
    before = tree_hashes(published / "site")
    monkeypatch.setenv("DATASITE_JOBS", jobs)  # on two processes, Spanish runs in the child
    monkeypatch.setattr(pipeline, "run_mkdocs", fail_for("es", error))
    assert main(["build", "--force"], root=published) == code
    assert capsys.readouterr().err.splitlines()[-1] == last_line
    assert tree_hashes(published / "site") == before
    assert leftovers(published) == []


def test_failure_in_the_final_swap_puts_the_previous_site_back(
    published: Path, monkeypatch, capsys
):
    before = tree_hashes(published / "site")
    real = os.rename

    def rename(src, dst):
        if Path(dst).name == "site" and ".site.build-" in str(src):
            raise OSError(5, "Input/output error", str(src))
        return real(src, dst)

    monkeypatch.setattr(publish.os, "rename", rename)
    assert main(["build", "--force"], root=published) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "Build stopped; site/ was left as it was."
    assert tree_hashes(published / "site") == before
    assert leftovers(published) == []


def test_stale_build_folders_are_removed_and_never_published(published: Path):
    for name in (".site.build-killed", ".site.work-killed"):
        (published / name / "data").mkdir(parents=True)
        (published / name / "index.html").write_text("half-written\n", encoding="utf-8")
        (published / name / publish.STAGING_MARK).write_text("site\n", encoding="utf-8")
    assert main(["build", "--force"], root=published) == 0
    assert leftovers(published) == []
    assert "half-written" not in (published / "site/index.html").read_text(encoding="utf-8")


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path: Path):
    site = tmp_path / "site"
    old = tmp_path / ".site.old-killed"
    (old / "site").mkdir(parents=True)
    (old / publish.STAGING_MARK).write_text("site\n", encoding="utf-8")
    (old / "site/index.html").write_text("published\n", encoding="utf-8")
    publish.remove_stale(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "published\n"
    assert leftovers(tmp_path) == []


def test_the_sweep_touches_only_this_outputs_own_folders(published: Path):
    """Other sites' backups, other tools' folders and look-alike names beside the output stay."""
    others = [
        ".site-old-backup",
        ".site-build-other",
        ".site.backup.old-x",
        ".mirror.build-x",
        ".site.old",
        ".site.old-mybackup",
        ".site.build-preview.work-x1y2z3",
    ]
    for name in others:
        (published / name / "site").mkdir(parents=True)
        (published / name / "site/keep.txt").write_text("not ours\n", encoding="utf-8")
    # Another output's own folder (its name starts like ours) carries that output's mark.
    (published / ".site.build-preview.work-x1y2z3" / publish.STAGING_MARK).write_text(
        "site.build-preview\n", encoding="utf-8"
    )
    before = tree_hashes(published)
    assert main(["build", "--force"], root=published) == 0
    after = tree_hashes(published)
    assert {k: v for k, v in after.items() if k.split("/")[0] in others} == {
        k: v for k, v in before.items() if k.split("/")[0] in others
    }
    for name in others:
        shutil.rmtree(published / name)


# The output folder: only a new, empty or earlier-built folder may be replaced.

REFUSED = [
    (".", "is the project folder or contains it"),
    ("..", "is the project folder or contains it"),
    ("data", "is inside the project's data/ folder"),
    ("data/releases", "is inside the project's data/ folder"),
    ("schemas", "is inside the project's schemas/ folder"),
    ("versions", "is inside the project's versions/ folder"),
    ("site_templates", "is inside the project's site_templates/ folder"),
    (".git/site", "is inside the project's .git/ folder"),
    ("README.md", "is a file, not a folder"),
    ("notes", "is not empty and was not built by build.py"),
    ("checkout", "holds a git repository"),
]


@pytest.mark.parametrize("target, why", REFUSED, ids=[t for t, _ in REFUSED])
def test_an_output_folder_that_is_not_ours_is_refused(
    tmp_path: Path, capsys, target: str, why: str
):
    root = make_project(tmp_path / "project")
    (root / "versions").mkdir()
    (root / ".git").mkdir()
    (root / "README.md").write_text("# A project\n", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes/todo.txt").write_text("mine\n", encoding="utf-8")
    (root / "checkout/.git").mkdir(parents=True)
    (tmp_path / "beside.txt").write_text("a neighbour\n", encoding="utf-8")
    before = tree_hashes(tmp_path)
    assert main(["build", "--site", str(root / target)], root=root) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"Error: --site: {(root / target).resolve()} {why}; a build replaces its output folder "
        "whole"
    )
    assert tree_hashes(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beside.txt", "project"]


def test_a_marked_folder_holding_a_git_repository_or_a_forged_legacy_mark_is_refused(
    project: Path, tmp_path: Path, capsys
):
    marked = tmp_path / "marked"
    (marked / "repo/.git").mkdir(parents=True)
    publish.mark_output(marked)
    legacy = tmp_path / "legacy"
    (legacy / "photos").mkdir(parents=True)
    (legacy / "photos/a.jpg").write_bytes(b"a photo")
    (legacy / ".build-fingerprint").write_text("", encoding="ascii")
    before = tree_hashes(tmp_path)
    assert main(["build", "--site", str(marked)], root=project) == 2
    assert main(["build", "--site", str(legacy)], root=project) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"Error: --site: {marked.resolve()} holds a git repository;")
    assert err[1].startswith(
        f"Error: --site: {legacy.resolve()} is not empty and was not built by build.py;"
    )
    assert tree_hashes(tmp_path) == before


def test_a_lock_beside_the_output_that_is_a_link_is_refused(project: Path, tmp_path: Path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (project / ".site.lock").symlink_to(victim)
    assert main(["build"], root=project) == 2
    assert (
        f"{project / '.site.lock'} (the lock beside the output) is not a plain file"
        in capsys.readouterr().err
    )
    assert victim.read_text(encoding="utf-8") == "precious\n"
    (project / ".site.lock").unlink()
    os.mkfifo(project / ".site.lock")
    assert main(["build"], root=project) == 2


def test_a_bind_mount_of_the_project_cannot_hide_its_data_folder(
    project: Path, tmp_path: Path, capsys
):
    view = tmp_path / "view"
    view.mkdir()
    if (
        subprocess.run(["mount", "--bind", str(project), str(view)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("bind mounts need privileges this machine does not give")
    try:
        assert main(["build", "--site", str(view / "data/newsite")], root=project) == 2
        assert "is inside the project's data/ folder" in capsys.readouterr().err
        assert not (project / "data/newsite").exists()
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_the_published_site_is_readable_by_others(published: Path):
    # The last site swapped in (by the fixture's build or a later test's): no need to build again.
    umask = os.umask(0)
    os.umask(umask)
    assert (published / "site").stat().st_mode & 0o777 == 0o777 & ~umask


def test_ctrl_c_held_during_the_swap_arrives_after_it_whatever_thread_gets_it():
    """polars' threads do not block SIGINT: the signal may reach any thread, and still waits."""
    import threading

    done = []
    with pytest.raises(KeyboardInterrupt):
        with publish.interrupts_held():
            thread = threading.Thread(
                target=lambda: signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
            )
            thread.start()
            thread.join()
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.1)
            done.append("the block ran to its end")
    assert done == ["the block ran to its end"]


def test_ctrl_c_during_version_waits_for_the_whole_version(project: Path, monkeypatch, capsys):
    real = cli.freeze_version

    def interrupted_midway(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "freeze_version", interrupted_midway)
    assert main(["version", "places"], root=project) == 130
    out, err = capsys.readouterr()
    assert out.startswith("Froze places 0.1.0 into versions/places/0.1.0/")
    assert err == "Interrupted once version 0.1.0 was complete; it is frozen.\n"
    monkeypatch.undo()
    assert main(["validate"], root=project) == 0


def test_new_empty_and_earlier_built_folders_are_accepted(project: Path, tmp_path: Path):
    new = tmp_path / "out/new-site"
    assert main(["build", "--site", str(new)], root=project) == 0
    assert (new / "index.html").is_file() and (new / publish.MARK).is_file()
    assert main(["build", "--force", "--site", str(new)], root=project) == 0  # ours now
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["build", "--site", str(empty)], root=project) == 0
    # A site built before the mark existed carries the fingerprint only.
    (empty / publish.MARK).unlink()
    assert main(["build", "--force", "--site", str(empty)], root=project) == 0
    assert (empty / publish.MARK).is_file() and not (empty / publish.STAGING_MARK).exists()


# One build at a time.


def test_a_second_build_of_the_same_output_stops_with_a_clear_message(published: Path, capsys):
    before = tree_hashes(published / "site")
    with publish.output_lock(published / "site"):
        assert main(["build", "--force"], root=published) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"Error: another build is writing site/ now (process {os.getpid()}); wait for "
        "it to finish, then build again."
    )
    assert err[-1] == "Build stopped; site/ was left as it was."
    assert tree_hashes(published / "site") == before
    assert main(["build", "--force"], root=published) == 0  # the lock went with the first build


def test_two_builds_started_together_leave_a_whole_site(tmp_path: Path):
    """Two real processes: one builds, the other stops; the site is complete and the next build
    is not fooled into 'up to date' by a half-built site."""
    root = make_project(tmp_path / "project")
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--quiet"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = sorted((run.wait(timeout=300), run.stderr.read()) for run in runs)
    assert [code for code, _ in outcomes] in ([0, 0], [0, 1])
    if outcomes[1][0] == 1:
        assert "another build is writing site/ now" in outcomes[1][1]
    assert all("Traceback" not in err for _, err in outcomes)
    assert (root / "site/index.html").is_file() and (root / "site/es/index.html").is_file()
    assert leftovers(root) == []


# Any file systems: staging and temporary files live beside the output.


def test_a_build_works_when_tmpdir_is_on_another_file_system(project: Path, monkeypatch):
    """Renames across file systems fail (EXDEV): a rename out of $TMPDIR is refused as the
    kernel would, and nothing of the build may be written there."""
    tmp = Path(tempfile.mkdtemp(prefix="other-fs-"))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    real = os.rename

    def rename(src, dst):
        if Path(src).is_relative_to(tmp) != Path(dst).is_relative_to(tmp):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        return real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    try:
        assert main(["build"], root=project) == 0
        assert list(tmp.iterdir()) == []
    finally:
        shutil.rmtree(tmp)
    assert (project / "site/index.html").is_file() and leftovers(project) == []


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no /dev/shm")
def test_a_build_with_tmpdir_on_a_real_other_file_system(project: Path):
    """/dev/shm is a tmpfs; the project is on the disk (skipped where both are one file system)."""
    tmp = Path(tempfile.mkdtemp(prefix="datasite-test-", dir="/dev/shm"))
    try:
        if os.stat(tmp).st_dev == os.stat(project).st_dev:
            pytest.skip("/dev/shm and the project are on one file system here")
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--root", str(project), "build", "--quiet"],
            env={**os.environ, "TMPDIR": str(tmp)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert list(tmp.iterdir()) == []
    finally:
        shutil.rmtree(tmp)


# Interrupts and crashes.


def test_ctrl_c_while_the_previous_site_is_removed_says_the_new_site_is_live(
    published: Path, monkeypatch, capsys
):
    real = shutil.rmtree

    def rmtree(path, *args, **kwargs):
        if Path(path).name.startswith(".site.old-"):
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    (published / "data/places/facilities.yaml").touch()
    monkeypatch.setattr(publish.shutil, "rmtree", rmtree)
    assert main(["build", "--force"], root=published) == 130
    assert capsys.readouterr().err.splitlines()[-1] == (
        "Build interrupted after the new site was in place; site/ is the new build "
        "(the next build removes what is left of the previous one)."
    )
    assert (published / "site/index.html").is_file()
    monkeypatch.undo()
    assert main(["build", "--force"], root=published) == 0
    assert leftovers(published) == []


def test_ctrl_c_while_checking_is_no_traceback(published: Path, monkeypatch, capsys):
    before = tree_hashes(published / "site")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check_project", interrupted)
    assert main(["build", "--force"], root=published) == 130
    assert (
        capsys.readouterr().err.splitlines()[-1] == "Build interrupted; site/ was left as it was."
    )
    assert main(["validate"], root=published) == 130
    assert capsys.readouterr().err == "Interrupted; nothing was changed.\n"
    assert tree_hashes(published / "site") == before


def run_and_signal(
    command: list[str], delay: float, sig: int, env: dict | None = None
) -> tuple[int, str]:
    """Send sig `delay` seconds after the command's own code started (the interpreter's start-up,
    before build.py's first line runs, is CPython's and out of reach: see SECURITY.md)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    maps = Path(f"/proc/{process.pid}/maps")
    deadline = time.monotonic() + 60
    # polars is the first library datasite imports: build.py's guard is in force by then.
    while (
        process.poll() is None
        and time.monotonic() < deadline
        and "polars" not in maps.read_text(errors="replace")
    ):
        time.sleep(0.005)
    time.sleep(delay)
    process.send_signal(sig)
    _, err = process.communicate(timeout=300)
    return process.returncode, err


@pytest.mark.parametrize("delay", [0.0, 0.8, 2.5])
def test_ctrl_c_at_any_moment_is_exit_130_and_a_whole_site(published: Path, delay: float):
    """A real SIGINT at several moments of a real build: never a traceback; the site is the
    previous one or the new one, whole; the message says which."""
    shutil.rmtree(published / "site")
    assert main(["build"], root=published) == 0
    before = tree_hashes(published / "site")
    command = [
        sys.executable,
        str(REPO / "build.py"),
        "--root",
        str(published),
        "build",
        "--force",
        "--quiet",
    ]
    code, err = run_and_signal(command, delay, signal.SIGINT)
    assert "Traceback" not in err
    assert code in (0, 130), err
    after = tree_hashes(published / "site")
    if (code == 130 and "was left as it was" in err) or err.startswith(
        "Interrupted; nothing was changed."
    ):
        assert after == before
    else:  # finished, or interrupted once the new site was live: the new site is whole
        assert (published / "site/index.html").is_file() and (
            published / "site/es/index.html"
        ).is_file()
    assert main(["build", "--force"], root=published) == 0
    assert leftovers(published) == []


def test_after_kill_9_the_next_build_removes_every_temporary_folder(
    published: Path, tmp_path: Path
):
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    command = [
        sys.executable,
        str(REPO / "build.py"),
        "--root",
        str(published),
        "build",
        "--force",
        "--quiet",
    ]
    run_and_signal(command, 2.0, signal.SIGKILL, env={**os.environ, "TMPDIR": str(tmp)})
    assert main(["build", "--force"], root=published) == 0
    assert leftovers(published) == []
    assert list(tmp.iterdir()) == []  # nothing of the build was ever in $TMPDIR
