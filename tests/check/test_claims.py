"""Claims (issue 13): one claim is one row (duplicate-claim), a window's start is empty exactly
when its precision is not_stated, `version --note` leads the changelog, and the shipped tallies
all name a measure and a stated window precision."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.check import screen as columnar
from datasite.check.tables import check_project
from datasite.cli import main
from datasite.issues import sort_issues
from datasite.load import project as load
from datasite.load.project import load_project
from datasite.report.messages import translate
from tests.conftest import REPO, TODAY, edit, run_main

TALLIES = "data/releases/tallies.csv"
GOOD = (
    "alpha-2026-01-09-released,released,12,,at_least,ngo-alpha,2026-01-09,day,,2026-01-08,day,,"
    "verified,,daily-2026-01-10,Fictional count.,Cifra ficticia."
)
COPY = GOOD.replace("alpha-2026-01-09-released,", "alpha-2026-01-09-released-copy,").replace(
    ",daily-2026-01-10,", ",bulletin-2026-01-20,"
)
DUPLICATE = (
    f"{TALLIES}:{{line}}: duplicate-claim: the same claim as "
    '"alpha-2026-01-09-released" at line 2 (same claimed_by, measure, window_start, '
    "window_start_precision, as_of, value)"
)


def lines_of(root: Path, screen: bool) -> list[str]:
    project, issues = load_project(root)
    assert issues == []
    return [
        f"{i.path}:{i.line}: {i.code}: {i.message}"
        for i in sort_issues(check_project(project, TODAY, screen=screen))
    ]


def append(path: Path, line: str) -> int:
    """Add a row at the end; its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize("screen", [True, False], ids=["screen", "every-row"])
def test_a_syndicated_copy_entered_again_is_refused(project: Path, monkeypatch, screen: bool):
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)  # read into columns, so the screen runs
    line = append(project / TALLIES, COPY)
    assert lines_of(project, screen) == [DUPLICATE.format(line=line)]


@pytest.mark.parametrize("screen", [True, False], ids=["screen", "every-row"])
def test_the_screen_keeps_both_rows_of_a_duplicate(project: Path, monkeypatch, screen: bool):
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", 0)  # polars expressions, not Python
    line = append(project / TALLIES, COPY)
    # 12 and 012 are one integer: the typed value makes it the same claim (and 012 is told to
    # be written in plain digits).
    edit(project / TALLIES, COPY, COPY.replace(",released,12,", ",released,012,"))
    found = lines_of(project, screen)
    assert DUPLICATE.format(line=line) in found and len(found) == 2
    assert any(': integer-form: field "value": "012" is read as 12' in f for f in found)


@pytest.mark.parametrize(
    "change",
    [",2026-01-10,day,,2026-01-08,day,", ",2026-01-09,day,,2026-01-07,day,", ",released,13,"],
    ids=["as_of", "window_start", "value"],
)
def test_a_different_claim_is_not_a_duplicate(project: Path, change: str):
    other = {",released,13,": ",released,12,"}.get(change, ",2026-01-09,day,,2026-01-08,day,")
    append(project / TALLIES, COPY.replace(other, change))
    assert lines_of(project, screen=False) == []


def test_duplicate_claim_in_spanish(project: Path, capsys):
    append(project / TALLIES, COPY)
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert (
        'duplicate-claim: la misma cifra que "alpha-2026-01-09-released" en la línea 2 '
        "(mismos claimed_by, measure, window_start, window_start_precision, as_of, value)"
    ) in out
    assert 'añada sus fuentes a la lista de fuentes de "alpha-2026-01-09-released"' in out


def test_duplicate_claim_template_elsewhere():
    english = 'the same claim as "a" at data/x.csv:4 (same measure, value)'
    assert (
        translate(english, "duplicate-claim", "es")
        == 'la misma cifra que "a" en data/x.csv:4 (mismos measure, value)'
    )


@pytest.mark.parametrize(
    "broken, expected",
    [
        (
            GOOD.replace(",2026-01-08,day,", ",2026-01-08,not_stated,"),
            'date-precision: field "window_start": "2026-01-08" needs window_start_precision day, '
            'month or year, not "not_stated"',
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",,day,"),
            'date-precision: field "window_start": is empty but window_start_precision is "day"',
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",,,"),
            'required: field "window_start_precision": is required but empty',
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",,unknown,"),
            'enum: field "window_start_precision": "unknown" is not one of day, month, year, '
            "not_stated",
        ),
    ],
    ids=["start-but-not-stated", "day-but-no-start", "no-precision", "unknown"],
)
def test_the_window_rule_both_ways(project: Path, broken: str, expected: str):
    edit(project / TALLIES, GOOD, broken)
    assert lines_of(project, screen=False) == [f"{TALLIES}:2: {expected}"]


def test_not_stated_with_no_start_is_valid(project: Path):
    edit(project / TALLIES, GOOD, GOOD.replace(",2026-01-08,day,", ",,not_stated,"))
    assert lines_of(project, screen=False) == []


def test_the_hint_for_an_empty_window_offers_not_stated(project: Path, capsys):
    edit(project / TALLIES, GOOD, GOOD.replace(",2026-01-08,day,", ",,day,"))
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert 'hint: write the date, or set window_start_precision to "not_stated"' in out


def test_a_claim_key_naming_no_field_is_a_schema_problem(project: Path, capsys):
    edit(
        project / "schemas/tallies.schema.yaml",
        "claimKey: [claimed_by,",
        "claimKey: [claimant,",
    )
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert "claimKey must list fields of the table that are not lists" in out


def test_version_note_leads_the_changelog(project: Path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769904000")
    assert main(["version", "releases"], root=project) == 0
    edit(project / TALLIES, ",Fictional count.,", ",A corrected fictional count.,")
    note = "Corrected a note after a second reading of the source."
    code, out, _ = run_main(project, "version", "releases", "--note", note, capsys=capsys)
    assert code == 0, out
    folder = sorted((project / "versions/releases").glob("*/CHANGELOG.md"))[-1]
    entry = folder.read_text(encoding="utf-8").split("\n## ")[1]
    assert entry.split("\n\n")[1] == note
    assert "- `tallies`: 1 row corrected (note): `alpha-2026-01-09-released`." in entry


def test_version_without_note_has_none(project: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769904000")
    assert main(["version", "releases"], root=project) == 0
    edit(project / TALLIES, ",Fictional count.,", ",A corrected fictional count.,")
    assert main(["version", "releases"], root=project) == 0
    changelog = sorted((project / "versions/releases").glob("*/CHANGELOG.md"))[-1]
    assert (
        changelog.read_text(encoding="utf-8")
        .split("\n## ")[1]
        .split("\n\n")[1]
        .startswith("- `tallies`")
    )


def shipped_tallies() -> list[dict[str, str]]:
    """The shipped tallies as text, whichever layout holds them (one CSV, or a file per record)."""
    project, issues = load_project(REPO)
    assert issues == []
    return [
        {k: ";".join(v) if isinstance(v, list) else v for k, v in row.values.items()}
        for row in project.tables()["tallies"].rows
    ]


def test_every_shipped_tally_has_a_measure_and_a_stated_window():
    rows = shipped_tallies()
    assert rows
    for row in rows:
        assert row["measure"], row["id"]
        assert row["window_start_precision"] in ("day", "month", "year", "not_stated"), row["id"]
        assert (row["window_start"] == "") == (row["window_start_precision"] == "not_stated"), row[
            "id"
        ]


def test_no_two_shipped_tallies_are_one_claim():
    fields = ("claimed_by", "measure", "window_start", "window_start_precision", "as_of", "value")
    seen: dict[tuple, str] = {}
    for row in shipped_tallies():
        key = tuple(row[f] for f in fields)
        assert key not in seen, (row["id"], seen.get(key))
        seen[key] = row["id"]
