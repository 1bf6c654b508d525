"""Links, pipes, sockets and devices among the inputs: refused at their path before anything reads
them; the commands run in a subprocess with a timeout, so a hang fails the test instead of the
suite."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from datasite import cli, pipeline
from datasite.issues import Issue
from datasite.load.inputs import copy_plain, input_issues
from datasite.publish.cache import fingerprint, walk
from tests.conftest import REPO, previous_site, tree_hashes

SYMLINK = "symbolic links are not allowed"
FIFO = (
    "a named pipe (FIFO) is not a file the build can read; only regular files and folders "
    "are allowed"
)
SOCKET = "a socket is not a file the build can read; only regular files and folders are allowed"
SECRET = "host-secret: root:x:0:0\n"


def host_file(project: Path) -> Path:
    """A file outside the project standing in for /etc/passwd."""
    path = project.parent / "host-passwd"
    path.write_text(SECRET, encoding="utf-8")
    return path


def unix_socket(path: Path) -> None:
    """A socket file at path (bound from its folder: socket paths are limited to ~100 bytes)."""
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        socket.socket(socket.AF_UNIX).bind(path.name)
    finally:
        os.chdir(here)


CASES = {
    "table-linked-to-dev-zero": (
        lambda p: link(p / "data/references/sources.csv", "/dev/zero"),
        [f"data/references/sources.csv: symlink: {SYMLINK}"],
    ),
    "new-csv-linked-to-dev-zero": (
        lambda p: (p / "data/x.csv").symlink_to("/dev/zero"),
        [f"data/x.csv: symlink: {SYMLINK}"],
    ),
    "table-is-a-fifo": (
        lambda p: fifo(p / "data/places/facilities.yaml"),
        [f"data/places/facilities.yaml: special-file: {FIFO}"],
    ),
    "fifo-in-schemas": (
        lambda p: os.mkfifo(p / "schemas/extra.schema.yaml"),
        [f"schemas/extra.schema.yaml: special-file: {FIFO}"],
    ),
    "dangling-link": (
        lambda p: link(p / "data/law/legal_instruments.yaml", str(p / "nowhere.yaml")),
        [f"data/law/legal_instruments.yaml: symlink: {SYMLINK}"],
    ),
    "asset-linked-to-host-file": (
        lambda p: (p / "site_templates/assets/passwd.txt").symlink_to(host_file(p)),
        [f"site_templates/assets/passwd.txt: symlink: {SYMLINK}"],
    ),
    "assets-folder-linked": (
        lambda p: link(p / "site_templates/assets", str(p.parent)),
        [f"site_templates/assets: symlink: {SYMLINK}"],
    ),
    "mkdocs-yml-linked": (
        lambda p: link(p / "mkdocs.yml", str(host_file(p))),
        [f"mkdocs.yml: symlink: {SYMLINK}"],
    ),
    "socket-in-data": (
        lambda p: unix_socket(p / "data/places/sock"),
        [f"data/places/sock: special-file: {SOCKET}"],
    ),
}


def link(path: Path, target: str) -> None:
    """Replace a file or folder of the project with a symbolic link to target."""
    if path.is_dir():
        import shutil

        shutil.rmtree(path)
    else:
        path.unlink()
    path.symlink_to(target)


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """build.py in a subprocess that may not outlive the timeout (a hang is the bug tested here)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )


def problem_lines(text: str) -> list[str]:
    """The problems told, without hints and the advice that the rules were not checked yet."""
    advice = {line for told in cli.UNCHECKED.values() for line in told}
    return [
        line
        for line in text.splitlines()
        if not line.startswith("    ") and ": " in line and line not in advice
    ]


@pytest.mark.parametrize("case", sorted(CASES))
def test_special_inputs_stop_validate_and_build(project: Path, case: str):
    mutate, expected = CASES[case]
    site = previous_site(project)
    mutate(project)
    before = tree_hashes(site)

    validated = run(project, "validate")
    assert validated.returncode == 1
    assert problem_lines(validated.stdout) == expected
    built = run(project, "build")
    assert built.returncode == 1
    assert problem_lines(built.stderr) == expected
    assert built.stderr.splitlines()[-1] == "Build stopped; site/ was left as it was."
    assert "Traceback" not in validated.stdout + validated.stderr + built.stdout + built.stderr
    assert tree_hashes(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("command", [["diff", "--base", "HEAD"], ["new", "tallies"]])
def test_diff_and_new_refuse_a_pipe_instead_of_hanging(project: Path, command: list[str]):
    os.mkfifo(project / "data/pipe.csv")
    done = run(project, *command)
    assert done.returncode == 1
    assert problem_lines(done.stderr) == [f"data/pipe.csv: special-file: {FIFO}"]


def test_spanish_messages(project: Path):
    os.mkfifo(project / "data/pipe.csv")
    (project / "data/x.csv").symlink_to("/dev/zero")
    validated = run(project, "validate", "--lang", "es")
    assert validated.returncode == 1
    assert validated.stdout.splitlines()[:4] == [
        "data/pipe.csv: special-file: una tubería con nombre (FIFO) no es un archivo que la "
        "compilación pueda leer; "
        "solo se admiten archivos normales y carpetas",
        "    sugerencia: bórrelo; en el proyecto solo caben archivos normales",
        "data/x.csv: symlink: no se permiten enlaces simbólicos",
        "    sugerencia: sustituya el enlace por el propio archivo",
    ]


def test_input_issues_follow_nothing(project: Path):
    (project / "data/linked").symlink_to(project / "schemas", target_is_directory=True)
    (project / "data/gone.yaml").symlink_to(project / "nowhere")
    os.mkfifo(project / "site_templates/pages/pipe.md.j2")
    assert input_issues(project) == [
        Issue("data/gone.yaml", 0, "symlink", SYMLINK),
        Issue("data/linked", 0, "symlink", SYMLINK),  # reported once, never walked into
        Issue("site_templates/pages/pipe.md.j2", 0, "special-file", FIFO),
    ]


def test_a_clean_project_has_no_input_issues(project: Path):
    assert input_issues(project) == []


def test_fingerprint_neither_hangs_nor_follows(project: Path):
    """Special files count by what they are: adding one changes the fingerprint, so a build that
    was up to date runs its checks (and refuses it) instead of saying nothing changed."""
    script = (
        "import sys; from pathlib import Path; from datasite.publish.cache import fingerprint; "
        "print(fingerprint(Path(sys.argv[1])))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def digest() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, str(project)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=True,
        )
        return done.stdout.strip()

    clean = digest()
    assert clean == fingerprint(project)
    (project / "data/x.csv").symlink_to("/dev/zero")
    os.mkfifo(project / "data/pipe.yaml")
    (project / "data/linked").symlink_to("/", target_is_directory=True)
    special = digest()
    assert special != clean
    names = [p.relative_to(project).as_posix() for p in walk(project / "data")]
    assert {"data/x.csv", "data/pipe.yaml", "data/linked"} <= set(names)
    assert not any(name.startswith("data/linked/") for name in names)


def test_an_up_to_date_site_still_refuses_a_new_link(project: Path, monkeypatch, capsys):
    site = project / "site"
    digest = fingerprint(project, "")
    site.mkdir()
    (site / ".build-fingerprint").write_text(digest + "\n", encoding="ascii")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (project / "data/x.csv").symlink_to("/dev/zero")
    assert cli.main(["build"], root=project) == 1
    assert f"data/x.csv: symlink: {SYMLINK}" in capsys.readouterr().err.splitlines()


def test_copy_plain_leaves_links_and_pipes_out(tmp_path: Path):
    source, target = tmp_path / "assets", tmp_path / "docs/assets"
    (source / "css").mkdir(parents=True)
    (source / "site.css").write_text("body {}\n", encoding="utf-8")
    (source / "css/more.css").write_text("p {}\n", encoding="utf-8")
    (source / "passwd.txt").symlink_to(host_file(tmp_path / "project"))
    (source / "etc").symlink_to("/etc", target_is_directory=True)
    os.mkfifo(source / "pipe")
    copy_plain(source, target)
    assert tree_hashes(target).keys() == {"site.css", "css/more.css"}
    linked = tmp_path / "linked-assets"
    linked.symlink_to(source, target_is_directory=True)
    copy_plain(linked, tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere").exists()


def test_an_asset_link_is_never_published_even_past_the_checks(project: Path, monkeypatch, capsys):
    """The second wall: were the input check skipped, the assets copy still leaves the link out."""
    secret = host_file(project)
    (project / "site_templates/assets/passwd.txt").symlink_to(secret)
    monkeypatch.setattr(pipeline, "input_issues", lambda root: [])
    monkeypatch.setattr("datasite.load.project.find_symlinks", lambda root, folders: [])
    assert cli.main(["build"], root=project) == 0, capsys.readouterr().err
    published = [p for p in (project / "site").rglob("*") if p.is_file()]
    assert not [p for p in published if p.name == "passwd.txt"]
    assert not [
        p for p in published if "host-secret" in p.read_text(encoding="utf-8", errors="replace")
    ]


INHERIT = "`INHERIT` is not allowed; write every setting in mkdocs.yml itself"
CUSTOM_DIR = "`theme.custom_dir` must be a folder inside site_templates/"
MKDOCS_CASES = {
    "custom-dir-elsewhere": (
        "theme2",
        lambda p: (p / "theme2").mkdir() or (p / "theme2/host").symlink_to("/etc/hostname"),
        [f"mkdocs.yml:{{line}}: mkdocs-setting: {CUSTOM_DIR}"],
    ),
    "custom-dir-outside": (
        "../outside",
        lambda p: (p.parent / "outside").mkdir(),
        [f"mkdocs.yml:{{line}}: mkdocs-setting: {CUSTOM_DIR}"],
    ),
    "custom-dir-absolute": (
        "/etc",
        lambda p: None,
        [f"mkdocs.yml:{{line}}: mkdocs-setting: {CUSTOM_DIR}"],
    ),
    "custom-dir-climbs-out": (
        "site_templates/../theme2",
        lambda p: (p / "theme2").mkdir(),
        [f"mkdocs.yml:{{line}}: mkdocs-setting: {CUSTOM_DIR}"],
    ),
}


def set_custom_dir(project: Path, value: str) -> int:
    """Point theme.custom_dir at value; return its line in mkdocs.yml."""
    path = project / "mkdocs.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.strip().startswith("custom_dir:"))
    lines[number] = f"  custom_dir: {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("case", sorted(MKDOCS_CASES))
def test_custom_dir_outside_site_templates_is_refused(project: Path, case: str):
    value, prepare, expected = MKDOCS_CASES[case]
    prepare(project)
    line = set_custom_dir(project, value)
    site = previous_site(project)
    before = tree_hashes(site)
    validated = run(project, "validate")
    assert validated.returncode == 1
    assert problem_lines(validated.stdout) == [e.format(line=line) for e in expected]
    built = run(project, "build")
    assert built.returncode == 1
    assert problem_lines(built.stderr) == [e.format(line=line) for e in expected]
    assert "Traceback" not in validated.stdout + validated.stderr + built.stdout + built.stderr
    assert tree_hashes(site) == before


def test_inherit_and_build_set_keys_are_refused_without_reading(project: Path):
    os.mkfifo(project.parent / "fifo")
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        f"INHERIT: {project.parent / 'fifo'}\n{text}docs_dir: /etc\nsite_dir: out\nhooks: [x.py]\n",
        encoding="utf-8",
    )
    end = len(text.splitlines()) + 1
    for command in (["validate"], ["build"], ["version", "mini"]):
        done = run(project, *command)
        assert done.returncode == 1, command
        out = done.stdout if command == ["validate"] else done.stderr
        assert problem_lines(out)[:4] == [
            f"mkdocs.yml:1: mkdocs-setting: {INHERIT}",
            f"mkdocs.yml:{end + 1}: mkdocs-setting: `docs_dir` is set by the build; remove it "
            "from mkdocs.yml",
            f"mkdocs.yml:{end + 2}: mkdocs-setting: `site_dir` is set by the build; remove it "
            "from mkdocs.yml",
            f"mkdocs.yml:{end + 3}: mkdocs-setting: `hooks` is set by the build; remove it "
            "from mkdocs.yml",
        ]
        assert "Traceback" not in done.stdout + done.stderr
    spanish = run(project, "validate", "--lang", "es")
    assert spanish.stdout.splitlines()[:2] == [
        "mkdocs.yml:1: mkdocs-setting: no se permite `INHERIT`; escriba todos los ajustes en "
        "el propio mkdocs.yml",
        "    sugerencia: deje mkdocs.yml como se entrega en estas claves; las plantillas del "
        "tema van en "
        "site_templates/overrides",
    ]


def test_custom_dir_inside_site_templates_is_fine(project: Path):
    (project / "site_templates/other").mkdir(exist_ok=True)
    set_custom_dir(project, "site_templates/other")
    assert pipeline.mkdocs_issues(project) == []
