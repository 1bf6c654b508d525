"""Settings in data/site.yaml that name what the project does not have: `validate` refuses each one
exactly as `build` does, at its line; render.py's own guards stay as a second wall."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite import cli, pipeline
from tests.conftest import edit, previous_site, tree_hashes

SITE = "data/site.yaml"
RENDER_STOP = "Build stopped; site/ was left as it was."

# name: (old text, new text, the text on the line reported, the message)
CASES = {
    "featured row removed": (
        "id: fort-one-closure-announced",
        "id: fort-one-reopened",
        "fort-one-reopened",
        'featured: no facility_events row with id "fort-one-reopened"',
    ),
    "featured table unknown": (
        "{table: legal_stages, id: example-law-announced}",
        "{table: stages, id: example-law-announced}",
        "{table: stages,",
        'featured: no stages row with id "example-law-announced"',
    ),
    "featured not a list of mappings": (
        "  rows:\n    - {table: tallies, id: alpha-2026-01-09-released}",
        "  rows:  # pinned\n    - tallies",
        "rows:  # pinned",
        "setting-type: featured.rows must be a list of mappings, not a mixed list",
    ),
    "pages table missing": (
        "{table: legal_instruments, folder: laws",
        "{table: statutes, folder: laws",
        "statutes",
        'pages: no table "statutes"',
    ),
    "pages over max_pages": (
        "folder: facilities,",
        "folder: facilities, max_pages: 1,",
        "max_pages: 1",
        'pages: table "facilities" has 2 rows, more than max_pages 1; one page per row would '
        "slow every build, "
        "so raise max_pages or take the table out of pages (its rows stay in the data downloads)",
    ),
    "pages max_pages not a number": (
        "folder: facilities,",
        "folder: facilities, max_pages: many,",
        "max_pages: many",
        "setting-type: pages.max_pages must be a whole number, not text",
    ),
    "pages template missing": (
        "template: law.md.j2",
        "template: statute.md.j2",
        "statute.md.j2",
        "pages: no template site_templates/pages/statute.md.j2",
    ),
    "pages template leaves the folder": (
        "template: law.md.j2",
        "template: ../i18n/en.yaml",
        "../i18n/en.yaml",
        "pages: no template site_templates/pages/../i18n/en.yaml",
    ),
    "pages entry without a template": (
        "folder: laws, template: law.md.j2,",
        "folder: laws,",
        "folder: laws,",
        "setting-missing: pages needs template",
    ),
    "timeline table missing": (
        "{table: tallies, date_field: as_of,",
        "{table: counts, date_field: as_of,",
        "{table: counts",
        'timeline: no table "counts"',
    ),
    "timeline date field unknown": (
        "{table: tallies, date_field: as_of,",
        "{table: tallies, date_field: asof,",
        "asof",
        'timeline: "asof" is not a field of tallies',
    ),
    "timeline precision field unknown": (
        "precision_field: as_of_precision}",
        "precision_field: precision}",
        "precision}",
        'timeline: "precision" is not a field of tallies',
    ),
    "home events not in the timeline": (
        "tables: [facility_events, legal_stages]",
        "tables: [facility_events, laws]",
        "home_events:",
        'home_events: "laws" is not a table of the timeline',
    ),
    "home events count": (
        "count: 6}",
        "count: six}",
        "home_events:",
        "setting-type: home_events.count must be a whole number, not text",
    ),
    "headline table missing": (
        "  table: tallies\n  measure_field",
        "  table: counts\n  measure_field",
        "table: counts",
        'headline: no table "counts"',
    ),
    "headline field unknown": (
        "claimant_field: claimed_by",
        "claimant_field: claimant",
        "claimant_field: claimant",
        'headline: "claimant" is not a field of tallies',
    ),
    "headline key missing": (
        "  date_field: as_of\n",
        "",
        "headline:",
        "setting-missing: headline needs date_field",
    ),
    "headline row over an unknown period": (
        "{measure: released, window_start: 2026-01-08}",
        "{measure: released, window_start: not_stated}",
        "{measure: released, window_start: not_stated}",
        'headline-compare: headline.rows: "released" with window_start not_stated would set '
        "counts over unknown periods side by side; give the date counting starts from, or list "
        "the measure in headline.stock_measures if it counts people held on one date",
    ),
    "headline row of months declared never the same": (
        "same_window: {month: same, year: never}",
        "same_window: {month: never, year: never}",
        "      window_start: 2025-12",
        'headline-compare: headline.rows: "released" from 2025-12 would compare window starts '
        "known only to the month, which headline.same_window.month says are never the same",
    ),
    "headline row repeated": (
        "      window_start: 2025-12",
        "      window_start: 2026-01-08",
        "      window_start: 2026-01-08",
        'headline-compare: headline.rows: "released" from 2026-01-08 is already the row at line '
        "24; one row per measure and window",
    ),
    "headline row of an unknown measure": (
        "{measure: released, window_start: 2026-01-08}",
        "{measure: releases, window_start: 2026-01-08}",
        "{measure: releases,",
        'headline: no measures row with id "releases"',
    ),
    "headline claimant unknown": (
        "claimants: [ngo-alpha, gov-beta]",
        "claimants: [ngo-alpha, gov-delta]",
        "claimants: [ngo-alpha, gov-delta]",
        'headline: no actors row with id "gov-delta"',
    ),
    "headline same_window value": (
        "same_window: {month: same, year: never}",
        "same_window: {month: nearby, year: never}",
        "same_window:",
        'setting-value: headline.same_window.month: "nearby" must be same or never',
    ),
    "language without texts": (
        "languages: [en, es]",
        "languages: [en, es, fr]",
        "languages:",
        'languages: "fr" must be a language code like es, with a file of its texts in '
        "site_templates/i18n/",
    ),
    "language leaving the site": (
        "languages: [en, es]",
        'languages: [en, "../../x"]',
        "languages:",
        'setting-value: languages: "../../x" must be a language code like es',
    ),
}
# The settings render.py itself stops at (with the same message, at line 0).
RENDER_GUARDED = [
    "featured row removed",
    "featured table unknown",
    "pages table missing",
    "pages over max_pages",
    "timeline table missing",
]


def coded(message: str) -> str:
    """A case's message with its code: shape problems (load/settings.py) name theirs."""
    return message if message.startswith(("setting-", "headline-")) else f"config: {message}"


def line_of(project: Path, text: str) -> int:
    lines = (project / SITE).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def problem_lines(text: str) -> list[str]:
    """The problems told, without hints, the count, and the advice that the rules wait."""
    advice = {line for told in cli.UNCHECKED.values() for line in told}
    lines = [line for line in text.splitlines() if not line.startswith("    ")]
    return [line for line in lines if line not in advice][:-1]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_setting_fails_validate_exactly_as_build(project: Path, capsys, case: str):
    old, new, where, message = CASES[case]
    edit(project / SITE, old, new)
    expected = [f"{SITE}:{line_of(project, where)}: {coded(message)}"]
    site = previous_site(project)
    before = tree_hashes(site)

    assert cli.main(["validate"], root=project) == 1
    out = capsys.readouterr().out
    assert problem_lines(out) == expected
    assert cli.main(["build"], root=project) == 1
    err = capsys.readouterr().err
    assert problem_lines(err)[:-1] == expected
    assert err.splitlines()[-1] == RENDER_STOP
    assert "Traceback" not in out + err
    assert tree_hashes(site) == before


def test_the_messages_in_spanish(project: Path, capsys):
    edit(project / SITE, "id: fort-one-closure-announced", "id: fort-one-reopened")
    edit(
        project / SITE, "{table: tallies, date_field: as_of,", "{table: counts, date_field: as_of,"
    )
    assert cli.main(["validate", "--lang", "es"], root=project) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": config: ")[1] for line in lines if ": config: " in line] == [
        'timeline: no hay ninguna tabla "counts"',
        'featured: no hay ninguna fila de facility_events con id "fort-one-reopened"',
    ]
    assert lines[1] == (
        "    sugerencia: corrija el nombre: las tablas se declaran en data/*/datapackage.yaml, "
        "los campos en schemas/"
    )


HINT_ES = (
    "    sugerencia: las cifras puestas lado a lado (una fila del titular, las cifras fijadas en "
    "featured) muestran una medida contada desde una fecha: vea la página de Definiciones y "
    "README.md (Comparable counts)"
)


def test_a_headline_row_that_would_compare_unlike_counts_in_spanish(project: Path, capsys):
    edit(project / SITE, "same_window: {month: same,", "same_window: {month: never,")
    edit(
        project / SITE,
        "{measure: detained, window_start: not_stated}",
        "{measure: released, window_start: not_stated}",
    )
    assert cli.main(["validate", "--lang", "es"], root=project) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        f'{SITE}:26: headline-compare: headline.rows: "released" desde 2025-12 compararía '
        "inicios de período conocidos solo hasta el mes, que headline.same_window.month dice que "
        "nunca son el mismo",
        HINT_ES,
        f'{SITE}:29: headline-compare: headline.rows: "released" con window_start not_stated '
        "pondría lado a lado cifras de períodos desconocidos; indique la fecha desde la que se "
        "cuenta, o incluya la medida en headline.stock_measures si cuenta personas detenidas en "
        "una fecha",
        HINT_ES,
    ]


@pytest.mark.parametrize("case", RENDER_GUARDED)
def test_render_still_stops_at_a_broken_setting_the_checks_let_through(
    project: Path, capsys, monkeypatch, case: str
):
    old, new, _, message = CASES[case]
    edit(project / SITE, old, new)
    monkeypatch.setattr(pipeline, "settings_issues", lambda project: [])
    assert cli.main(["build"], root=project) == 1
    err = capsys.readouterr().err
    assert f"{SITE}: config: {message}" in err.splitlines()
    assert "Traceback" not in err
    assert not (project / "site").exists()


def test_the_shipped_settings_pass(project: Path):
    from datasite.check.settings import settings_issues
    from datasite.load.project import load_project

    project_data, issues = load_project(project)
    assert issues == []
    assert settings_issues(project_data) == []


def test_featured_rows_of_a_table_held_as_columns(project: Path, monkeypatch):
    from datasite.check.settings import settings_issues
    from datasite.load.frames import FrameRows
    from datasite.load.project import load_project

    monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
    edit(
        project / SITE,
        "{table: tallies, id: alpha-2026-01-09-released}",
        "{table: tallies, id: alpha-2026-01-09-released}\n    - {table: tallies, id: "
        "alpha-2099-01-01-released}",
    )
    loaded, issues = load_project(project)
    assert issues == []
    tallies = loaded.table("tallies").rows
    assert isinstance(tallies, FrameRows)
    assert [str(i) for i in settings_issues(loaded)] == [
        f"{SITE}:{line_of(project, 'alpha-2099')}: config: featured: no tallies row with id "
        '"alpha-2099-01-01-released"'
    ]
    assert tallies._rows is None  # the ids were read from the column, no row was made


@pytest.mark.parametrize("columns", [False, True], ids=["rows", "columns"])
def test_counts_pinned_side_by_side_must_be_comparable(project: Path, capsys, monkeypatch, columns):
    if columns:
        monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
    first = "{table: tallies, id: alpha-2026-01-09-released}"
    # the same measure from another window start, then another measure
    edit(
        project / SITE,
        first,
        first + "\n    - {table: tallies, id: gamma-2026-01-10-released}"
        "\n    - {table: tallies, id: alpha-2026-01-19-detained}",
    )
    assert cli.main(["validate"], root=project) == 1
    out = capsys.readouterr().out.splitlines()
    line = line_of(project, "gamma-2026-01-10-released")
    assert out[0] == (
        f'{SITE}:{line}: headline-compare: featured.rows: "gamma-2026-01-10-released" (released, '
        'since 2025-12) would stand beside "alpha-2026-01-09-released" (released, since '
        "2026-01-08), another measure or counting period; pin counts of one measure and window only"
    )
    assert out[2].startswith(
        f'{SITE}:{line + 1}: headline-compare: featured.rows: "alpha-2026-01-19-detained" '
        "(detained, counting period not stated) would stand beside"
    )
    assert cli.main(["validate", "--lang", "es"], root=project) == 1
    assert 'quedaría junto a "alpha-2026-01-09-released" (released, desde 2026-01-08), otra ' in (
        capsys.readouterr().out
    )


def test_one_pinned_count_passes_and_a_count_pinned_twice_is_refused(project: Path, capsys):
    assert cli.main(["validate"], root=project) == 0  # the fixture pins one count
    capsys.readouterr()
    first = "{table: tallies, id: alpha-2026-01-09-released}"
    edit(project / SITE, first, first + "\n    - " + first)  # the same count twice
    assert cli.main(["validate"], root=project) == 1
    line = line_of(project, "alpha-2026-01-09-released") + 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f'{SITE}:{line}: config: featured.rows: "alpha-2026-01-09-released" of tallies is already '
        f"pinned at line {line - 1}"
    )
