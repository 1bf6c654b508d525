"""Every check, asserting the exact text a contributor sees."""

from pathlib import Path

import pytest

from tests.conftest import edit, problems

# Every case holds with CSV files read row by row and read into columns (conftest.both_readers).
pytestmark = pytest.mark.usefixtures("both_readers")

TALLIES = "data/releases/tallies.csv"
GOOD = (
    "alpha-2026-01-09-released,released,12,,at_least,ngo-alpha,2026-01-09,day,,2026-01-08,day,,"
    "verified,,daily-2026-01-10,Fictional count.,Cifra ficticia."
)


def test_the_fixture_is_clean(project: Path):
    assert problems(project) == []


@pytest.mark.parametrize(
    "broken, expected",
    [
        (
            GOOD.replace(",at_least,", ",about,"),
            'enum: field "qualifier": "about" is not one of exact, at_least, more_than, '
            "approximately, at_most, between, nearly",
        ),
        (GOOD.replace(",12,", ",twelve,"), 'type: field "value": "twelve" is not a valid integer'),
        (GOOD.replace(",12,", ",-3,"), 'minimum: field "value": -3 is less than the minimum 0'),
        (
            GOOD.replace("alpha-2026-01-09-released", "Alpha 9 Jan"),
            'pattern: field "id": "Alpha 9 Jan" does not match the pattern '
            "^[a-z0-9][a-z0-9-]{0,79}$",
        ),
        (GOOD.replace(",released,", ",,"), 'required: field "measure": is required but empty'),
        (
            GOOD.replace(",daily-2026-01-10,", ",,"),
            'missing-source: field "source_ids": every tallies row must cite a source',
        ),
        (
            GOOD.replace(",daily-2026-01-10,", ",daily-2026-01-11,"),
            'unknown-source: field "source_ids": "daily-2026-01-11" is not an id in sources',
        ),
        (
            GOOD.replace(",ngo-alpha,", ",ngo-alfa,"),
            'foreign-key: field "claimed_by": "ngo-alfa" is not an id in actors',
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",2026-01,day,"),
            'date-precision: field "as_of": "2026-01" does not have the form of precision "day"',
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",2026-02-30,day,"),
            'date-invalid: field "as_of": "2026-02-30" is not a real date',
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",2027-01-09,day,"),
            'date-future: field "as_of": "2027-01-09" is in the future (today is 2026-11-29)',
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",2026-01-09,,"),
            'required: field "as_of_precision": is required but empty',
        ),
        (
            GOOD.replace(",2026-01-08,day,", ",2026-01-08,not_stated,"),
            'date-precision: field "window_start": "2026-01-08" needs window_start_precision day, '
            'month or year, not "not_stated"',
        ),
        (  # a precision not in its list is told once, by enum, not again as the date's
            GOOD.replace(",2026-01-09,day,", ",2026-01-09,día,"),
            'enum: field "as_of_precision": "día" is not one of day, month, year, unknown',
        ),
        (
            GOOD.replace(",2026-01-09,day,", ",,day,"),
            'date-precision: field "as_of": is empty but as_of_precision is "day"',
        ),
        (
            GOOD.replace("Fictional count.", "Call 0414-555-12-34 for details"),
            'privacy-identifier: field "note": looks like a phone number; personal identifiers '
            "are never published",
        ),
        (
            GOOD.replace("Fictional count.", "ID V-12.345.678 seen"),
            'privacy-identifier: field "note": looks like a national ID number; personal '
            "identifiers are never published",
        ),
        (
            GOOD.replace("Fictional count.", "mail someone@example.org"),
            'privacy-identifier: field "note": looks like a e-mail address; personal '
            "identifiers are never published",
        ),
    ],
)
def test_csv_cell_problems_point_at_the_line(project: Path, broken: str, expected: str):
    edit(project / TALLIES, GOOD, broken)
    assert problems(project) == [f"{TALLIES}:2: {expected}"]


def test_duplicate_primary_key(project: Path):
    edit(project / TALLIES, "alpha-2026-01-19-detained,", "alpha-2026-01-09-released,")
    assert problems(project) == [
        f'{TALLIES}:3: duplicate-key: field "id": "alpha-2026-01-09-released" is already used '
        "at line 2"
    ]


def test_yaml_problems_point_at_the_field_line(project: Path):
    edit(project / "data/places/facilities.yaml", "  type: police_detention_centre", "  type: jail")
    edit(
        project / "data/places/facility_events.yaml", '  date: "2026-01-30"', '  date: "30/01/2026"'
    )
    assert problems(project) == [
        'data/places/facilities.yaml:14: enum: field "type": "jail" is not one of prison, '
        "intelligence_service_headquarters, police_detention_centre, "
        "military_detention_centre, women_prison",
        'data/places/facility_events.yaml:3: date-dmy: field "date": "30/01/2026" is written '
        "day/month/year",
    ]


def test_list_field_references_are_checked_item_by_item(project: Path):
    edit(project / "data/releases/release_events.csv", "fort-one;camp-two", "fort-one;camp-three")
    assert problems(project) == [
        'data/releases/release_events.csv:2: foreign-key: field "facility_ids": "camp-three" '
        "is not an id in facilities"
    ]


def test_a_minors_name_is_refused(project: Path):
    edit(
        project / "data/releases/persons.yaml",
        "name: Zed Fictional-Publicfigure\n  basis_source_ids: [bulletin-2026-01-20]",
        'name: Zed Fictional-Publicfigure\n  minor: "true"',
    )
    assert problems(project) == [
        'data/releases/persons.yaml:3: privacy-minor: field "name": a minor\'s personal data '
        "is never recorded; remove it",
        'data/releases/persons.yaml:5: privacy-minor: field "role": a minor\'s personal data '
        "is never recorded; remove it",
        'data/releases/persons.yaml:6: privacy-minor: field "role_es": a minor\'s personal '
        "data is never recorded; remove it",
        'data/releases/release_events.csv:3: privacy-singling-out: field "date": a withheld '
        'person released alone at "fort-one" on 2026-01-12 could be identified; set '
        "date_precision to month or leave out the place",
    ]


def test_an_address_without_its_scheme_is_one_problem_not_an_unsafe_link(project: Path):
    """ "www.x.org/a" copied without https:// was also told that javascript:, data: and file:
    links are never published, as if it were an attack."""
    sources = "data/references/sources.csv"
    edit(project / sources, "https://alpha.example.org/bulletin", "alpha.example.org/bulletin")
    told = problems(project)
    assert [p.split(": ")[1] for p in told] == ["type"], told
    edit(project / sources, "alpha.example.org/bulletin", "//alpha.example.org/bulletin")
    assert "unsafe-url" in [p.split(": ")[1] for p in problems(project)]
