"""Every word in the reader's language (issue 15.6) and the facilities map (15.8): paired Spanish
fields, agreement and counts in Spanish, the check refusing another language's interface text,
the 404 pages' links and the map."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from pathlib import Path

import pytest
import yaml

from datasite.load.project import load_project, read_yaml_mapping, translation_field_problems
from datasite.model import Row
from datasite.render.pages import Site
from datasite.render.theme_hooks import not_found_links
from datasite.render.words import language_problems, page_pieces
from tests.conftest import REPO, VERSIONED_BASE

I18N = REPO / "site_templates" / "i18n"


def i18n(lang: str) -> dict:
    return yaml.safe_load((I18N / f"{lang}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped():
    project, issues = load_project(REPO)
    assert issues == []
    return project


@pytest.fixture(scope="module")
def es(shipped) -> Site:
    return Site(shipped, read_yaml_mapping(REPO, I18N / "es.yaml"), "es")


@pytest.fixture(scope="module")
def en(shipped) -> Site:
    return Site(shipped, read_yaml_mapping(REPO, I18N / "en.yaml"), "en")


# --- paired fields -------------------------------------------------------------------------


def test_the_free_text_fields_that_reach_pages_declare_their_spanish_pair():
    for table, field in (
        ("facilities", "coordinates_note"),
        ("sources", "published_note"),
        ("sources", "via"),
        ("facilities", "note"),
        ("tallies", "note"),
        ("tallies", "as_of_note"),
        ("tallies", "breakdown"),
        ("release_events", "date_note"),
        ("release_events", "legal_basis"),
    ):
        schema = yaml.safe_load((REPO / f"schemas/{table}.schema.yaml").read_text("utf-8"))
        fields = {f["name"]: f for f in schema["fields"]}
        assert fields[field]["translationFields"] == {"es": f"{field}_es"}, (table, field)
        pair = fields[f"{field}_es"]
        assert pair["type"] == fields[field]["type"]
        assert pair["i18n"]["es"]["description"], (table, field)


def test_every_shipped_row_with_english_text_has_its_spanish_pair_filled(shipped):
    missing = []
    for table in shipped.tables().values():
        for spec in table.schema.get("fields", []):
            pair = (spec.get("translationFields") or {}).get("es")
            # A proper name ("Foro Penal", "EFE") is the same in Spanish: its pair may stay empty.
            if not pair or spec["name"] == "name":
                continue
            for row in table.rows:
                if row.values.get(spec["name"]) and not row.values.get(pair):
                    missing.append(f"{row.path}:{row.line} {spec['name']}")
    assert missing == []


def test_the_shipped_translations_of_the_new_pairs():
    project, issues = load_project(REPO)
    assert issues == []
    sources = {r.values["id"]: r.values for r in project.table("sources").rows}
    row = sources["democrata-2026-01-29-foro-penal-711"]
    assert row["published_note_es"] == "La página no mostraba fecha; el texto indica el 2026-01-29"
    # A quote of the source stays as written.
    assert (
        '"Caracas, 20 feb (EFE)"'
        in sources["swissinfo-2026-02-20-400-excluded"]["published_note_es"]
    )
    assert (row["publisher"], row["country"]) == ("Demócrata", "ES")
    assert not any(re.search(r"\((Mexico|Spain|Peru)\)", r["publisher"]) for r in sources.values())


def test_a_translated_breakdown_or_date_note_keeps_every_number(shipped):
    def numbers(text: str) -> list[str]:
        # "3,934" in English is "3.934" in Spanish: the same number.
        return re.findall(r"\d+", re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", text))

    checked = 0
    for table, fields in (
        ("tallies", ("as_of_note", "breakdown")),
        ("release_events", ("date_note", "legal_basis")),
    ):
        for row in shipped.table(table).rows:
            for field in fields:
                if row.values.get(field):
                    english, spanish = row.values[field], row.values[f"{field}_es"]
                    assert numbers(english) == numbers(spanish), (row.path, english, spanish)
                    checked += 1
    assert checked >= 50


def test_every_shipped_quote_says_its_language(shipped):
    quotes = [r.values for r in shipped.table("statements").rows if r.values.get("quote")]
    assert quotes and all(v["quote_lang"] in ("es", "en") for v in quotes)
    assert {v["quote"]: v["quote_lang"] for v in quotes}["serias reservas"] == "es"


def test_a_page_shows_a_pair_once_in_the_readers_language(shipped, es, en):
    tallies = shipped.table("tallies")
    row = next(r for r in tallies.rows if r.values["id"] == "foro-penal-2025-12-29-detained")
    names = [c["name"] for c in es.columns(tallies)]  # what previews and the browser show
    assert "breakdown" in names and "note" in names
    assert not {"breakdown_es", "note_es", "as_of_note_es"} & set(names)
    assert es.cell(tallies.schema, row, "breakdown") == ("757 hombres, 106 mujeres", "es")
    assert en.cell(tallies.schema, row, "breakdown") == ("757 men, 106 women", "en")
    # Without its Spanish, the English shows, said to be English.
    empty = Row({**row.values, "breakdown_es": ""}, row.path, row.line)
    assert es.cell(tallies.schema, empty, "breakdown") == ("757 men, 106 women", "en")
    statements = shipped.table("statements")
    said = next(r for r in statements.rows if r.values.get("quote"))
    assert es.cell(statements.schema, said, "quote") == ("serias reservas", "es")


def cell_label_keys(site: Site, value: str, field: str) -> list[str]:
    return [f"cell.{value}", f"{field}.{value}", value]


def explicit_label(site: Site, value: str, field: str) -> bool:
    if field == "country":
        return bool((site.strings.get("countries") or {}).get(value))
    return any(site.strings["values"].get(k) for k in cell_label_keys(site, value, field))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_coded_value_of_every_schema_has_a_cell_label(lang, shipped):
    """The browser shows each coded value by its label: every enum value of every schema has
    one, not empty, written in the i18n file (not the code with its underscores made spaces)."""
    site = Site(shipped, read_yaml_mapping(REPO, I18N / f"{lang}.yaml"), lang)
    missing = []
    for path in sorted((REPO / "schemas").glob("*.schema.yaml")):
        for spec in yaml.safe_load(path.read_text(encoding="utf-8"))["fields"]:
            for value in (spec.get("constraints") or {}).get("enum") or []:
                if not explicit_label(site, str(value), spec["name"]) or not site.cell_label(
                    value, spec["name"]
                ):
                    missing.append(f"{path.name}:{spec['name']}:{value}")
    assert missing == []
    assert site.cell_label("exact", "qualifier") == {"en": "exact", "es": "exacta"}[lang]
    assert site.label("exact", "qualifier") == ""  # before a number, "exact" says nothing
    assert site.cell_label("MX", "country") == {"en": "Mexico", "es": "México"}[lang]


def test_translation_fields_must_name_another_field_of_the_same_type():
    fields = {
        "note": {"name": "note", "type": "string"},
        "note_es": {"name": "note_es", "type": "string"},
        "count": {"name": "count", "type": "integer"},
    }
    good = {"type": "string", "translationFields": {"es": "note_es"}}
    assert translation_field_problems("note", good, fields) == []
    message = (
        'field "note": translationFields must map each language to another field of the table, '
        "of the same type"
    )
    for pairs in ({"es": "missing"}, {"es": "count"}, {"es": "note"}, ["note_es"]):
        spec = {"type": "string", "translationFields": pairs}
        assert translation_field_problems("note", spec, fields) == [message]
    assert translation_field_problems("note", {"languageField": "nowhere"}, fields) == [
        'field "note": languageField must name another field of the table'
    ]


def test_every_country_code_a_source_may_hold_is_named_in_both_languages():
    schema = yaml.safe_load((REPO / "schemas/sources.schema.yaml").read_text("utf-8"))
    codes = next(f for f in schema["fields"] if f["name"] == "country")["constraints"]["enum"]
    for lang in ("en", "es"):
        assert set(i18n(lang)["countries"]) == set(codes), lang
    assert (i18n("en")["countries"]["MX"], i18n("es")["countries"]["MX"]) == ("Mexico", "México")


def test_a_publisher_is_shown_with_its_country_in_the_readers_language(shipped, en, es):
    source = next(r for r in shipped.table("sources").rows if r.values["country"] == "MX")
    name = source.values["publisher"]
    assert en.publisher(source) == f"{name} (Mexico)"
    assert es.publisher(source) == f"{name} (México)"


# --- interface Spanish ---------------------------------------------------------------------


def test_law_stages_agree_with_the_kind_of_instrument(es, en):
    assert es.agree("announced", "stage", "law") == "Anunciada"
    assert es.agree("announced", "stage", "decree") == "Anunciado"
    assert es.agree("sanctioned", "stage", "resolution") == "Sancionada"
    assert en.agree("announced", "stage", "law") == "Announced"


def test_facility_event_words_agree_with_the_event_or_the_facility(es, en):
    # Works only just started: "informadas como hecho", never "ejecutado".
    assert es.agree("implemented", "claim_status", "works_started", "prison") == (
        "informadas como hecho"
    )
    assert es.agree("announced", "claim_status", "closure_announced", "prison") == "anunciado"
    # "Closed" has no gender of its own: it agrees with the facility (la cárcel, el centro).
    assert es.agree("closed", "kind", "closed", "prison") == "Cerrada"
    assert es.agree("closed", "kind", "closed", "police_detention_centre") == "Cerrado"
    assert es.agree("implemented", "claim_status") == "informado como hecho"
    assert en.agree("implemented", "claim_status", "works_started") == "reported as done"


def test_counts_are_singular_for_one(es, en):
    assert es.count(1, "chart_claims") == "1 cifra"
    assert es.count(2, "chart_claims") == "2 cifras"
    assert es.count(1234, "rows") == "1.234 filas"
    assert es.count(1, "rows") == "1 fila"
    assert en.count(1, "chart_claims") == "1 claim"
    assert en.count(1, "why_more") == "and 1 other start date on the timeline"
    assert en.count(3, "why_more") == "and 3 other start dates on the timeline"
    assert (
        es.count(0, "map_without")
        == "0 centros no tienen coordenadas en los datos y no están en el mapa."
    )


def test_as_of_follows_the_precision_of_the_date(es, en):
    assert es.as_of("2026-01-08", "day") == "al 8 de enero de 2026"
    assert es.as_of("2026-01", "month") == "a enero de 2026"
    assert es.as_of("2026", "year") == "en 2026"
    assert es.as_of("", "unknown") == "fecha desconocida"
    assert en.as_of("2026-01-08", "day") == "as of 8 January 2026"
    assert en.as_of("2026-01", "month") == "as of January 2026"


def test_the_spanish_interface_has_none_of_the_reported_errors():
    texts = " ".join(str(v) for v in i18n("es").values() if isinstance(v, str))
    assert "de a una página" not in texts
    assert i18n("es")["values"]["implemented"] == "informado como hecho"


# --- the language check --------------------------------------------------------------------


def page(body: str, lang: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>x</title></head><body>{body}</body>'


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "es").mkdir()
    (tmp_path / "index.html").write_text(page("<h1>Sources</h1><p>Fields: tallies</p>", "en"))
    (tmp_path / "es/index.html").write_text(page("<h1>Fuentes</h1><p>Campos: tallies</p>", "es"))
    return tmp_path


def check(site: Path) -> list[str]:
    own = {"en": i18n("en"), "es": i18n("es")}
    english = language_problems(site, "en", own["en"], {"es": own["es"]}, ["es"])
    spanish = language_problems(site / "es", "es", own["es"], {"en": own["en"]}, (), "es/")
    return [f"{i.path}: {i.code}: {i.message}" for i in english + spanish]


def test_the_language_check_passes_pages_in_their_own_language(pages: Path):
    assert check(pages) == []


def test_the_language_check_catches_english_on_a_spanish_page(pages: Path):
    (pages / "es/fuentes.html").write_text(
        page("<table><caption>Fields: tallies</caption></table>", "es")
    )
    assert check(pages) == [
        'es/fuentes.html: page-language: a "es" page holds interface text of "en": "Fields"'
    ]


def test_the_language_check_catches_spanish_on_an_english_page(pages: Path):
    (pages / "sources.html").write_text(
        page("<p>Cada cifra con su fuente y por qué difieren las cifras.</p>", "en")
    )
    assert check(pages) == [
        'sources.html: page-language: a "en" page holds interface text of "es": '
        '"Cada cifra con su fuente y por qué difieren las cifras"'
    ]


def test_text_marked_in_another_language_is_data_not_interface(pages: Path):
    (pages / "es/fuentes.html").write_text(
        page(
            '<td lang="en">Released from prison: the Sources</td><q lang="en">Fields</q>'
            "<pre>Fields</pre><p>Venezuela political-prisoner releases open-data project</p>"
            "<p>https://example.org/Sources/Fields</p><p>Fuentes y actores</p>",
            "es",
        )
    )
    assert check(pages) == []


def test_the_language_check_catches_a_pairs_english_on_a_spanish_page(pages: Path):
    data = {"en": ["757 men, 106 women"], "es": ["757 hombres, 106 mujeres"], "": ["Foro Penal"]}
    own = {"en": i18n("en"), "es": i18n("es")}

    def spanish() -> list[str]:
        found = language_problems(pages / "es", "es", own["es"], {"en": own["en"]}, (), "es/", data)
        return [f"{i.path}: {i.code}: {i.message}" for i in found]

    (pages / "es/fuentes.html").write_text(page("<td>Foro Penal</td><td>757 men</td>", "es"))
    assert spanish() == [
        'es/fuentes.html: page-language: a "es" page holds the text of a paired data field of '
        '"en": "757 men"'
    ]
    # Marked as English (a note shown for want of its Spanish), it is data in its own language.
    (pages / "es/fuentes.html").write_text(page('<td lang="en">757 men, 106 women</td>', "es"))
    assert spanish() == []
    (pages / "es/fuentes.html").write_text(page("<td>757 hombres, 106 mujeres</td>", "es"))
    assert spanish() == []


def test_the_build_refuses_a_shipped_breakdowns_english_on_a_spanish_page(shipped, tmp_path):
    from datasite.issues import DataError
    from datasite.pipeline import check_languages

    (tmp_path / "es").mkdir()
    (tmp_path / "index.html").write_text(page("<td>757 men, 106 women</td>", "en"))
    (tmp_path / "es/index.html").write_text(page("<td>757 hombres, 106 mujeres</td>", "es"))
    check_languages(shipped, tmp_path, REPO / "site_templates")
    (tmp_path / "es/index.html").write_text(page("<td>757 men, 106 women</td>", "es"))
    with pytest.raises(DataError) as refused:
        check_languages(shipped, tmp_path, REPO / "site_templates")
    assert [(i.path, i.message) for i in refused.value.issues] == [
        (
            "es/index.html",
            'a "es" page holds the text of a paired data field of "en": "757 men"',
        )  # pieces are split at punctuation, as a page's text is
    ]


# --- the built fixture site ----------------------------------------------------------------


def test_the_built_fixture_site_has_no_interface_text_of_the_other_language(built_mini: Path):
    assert check(built_mini / "site") == []


def test_no_english_only_value_of_a_pair_shows_unmarked_on_spanish_pages(built_mini: Path):
    """The fixture's English-only texts of the fields paired for issue 15.6 (no Spanish given)
    show on Spanish pages only inside an element marked lang="en"."""
    project, issues = load_project(built_mini)
    assert issues == []
    english_only = [
        row.values[spec["name"]]
        for table in project.tables().values()
        for spec in table.schema["fields"]
        if spec["name"] in ("as_of_note", "breakdown", "date_note", "legal_basis")
        for row in table.rows
        if row.values.get(spec["name"]) and not row.values.get(spec["translationFields"]["es"])
    ]
    assert "300 men, 45 women" in english_only and "mid-January" in english_only
    spanish = [p.read_text(encoding="utf-8") for p in (built_mini / "site/es").rglob("*.html")]
    shown = [v for v in english_only if any(v in html for html in spanish)]
    assert "300 men, 45 women" in shown  # the dataset page's preview shows it, marked
    unmarked = "\n".join("\n".join(page_pieces(html, "es")) for html in spanish)
    assert [v for v in english_only if v in unmarked] == []


def links(html_text: str) -> list[str]:
    body = html_text.split("<body", 1)[1]
    return [
        h
        for h in re.findall(r'\b(?:href|src)="([^"]*)"', body)
        if not h.startswith(("#", "http:", "https:", "mailto:"))
    ]


@pytest.mark.parametrize("page_path", ["404.html", "es/404.html"])
def test_404_links_resolve_from_the_page_itself_and_file_urls(relative_site: Path, page_path):
    html_text = (relative_site / page_path).read_text(encoding="utf-8")
    found = links(html_text)
    assert found and not [h for h in found if h.startswith("/")]
    folder = posixpath.dirname(page_path)
    for href in found:
        target = posixpath.normpath(posixpath.join(folder, urllib.parse.urlsplit(href).path))
        assert (relative_site / target).is_file(), href
    # The Spanish page's menu leads to Spanish pages; the English page never to host "es".
    if page_path.startswith("es/"):
        assert 'href="sources.html"' in html_text and "Página no encontrada" in html_text
        assert 'href="../index.html" hreflang="en"' in html_text
    else:
        assert 'href="es/index.html"' in html_text and "//es/" not in html_text


@pytest.mark.parametrize("page_path", ["404.html", "es/404.html"])
def test_404_served_at_a_nested_path_resolves_through_its_base(absolute_site: Path, page_path):
    html_text = (absolute_site / page_path).read_text(encoding="utf-8")
    base = re.search(r'<base href="([^"]+)">', html_text).group(1)
    assert base == VERSIONED_BASE + ("es/" if page_path.startswith("es/") else "")
    for href in links(html_text):
        # Served at https://example.org/presos/a/b/c/missing, each link still resolves from base.
        address = urllib.parse.urljoin(base, href)
        assert address.startswith(VERSIONED_BASE), href
        path = urllib.parse.urlsplit(address).path.removeprefix("/presos/")
        assert (absolute_site / (path or "index.html")).is_file(), href


def test_not_found_links_become_relative_under_a_sub_path():
    written = (
        '<meta charset="utf-8"><a href="/presos/es/about.html"></a>'
        '<a href="/presos/es/../index.html">'
    )
    out = not_found_links(written + '"base": "/presos/es"', "https://example.org/presos/es/")
    assert '<a href="about.html">' in out and '<a href="../index.html">' in out
    assert '<base href="https://example.org/presos/es/">' in out and '"base": "."' in out


# --- the map -------------------------------------------------------------------------------


def test_the_map_draws_only_facilities_with_coordinates(tmp_path: Path):
    from datasite.render.maps import facility_map

    outline = REPO / "site_templates/map/outline.json"
    rows = [
        Row({"id": "a", "name": "A", "latitude": 10.4894, "longitude": -66.9099}, "f.yaml", 1),
        Row({"id": "b", "name": "B", "latitude": "", "longitude": ""}, "f.yaml", 2),
        Row({"id": "c", "name": "C", "latitude": 40.0, "longitude": -3.0}, "f.yaml", 3),
    ]
    drawn = facility_map(outline, rows)
    assert [m.row.values["id"] for m in drawn.markers] == ["a"]
    assert drawn.without == 1 and [r.values["id"] for r in drawn.outside] == ["c"]
    assert 0 < drawn.markers[0].x < drawn.width and 0 < drawn.markers[0].y < drawn.height
    assert facility_map(tmp_path / "none.json", rows) is None


def test_the_outline_is_small_and_says_where_it_comes_from():
    outline = REPO / "site_templates/map/outline.json"
    assert outline.stat().st_size < 20_000
    text = outline.read_text(encoding="utf-8")
    assert "Natural Earth" in text and "public domain" in text
    assert (REPO / "tools/venezuela_outline.mjs").is_file()


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_the_fixture_map_links_each_marker_to_an_existing_facility_page(built_mini, prefix):
    site = built_mini / "site"
    html_text = (site / prefix / "facilities/index.html").read_text(encoding="utf-8")
    svg = re.search(r'<figure class="ds-map">.*?</figure>', html_text, re.DOTALL).group()
    assert "://" not in svg and "<image" not in svg
    markers = re.findall(r'<a href="([^"]+)" aria-label="[^"]+"><circle', svg)
    facilities = yaml.safe_load((built_mini / "data/places/facilities.yaml").read_text("utf-8"))
    with_coordinates = [f for f in facilities if f.get("latitude") not in (None, "")]
    assert len(markers) == len(with_coordinates)
    for href in markers:
        assert (site / prefix / "facilities" / href).is_file()
    without = len(facilities) - len(with_coordinates)
    words = i18n(prefix[:2] or "en")
    key = "map_without_one" if without == 1 else "map_without"
    assert words[key].replace("{n}", str(without)) in html_text


def test_the_language_check_knows_the_words_of_version_histories(pages: Path):
    from datasite.pipeline import interface_strings

    own = {lang: interface_strings(REPO, I18N.parent, lang) for lang in ("en", "es")}
    (pages / "es/datasets.html").write_text(
        page("<li>Esquema de <code>x</code>: titles or descriptions reworded (id)</li>", "es")
    )
    (pages / "datasets.html").write_text(
        page("<li><code>x</code>: tabla nueva con 3 filas</li>", "en")
    )
    found = language_problems(pages / "es", "es", own["es"], {"en": own["en"]}, (), "es/")
    found += language_problems(pages, "en", own["en"], {"es": own["es"]}, ["es"])
    assert [f"{i.path}: {i.message}" for i in found] == [
        'es/datasets.html: a "es" page holds interface text of "en": '
        '"titles or descriptions reworded"',
        'datasets.html: a "en" page holds interface text of "es": "tabla nueva con"',
    ]
    # The note a maintainer wrote in English is marked so on a Spanish page, and passes.
    (pages / "es/datasets.html").write_text(
        page('<p lang="en">Fields reordered for readers.</p><ul><li>campos reordenados</li>', "es")
    )
    assert language_problems(pages / "es", "es", own["es"], {"en": own["en"]}, (), "es/") == []


def test_the_version_history_is_in_the_readers_language(relative_site: Path):
    def changes(path: str) -> str:
        text = (relative_site / path).read_text(encoding="utf-8")
        return text.split('<h2 id="changes">', 1)[1].split("</div>", 1)[0]

    frozen = (relative_site / "data/releases/2.0.0/CHANGELOG.md").read_text(encoding="utf-8")
    english = changes("datasets/releases/2.0.0.html")
    assert (
        "<li><code>tallies</code>: 1 row added: <code>alpha-2026-02-01-released</code>.</li>"
        in (english)
    )
    assert "- `tallies`: 1 row added: `alpha-2026-02-01-released`." in frozen
    spanish = changes("es/datasets/releases/2.0.0.html")
    assert [line for line in spanish.splitlines() if line.startswith("<li>")] == [
        "<li><code>tallies</code>: 1 fila añadida: <code>alpha-2026-02-01-released</code>.</li>",
        "<li><code>tallies</code>: 1 fila eliminada: <code>alpha-2026-01-fort</code>.</li>",
        "<li><code>tallies</code>: 1 fila corregida (value): "
        "<code>alpha-2026-01-19-detained</code>.</li>",
    ]
    assert 'lang="en"' not in spanish
    assert "<li>Primera versión publicada.</li>" in changes("es/datasets/releases/1.2.0.html")
    history = (relative_site / "es/datasets/releases.html").read_text(encoding="utf-8")
    assert (
        "<li><code>tallies</code>: 1 fila añadida, 1 fila eliminada, 1 fila corregida (value)</li>"
    ) in history


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_tables_kind_is_not_the_label_of_one_of_its_own_kinds(shipped, lang: str):
    """The search and the timeline's filter called every release event "Release", a
    re-detention and a house arrest too: a table's kind names what all its rows are."""
    words = i18n(lang)
    labels = words.get("values") or {}
    for table in shipped.tables().values():
        named = {words.get("search_kinds", {}).get(table.name), words.get(f"kind_{table.name}")}
        for field in table.schema.get("fields", []):
            codes = field.get("constraints", {}).get("enum") or []
            if len(codes) < 2:
                continue
            taken = {labels.get(code) for code in codes} - {None}
            assert not (named & taken), (table.name, field["name"], named & taken)
