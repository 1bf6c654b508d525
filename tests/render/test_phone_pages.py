"""The first screen's figures and data line, timeline filter facets, and each table's CSV file."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from datasite.issues import DataError
from datasite.render.tablecsv import csv_text, page_tables, write_page_csvs


def test_a_tables_csv_holds_its_header_and_rows_as_text():
    """A line break in a cell stays one in the file: an event's label and the note under it were
    run together ("Closure announced Trump said …")."""
    html = (
        '<p>before</p><table data-csv="page-x.csv"><caption>Not a row</caption>'
        "<thead><tr><th>Date</th><th>What</th></tr></thead><tbody>"
        "<tr><td>9 January 2026</td><td>at least <strong>12</strong><br>as of 9 Jan</td></tr>"
        '<tr data-csv-skip><td colspan="2">Why these figures differ.</td></tr>'
        "<tr><td>A &amp; B</td><td>Source <details><summary>Cite</summary><p>x</p></details>"
        "</td></tr></tbody></table><table><tr><td>unmarked</td></tr></table>"
    )
    assert page_tables(html) == {
        "page-x.csv": [
            ["Date", "What"],
            ["9 January 2026", "at least 12\nas of 9 Jan"],
            ["A & B", "Source"],
        ]
    }


def test_a_csv_cell_a_spreadsheet_would_run_starts_with_an_apostrophe():
    assert csv_text([["=1+1", "-5 + 1", "-66.9", "plain, with comma"]]) == (
        "'=1+1,'-5 + 1,-66.9,\"plain, with comma\"\r\n"
    )


def test_a_table_asking_for_a_path_is_refused(tmp_path: Path):
    html = '<table data-csv="../escape.csv"><tr><td>x</td></tr></table>'
    with pytest.raises(DataError) as caught:
        write_page_csvs(html, tmp_path, "site_templates/pages/home.md.j2")
    assert str(caught.value.issues[0].message) == (
        'a table asks for the CSV file "../escape.csv"; use a lowercase name.csv'
    )
    assert list(tmp_path.iterdir()) == []


def tables_of(page: Path) -> dict[str, list[list[str]]]:
    return page_tables(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["", "es/"])
def test_every_marked_table_has_its_csv_file_and_a_link_beside_it(built_mini: Path, lang: str):
    site = built_mini / "site" / lang
    label = "Esta tabla en CSV" if lang else "This table as CSV"
    seen = 0
    for page in sorted(site.rglob("*.html")):
        if lang == "" and page.relative_to(site).parts[0] == "es":
            continue
        html = page.read_text(encoding="utf-8")
        for name, rows in page_tables(html).items():
            seen += 1
            with (page.parent / name).open(encoding="utf-8", newline="") as f:
                assert list(csv.reader(f)) == rows, (page, name)
            assert f'<a href="{name}" download type="text/csv"' in html
            assert f">{label}</a>" in html
    assert seen >= 8


TABLE_TAG = re.compile(r"<table\b[^>]*>")


def test_every_table_of_every_page_has_a_csv_button(built_mini: Path):
    # No page of the site uses a table for layout, so none is left out: a table whose rows are in
    # the page links its own CSV file; the data browser's (rows arriving by script) links the
    # published table's file.
    site = built_mini / "site"
    kinds: set[str] = set()
    missing = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for tag in TABLE_TAG.findall(html):
            kinds.add(re.search(r'class="([^"]*)"', tag).group(1))
            own = re.search(r'data-csv="([^"]+)"', tag)
            published = re.search(r'data-csv-file="([^"]+)"', tag)
            href = own.group(1) if own else published.group(1) if published else ""
            if not href or not (page.parent / href).is_file():
                missing.append(f"{page.relative_to(site)}: {tag}")
            elif f'<a href="{href}" download type="text/csv"' not in html:
                missing.append(f"{page.relative_to(site)}: no button for {href}")
            elif own and html.index(f'<a href="{href}" download') > html.index(tag):
                # every button stands above its table: a reader should not hunt for it
                missing.append(f"{page.relative_to(site)}: the button for {href} is below it")
    assert missing == []
    # Every kind of table the templates write was seen, so none escaped the check by absence.
    assert {"ds-downloads", "ds-fields", "ds-sources", "ds-tables", "ds-browse-table"} <= kinds
    assert {"ds-list", "ds-events", "ds-preview", "ds-named"} <= kinds


@pytest.mark.parametrize("lang", ["", "es/"])
def test_the_definitions_link_the_published_measures_csv(built_mini: Path, lang: str):
    page = built_mini / "site" / lang / "definitions.html"
    (href,) = re.findall(r'<p class="ds-csv"><a href="([^"]+)" download', page.read_text("utf-8"))
    assert href.endswith("/measures.csv") and (page.parent / href).is_file()


def test_a_link_marked_with_its_csv_text_is_that_text_in_the_file():
    html = (
        '<table data-csv="page-s.csv"><tr><th>Link</th></tr><tr><td>'
        '<a href="https://example.org/a" data-csv-text="https://example.org/a">open</a> '
        "<details><summary>Cite</summary>x</details></td></tr></table>"
    )
    assert page_tables(html) == {"page-s.csv": [["Link"], ["https://example.org/a"]]}


def test_a_version_pages_csv_is_named_without_dots(built_mini: Path):
    (version,) = sorted((built_mini / "site" / "datasets" / "releases").glob("*.html"))[:1]
    name = version.stem.replace(".", "-") + "-files.csv"
    rows = list(csv.reader((version.parent / name).open(encoding="utf-8", newline="")))
    assert rows[0] == ["File", "Size", "SHA-256"] and len(rows) > 2


def test_the_home_csv_of_the_headline_leaves_out_the_why_rows(built_mini: Path):
    rows = tables_of(built_mini / "site" / "index.html")["index-latest-counts.csv"]
    assert rows[0] == ["What is counted", "NGO Alpha", "Government of Beta"]
    assert not any("Why these figures differ" in cell for row in rows for cell in row)
    text = (built_mini / "site" / "es" / "index-latest-counts.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(text)))[0] == "Qué se cuenta"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        # The newest count is dated to a month only: as precise as the data, and "de" in Spanish.
        (
            "",
            "Data as of January 2026 · Fictional releases, version 1.2.0 · updated 1 February 2026",
        ),
        (
            "es/",
            (
                "Datos de enero de 2026 · Excarcelaciones ficticias, versión 1.2.0 · actualizada "
                "el 1 de febrero de 2026"
            ),
        ),
    ],
)
def test_the_first_screen_gives_each_figure_and_the_data_line(built_mini: Path, lang, line):
    html = (built_mini / "site" / lang / "index.html").read_text(encoding="utf-8")
    answer = html[html.index('<section class="ds-answer"') : html.index("</section>")]
    plain = " ".join(re.sub(r"<[^>]+>", " ", answer).split())
    assert line in plain
    # The same figures as the headline table below, in its order: presentation only.
    figures = re.findall(r'<span class="ds-answer-figure">(.*?</span>)</span>', answer, re.S)
    table = re.findall(r'<strong class="ds-figure">([^<]+)</strong>', html)
    assert [" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in figures] == table
    assert table[0] == ("al menos 12" if lang else "at least 12") and len(table) == 3
    # Each figure says whether its claimant verified it or only claimed it, as the table does.
    whos = [
        re.sub(r"<[^>]+>", "", w)
        for w in re.findall(r'<span class="ds-answer-who">(.*?)</span></li>', answer, re.S)
    ]
    claims = re.findall(r'<span class="ds-claim">(.*?)</span>', html, re.S)
    statuses = [re.sub(r"<[^>]+>", "", c).split(" · ")[-1].strip() for c in claims]
    assert [w.split(" · ")[1] for w in whos] == statuses
    assert whos[0].split(" · ")[1] == ("verificada" if lang else "verified")
    # and what those words mean, with the page on how counts are verified
    assert '<a href="about.html#verification">' in answer
    assert ("Una cifra verificada es una que" if lang else "A verified figure is one its") in plain
    assert answer.index("ds-answer") < html.index('class="ds-lead"')


def test_timeline_rows_carry_what_the_filters_read(built_mini: Path):
    html = (built_mini / "site" / "timeline.html").read_text(encoding="utf-8")
    start = html.index('<form class="ds-filters"')
    form = html[start : html.index("</form>", start)]
    assert " hidden>" in form[: form.index(">") + 1]  # shown by the script only
    kinds = re.findall(r'<option value="([a-z_]*)">', form[: form.index("filter-claimant")])
    assert kinds[0] == "" and set(kinds[1:]) >= {"tallies", "release_events", "legal_stages"}
    assert '<option value="2026-01">January 2026</option>' in form
    assert '<option value="ngo-alpha">NGO Alpha</option>' in form
    row = re.search(r'<tr id="tallies-[^"]+" (data-[^>]+)>', html)
    assert row is not None
    assert re.fullmatch(
        r'data-kind="tallies" data-claimant="[a-z-]+" data-measure="[a-z-]+" '
        r'data-facility="[a-z -]*" data-month="\d{4}-\d{2}"',
        row.group(1),
    )


def test_markup_in_the_data_is_plain_text_in_the_csv_files(hostile_site: Path):
    """A CSV file is read back from the page's escaped table: markup in a cell comes back as the
    text the data holds, and nothing the page does not show."""
    from tests.conftest import MARK

    files = sorted(hostile_site.rglob("*.csv"))
    page_csvs = [p for p in files if "data" not in p.relative_to(hostile_site).parts]
    assert len(page_csvs) >= 8
    holding = [
        p
        for p in page_csvs
        if any(MARK in cell for row in csv.reader(io.StringIO(p.read_text())) for cell in row)
    ]
    assert holding
    for path in holding:
        page = path.parent / (path.name.split("-")[0] + ".html")
        if page.exists():
            assert path.name in page_tables(page.read_text(encoding="utf-8"))


def test_no_page_keeps_an_empty_contents_column(built_mini: Path):
    """The pages' headings are HTML, which the theme's table of contents never lists: its column
    stood empty beside every page at desktop width and narrowed every table by a quarter. Every
    page hides it (hide: toc), but the theme's 404 page, a few lines long, has no front matter."""
    site = built_mini / "site"
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    shown = [
        p.relative_to(site).as_posix()
        for p in pages
        if re.search(r'md-sidebar--secondary"[^>]*data-md-type="toc"(?![^>]*hidden)', p.read_text())
    ]
    assert len(pages) >= 40 and shown == []
