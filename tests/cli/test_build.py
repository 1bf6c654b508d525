"""The whole pipeline on the fictional project: packages, pages, exit codes, a failed build."""

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from datasite.cli import main
from tests.conftest import REPO, edit, run_main, tree_hashes

GOLDEN = REPO / "tests" / "golden" / "releases-1.2.0"


def test_golden_package(built_mini: Path):
    """The releases package matches the reviewed copy; UPDATE_GOLDEN=1 rewrites it when intended."""
    built = built_mini / "site/data/releases/1.2.0"
    if os.environ.get("UPDATE_GOLDEN"):
        import shutil

        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(built, GOLDEN)
    assert tree_hashes(built) == tree_hashes(GOLDEN)


def test_latest_is_a_copy_of_the_version(built_mini: Path):
    """latest/ holds the version's files, its zip named without the version."""
    data = built_mini / "site/data/releases"
    latest, version = tree_hashes(data / "latest"), tree_hashes(data / "1.2.0")
    assert latest.pop("releases.zip") == version.pop("releases-1.2.0.zip")
    assert latest.pop("SHA256SUMS") != version.pop("SHA256SUMS")
    assert latest == version


def test_package_carries_only_the_rows_it_cites(built_mini: Path):
    descriptor = json.loads((built_mini / "site/data/law/1.0.0/datapackage.json").read_text())
    names = [r["name"] for r in descriptor["resources"] if r.get("type") == "table"]
    assert names == ["legal_instruments", "legal_stages", "sources", "actors"]
    sources = (built_mini / "site/data/law/1.0.0/sources.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in sources[1:]] == ["daily-2026-01-10", "gazette-2026-01"]
    actors = (built_mini / "site/data/law/1.0.0/actors.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in actors[1:]] == ["gov-beta", "minister-gamma"]


def test_descriptor_lists_bytes_and_hashes_that_match(built_mini: Path):
    folder = built_mini / "site/data/releases/1.2.0"
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["version"] == "1.2.0" and descriptor["created"] == "2026-02-01T00:00:00Z"
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    sums = dict(
        reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines()
    )
    assert set(sums) == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    with zipfile.ZipFile(folder / "releases-1.2.0.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            f"releases-1.2.0/{n}" for n in sums if not n.endswith(".zip")
        )
        assert {i.date_time for i in archive.infolist()} == {(2026, 2, 1, 0, 0, 0)}


def test_every_package_passes_frictionless_validation(built_mini: Path):
    from frictionless import Package

    folders = sorted(p for p in (built_mini / "site/data").glob("*/*") if p.name != "latest")
    assert len(folders) == 4
    for folder in folders:
        report = Package(str(folder / "datapackage.json")).validate()
        assert report.valid, (folder, report.flatten(["rowNumber", "fieldName", "type", "note"]))


def test_frictionless_notices_a_tampered_download(built_mini: Path, tmp_path: Path):
    import shutil

    from frictionless import Package

    folder = tmp_path / "pkg"
    shutil.copytree(built_mini / "site/data/places/0.1.0", folder)
    (folder / "facilities.json").write_text("[]\n")
    assert not Package(str(folder / "datapackage.json")).validate().valid


def test_withheld_names_are_not_published(built_mini: Path):
    site = built_mini / "site"
    hits = [p for p in site.rglob("*") if p.is_file() and b"Secretname" in p.read_bytes()]
    assert hits == []
    assert b"Zed Fictional-Publicfigure" in (site / "data/releases/1.2.0/persons.csv").read_bytes()


def test_pages_in_both_languages(built_mini: Path):
    site = built_mini / "site"
    home_en = (site / "index.html").read_text()
    home_es = (site / "es/index.html").read_text()
    assert '<html lang="en"' in home_en and '<html lang="es"' in home_es
    assert "at least 12" in home_en and "as of 9 January 2026" in home_en
    assert "al menos 12" in home_es and "al 9 de enero de 2026" in home_es
    for page in (
        "datasets/releases.html",
        "facilities/index.html",
        "facilities/fort-one.html",
        "laws/example-law.html",
        "sources.html",
    ):
        assert (site / page).is_file() and (site / "es" / page).is_file(), page
    fort = (site / "facilities/fort-one.html").read_text()
    assert "https://www.openstreetmap.org/?mlat=10.5&amp;mlon=-66.9#map=16/10.5/-66.9" in fort
    assert "Closure announced" in fort and "a fictional park" in fort


def test_a_failed_build_leaves_the_previous_site_and_no_fingerprint(project: Path, capsys):
    """A build stopped by the checks, then one stopped by its last stage: site/ stays byte for
    byte, and once the inputs are back to those of the last good build, nothing is rebuilt."""
    assert main(["build"], root=project) == 0
    before = tree_hashes(project / "site")
    edit(project / "data/releases/tallies.csv", ",at_least,", ",about,")
    assert main(["build"], root=project) == 1
    assert tree_hashes(project / "site") == before
    err = capsys.readouterr().err
    assert 'data/releases/tallies.csv:2: enum: field "qualifier": "about" is not one of' in err
    assert "Build stopped; site/ was left as it was." in err
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []
    # The same site, one build later: the data is good again, a page template is not.
    edit(project / "data/releases/tallies.csv", ",about,", ",at_least,")
    edit(
        project / "site_templates/pages/sources.md.j2",
        '{{ t("sources_intro") }}',
        '{{ t("no_such_text") }}',
    )
    assert main(["build"], root=project) == 1
    assert tree_hashes(project / "site") == before
    assert 'no text for "no_such_text"' in capsys.readouterr().err
    edit(
        project / "site_templates/pages/sources.md.j2",
        '{{ t("no_such_text") }}',
        '{{ t("sources_intro") }}',
    )
    assert main(["build"], root=project) == 0
    assert capsys.readouterr().err.startswith("Nothing changed since the last build")


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
    )


def test_validate_exit_codes_and_no_traceback(project: Path):
    ok = run_cli(project, "validate")
    assert (ok.returncode, ok.stdout) == (0, "The data is valid.\n")
    edit(project / "data/places/facilities.yaml", "  type: prison", "  type: castle")
    edit(project / "data/releases/tallies.csv", ",345,,exact,", ",many,,exact,")
    bad = run_cli(project, "validate")
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        'data/places/facilities.yaml:4: enum: field "type": "castle" is not one of prison, '
        "intelligence_service_headquarters, police_detention_centre, "
        "military_detention_centre, women_prison",
        "    hint: write one of the listed values exactly as shown, in lowercase with _ "
        "between words",
        'data/releases/tallies.csv:3: type: field "value": "many" is not a valid integer',
        "    hint: write a whole number with digits only, e.g. 1200 (no dots, commas or words)",
        "2 problems in 2 files.",
    ]
    assert "Traceback" not in bad.stderr
    usage = run_cli(project, "validate", "--no-such-option")
    assert usage.returncode == 2 and "usage:" in usage.stderr


def test_validate_json_format(project: Path, capsys):
    # In this process (the exit code and the streams are main's): the subprocess is tested above.
    edit(project / "data/places/facilities.yaml", "  type: prison", "  type: castle")
    code, out, _ = run_main(project, "validate", "--format", "json", capsys=capsys)
    report = json.loads(out)
    assert code == 1
    assert report["valid"] is False and report["count"] == 1
    assert report["issues"][0] == {
        "path": "data/places/facilities.yaml",
        "line": 4,
        "column": 9,
        "code": "enum",
        "field": "type",
        "message": (
            'field "type": "castle" is not one of prison, '
            "intelligence_service_headquarters, police_detention_centre, "
            "military_detention_centre, women_prison"
        ),
        "hint": (
            "write one of the listed values exactly as shown, in lowercase with _ between words"
        ),
    }


def test_broken_yaml_is_reported_not_raised(project: Path, capsys):
    (project / "data/places/facility_events.yaml").write_text(
        "- id: x\n  date: [\n", encoding="utf-8"
    )
    code, out, err = run_main(project, "validate", capsys=capsys)
    assert code == 1 and "Traceback" not in err
    assert out.startswith("data/places/facility_events.yaml:3: yaml-syntax:")


def test_no_command_means_build(project: Path):
    result = run_cli(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/index.html").is_file()
    assert "Traceback" not in result.stderr


def test_a_build_stopped_by_the_data_says_so_in_the_contributor_s_language(
    project: Path, capsys, monkeypatch
):
    edit(project / "data/releases/tallies.csv", ",at_least,", ",about,")
    monkeypatch.setenv("LANG", "es_VE.UTF-8")
    assert main(["build"], root=project) == 1
    err = capsys.readouterr().err.splitlines()
    assert "no es" in "\n".join(err)  # the problem, in Spanish
    assert err[-1] == "Compilación detenida; site/ quedó como estaba."


def test_a_build_that_succeeds_says_so_in_the_contributor_s_language(
    project: Path, capsys, monkeypatch
):
    monkeypatch.setenv("LANG", "es_VE.UTF-8")
    monkeypatch.delenv("DATASITE_BASE_URL", raising=False)
    assert main(["build"], root=project) == 0
    err = capsys.readouterr().err
    assert re.search(
        r"^Sitio compilado en .*site a partir de \d+ conjuntos de datos "
        r"\(\d+ filas\) en \d+,\d s\.$",
        err,
        re.M,
    ), err
    assert "Nota: no hay dirección del sitio" in err and "Built" not in err
    assert main(["build"], root=project) == 0
    assert "Nada cambió desde la última compilación" in capsys.readouterr().err
    monkeypatch.delenv("LANG")  # --lang chooses as for validate
    assert main(["build", "--lang", "es"], root=project) == 0
    assert "Nada cambió desde la última compilación" in capsys.readouterr().err
    assert main(["build"], root=project) == 0
    assert "Nothing changed since the last build" in capsys.readouterr().err


def test_a_template_error_names_the_template_that_holds_it(project: Path, capsys):
    """An error in an included template is reported there, not at the page that includes it."""
    chart = project / "site_templates/pages/_chart.j2"
    original = chart.read_text(encoding="utf-8").rstrip("\n")
    lines = original.count("\n") + 1
    for broken, message in (
        ("{% if %}", "template: Expected an expression, got 'end of statement block'"),
        ("{{ nonexistent.attr }}", "template: 'nonexistent' is undefined"),
        ("{{ 1 / 0 }}", "template: ZeroDivisionError: division by zero"),
        ('{{ "a" + 1 }}', 'template: TypeError: can only concatenate str (not "int") to str'),
    ):
        chart.write_text(f"{original}\n{broken}\n", encoding="utf-8")
        assert main(["build"], root=project) == 1
        err = capsys.readouterr().err
        assert err.splitlines()[0] == f"site_templates/pages/_chart.j2:{lines + 1}: {message}"
        assert "Traceback" not in err
