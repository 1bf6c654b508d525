"""Identifier patterns are the project's (data/site.yaml privacy.identifiers), not the code's."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from datasite.check import screen as columnar
from datasite.check.polars_regex import wide_pattern
from datasite.check.privacy import Identifiers, identifiers_of
from datasite.check.tables import check_project
from datasite.cli import main
from datasite.issues import sort_issues
from datasite.load.project import FRAME_MIN_BYTES, load_project, read_csv
from datasite.model import Dataset, Identifier, Project, Table
from datasite.report.messages import localize
from tests.check.conftest import forge, replace_cell
from tests.conftest import REPO, TODAY, edit, freeze_all, make_project, run_main

RURITANIA = """\
privacy:
  identifiers:
    - label: Ruritanian passport number
      label_es: un número de pasaporte ruritano
      pattern: 'RP-\\d{6}'
  names_in_records: allowed in test fixtures  # as in the mini project: it keeps a withheld name
"""
PASSPORT = "looks like a Ruritanian passport number; personal identifiers are never published"
TALLIES = "data/releases/tallies.csv"


def ruritanian(root: Path) -> Path:
    """The mini project with Ruritania's identifier patterns in place of the shipped ones."""
    site = root / "data" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text[: text.index("privacy:")] + RURITANIA, encoding="utf-8")
    return root


def problems_of(root: Path, screen: bool = True) -> list[str]:
    project, issues = load_project(root)
    assert issues == []
    return [str(i) for i in sort_issues(check_project(project, TODAY, screen=screen))]


# A row of report/phrases.py's table of country names (every ISO code alike, for did-you-mean on
# a source's `country`): naming every country is not knowing one.
COUNTRY_ROW = re.compile(r'^\s*"[A-Z]{2}": \(\(')


def test_the_code_names_no_country():
    """The generator knows no country: its identity cards and phone areas are settings."""
    words = re.compile(
        r"c[eé]dula|venezuel|0414|\+58|4\(\?:12\|14|412\D{1,3}414|2\\d\{2\}\|4", re.IGNORECASE
    )
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / "datasite").rglob("*"))
        if path.suffix in (".py", ".j2", ".yaml", ".yml", ".json", ".md", ".txt")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if words.search(line) and not COUNTRY_ROW.match(line)
    ]
    assert found == []


def test_the_shipped_data_declares_its_patterns():
    site = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))
    labels = [p.label for p in identifiers_of(site).patterns]
    assert labels == ["national ID number", "phone number", "e-mail address"]
    assert identifiers_of({}).patterns[0].label == "e-mail address"  # built in, always


@pytest.mark.usefixtures("both_readers")
def test_another_projects_pattern_is_enforced(project: Path):
    ruritanian(project)
    edit(project / TALLIES, "Fictional count.", "Passport RP-123456 seen.")
    assert problems_of(project) == [f'{TALLIES}:2: privacy-identifier: field "note": {PASSPORT}']


@pytest.mark.usefixtures("both_readers")
def test_a_cedula_is_no_identifier_where_the_project_declares_none(project: Path):
    ruritanian(project)
    edit(project / TALLIES, "Fictional count.", "Card V-12.345.678; phone 0414 1234568.")
    assert problems_of(project) == []


def test_the_shipped_patterns_refuse_what_ruritania_accepts(project: Path):
    edit(project / TALLIES, "Fictional count.", "Card V-12.345.678.")
    assert problems_of(project) == [
        f'{TALLIES}:2: privacy-identifier: field "note": looks like a national ID number; '
        "personal identifiers are never published"
    ]


def test_the_label_reads_in_spanish(project: Path):
    ruritanian(project)
    edit(project / TALLIES, "Fictional count.", "Passport RP-123456 seen.")
    [issue] = check_project(load_project(project)[0], TODAY)
    assert str(localize(issue, "es")) == (
        f'{TALLIES}:2: privacy-identifier: campo "note": parece un número de pasaporte ruritano; '
        "nunca se publican identificadores personales"
    )


def test_a_settings_text_is_scanned_with_the_projects_pattern(project: Path):
    ruritanian(project)
    edit(
        project / "data/site.yaml",
        "description: Fictional data for tests.",
        "description: RP-000001",
    )
    assert problems_of(project) == [
        f'data/site.yaml:5: privacy-identifier: field "description": {PASSPORT}'
    ]


# --- A large CSV file (the screen drops rows no check could reject) --------------------------

NOTES = {
    "fields": [{"name": "id"}, {"name": "note"}, {"name": "tags", "type": "list", "delimiter": ";"}]
}


def large_project(root: Path, site: dict, planted: dict[int, tuple[str, str]]) -> Project:
    """One table of notes over 256 KiB, read into columns; `planted`: row -> (note, tags)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "note", "tags"])
    for n in range(6000):
        note, tags = planted.get(
            n, (f"Row {n} of a fictional register, 42 people released.", "a;b")
        )
        writer.writerow([f"r{n}", note, tags])
    data = buffer.getvalue()
    assert len(data.encode()) >= FRAME_MIN_BYTES
    (root / "notes.csv").write_text(data, encoding="utf-8")
    table = Table("notes", "d", NOTES, "schemas/notes.schema.yaml", "notes.csv")
    table.rows = read_csv(root, root / "notes.csv", table)
    meta = {"version": "1.0.0", "created": "2026-01-01"}
    return Project(root=root, site=site, datasets={"d": Dataset("d", meta, "d", {"notes": table})})


def codes_at(project: Project, screen: bool) -> list[tuple[int, str, str]]:
    issues = sort_issues(check_project(project, TODAY, screen=screen))
    return [(i.line, i.code, i.details.get("kind", "")) for i in issues]


@pytest.mark.parametrize("screen", [True, False], ids=["screen", "every-row"])
def test_a_large_table_is_scanned_with_the_projects_pattern(tmp_path: Path, screen: bool):
    site = yaml.safe_load(RURITANIA)
    planted = {
        10: ("Passport RP-123456.", "a"),
        2000: ("Fine.", "x;RP-654321"),  # the second item of a list
        3000: ("Card V-12.345.678 and phone 0414 1234568.", "a"),
        4000: ("Passport rp\u2011123456 with a non-breaking hyphen.", "a"),
    }
    project = large_project(tmp_path, site, planted)
    kind = "Ruritanian passport number"
    assert codes_at(project, screen) == [
        (12, "privacy-identifier", kind),
        (2002, "privacy-identifier", kind),
        (4002, "privacy-identifier", kind),
    ]


def test_a_pattern_the_screen_cannot_translate_keeps_every_text_row(tmp_path: Path):
    # (?=…) is a lookahead the Rust engine lacks: the screen keeps every row for Python to judge.
    site = {
        "privacy": {
            "identifiers": [{"label": "code", "label_es": "un código", "pattern": "Q(?=\\d{3})"}]
        }
    }
    assert columnar.identifier_screen(identifiers_of(site)) is None
    project = large_project(tmp_path, site, {5000: ("Code Q123.", "a")})
    assert (
        codes_at(project, True)
        == codes_at(project, False)
        == [(5002, "privacy-identifier", "code")]
    )


@pytest.mark.parametrize(
    "pattern, texts",
    [
        ("RP-\\d{6}$", ["RP-123456\n", "x RP-123456"]),
        ("^RP-\\d{6}", ["RP-123456 x", "a RP-123456"]),
        ("\\bRP\\b-\\d+", ["rp-1", "RP-12345"]),
    ],
)
def test_the_screen_of_a_declared_pattern_is_never_narrower(pattern: str, texts: list[str]):
    import polars as pl

    compiled = re.compile(pattern, re.IGNORECASE)
    rust = wide_pattern(compiled)
    assert rust is not None
    kept = pl.Series(texts, dtype=pl.String).str.contains(rust).to_list()
    for text, keep in zip(texts, kept, strict=True):
        if compiled.search(text):
            assert keep, text


def test_patterns_with_groups_are_searched_one_by_one():
    # A back-reference would point at another pattern's group once joined: never joined then.
    declared = [Identifier("repeat", "una repetición", "(\\d)\\1{5}")]
    identifiers = Identifiers(declared)
    assert identifiers.any is None
    assert [p.label for p in identifiers.kinds(["code 777777"])] == ["repeat"]
    assert identifiers.kinds(["code 123456"]) == []


# --- A frozen version ---------------------------------------------------------------------------


def test_a_frozen_version_is_scanned_with_the_projects_pattern(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769904000")
    root = ruritanian(make_project(tmp_path / "project"))
    freeze_all(root)
    capsys.readouterr()
    old = "versions/references/1.0.0/sources.csv"
    title = "Fictional report on releases"
    meta = root / "data/references/datapackage.yaml"
    edit(meta, "version: 1.0.0", "version: 1.1.0")
    cedula = replace_cell(root, old, title, "Card V-12.345.678")
    forge(root, "references", "1.0.0", "1.1.0", {"sources.csv": cedula})
    code, out, _ = run_main(root, "validate", capsys=capsys)
    assert (code, out) == (0, "The data is valid.\n")
    edit(meta, "version: 1.1.0", "version: 1.2.0")
    passport = replace_cell(root, old, title, "RP-123456")
    forge(root, "references", "1.0.0", "1.2.0", {"sources.csv": passport})
    code, out, _ = run_main(root, "validate", "--lang", "en", capsys=capsys)
    assert code == 1
    assert (
        f'versions/references/1.2.0/sources.csv:2: privacy-identifier: field "title": {PASSPORT}'
        in out
    )


# --- The setting itself ---------------------------------------------------------------------------


def refused(project: Path, privacy: str, lang: str, capsys) -> list[str]:
    site = project / "data" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text[: text.index("privacy:")] + privacy, encoding="utf-8")
    assert main(["validate", "--lang", lang], root=project) == 1
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    "privacy, english, spanish",
    [
        (
            "privacy:\n  identifiers:\n    - {label: a, label_es: b, pattern: 'RP-(\\d'}\n",
            "privacy.identifiers.0: pattern is not a valid Python regular expression at character "
            "4",
            "privacy.identifiers.0: pattern no es una expresión regular de Python válida (error "
            "en el carácter 4)",
        ),
        (
            "privacy:\n  identifiers:\n    - {label: a, label_es: b, pattern: ['(?i)', 'RP']}\n",
            "privacy.identifiers.0: pattern is not a valid Python regular expression",
            "privacy.identifiers.0: pattern no es una expresión regular de Python válida",
        ),
        (
            "privacy:\n  identifiers:\n    - {label: a, label_es: b, pattern: 'x*'}\n",
            "privacy.identifiers.0: pattern matches an empty text, so it would refuse every text",
            "privacy.identifiers.0: pattern coincide con un texto vacío, así que rechazaría todo "
            "texto",
        ),
        (
            "privacy:\n  identifiers:\n    - {label: a, label_es: b, pattern: '\\b'}\n",
            "privacy.identifiers.0: pattern matches an empty text, so it would refuse every text",
            "privacy.identifiers.0: pattern coincide con un texto vacío, así que rechazaría todo "
            "texto",
        ),
        (
            "privacy:\n  identifiers:\n    - label: a\n      pattern: 'RP'\n",
            "setting-missing: privacy.identifiers needs label_es",
            "setting-missing: privacy.identifiers necesita label_es",
        ),
        (
            "privacy:\n  identifiers:\n    - {label: a, label_es: b, pattern: RP, flags: i}\n",
            'setting-unknown: privacy.identifiers: unknown setting "flags"',
            'setting-unknown: privacy.identifiers: ajuste desconocido "flags"',
        ),
        (
            "privacy:\n  identifiers: RP-\\d{6}\n",
            "setting-type: privacy.identifiers must be a list of mappings, not text",
            "setting-type: privacy.identifiers debe ser una lista de mapeos, no texto",
        ),
    ],
    ids=[
        "invalid",
        "flags-inside",
        "empty",
        "boundary",
        "label-missing",
        "unknown-key",
        "not-a-list",
    ],
)
def test_a_bad_identifier_setting_is_a_problem_at_its_line(
    project: Path, capsys, privacy: str, english: str, spanish: str
):
    line = len(
        (project / "data/site.yaml")
        .read_text(encoding="utf-8")[
            : (project / "data/site.yaml").read_text(encoding="utf-8").index("privacy:")
        ]
        .splitlines()
    )
    # A pattern's problems are privacy-setting problems; the shape of the setting is checked with
    # every other setting (setting-missing, -unknown, -type).
    if not english.startswith("setting-"):
        english, spanish = f"privacy-setting: {english}", f"privacy-setting: {spanish}"
    out = refused(project, privacy, "en", capsys)
    assert re.fullmatch(rf"data/site\.yaml:(\d+): {re.escape(english)}", out[0])
    assert int(out[0].split(":")[1]) > line  # at the entry, past the lines before `privacy:`
    assert out[1].startswith("    hint: ")
    out_es = refused(project, privacy, "es", capsys)
    assert out_es[0] == out[0].replace(english, spanish)
    assert out_es[1].startswith("    sugerencia: ")
    if english.startswith("privacy-setting"):
        assert "Patrones de identificadores" in out_es[1]
