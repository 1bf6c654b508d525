"""Timeline, facility and law pages: what each count counts, who was released, the law's stages."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from datasite.check.privacy import redact
from datasite.pipeline import collect
from datasite.render.pages import render_site
from tests.conftest import edit, make_project

# Fictional additions to the mini project: people of each publish level released, two stages of
# one day whose ids sort against their legal order, and a statement about the law.
PERSONS = """
- id: person-pseudo-1
  publish_level: pseudonymous
  pseudonym: Witness Kappa
  minor: "false"
  source_id: daily-2026-01-10
"""
RELEASES = [
    {
        "id": "release-withheld-example",
        "date": "2026-01",
        "date_precision": "month",
        "kind": "release",
        "count": "1",
        "count_qualifier": "exact",
        "person_id": "person-withheld-1",
        "reported_by": "gov-beta",
        "source_ids": "daily-2026-01-10",
    },
    {
        "id": "release-pseudo-example",
        "date": "2026-01-14",
        "date_precision": "day",
        "kind": "house_arrest",
        "count": "1",
        "count_qualifier": "exact",
        "person_id": "person-pseudo-1",
        "reported_by": "ngo-alpha",
        "source_ids": "daily-2026-01-10",
    },
]
STAGES = {
    # "a-promulgated" sorts before "z-sanctioned": only the schema's order puts them right.
    "example-law-a-promulgated.yaml": """id: example-law-a-promulgated
instrument_id: example-law
stage: promulgated
date: "2026-01-20"
date_precision: day
actor_id: minister-gamma
exclusions: [homicide]
source_ids: [daily-2026-01-10]
""",
    "example-law-z-sanctioned.yaml": """id: example-law-z-sanctioned
instrument_id: example-law
stage: sanctioned
date: "2026-01-20"
date_precision: day
actor_id: gov-beta
scope: Three fictional events in three named years
scope_es: Tres hechos ficticios en tres años señalados
exclusions: [homicide, military_rebellion]
source_ids: [daily-2026-01-10]
""",
    # A second outlet's report of the same stage on the same day: one stage, two reports.
    "example-law-z-sanctioned-2.yaml": """id: example-law-z-sanctioned-2
instrument_id: example-law
stage: sanctioned
date: "2026-01-20"
date_precision: day
actor_id: gov-beta
articles: 3
source_ids: [daily-2026-01-10]
""",
}
STATEMENTS = """- id: alpha-2026-01-25-law
  date: "2026-01-25"
  date_precision: day
  actor_id: ngo-alpha
  instrument_id: example-law
  summary: NGO Alpha called the fictional law too narrow.
  summary_es: La ONG Alpha calificó la ley ficticia de demasiado estrecha.
  quote: demasiado estrecha
  quote_lang: es
  source_ids: [daily-2026-01-10]
"""


def add_rows(path: Path, rows: list[dict]) -> None:
    """Append rows to a CSV file under its own header (columns left out stay empty)."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r.get(c, "") for c in header] for r in rows])
    path.write_text(text + out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The fictional project with these additions, rendered (without MkDocs) in each language."""
    root = make_project(tmp_path_factory.mktemp("pages") / "project")
    data = root / "data"
    with (data / "releases/persons.yaml").open("a", encoding="utf-8") as persons:
        persons.write(PERSONS)
    add_rows(data / "releases/release_events.csv", RELEASES)
    for name, text in STAGES.items():
        (data / "law/legal_stages" / name).write_text(text, encoding="utf-8")
    (data / "law/statements.yaml").write_text(STATEMENTS, encoding="utf-8")
    package = data / "law/datapackage.yaml"
    if "statements" not in package.read_text(encoding="utf-8"):
        with package.open("a", encoding="utf-8") as descriptor:
            descriptor.write("  - {name: statements, path: statements.yaml, schema: statements}\n")
    edit(
        data / "site.yaml",
        "{table: legal_stages, date_field: date, precision_field: date_precision}",
        "{table: legal_stages, date_field: date, precision_field: date_precision, "
        "order_field: stage}\n"
        "  - {table: statements, date_field: date, precision_field: date_precision}",
    )
    # The definitions page is another template's; its presence is what makes measures links.
    (root / "site_templates/pages/definitions.md.j2").touch()
    project, issues = collect(root)
    assert issues == []
    public = redact(project)
    out = {}
    for lang in ("en", "es"):
        out[lang] = root / "docs" / lang
        render_site(public, [], root / "site_templates", out[lang], lang)
    return out


def rows_of(page: Path) -> list[str]:
    """The table rows of a page as text, cells joined by " | " (without each row's cite link)."""
    html = re.sub(r'<details class="ds-rcite">.*?</details>', "", page.read_text(encoding="utf-8"))
    rows = re.findall(r"<tr(?: id=\"[^\"]*\"[^>]*)?>(.*?)</tr>", html, re.S)
    return [
        " | ".join(
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        )
        for r in rows
        if "<td" in r
    ]


def test_the_timeline_shows_the_counting_period_of_every_count(pages):
    english = rows_of(pages["en"] / "timeline.md")
    assert [r for r in english if "(fictional)" in r] == [
        "19 January 2026 | Released (fictional): 345 (likely misreported), counting period not "
        "stated | Stated by NGO Alpha | Example Daily, 10 January 2026",
        "19 January 2026 | Detained (fictional): 345 (verified), a count on its date, over no "
        "period | "
        "Stated by NGO Alpha | NGO Alpha",
        "10 January 2026 | Released (fictional): more than 900 (claimed), counting since December "
        "2025 | Stated by Minister Gamma | Example Daily, 10 January 2026",
        "9 January 2026 | Released (fictional): at least 12 (verified), counting since 8 January "
        "2026 | Stated by NGO Alpha | Example Daily, 10 January 2026",
        "January 2026 | Detained (fictional): between 8–11 (estimated), a count on its date, over "
        "no period — Fort One | Stated by NGO Alpha | Example Daily, 10 January 2026",
    ]
    html = (pages["en"] / "timeline.md").read_text(encoding="utf-8")
    assert '<a href="definitions.html#released">Released (fictional)</a>: more than 900' in html
    spanish = rows_of(pages["es"] / "timeline.md")
    assert [r.split(" | ")[1] for r in spanish if "(ficticia)" in r] == [
        "released (ficticia): 345 (probablemente mal informada), período de conteo no indicado",
        "detained (ficticia): 345 (verificada), recuento a su fecha, sin período",
        "released (ficticia): más de 900 (afirmada), contando desde diciembre de 2025",
        "released (ficticia): al menos 12 (verificada), contando desde el 8 de enero de 2026",
        "detained (ficticia): entre 8–11 (estimada), recuento a su fecha, sin período — Fort One",
    ]


def test_a_facility_page_gives_each_counts_measure_and_counting_period(pages):
    """A count of a stock measure (still detained) is "as of" its date and nothing more: "as of
    January 2026, a count on its date, over no period" said the date twice."""
    english = (pages["en"] / "facilities/fort-one.md").read_text(encoding="utf-8")
    assert (
        '<li id="tallies-alpha-2026-01-fort"><a href="../definitions.html#detained">'
        "Detained (fictional)</a>: between 8–11 "
        "(estimated), as of January 2026. Stated by NGO Alpha; "
    ) in english
    spanish = (pages["es"] / "facilities/fort-one.md").read_text(encoding="utf-8")
    assert (
        '<li id="tallies-alpha-2026-01-fort"><a href="../definitions.html#detained">'
        "detained (ficticia)</a>: entre 8–11 "
        "(estimada), a enero de 2026. Lo dice: NGO Alpha; "
    ) in spanish


def test_release_events_say_who_reported_them_and_never_who(pages):
    for lang, header, reported in (
        ("en", "Stated or reported by", "Reported by NGO Alpha"),
        ("es", "Quién lo dice o informa", "Lo informa: NGO Alpha"),
    ):
        html = (pages[lang] / "timeline.md").read_text(encoding="utf-8")
        assert f'<th scope="col">{header}</th>' in html
        assert '<th scope="col">Who</th>' not in html and '<th scope="col">Quién</th>' not in html
        releases = [r for r in rows_of(pages[lang] / "timeline.md") if "Fort One, Camp Two" in r]
        assert [r.split(" | ")[2] for r in releases] == [reported]


def test_a_withheld_persons_release_shows_a_count_and_a_public_figure_is_named(pages):
    english = rows_of(pages["en"] / "timeline.md")
    assert (
        "January 2026 | Release: 1 person | Reported by Government of Beta | Example Daily, "
        "10 January 2026" in english
    )
    assert (
        "12 January 2026 | Release: Zed Fictional-Publicfigure — Fort One | Reported by NGO "
        "Alpha | Example Daily, 10 January 2026" in english
    )
    assert (
        "14 January 2026 | House arrest: Witness Kappa (pseudonym) | Reported by NGO Alpha | "
        "Example Daily, 10 January 2026" in english
    )
    spanish = rows_of(pages["es"] / "timeline.md")
    assert (
        "enero de 2026 | Excarcelación: 1 persona | Lo informa: Government of Beta | "
        "Example Daily, 10 de enero de 2026" in spanish
    )
    facility = (pages["en"] / "facilities/fort-one.md").read_text(encoding="utf-8")
    assert "<p>People named in these reports: Zed Fictional-Publicfigure.</p>" in facility
    for page in pages["en"].rglob("*.md"):
        assert "Secretname" not in page.read_text(encoding="utf-8"), page
    for page in pages["es"].rglob("*.md"):
        assert "Secretname" not in page.read_text(encoding="utf-8"), page


def test_a_laws_stages_of_one_day_follow_the_schemas_order(pages):
    law = (pages["en"] / "laws/example-law.md").read_text(encoding="utf-8")
    stages = re.findall(r"<h3>(.*?)</h3>", law)
    assert stages[-2:] == ["Sanctioned — 20 January 2026", "Promulgated — 20 January 2026"]
    # The timeline is newest first: the later stage of the day comes first.
    timeline = [r for r in rows_of(pages["es"] / "timeline.md") if "Ley de ejemplo" in r]
    assert [r.split(" | ")[1] for r in timeline] == [
        "Ley de ejemplo: La ONG Alpha calificó la ley ficticia de demasiado estrecha.",
        "Ley de ejemplo: Promulgada",
        "Ley de ejemplo: Sancionada",
        "Ley de ejemplo: Sancionada",
        "Ley de ejemplo: Anunciada",
        "Ley de ejemplo: En vigor",
    ]
    index = (pages["en"] / "laws/index.md").read_text(encoding="utf-8")
    assert "(Promulgated, 20 January 2026)" in index


def test_the_law_page_gives_the_final_scope_and_each_stages_own(pages):
    law = (pages["en"] / "laws/example-law.md").read_text(encoding="utf-8")
    final = law[law.index('<h2 id="final-scope">') : law.index('<h2 id="stages">')]
    assert (
        "<dt>Scope</dt><dd>Three fictional events in three named years</dd>\n"
        "<dt>Exclusions</dt><dd>homicide, military rebellion</dd>"
    ) in final
    assert (
        '<a href="#legal_stages-example-law-z-sanctioned">Sanctioned, 20 January 2026</a>' in final
    )
    announced = law[law.index('<li id="legal_stages-example-law-announced">') :]
    assert "<dt>Scope</dt><dd>Fictional cases from 1999 on</dd>" in announced
    spanish = (pages["es"] / "laws/example-law.md").read_text(encoding="utf-8")
    assert "<dt>Alcance</dt><dd>Tres hechos ficticios en tres años señalados</dd>" in spanish
    assert "<dt>Exclusiones</dt><dd>homicidio, rebelión militar</dd>" in spanish


def test_two_reports_of_one_stage_on_one_day_read_as_one_stage(pages):
    """Two outlets' records of one stage and day are one stage with two reports, each with its
    anchor and source; what one report leaves out is "not stated in this report", since the
    other may state it."""
    law = (pages["en"] / "laws/example-law.md").read_text(encoding="utf-8")
    assert re.findall(r"<h3>(Sanctioned[^<]*)</h3>", law) == ["Sanctioned — 20 January 2026"]
    stage = law[law.index("<h3>Sanctioned") : law.index("<h3>Promulgated")]
    reports = re.findall(r'<div class="ds-report" id="([^"]+)">', stage)
    assert reports == [
        "legal_stages-example-law-z-sanctioned",
        "legal_stages-example-law-z-sanctioned-2",
    ]
    second = stage[stage.index('id="legal_stages-example-law-z-sanctioned-2"') :]
    assert "<dt>Scope</dt><dd>not stated in this report</dd>" in second
    assert "<dt>Articles</dt><dd>3</dd>" in second
    # a link to a report lands below the stage's heading: the report names its stage and outlet
    assert second.startswith(
        'id="legal_stages-example-law-z-sanctioned-2">\n<p class="ds-report-by"><strong>'
        'Sanctioned</strong>, as reported by <a class="ds-cite"'
    )
    promulgated = law[law.index("<h3>Promulgated") :]
    assert "ds-report" not in promulgated.split("</li>")[0]  # a stage reported once: as before
    spanish = (pages["es"] / "laws/example-law.md").read_text(encoding="utf-8")
    assert "<dd>no indicado en este informe</dd>" in spanish
    assert "Más de un medio informó de esta etapa" in spanish
    assert '<p class="ds-report-by"><strong>Sancionada</strong>, según <a' in spanish


def test_statements_about_the_law_appear_on_its_page(pages):
    english = (pages["en"] / "laws/example-law.md").read_text(encoding="utf-8")
    assert (
        '<li id="statements-alpha-2026-01-25-law"><strong>25 January 2026 — NGO Alpha</strong>: '
        "NGO Alpha "
        "called the fictional law too narrow. Their words: "
        '«<span class="ds-quote" lang="es">demasiado estrecha</span>». '
        '<a class="ds-cite" href="../sources.html#sources-daily-2026-01-10">Example Daily, '
        '10 January 2026</a> <details class="ds-rcite"><summary>Cite</summary>'
    ) in english
    assert (
        "25 January 2026 | Example law: NGO Alpha called the fictional law too narrow. | NGO Alpha"
        " | Example Daily, 10 January 2026"
    ) in rows_of(pages["en"] / "timeline.md")
    spanish = (pages["es"] / "laws/example-law.md").read_text(encoding="utf-8")
    assert '<h2 id="statements">Lo que otros dijeron sobre la ley</h2>' in spanish
    assert (
        "<strong>25 de enero de 2026 — NGO Alpha</strong>: La ONG Alpha calificó la ley ficticia "
        "de demasiado estrecha. Sus palabras: "
        '«<span class="ds-quote" lang="es">demasiado estrecha</span>».'
    ) in spanish
