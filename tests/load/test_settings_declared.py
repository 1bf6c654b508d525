"""The declared shape of data/site.yaml (load/settings.py): each shape problem at its line, in
English and Spanish, from `validate` as from `build`; broken files never end in a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite import cli
from datasite.load.project import load_project
from datasite.load.settings import DATASET_SETTINGS, SETTINGS, markdown_table
from datasite.model import Identifier
from tests.conftest import REPO, edit

SITE = "data/site.yaml"


def line_of(project: Path, text: str) -> int:
    lines = (project / SITE).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def problems(out: str) -> list[str]:
    """The problem lines and their hints, without the summary line."""
    return out.splitlines()[:-1]


# name: (old text, new text, the text on the line reported, English problem and hint,
#        Spanish problem and hint)
CASES = {
    "misspelt headline key": (
        "  measure_field: measure\n",
        "  measure_feld: measure\n",
        [
            ("headline:", "setting-missing: headline needs measure_field"),
            ("measure_feld", 'setting-unknown: headline: unknown setting "measure_feld"'),
        ],
        [
            "add it: see the table of settings in README.md (Settings)",
            'did you mean "measure_field"?',
        ],
        [
            "setting-missing: headline necesita measure_field",
            'setting-unknown: headline: ajuste desconocido "measure_feld"',
        ],
        [
            "añádalo: vea la tabla de ajustes en README.md (Settings)",
            '¿quiso decir "measure_field"?',
        ],
    ),
    "unknown top-level key": (
        "publisher: Test publisher",
        "publisher: Test publisher\nwhatever: 1",
        [("whatever", 'setting-unknown: site.yaml: unknown setting "whatever"')],
        None,
        ['setting-unknown: site.yaml: ajuste desconocido "whatever"'],
        None,
    ),
    "wrong type": (
        "count: 6}",
        "count: [6]}",
        [
            (
                "home_events:",
                "setting-type: home_events.count must be a whole number, not a mixed list",
            )
        ],
        ["see the table of settings in README.md (Settings)"],
        ["setting-type: home_events.count debe ser un número entero, no una lista mixta"],
        ["vea la tabla de ajustes en README.md (Settings)"],
    ),
    "text where a list is expected": (
        "chart: [released]",
        "chart: released",
        [("  chart: released", "setting-type: headline.chart must be a list of texts, not text")],
        None,
        ["setting-type: headline.chart debe ser una lista de textos, no texto"],
        None,
    ),
    "a window start that is no date": (
        "window_start: 2026-01-08}",
        "window_start: since January}",
        [
            (
                "window_start: since January",
                'setting-value: headline.rows.window_start: "since January" must be a date like '
                "2026-01-08, 2026-01 or 2026, or not_stated",
            )
        ],
        None,
        [
            'setting-value: headline.rows.window_start: "since January" debe ser una fecha '
            "como 2026-01-08, 2026-01 o 2026, o not_stated"
        ],
        None,
    ),
    "value not allowed": (
        "languages: [en, es]",
        "languages: [en, Spanish]",
        [("languages:", 'setting-value: languages: "Spanish" must be a language code like es')],
        ["see the table of settings in README.md (Settings)"],
        ['setting-value: languages: "Spanish" debe ser un código de idioma como es'],
        None,
    ),
    "value below the minimum": (
        "count: 6}",
        "count: -1}",
        [("home_events:", "setting-value: home_events.count: -1 is less than 0")],
        None,
        ["setting-value: home_events.count: -1 es menor que 0"],
        None,
    ),
    "translation naming no language": (
        "i18n: {es: {title: Sitio",
        "i18n: {fr: {title: Sitio",
        [("i18n:", 'setting-reference: i18n: "fr" is not one of the languages')],
        ["add the language to `languages`, or correct the name"],
        ['setting-reference: i18n: "fr" no es uno de los idiomas'],
        ["añada el idioma a `languages`, o corrija el nombre"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_shape_problem_in_english_and_spanish(project: Path, capsys, case: str):
    old, new, expected, hints, spanish, hints_es = CASES[case]
    edit(project / SITE, old, new)
    english = [f"{SITE}:{line_of(project, where)}: {message}" for where, message in expected]
    for command in (["validate"], ["build"]):
        assert cli.main(command, root=project) == 1
        out, err = capsys.readouterr()
        lines = problems(out if command == ["validate"] else err)
        assert [line for line in lines if not line.startswith("    ")][: len(english)] == english
        if hints:
            assert [line for line in lines if line.startswith("    hint: ")] == [
                f"    hint: {hint}" for hint in hints
            ]
        assert "Traceback" not in out + err
    assert cli.main(["validate", "--lang", "es"], root=project) == 1
    lines = problems(capsys.readouterr().out)
    assert [line.split(": ", 1)[1] for line in lines if not line.startswith("    ")] == spanish
    if hints_es:
        assert [line for line in lines if line.startswith("    sugerencia: ")] == [
            f"    sugerencia: {hint}" for hint in hints_es
        ]


def test_a_pages_entry_naming_no_table_fails_validate(project: Path, capsys):
    edit(project / SITE, "{table: legal_instruments, folder: laws", "{table: laws, folder: laws")
    assert cli.main(["validate"], root=project) == 1
    assert problems(capsys.readouterr().out)[0] == (
        f'{SITE}:{line_of(project, "table: laws")}: config: pages: no table "laws"'
    )


def test_a_headline_exclude_key_must_be_a_field(project: Path, capsys):
    edit(project / SITE, "exclude: {verification:", "exclude: {verified:")
    assert cli.main(["validate"], root=project) == 1
    assert problems(capsys.readouterr().out)[0] == (
        f'{SITE}:{line_of(project, "verified")}: config: headline: "verified" is not a field of '
        "tallies"
    )


def test_a_dataset_setting_of_the_wrong_type(project: Path, capsys):
    path = next((project / "data").glob("*/datapackage.yaml"))
    where = path.relative_to(project).as_posix()
    path.write_text(path.read_text(encoding="utf-8") + "spatialCoverage: [x]\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert cli.main(["validate"], root=project) == 1
    assert problems(capsys.readouterr().out)[0] == (
        f"{where}:{line}: setting-type: spatialCoverage must be text, not a list of texts"
    )


def test_the_privacy_identifiers_are_declared(project: Path, capsys):
    # The fixture's privacy block is the last setting of its file: replace it with one pattern.
    text = (project / SITE).read_text(encoding="utf-8")
    (project / SITE).write_text(
        text[: text.index("\nprivacy:\n")]
        + "\nprivacy:\n  identifiers:\n"
        + "    - {label: badge number, label_es: número de placa, pattern: 'B-[0-9]{6}'}\n",
        encoding="utf-8",
    )
    loaded, issues = load_project(project)
    assert issues == []
    assert loaded.settings.identifiers == (
        Identifier("badge number", "número de placa", "B-[0-9]{6}"),
    )
    edit(project / SITE, "{label: badge number,", "{name: badge number,")
    assert cli.main(["validate"], root=project) == 1
    lines = problems(capsys.readouterr().out)
    assert [line.split(": ", 1)[1] for line in lines if not line.startswith("    ")] == [
        "setting-missing: privacy.identifiers needs label",
        'setting-unknown: privacy.identifiers: unknown setting "name"',
    ]


def test_the_shipped_settings_read_into_the_typed_object():
    loaded, issues = load_project(REPO)
    assert issues == []
    settings = loaded.settings
    assert settings.languages == ("en", "es")
    assert settings.headline is not None and settings.headline.measure_field == "measure"
    assert [(r.measure, r.window_start) for r in settings.headline.rows][0] == (
        "released-from-prison",
        "2026-01-08",
    )
    assert settings.headline.same_window == {"month": "same", "year": "never"}
    assert [p.folder for p in settings.pages] == ["facilities", "laws"]
    assert settings.home_events.count == 8
    assert settings.home_events.tables[0] == "release_events"
    assert settings.text("title", "es") == "Presos políticos en Venezuela — datos abiertos"


# Broken files: wrong types at every level, lists for mappings, nulls, numbers.
FUZZ = [
    "- a list\n- not a mapping\n",
    "42\n",
    "title: [a, b]\n",
    "title: {a: b}\n",
    "languages: en\n",
    "languages: [1, 2]\n",
    "languages: [en, null]\n",
    "languages: {en: es}\n",
    "i18n: [es]\n",
    "i18n: {es: [title]}\n",
    "i18n: {es: {title: 5}}\n",
    "language_names: {es: [Español]}\n",
    "headline: []\n",
    "headline: 5\n",
    "headline: {table: [tallies]}\n",
    "headline: {table: tallies, measure_field: measure, rows: released, claimant_field: "
    "claimed_by, claimants: [a], date_field: as_of, window_field: window_start}\n",
    "headline: {table: tallies, measure_field: measure, rows: [{measure: r}], claimant_field: "
    "claimed_by, claimants: [a], date_field: as_of, window_field: w, exclude: [verification]}\n",
    "headline: {table: tallies, measure_field: measure, rows: [[r]], claimant_field: "
    "claimed_by, claimants: [a], date_field: as_of, window_field: w, exclude: {table: [x]}}\n",
    "headline: {table: t, measure_field: m, claimant_field: c, claimants: [a], date_field: d, "
    "window_field: w, rows: [{measure: 5, window_start: 2026-01-08}], same_window: [month]}\n",
    "timeline: {table: tallies}\n",
    "timeline: [null]\n",
    "timeline: [[tallies]]\n",
    "timeline: [{table: 7, date_field: 8}]\n",
    "home_events: {tables: facility_events, count: true}\n",
    "home_events: {count: 1.5}\n",
    "featured: {rows: {table: tallies}}\n",
    "featured: {rows: [{table: tallies, id: 5}]}\n",
    "featured: [rows]\n",
    "pages: [[]]\n",
    "pages: {table: facilities}\n",
    "pages: [{table: null, folder: 3, template: [], index_template: {}}]\n",
    "pages: [{table: facilities, folder: f, template: a, index_template: b, max_pages: 1e3}]\n",
    "privacy: [identifiers]\n",
    "privacy: {identifiers: [{label: 3, pattern: null}]}\n",
    "sources_table: 1\nactors_table: true\nactors_group_field: [x]\n",
]


@pytest.mark.parametrize("text", FUZZ)
def test_broken_settings_never_end_in_a_traceback(project: Path, capsys, text: str):
    (project / SITE).write_text(text, encoding="utf-8")
    for command in (["validate"], ["build"], ["validate", "--lang", "es"]):
        assert cli.main(command, root=project) == 1, command
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert f"{SITE}:" in out + err
    assert not (project / "site").exists()


def test_the_readme_documents_every_setting_as_declared():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for declared in (SETTINGS, DATASET_SETTINGS):
        assert "\n".join(markdown_table(declared)) in readme
