"""The built fixture site without a browser: languages, charts, timeline, browse pages, links."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from datasite.model import SiteSettings
from datasite.render.charts import line_chart, nice_ceiling
from datasite.render.languages import mkdocs_settings

SITE = SiteSettings(title="Site", languages=("en", "es"), i18n={"es": {"title": "Sitio"}})


def test_each_language_links_to_the_other_languages_root():
    en, es = mkdocs_settings(SITE, "en"), mkdocs_settings(SITE, "es")
    assert en["site_name"] == "Site"
    assert en["extra"]["alternate"] == [
        {"name": "Español", "lang": "es", "link": "es/index.html", "root": "es/"}
    ]
    assert es["site_name"] == "Sitio"
    assert es["extra"]["alternate"] == [
        {"name": "English", "lang": "en", "link": "../index.html", "root": "../"}
    ]


def test_the_language_switch_points_at_the_same_page(built_mini: Path):
    site = built_mini / "site"
    assert (
        '<a class="ds-lang-link" href="../es/facilities/fort-one.html" hreflang="es" '
        'lang="es">Español</a>' in (site / "facilities" / "fort-one.html").read_text()
    )
    assert (
        '<a class="ds-lang-link" href="../../facilities/fort-one.html" hreflang="en" '
        'lang="en">English</a>' in (site / "es" / "facilities" / "fort-one.html").read_text()
    )
    assert '<html lang="es"' in (site / "es" / "index.html").read_text()
    assert (
        "<title>Sobre los datos - Sitio de prueba ficticio</title>"
        in (site / "es" / "about.html").read_text()
    )


def test_chart_axes_round_up_and_lines_keep_their_points_in_date_order():
    assert [nice_ceiling(v) for v in (0, 1, 12, 900, 1001, 7727)] == [1, 1, 20, 1000, 2000, 10000]
    chart = line_chart(
        [("a", "Alpha", [("2026-01-20", 50, "a2"), ("2026-01-10", 10, "a1")]), ("b", "Beta", [])],
        lambda day: day.isoformat(),
        str,
    )
    alpha = chart.series[0]
    assert [p.row_id for p in alpha.points] == ["a1", "a2"]
    assert alpha.path == "M48.0,167.6 L366.0,14.0"
    assert [t.label for t in chart.y_ticks] == ["0", "12", "25", "38", "50"]
    assert [t.label for t in chart.x_ticks] == [
        "2026-01-10",
        "2026-01-13",
        "2026-01-17",
        "2026-01-20",
    ]
    assert chart.series[1].points == [] and not chart.empty


def test_a_claimants_lines_from_other_start_dates_each_get_a_shape_of_their_own():
    """Lines from other start dates take the claimant's colour, so their shapes tell them apart:
    a main line keeps its claimant's shape, and shapes repeat only once all six are taken."""
    point = [("2026-01-10", 5, "r")]
    lines = [("ngo", "NGO, since 8 Jan", point, 0, False)]
    lines += [("ngo", f"NGO, since {d} Feb", point, 0, True) for d in range(1, 6)]
    lines += [("gov", "Government", point, 1, False), ("ngo", "NGO, since 9 Feb", point, 0, True)]
    chart = line_chart(lines, lambda day: day.isoformat(), str)
    markers = [s.marker for s in chart.series]
    assert markers[0] == "circle" and markers[6] == "square"  # each claimant's own
    assert len(set(markers[:7])) == 6 and markers[1:6] == [
        "diamond",
        "triangle",
        "triangle-down",
        "cross",
        "circle",
    ]
    assert len({s.color for s in chart.series if s.key == "ngo"}) == 1


def test_a_chart_without_figures_says_so(built_mini: Path):
    assert line_chart([("a", "A", [])], dt.date.isoformat, str).empty


def test_two_figures_of_one_day_are_drawn_smaller_first():
    chart = line_chart(
        [
            (
                "a",
                "A",
                [("2026-01-25", 104, "a1"), ("2026-01-25", 80, "a2"), ("2026-01-20", 90, "a0")],
            )
        ],
        lambda day: day.isoformat(),
        str,
    )
    assert [p.value for p in chart.series[0].points] == [90, 80, 104]
    # Both of the day are drawn, but the line runs to the day's last only: no vertical stroke
    # between two figures that conflict reads as a change within the day.
    (line,) = chart.series
    last = line.points[2]
    assert line.path.count("L") == 1 and line.path.endswith(f"L{last.x:.1f},{last.y:.1f}")


def test_an_axis_across_new_year_gives_the_year_where_it_starts_and_changes():
    def label(day: dt.date) -> str:
        return f"{day.day}/{day.month}"

    chart = line_chart([("a", "A", [("2025-12-29", 1, "a1"), ("2026-01-20", 5, "a2")])], label, str)
    assert [(t.label, t.year) for t in chart.x_ticks] == [
        ("29/12", "2025"),
        ("5/1", "2026"),
        ("13/1", ""),
        ("20/1", ""),
    ]
    within = line_chart(
        [("a", "A", [("2026-01-02", 1, "a1"), ("2026-01-20", 5, "a2")])], label, str
    )
    assert all(t.year == "" for t in within.x_ticks)
    assert chart.bottom == within.bottom + 14  # a second line of labels, the years


def test_the_home_page_chart_is_scriptless_svg_with_title_description_and_table(built_mini: Path):
    html = (built_mini / "site" / "es" / "index.html").read_text()
    assert (
        '<svg class="ds-chart-svg" role="img" aria-labelledby="chart-released-title '
        'chart-released-desc" viewBox="0 0 380 240" width="100%"' in html
    )
    assert (
        '<title id="chart-released-title">Cifras en el tiempo: released (ficticia) (contando '
        "desde el 8 de enero de 2026)</title>" in html
    )
    assert (
        "NGO Alpha, contando desde el 8 de enero de 2026: 1 cifra, 12 (9 de enero de 2026) → 12 "
        "(9 de enero de 2026)." in html
    )
    # The government's count from December 2025 is another line, marked in words.
    assert (
        "Government of Beta, contando desde diciembre de 2025 (otra fecha de inicio): 1 cifra, "
        "900 (10 de enero de 2026)" in html
    )
    assert (
        '<td data-label="Período de conteo">contando desde diciembre de 2025 '
        "<strong>(otra fecha de inicio)</strong></td>" in html
    )
    assert "<caption>Datos del gráfico: released (ficticia)</caption>" in html
    svg = html[
        html.index('<svg class="ds-chart-svg"') : html.index(
            "</svg>", html.index('<svg class="ds-chart-svg"')
        )
    ]
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_timeline_lists_dated_events_across_datasets_newest_first(built_mini: Path):
    html = (built_mini / "site" / "timeline.html").read_text()
    dates = re.findall(r'<tr id="[a-z_]+-[a-z0-9-]+"[^>]*><td>([^<]+)</td>', html)
    assert dates == [
        "30 January 2026",
        "19 January 2026",
        "19 January 2026",
        "15 January 2026",
        "12 January 2026",
        "10 January 2026",
        "9 January 2026",
        "9 January 2026",
        "January 2026",
        "January 2026",
    ]
    assert (
        'Closure announced: <a href="facilities/fort-one.html">Fort One</a> — a fictional park '
        "(announced)" in html
    )


def test_the_about_page_exists_in_both_languages(built_mini: Path):
    site = built_mini / "site"
    assert (
        '<h2 id="why-figures-conflict">Why figures conflict</h2>'
        in (site / "about.html").read_text()
    )
    spanish = (site / "es" / "about.html").read_text()
    assert '<h2 id="why-figures-conflict">Por qué las cifras no coinciden</h2>' in spanish
    assert (
        "<code>Test publisher (2026). Excarcelaciones ficticias, versión 1.2.0. "
        "data/releases/1.2.0/</code>" in spanish
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag != "base":
                self.links.append(attrs[name])


def test_every_internal_link_resolves(built_mini: Path):
    site = built_mini / "site"
    parsed = {}
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page.relative_to(site).as_posix()] = parser
    broken = []
    for path, parser in parsed.items():
        if path.endswith("404.html"):
            continue  # served at any depth, so its links are relative to wherever it is shown
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(path), parts.path))
                if parts.path
                else path
            )
            if target.startswith("..") or not (site / target).exists():
                broken.append(f"{path}: {link}")
            elif parts.fragment and target in parsed and parts.fragment not in parsed[target].ids:
                broken.append(f"{path}: {link} (no such anchor)")
    assert broken == []


def test_pages_link_to_no_other_host_except_cited_sources_and_maps(built_mini: Path):
    site = built_mini / "site"
    hosts = set()
    for page in site.rglob("*.html"):
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', page.read_text(encoding="utf-8")):
            hosts.add(urlsplit(url).netloc)
    # Links a reader may follow, never loaded by the page itself.
    assert hosts == {
        "news.example.org",
        "gazette.example.org",
        "alpha.example.org",
        "www.openstreetmap.org",
        "creativecommons.org",
    }
    for page in site.rglob("*.html"):
        assert not re.search(
            r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//',
            page.read_text(encoding="utf-8"),
        ), page


def test_the_facilities_list_says_what_the_data_lacks_and_the_latest_event_of_any_kind(
    built_mini: Path,
):
    rows = page_rows(built_mini / "site/facilities/index.html")
    assert rows[0] == ["Name", "Type", "Where", "Latest event"]
    camp = next(r for r in rows if r[0] == "Camp Two")
    # No place in the data; its only event is a release (facility events name only Fort One).
    assert camp[2] == "not in the data" and camp[3] == "Release with restrictions (9 January 2026)"
    fort = next(r for r in rows if r[0] == "Fort One")
    assert fort[2] == "Exampleville"
    spanish = page_rows(built_mini / "site/es/facilities/index.html")
    assert next(r for r in spanish if r[0] == "Camp Two")[2] == "no consta en los datos"


def page_rows(page: Path) -> list[list[str]]:
    """The first table of a page, as its cells' text."""
    html = page.read_text(encoding="utf-8")
    table = html[html.index("<table") : html.index("</table>")]
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_two_figures_of_one_line_on_one_day_each_say_why(project: Path):
    from datasite.cli import main
    from tests.conftest import edit

    tallies = project / "data/releases/tallies.csv"
    first = tallies.read_text(encoding="utf-8").splitlines()[1]
    assert first.startswith("alpha-2026-01-09-released,released,12,")
    other = first.replace(
        "alpha-2026-01-09-released,released,12,", "alpha-2026-01-09-b,released,15,"
    )
    other = other.replace("Fictional count.,Cifra ficticia.", "CONFLICT with 12.,CONFLICTO con 12.")
    tallies.write_text(tallies.read_text(encoding="utf-8") + other + "\n", encoding="utf-8")
    edit(tallies, "Fictional count.,Cifra ficticia.", "CONFLICT with 15.,CONFLICTO con 15.")
    assert main(["build"], root=project) == 0
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "<strong>Two figures for the same day:</strong> CONFLICT with 15." in home
    assert "<strong>Two figures for the same day:</strong> CONFLICT with 12." in home
    spanish = (project / "site/es/index.html").read_text(encoding="utf-8")
    assert "<strong>Dos cifras para el mismo día:</strong> CONFLICTO con 15." in spanish
    # The explanation is not a row of the table's CSV.
    name = re.search(r'class="ds-chart-table"[^>]*data-csv="([^"]+)"', home).group(1)
    assert "CONFLICT" not in (project / "site" / name).read_text(encoding="utf-8")


def test_each_chart_line_keeps_its_own_marker_in_the_plot_and_the_legend(built_mini: Path):
    """A line from another start is hollow and dotted, but keeps its own shape: two such lines
    differ by more than colour, and the legend draws each line's marker as the plot does."""
    html = (built_mini / "site" / "index.html").read_text()
    figure = html[html.index('<figure class="ds-chart"') : html.index("</figure>")]
    plot, legend = figure.split('<figcaption class="ds-legend">')

    def shapes(svg: str) -> set[tuple[str, bool]]:
        return {
            (kind, 'fill="#ffffff"' in attributes)
            for kind, attributes in re.findall(
                r"<(circle|rect|path) ([^>]*Z\"[^>]*|[^>]*r=[^>]*|[^>]*height=[^>]*)/>", svg
            )
        }

    lines = re.findall(r'<g class="ds-chart-series"[^>]*>(.*?)</g>', plot, re.S)
    drawn = [shapes(line) for line in lines]
    legend_items = re.findall(r'<span class="ds-legend-item">(.*?)</span>', legend, re.S)
    keys = [shapes(item) for item in legend_items]
    assert len(drawn) == 2 and all(len(d) == 1 for d in drawn)
    assert keys == drawn
    (main,), (other,) = drawn
    assert not main[1] and other[1]  # the government's line from December is hollow
    assert main[0] != other[0]


def test_a_figure_stated_as_a_floor_is_drawn_with_an_arrow_up_and_the_note_says_so(
    built_mini: Path,
):
    """ "at least 12" and "more than 900" are floors: a line to a later figure is no change
    anyone counted, and the chart says so."""
    html = (built_mini / "site" / "index.html").read_text()
    figure = html[html.index('<figure class="ds-chart"') : html.index("</figure>")]
    arrows = re.findall(r'<path class="ds-bound" d="M[\d.]+,([\d.]+) L[\d.]+,([\d.]+) ', figure)
    assert len(arrows) == 2 and all(float(end) < float(start) for start, end in arrows)  # up
    assert 'An arrow up marks a figure stated as a floor ("at least", "more than"' in unescape(
        figure
    )
    spanish = (built_mini / "site" / "es" / "index.html").read_text()
    assert "Una flecha hacia arriba marca una cifra dada como mínimo" in spanish


def test_a_count_left_off_the_chart_says_its_own_reason(project: Path, capsys):
    """A count dated to a month is left off a day axis for that reason alone: the note no
    longer adds "its counting period is not stated", which a stock measure never needs."""
    from tests.check.test_claims import GOOD, TALLIES, append
    from tests.conftest import run_main

    month = GOOD.replace("alpha-2026-01-09-released", "alpha-2026-01-released").replace(
        ",12,,at_least,ngo-alpha,2026-01-09,day,", ",13,,at_least,ngo-alpha,2026-01,month,"
    )
    append(project / TALLIES, month)
    assert run_main(project, "build", capsys=capsys)[0] == 0
    html = unescape((project / "site" / "index.html").read_text())
    figure = html[html.index('<figure class="ds-chart"') : html.index("</figure>")]
    note = " ".join(
        re.sub(r"<[^>]+>", " ", figure[figure.index('<span class="ds-note">') :]).split()
    )
    assert (
        "1 count of this measure is not drawn: it is not dated to the day. See the Timeline" in note
    )
    assert "counting period is not stated" not in note


def test_one_days_events_keep_the_order_of_their_kinds(project: Path, capsys):
    """A release and the re-detention hours later, on one day: the timeline (newest first) put
    the release on top and the person's list put "Detained again" first, since the ids sort
    "re-detention" before "release"; with `order_field: kind` both follow the schema's kinds."""
    from tests.conftest import edit, run_main

    edit(
        project / "data/site.yaml",
        "{table: release_events, date_field: date, precision_field: date_precision}",
        "{table: release_events, date_field: date, precision_field: date_precision, "
        "order_field: kind}",
    )
    with (project / "data/releases/release_events.csv").open("a", encoding="utf-8") as f:
        f.write(
            "re-detention-zed-example,2026-01-12,day,,re_detention,1,exact,,person-zed,fort-one,,"
            "ngo-alpha,daily-2026-01-10,,\n"
        )
    assert run_main(project, "build", capsys=capsys)[0] == 0
    timeline = (project / "site" / "timeline.html").read_text(encoding="utf-8")
    ids = re.findall(r'<tr id="release_events-([\w-]+-zed-example)"', timeline)
    assert ids == ["re-detention-zed-example", "release-zed-example"]  # newest first
    page = unescape((project / "site" / "datasets" / "releases.html").read_text(encoding="utf-8"))
    events = re.sub(r"<[^>]+>", "", page[page.index('id="persons-person-zed"') :])
    assert "12 January 2026: Release; 12 January 2026: Detained again" in events


def test_a_section_of_one_page_named_as_it_is_is_the_page_itself():
    """The menu read "Amnesty law › Amnesty law": a section whose one page has its title is that
    page; a section of several pages, or of one titled otherwise, stays a section."""
    from datasite.pipeline import navigation
    from datasite.render.pages import Page

    pages = [
        Page("index.md", "Home"),
        Page("laws/index.md", "Law", "Law"),
        Page("laws/one.md", "One law", "Law"),  # a record's page: never in the menu
        Page("datasets/a.md", "A", "Datasets"),
        Page("datasets/b.md", "B", "Datasets"),
        Page("places/index.md", "All places", "Places"),
    ]
    assert navigation(pages) == [
        {"Home": "index.md"},
        {"Law": "laws/index.md"},
        {"Datasets": [{"A": "datasets/a.md"}, {"B": "datasets/b.md"}]},
        {"Places": [{"All places": "places/index.md"}]},
    ]


def test_a_figure_stated_as_approximate_is_marked_and_the_note_says_so(
    project: Path, capsys, built_mini: Path
):
    """ "about 12" was drawn as a plain point, unlike the floors and ceilings beside it."""
    from tests.check.test_claims import TALLIES
    from tests.conftest import edit, run_main

    plain = (built_mini / "site" / "index.html").read_text()
    assert "ds-approx" not in plain and "≈ marks" not in plain  # none stated so: no note
    edit(project / TALLIES, ",12,,at_least,ngo-alpha,", ",12,,approximately,ngo-alpha,")
    assert run_main(project, "build", capsys=capsys)[0] == 0
    html = unescape((project / "site" / "index.html").read_text())
    figure = html[html.index('<figure class="ds-chart"') : html.index("</figure>")]
    assert len(re.findall(r'<text class="ds-bound ds-approx" [^>]*>≈</text>', figure)) == 1
    assert '≈ marks a figure stated as approximate ("about"), drawn at its stated number.' in figure
    spanish = unescape((project / "site" / "es" / "index.html").read_text())
    assert "≈ marca una cifra dada como aproximada («unos»)" in spanish
