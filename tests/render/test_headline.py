"""The headline and chart pair only like counts; the Definitions page; golden home pages."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

from datasite.check.compare import NOT_STATED, Window, comparable, same_window
from datasite.render.claims import Count, headline_lines, panel_lines
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "home"
MEASURES = ["released", "amnesty", "detained"]
CLAIMANTS = ["ngo", "gov", "church"]
STARTS = ["2025-11", "2025-12", "2025-12-01", "2026-01-08", "2026-01-25", "2026", "2026-02-20"]


def window(rng: random.Random) -> Window:
    start = rng.choice(STARTS + [""])
    if not start:
        return Window()
    return Window.of(start, {10: "day", 7: "month", 4: "year"}[len(start)])


def counts(rng: random.Random, n: int) -> list[Count]:
    out = []
    for i in range(n):
        day = f"2026-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        as_of = rng.choice([day, day[:7], day[:4]])
        out.append(
            Count(
                f"c{i}",
                rng.choice(MEASURES),
                rng.choice(CLAIMANTS),
                window(rng),
                as_of,
                rng.choice(["verified", "claimed"]),
            )
        )
    return out


def test_the_headline_never_pairs_different_measures_or_windows():
    for seed in range(400):
        rng = random.Random(seed)
        rule = {"month": rng.choice(["same", "never"]), "year": rng.choice(["same", "never"])}
        stocks = rng.sample(MEASURES, rng.randint(0, 2))
        data = counts(rng, rng.randint(0, 40))
        rows = [(rng.choice(MEASURES), window(rng)) for _ in range(rng.randint(1, 5))]
        lines = headline_lines(data, rows, CLAIMANTS, rule, stocks)
        assert len(lines) == len(rows), seed
        for line, (measure, key) in zip(lines, rows, strict=True):
            assert (line.measure, line.window) == (measure, key)
            cells = [c for _, group in line.cells for c in group]
            for count in cells:
                assert count.measure == measure, seed
                assert comparable(count.measure, count.window, measure, key, rule, stocks), seed
            for a in cells:
                for b in cells:
                    assert comparable(a.measure, a.window, b.measure, b.window, rule, stocks), seed
            for claimant, group in line.cells:
                # A cell is empty only when the claimant has no comparable count at all.
                own = [
                    c
                    for c in data
                    if c.claimant == claimant
                    and comparable(c.measure, c.window, measure, key, rule, stocks)
                ]
                assert bool(group) == bool(own), seed
                assert all(c.claimant == claimant for c in group)
            # What the why-line names is never comparable with the row.
            for groups in line.other_periods.values():
                for c in (c for g in groups for c in g):
                    assert c.measure == measure
                    assert not comparable(c.measure, c.window, measure, key, rule, stocks)
            for groups in line.other_measures.values():
                assert all(c.measure != measure for g in groups for c in g)


def test_a_chart_line_never_joins_two_windows():
    for seed in range(300):
        rng = random.Random(seed)
        rule = {"month": rng.choice(["same", "never"]), "year": rng.choice(["same", "never"])}
        stocks = rng.sample(MEASURES, rng.randint(0, 2))
        data = counts(rng, rng.randint(0, 40))
        measure = rng.choice(MEASURES)
        main, lines, left_out = panel_lines(data, measure, None, CLAIMANTS, rule, stocks)
        drawn = [c for line in lines for c in line.counts]
        assert len(drawn) + left_out == sum(1 for c in data if c.measure == measure), seed
        for line in lines:
            assert line.main == (line.window == main)
            for c in line.counts:
                assert c.measure == measure and c.claimant == line.claimant
                assert same_window(c.window, line.window, rule, measure in stocks), seed
        # Two lines of one claimant are two windows that are not the same.
        keys = [(line.claimant, line.window) for line in lines]
        assert len(keys) == len(set(keys))


def test_the_rule_for_windows_as_documented():
    month, day = Window.of("2025-12", "month"), Window.of("2025-12-01", "day")
    assert same_window(month, Window.parse("2025-12"), {"month": "same"}, stock=False)
    assert not same_window(month, month, {"month": "never"}, stock=False)
    assert not same_window(month, day, {"month": "same"}, stock=False)
    assert not same_window(Window(), Window(), {}, stock=False)
    assert same_window(Window(), Window.of("", NOT_STATED), {}, stock=True)
    assert not same_window(Window(), day, {}, stock=True)


def test_two_reports_of_one_day_that_disagree_are_both_shown():
    ngo = [
        Count("a", "released", "ngo", Window.parse("2026-02-20"), "2026-02-24", "verified"),
        Count("b", "released", "ngo", Window.parse("2026-02-20"), "2026-02-24", "verified"),
        Count("c", "released", "ngo", Window.parse("2026-02-20"), "2026-02-23", "verified"),
    ]
    (line,) = headline_lines(ngo, [("released", Window.parse("2026-02-20"))], ["ngo"], {}, [])
    assert [c.id for c in line.cells[0][1]] == ["a", "b"]


def test_the_definitions_page_in_both_languages(built_mini: Path):
    site = built_mini / "site"
    english = (site / "definitions.html").read_text()
    assert '<h2 id="released">Released (fictional)</h2>' in english
    assert (
        "<dt>Definition</dt><dd>A fictional measure; the fictional sources gave no "
        "definition.</dd>" in english
    )
    assert "<dt>Unit</dt><dd>people</dd>" in english
    # The claimants that use a measure, from the counts: the minister is named as such.
    assert "<dt>Who gives counts of it</dt><dd>NGO Alpha (2), Minister Gamma (1)</dd>" in english
    spanish = (site / "es" / "definitions.html").read_text()
    assert '<h2 id="released">released (ficticia)</h2>' in spanish
    assert "<dt>Unidad</dt><dd>personas</dd>" in spanish
    assert "<dt>Quién da cifras de ella</dt><dd>NGO Alpha (2), Minister Gamma (1)</dd>" in spanish
    # In the navigation, and linked from the home page's rows.
    home = (site / "index.html").read_text()
    assert '<a href="definitions.html" class="md-nav__link">' in home
    assert '<a href="definitions.html#released">Released (fictional)</a>' in home
    assert '<a href="definitions.html#detained">' in (site / "es" / "index.html").read_text()


def page_body(html: str) -> str:
    """The generated part of a built page (the theme around it follows MkDocs' version)."""
    start = html.index('<div class="ds-page">')
    end = html.index("</article>", start)
    return re.sub(r"[ \t]+\n", "\n", html[start:end]).strip() + "\n"


def test_golden_home_pages(built_mini: Path):
    """The home pages match the reviewed copies; UPDATE_GOLDEN=1 rewrites them when intended."""
    site = built_mini / "site"
    pages = {"index.en.html": site / "index.html", "index.es.html": site / "es" / "index.html"}
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, path in pages.items():
            (GOLDEN / name).write_text(page_body(path.read_text()), encoding="utf-8")
    for name, path in pages.items():
        assert page_body(path.read_text()) == (GOLDEN / name).read_text(encoding="utf-8"), name


def test_reports_of_one_day_that_differ_are_one_disagreement_in_the_why_line(project: Path, capsys):
    """ "109, as of 24 February; 91, as of 24 February" read as two figures of one claimant for
    the same period and day, with nothing saying they disagree."""
    from datasite.cli import main

    with (project / "data/releases/tallies.csv").open("a", encoding="utf-8") as f:
        for n, value in ((1, 30), (2, 25)):
            f.write(
                f"alpha-2026-01-15-released-{n},released,{value},,exact,ngo-alpha,2026-01-15,"
                "day,,2026-01-12,day,,verified,,daily-2026-01-10,Fictional count.,Cifra ficticia.\n"
            )
    assert main(["build"], root=project) == 0, capsys.readouterr()
    for lang, said in (
        ("", "30 or 25 (reports of that day differ), as of 15 January 2026"),
        ("es/", "30 o 25 (los informes de ese día difieren), al 15 de enero de 2026"),
    ):
        home = (project / "site" / lang / "index.html").read_text(encoding="utf-8")
        assert said in home, home[home.index("ds-why") :][:1500]
