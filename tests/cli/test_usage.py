"""Wrong usage is told in the user's language, exit 2, with the nearest command for a typo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, edit, run_main


@pytest.fixture
def spanish(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "es_VE.UTF-8")


def test_a_mistyped_command_is_told_in_spanish_with_the_nearest_one(project: Path, capsys, spanish):
    code, out, err = run_main(project, "valdate", capsys=capsys)
    assert code == 2 and out == ""
    assert err.startswith("uso: build.py [-h] [--root CARPETA] [--lang {en,es}]\n")
    assert err.splitlines()[-1].startswith("build.py: error: orden: opción no válida: 'valdate' (")
    assert err.splitlines()[-1].endswith('; ¿quiso decir "validate"?')


@pytest.mark.parametrize(
    "argv, said",
    [
        (
            ["validate", "--lang", "fr"],
            "build.py validate: error: argumento --lang: opción no válida: 'fr' (elija entre "
            "'en', 'es')",
        ),
        (["validate", "--foo"], "build.py: error: argumentos no reconocidos: --foo"),
        (["diff"], "build.py diff: error: faltan argumentos obligatorios: --base"),
        (["validate", "--lang"], "build.py validate: error: argumento --lang: falta su valor"),
    ],
)
def test_wrong_usage_in_spanish(project: Path, capsys, spanish, argv, said):
    code, _, err = run_main(project, *argv, capsys=capsys)
    assert code == 2
    assert err.startswith("uso: build.py")
    assert err.splitlines()[-1] == said


def test_lang_on_the_command_line_wins_over_the_locale(project: Path, capsys, spanish):
    code, _, err = run_main(project, "validate", "--lang", "en", "--foo", capsys=capsys)
    assert code == 2
    assert err.splitlines()[-1] == "build.py: error: unrecognized arguments: --foo"


def test_in_english_the_nearest_command_too(project: Path, capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    code, _, err = run_main(project, "biuld", capsys=capsys)
    assert code == 2 and err.startswith("usage: build.py")
    assert err.splitlines()[-1].endswith('; did you mean "build"?')


def test_a_folder_without_data_is_told_in_spanish(tmp_path: Path, capsys, spanish):
    code, _, err = run_main(tmp_path, "validate", capsys=capsys)
    assert code == 2
    assert err == (
        f"Error: {tmp_path.resolve()} no tiene carpeta data/; indique la carpeta del proyecto "
        "con --root\n"
    )


def test_help_is_in_spanish_for_a_spanish_locale(project: Path, capsys, spanish):
    code, out, _ = run_main(project, "import", "--help", capsys=capsys)
    assert code == 0
    assert out.startswith("uso: build.py import [-h]")
    assert "\nargumentos posicionales:\n" in out and "\nopciones:\n" in out
    assert "muestra esta ayuda y termina" in out
    assert "una plantilla .xlsx llena o un archivo .csv" in out
    assert "--lang {en,es}" in out  # option names and choices stay as they are typed


def test_every_help_text_has_its_spanish(monkeypatch):
    """A new option's help would stay English on a Spanish --help: each one has its translation,
    and every translation still has its English text."""
    from datasite.cli import HELP_ES, parser, parser_actions

    english = {
        text
        for owner, actions in parser_actions(parser())
        for text in [owner.description, *(a.help for a in actions)]
        if text
    }
    assert english - set(HELP_ES) == set()
    assert set(HELP_ES) - english == set()


def test_help_stays_english_for_an_english_locale(project: Path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    code, out, _ = run_main(project, "--help", capsys=capsys)
    assert code == 0 and out.startswith("usage: build.py") and "Check the data and build" in out


def test_import_and_template_speak_spanish(project: Path, capsys, spanish, tmp_path: Path):
    """`import` of a file that is not there said "No such file or directory", a sheet of no
    table "give --table", and `template` "Wrote …", on a Spanish command line."""
    code, _, err = run_main(project, "import", str(tmp_path / "nope.xlsx"), capsys=capsys)
    assert code == 1
    assert err == f"Error: no existe el archivo o la carpeta: {tmp_path / 'nope.xlsx'}\n"
    (tmp_path / "cifras_marzo.csv").write_text("id\n", encoding="utf-8")
    code, _, err = run_main(project, "import", str(tmp_path / "cifras_marzo.csv"), capsys=capsys)
    assert code == 2 and err.startswith('Error: no hay tabla "cifras_marzo"')
    assert err.endswith("; indique --table\n")
    out_path = tmp_path / "t.xlsx"
    code, out, _ = run_main(project, "template", "tallies", "--out", str(out_path), capsys=capsys)
    assert code == 0 and out == f"Se escribió {out_path}\n"


def test_lang_before_the_command_is_taken_and_help_names_its_values_in_spanish(
    project: Path, capsys
):
    """`build.py --lang es validate` was refused ("opción no válida: 'es'"), and the Spanish
    --help named values TABLE and FILE."""
    code, out, _ = run_main(project, "--lang", "es", "validate", capsys=capsys)
    assert code == 0 and out == "Los datos son válidos.\n", out
    code, out, _ = run_main(project, "--lang", "es", "import", "--help", capsys=capsys)
    assert code == 0 and "[--table TABLA]" in out and " ARCHIVO\n" in out, out
    assert "TABLE" not in out and "FILE" not in out


@pytest.mark.parametrize(
    "env, argv, said",
    [
        ({"LANG": "es_VE.UTF-8"}, ["validate"], "Instálelos una vez con `make .venv/.installed`"),
        ({"LANG": "C.UTF-8"}, ["--lang", "es", "validate"], "este Python no tiene"),
        ({"LANG": "C.UTF-8"}, ["validate"], "Install them once with `make .venv/.installed`"),
    ],
)
def test_build_py_run_outside_its_venv_says_how_to_set_up(project: Path, env, argv, said):
    """`python build.py validate`, as the guides write it, from a Python without the project's
    packages (here: -S, no site-packages): how to install them, in the user's language, exit 1,
    never an import traceback."""
    done = subprocess.run(
        [sys.executable, "-S", str(REPO / "build.py"), "--root", str(project), *argv],
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), **env},
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert said in done.stderr and "Traceback" not in done.stderr


def test_a_file_that_cannot_be_read_says_the_rules_were_not_checked_yet(
    project: Path, capsys, spanish
):
    """A YAML mistake stops the reading, and every rule of the data waits: the count of one
    problem must not read as all there is to fix."""
    (project / "data/law/legal_stages/broken.yaml").write_text("id: x\nnote: a: b\n")
    code, out, err = run_main(project, "validate", capsys=capsys)
    assert code == 1 and out.splitlines()[-1] == "1 problema en 1 archivo."
    assert err.splitlines() == [
        "Este problema impidió leer los datos, así que sus reglas (valores, referencias, "
        "privacidad) aún no se comprobaron: corríjalo y vuelva a ejecutar la orden para ver si "
        "hay más."
    ]
    (project / "data/law/legal_stages/broken.yaml").unlink()
    edit(project / "data/places/facilities.yaml", "type: prison", "type: cárcel")
    code, out, err = run_main(project, "validate", capsys=capsys)
    assert code == 1 and err == ""  # every rule was checked
