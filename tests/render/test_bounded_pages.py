"""Pages whose size does not grow with the data: every table on a page shows at most a bounded
number of rows (site.yaml page_rows, list_rows), says how many it leaves out and links to the data
browser; the home chart thins its lines to one point per month."""

from pathlib import Path

import pytest

from benchmarks.generate import generate
from datasite.load.project import load_project
from datasite.package.datapackage import build_packages
from datasite.render.charts import MAX_POINTS, latest_per_period
from datasite.render.pages import NAMED_ROWS, render_site

BOUNDS = "page_rows: 10\nlist_rows: 30\n"


def rendered(tmp_path: Path, name: str, rows: int) -> tuple[Path, object]:
    """A generated corpus with small bounds, its English pages rendered (no MkDocs)."""
    corpus = generate(tmp_path / name, rows, fixed={"facilities": 4, "legal_instruments": 2})
    site_yaml = corpus.root / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + BOUNDS, encoding="utf-8")
    # The oldest stage of law-0 (the generator's first day) is the only one stating a scope.
    stages = corpus.root / "data" / "law" / "legal_stages.csv"
    text = stages.read_text(encoding="utf-8")
    first = "stage-0,law-0,announced,2024-01-01,day,actor-0,,"
    assert first in text
    stages.write_text(text.replace(first, first[:-1] + "Fictional scope.,", 1), encoding="utf-8")
    project, issues = load_project(corpus.root)
    assert issues == []
    packages = build_packages(project, tmp_path / f"{name}-packages")
    docs = tmp_path / f"{name}-docs"
    render_site(project, packages, corpus.root / "site_templates", docs, "en")
    return docs, project


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory) -> dict:
    tmp_path = tmp_path_factory.mktemp("bounded")
    return {rows: rendered(tmp_path, f"r{rows}", rows) for rows in (2000, 8000)}


def largest(docs: Path, pattern: str) -> tuple[int, str]:
    return max((p.stat().st_size, p.relative_to(docs).as_posix()) for p in docs.rglob(pattern))


def test_the_largest_page_and_table_file_do_not_grow_with_the_rows(two_sizes):
    (small, _), (large, _) = two_sizes[2000], two_sizes[8000]
    # Four times the rows; the same pages, each within 10 % (longer numbers, other names).
    page_small, page_large = largest(small, "*.md"), largest(large, "*.md")
    assert page_large[0] <= 1.1 * page_small[0], (page_small, page_large)
    csv_small, csv_large = largest(small, "*.csv"), largest(large, "*.csv")
    assert csv_large[0] <= 1.1 * csv_small[0], (csv_small, csv_large)
    sizes = {p.relative_to(small).as_posix(): p.stat().st_size for p in small.rglob("*.md")}
    for page in large.rglob("*.md"):
        path = page.relative_to(large).as_posix()
        if path.startswith("tables/"):
            # A browser page names the rows its ids point to, up to NAMED_ROWS of them (persons
            # here: 400, then 1,600), and no more: bounded, though not yet full at 2,000 rows.
            assert page.stat().st_size <= 30_000 + NAMED_ROWS * 60, path
        elif path != "index.md":  # the home chart, below: its lines fill up to their bound
            assert page.stat().st_size <= 1.1 * sizes[path] + 2000, path
    # Each chart line: at most MAX_POINTS points (thinning: the last test).
    home = (large / "index.md").read_text(encoding="utf-8")
    for series in home.split('<g class="ds-chart-series"')[1:]:
        points = series.split("</g>")[0]
        assert 0 < points.count("<circle") + points.count("<rect") <= MAX_POINTS


def test_a_facility_page_shows_its_newest_rows_and_links_to_all_of_them(two_sizes):
    docs, project = two_sizes[8000]
    events = [
        r for r in project.table("facility_events").rows if r.values["facility_id"] == "facility-0"
    ]
    assert len(events) > 10
    page = (docs / "facilities" / "facility-0.md").read_text(encoding="utf-8")
    history = page.split('id="history"')[1].split("</table>")[0]
    assert history.count('<tr id="facility_events-') == 10
    newest = sorted(events, key=lambda r: (r.values["date"], r.values["id"]))[-10:]
    for row in newest:
        assert f'<tr id="facility_events-{row.values["id"]}"' in history
    assert (
        f'<p class="ds-more">Showing the newest 10 of {len(events):,} records. '
        '<a href="../tables/facility_events.html#facility_id=facility-0">'
        f"All {len(events):,} records in the data tables</a>.</p>"
    ) in page


def test_the_timeline_and_sources_page_list_the_newest_and_cite_the_rest_in_the_browser(
    two_sizes,
):
    docs, project = two_sizes[8000]
    timeline = (docs / "timeline.md").read_text(encoding="utf-8")
    tables = ("tallies", "release_events", "facility_events", "legal_stages")
    total = sum(len(project.table(t).rows) for t in tables)
    assert timeline.count("<tr id=") == 30
    assert f"Showing the newest 30 of {total:,} records." in timeline
    for table in tables:
        assert f'<a href="tables/{table}.html">' in timeline
    sources = (docs / "sources.md").read_text(encoding="utf-8")
    assert sources.count('<tr id="sources-') == 30
    listed = {part.split('"')[0] for part in sources.split('<tr id="sources-')[1:]}
    # A citation links to the sources page where it lists the source, else to its row in the
    # data browser.
    page = (docs / "facilities" / "facility-0.md").read_text(encoding="utf-8")
    cited = {
        part.split('"')[0]: part.split('"')[0].startswith("../sources.html")
        for part in page.split('class="ds-cite" href="')[1:]
    }
    assert len(cited) > 5
    for link, on_sources_page in cited.items():
        key = link.rpartition("#")[2].removeprefix("sources-").removeprefix("row=")
        assert on_sources_page == (key in listed), link
        if not on_sources_page:
            assert link == f"../tables/sources.html#row={key}"


def test_a_line_with_too_many_counts_keeps_the_latest_of_each_month_then_year():
    few = [(f"2026-01-0{d}", d, f"c{d}") for d in range(1, 6)]
    assert latest_per_period(few, 5) == (few, "")
    points = [
        (f"2026-{m:02d}-{d:02d}", m * 100 + d, f"c{m}-{d}") for m in (1, 2, 3) for d in (1, 9)
    ]
    assert latest_per_period(points, 4) == (
        [("2026-01-09", 109, "c1-9"), ("2026-02-09", 209, "c2-9"), ("2026-03-09", 309, "c3-9")],
        "month",
    )
    years = [(f"{y}-{m:02d}-01", y + m, f"{y}-{m}") for y in (2024, 2025) for m in (1, 6)]
    assert latest_per_period(years, 3) == (
        [("2024-06-01", 2030, "2024-6"), ("2025-06-01", 2031, "2025-6")],
        "year",
    )


def test_a_law_page_shows_its_newest_stages_and_links_its_final_scope_wherever_it_is(two_sizes):
    docs, project = two_sizes[8000]
    stages = [r for r in project.table("legal_stages").rows if r.values["instrument_id"] == "law-0"]
    assert len(stages) > 10
    page = (docs / "laws" / "law-0.md").read_text(encoding="utf-8")
    assert page.count('<li id="legal_stages-') == 10
    assert (
        f"Showing the newest 10 of {len(stages):,} records. "
        '<a href="../tables/legal_stages.html#instrument_id=law-0">'
    ) in page
    # Its final scope is the oldest stage's, which the page leaves out: linked in the browser.
    final = page.split('id="final-scope"')[1].split('<a href="')[1].split('"')[0]
    assert final == "../tables/legal_stages.html#id=stage-0"
    assert "Fictional scope." in page


def test_a_table_split_over_workbook_sheets_is_said_on_its_dataset_page(tmp_path, monkeypatch):
    from datasite.package import writers

    monkeypatch.setattr(writers, "EXCEL_MAX_ROWS", 500)  # tallies (35 % of 2,000 rows) split
    corpus = generate(tmp_path / "split", 2000, fixed={"facilities": 4, "legal_instruments": 2})
    project, issues = load_project(corpus.root)
    assert issues == []
    packages = build_packages(project, tmp_path / "packages")
    notes = {p.dataset: p.workbook_notes for p in packages}
    assert notes["releases"]["en"] and notes["releases"]["es"]
    for lang in ("en", "es"):
        docs = tmp_path / f"docs-{lang}"
        render_site(project, packages, corpus.root / "site_templates", docs, lang)
        page = (docs / "datasets" / "releases.md").read_text(encoding="utf-8")
        assert all(note in page for note in notes["releases"][lang]), lang
