"""Screening tables at column speed finds exactly what checking every row finds.

Each test checks the same data twice, with the screen (columnar.py) and without it, and requires
the same issues with the same details; DISTINCT_LIMIT=0 forces the polars expressions where the
tiny fixture tables would otherwise be judged value by value in Python.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from datasite.check import screen as columnar
from datasite.check.cells import constraint_check
from datasite.check.polars_regex import strict_pattern
from datasite.check.tables import check_project
from datasite.issues import sort_issues
from datasite.load import project as load
from datasite.load.frames import FrameRows
from datasite.load.project import load_project, read_csv
from datasite.model import Dataset, Project, Row, Table
from tests.check.conftest import both_ways, one_table_project
from tests.conftest import TODAY, edit, fixture_identifiers, fixture_privacy, make_project

# The shipped data's identifier patterns (the mini fixture declares them too).
SHIPPED = fixture_identifiers()
IDENTIFIERS = {kind.label: compiled for kind, compiled in SHIPPED.compiled}


@pytest.fixture(params=[columnar.DISTINCT_LIMIT, 0], ids=["distinct", "expressions"])
def framed(request, monkeypatch) -> None:
    """Every CSV file read into columns; the screen's own limit, or none."""
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", request.param)


def all_csv(root: Path) -> Path:
    """The project with every one-file YAML table written as CSV, so every table is screened."""
    project, issues = load_project(root)
    assert issues == []
    for dataset in project.datasets.values():
        meta_path = root / dataset.path / "datapackage.yaml"
        for table in dataset.tables.values():
            source = root / table.path
            if source.suffix != ".yaml":
                continue
            delimiters = {
                f["name"]: f.get("delimiter", ",")
                for f in table.schema["fields"]
                if f.get("type") == "list"
            }
            with open(source.with_suffix(".csv"), "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(table.field_names)
                for row in table.rows:
                    writer.writerow(
                        [
                            delimiters[n].join(row.values[n]) if n in delimiters else row.values[n]
                            for n in table.field_names
                        ]
                    )
            source.unlink()
            edit(meta_path, f"path: {source.name}", f"path: {source.with_suffix('.csv').name}")
    return root


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


PERSONS = "data/releases/persons.csv"
TALLIES = "data/releases/tallies.csv"
EVENTS = "data/releases/release_events.csv"
SOURCES = "data/references/sources.csv"
FACILITIES = "data/places/facilities.csv"
# Fictional people added to the fixture: withheld, with names that fold (accents, dotted capitals).
MORE_PERSONS = [
    "person-0003,withheld,Quentin Madeup-Secretson,Witness Q,false,,,daily-2026-01-10,,",
    "person-0004,withheld,Ivan Ñandú-Hiddenname,,false,,,daily-2026-01-10,,",
]
TALLY = (
    "alpha-extra-{n},released,12,,at_least,ngo-alpha,2026-01-09,day,,,not_stated,,verified,,"
    "daily-2026-01-10,{note},"
)


def set_cells(path: Path, changes: list[tuple[int, str, str]]) -> None:
    """Rewrite some cells of a CSV file: (row index, column, new text)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for index, name, value in changes:
        rows[index][name] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def note_case(note: str):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([note])  # quoted only when it must be
    return lambda root: append(root / TALLIES, TALLY.format(n=len(note), note=buffer.getvalue()))


# Each case changes the fully-CSV fixture; the screen must keep the rows its problem is in.
CASES = {
    "clean": lambda root: None,
    "name with accents and capitals": note_case("QUÉNTIN  madeup-SECRETSON was released"),
    "name with dotted capital": note_case("İVAN ÑANDU HIDDENNAME left"),
    "name in Greek letters stays checked": note_case("Ιβαν ñandú-hiddenname"),
    "national id": note_case("C.İ. 12.345.678"),
    "cedula": note_case("cédula N° 9.876.543"),
    "phone": note_case("call (0212) 555 1234"),
    "foreign phone": note_case("+1 202 555 0143"),
    "e-mail": note_case("write to someone@example.org"),
    "formula": note_case('=HYPERLINK("http://x")'),
    "minus": note_case("-3 people"),
    "ordinary numbers": note_case("Decree 5.123 of 2026, 2026-01-09, page 0412"),
    "unsafe link": lambda root: edit(
        root / SOURCES, "https://news.example.org/2026/01/10/releases", "javascript:alert(1)"
    ),
    "link in capitals": lambda root: edit(
        root / SOURCES, "https://news.example.org/2026/01/10/releases", "HTTPS://news.example.org/X"
    ),
    "link with spaces": lambda root: edit(
        root / SOURCES,
        "https://news.example.org/2026/01/10/releases",
        "https://news.example.org/a b",
    ),
    "unsafe page id": lambda root: edit(root / FACILITIES, "fort-one,", "Fort-One,"),
    "minor named": lambda root: edit(
        root / PERSONS,
        "Quentin Madeup-Secretson,Witness Q,false",
        "Quentin Madeup-Secretson,Witness Q,TRUE",
    ),
    "id spells a name": lambda root: (edit(root / PERSONS, "person-0003,", "quentin-secretson,"),),
    "pseudonym repeats a name": lambda root: edit(root / PERSONS, "Witness Q", "Quentin Q"),
    "singled out": lambda root: append(
        root / EVENTS,
        "release-0003,2026-01-10,day,,release,1,exact,,person-0003,fort-one,,ngo-alpha,"
        "daily-2026-01-10,,",
    ),
    "not singled out in a group": lambda root: append(
        root / EVENTS,
        "release-0003,2026-01-09,day,,release,1,exact,,person-0003,fort-one,,ngo-alpha,"
        "daily-2026-01-10,,",
    ),
    "count in superscript": lambda root: append(
        root / EVENTS,
        "release-0003,2026-01-10,day,,release,²,exact,,person-0003,fort-one,,ngo-alpha,"
        "daily-2026-01-10,,",
    ),
    "future, impossible and imprecise dates": lambda root: (
        append(
            root / EVENTS,
            "release-0005,2027-01-10,day,,release,1,exact,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0006,2026-02-30,day,,release,1,exact,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0007,2026-02,day,,release,1,exact,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
        ),
    ),
    "odd integers": lambda root: (
        append(
            root / EVENTS,
            "release-0008,2026-01,month,,release,+5,exact,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0009,2026-01,month,,release,٣,exact,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0010,2026-01,month,,release,1_000,exact,,,fort-one,,ngo-alpha,"
            "daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0011,2026-01,month,,release,0,exact,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0012,2026-01,month,,release,99999999999999999999,exact,,,fort-one,,"
            "ngo-alpha,daily-2026-01-10,,",
        ),
        append(
            root / EVENTS,
            "release-0017,2026-01,month,,release,1.5,exact,,,fort-one,,ngo-alpha,"
            "daily-2026-01-10,,",
        ),
    ),
    "unknown place in a list": lambda root: append(
        root / EVENTS,
        "release-0013,2026-01,month,,release,1,exact,,,fort-one;nowhere,,ngo-alpha,"
        "daily-2026-01-10,,",
    ),
    "unknown and missing source": lambda root: (
        append(
            root / EVENTS,
            "release-0014,2026-01,month,,release,1,exact,,,fort-one,,ngo-alpha,no-such-source,,",
        ),
        append(
            root / EVENTS, "release-0015,2026-01,month,,release,1,exact,,,fort-one,,ngo-alpha,,,"
        ),
    ),
    "duplicate key": lambda root: append(
        root / EVENTS,
        "alpha-2026-01-09-batch,2026-01,month,,release,1,exact,,,fort-one,,ngo-alpha,"
        "daily-2026-01-10,,",
    ),
    "enum and pattern": lambda root: append(
        root / EVENTS,
        "Release-16,30/01/2026,day,,freed,1,about,,,fort-one,,ngo-alpha,daily-2026-01-10,,",
    ),
    "odd coordinates": lambda root: set_cells(
        root / FACILITIES, [(0, "latitude", "1e1"), (1, "longitude", "-181")]
    ),
    "blank row": lambda root: append(root / EVENTS, ",,,,,,,,,,,,,,"),
    # A public record's basis: its sources' outlets are looked up among every source row.
    "public basis from one outlet spelt two ways": lambda root: (
        append(
            root / SOURCES,
            "daily-copy-2026-01-11,news,EXAMPLE-daily,,Fictional copy,,"
            "https://copy.example.org/1,2026-01-11,day,,en",
        ),
        append(
            root / PERSONS,
            "person-0005,public_figure,Yan Fictional-Publicname,,false,,,daily-2026-01-10,"
            "daily-copy-2026-01-11,",
        ),
    ),
    "public basis through a via": lambda root: (
        append(
            root / SOURCES,
            "wire-2026-01-12,news,Other Fictional Paper,Example Daily,Fictional wire copy,,"
            "https://wire.example.org/1,2026-01-12,day,,en",
        ),
        append(
            root / PERSONS,
            "person-0006,public_figure,Xia Fictional-Publicname,,false,,,daily-2026-01-10,"
            "wire-2026-01-12,",
        ),
    ),
    "public basis with an unknown source": lambda root: append(
        root / PERSONS,
        "person-0007,public_figure,Wes Fictional-Publicname,,false,,,daily-2026-01-10,"
        "no-such-source,",
    ),
    "public basis whose source id is used twice": lambda root: append(
        # The last row of an id is the one looked up: person-zed's two outlets become one.
        root / SOURCES,
        "bulletin-2026-01-20,ngo_post,Example Daily,,,,https://alpha.example.org/b2,,unknown,"
        "Page showed no date,es",
    ),
}


# Cases that are fine (the screen may keep their rows; the check must then pass them).
NO_PROBLEM = {
    "clean",
    "not singled out in a group",
    "ordinary numbers",
    "name in Greek letters stays checked",
    "blank row",
}


@pytest.mark.parametrize("case", CASES)
def test_screened_checks_find_what_every_row_finds(tmp_path: Path, framed, case: str):
    root = all_csv(make_project(tmp_path / "project"))
    for line in MORE_PERSONS:
        append(root / PERSONS, line)
    CASES[case](root)
    project, issues = load_project(root)
    assert issues == []
    assert [
        t.name
        for t in project.tables().values()
        if t.path.endswith(".csv") and not isinstance(t.rows, FrameRows)
    ] == []
    screened, every_row = both_ways(project)
    assert screened == every_row
    if case in NO_PROBLEM:
        assert screened == []
    else:
        assert screened, "the case must produce a problem for the comparison to mean something"


def test_a_generated_corpus_with_injected_errors_gives_the_same_issues_three_ways(
    tmp_path: Path, monkeypatch
):
    corpus = generate(tmp_path / "corpus", 3000, errors=2)
    results = {}
    for name, min_bytes, limit in [
        ("rows", 10**12, 20_000),
        ("screened", 0, 20_000),
        ("expressions", 0, 0),
    ]:
        monkeypatch.setattr(load, "FRAME_MIN_BYTES", min_bytes)
        monkeypatch.setattr(columnar, "DISTINCT_LIMIT", limit)
        project, issues = load_project(corpus.root)
        assert issues == []
        results[name] = [(i, i.details) for i in sort_issues(check_project(project, TODAY))]
    assert results["rows"] == results["screened"] == results["expressions"]
    found = {(i.path, i.line, i.field, i.code) for i, _ in results["rows"]}
    assert corpus.expected <= found


# A table with every kind of field, filled with valid and hostile cells alike.
THINGS = {
    "fields": [
        {"name": "id", "constraints": {"required": True, "pattern": "^[a-z0-9][a-z0-9-]{0,79}$"}},
        {"name": "n", "type": "integer", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "x", "type": "number", "constraints": {"minimum": -90, "maximum": 90.5}},
        {"name": "b", "type": "boolean"},
        {"name": "tags", "type": "list", "delimiter": ";", "constraints": {"maxLength": 2}},
        {
            "name": "url",
            "format": "uri",
            "constraints": {"pattern": "^https?://\\S+$", "maxLength": 40},
        },
        {"name": "kind", "constraints": {"enum": ["a", "b"]}},
        {"name": "code", "constraints": {"pattern": "\\d{2}|x"}},
        {"name": "note", "constraints": {"maxLength": 12}},
        {
            "name": "date",
            "precisionField": "date_precision",
            "constraints": {"pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
        },
        {"name": "date_precision", "constraints": {"enum": ["day", "month", "year", "unknown"]}},
    ],
    "primaryKey": ["id"],
}
ODD = [
    "",
    " ",
    "0",
    "-0",
    "+5",
    "٣",
    "1_0",
    "1e1",
    "90.5",
    "90.50000000000001",
    "-90",
    "100",
    "101",
    "nan",
    "true",
    "True",
    "yes",
    "a",
    "b",
    "a;b",
    "a;;b;c",
    "x",
    "12",
    "١٢",
    "12\t",
    "https://e.org/a",
    "http://e.org/ b",
    "https://e.org/\u00a0",
    "HTTPS://E.ORG",
    "mailto:a@b.org",
    "=1+1",
    "@x",
    "-x",
    "2026-02-30",
    "2026-01",
    "2027-01-01",
    "2026-1-1",
    "day",
    "month",
    "year",
    "unknown",
    "C.I. 12.345.678",
    "ana@example.org",
    "n-1",
    "N-1",
    "é",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.fixed_dictionaries({f["name"]: st.sampled_from(ODD) for f in THINGS["fields"]}),
        min_size=1,
        max_size=12,
    ),
    limit=st.sampled_from([0, 20_000]),
)
def test_random_hostile_cells_give_the_same_issues_both_ways(
    tmp_path: Path, monkeypatch, rows, limit
):
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", limit)
    names = [f["name"] for f in THINGS["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[r[n] for n in names] for r in rows])
    path = tmp_path / "things.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    table = Table("things", "d", THINGS, "schemas/things.schema.yaml", "things.csv")
    table.rows = read_csv(tmp_path, path, table)
    assert isinstance(table.rows, FrameRows)
    project = Project(
        root=tmp_path,
        site=fixture_privacy(),
        datasets={
            "d": Dataset("d", {"version": "1.0.0", "created": "2026-01-01"}, "d", {"things": table})
        },
    )
    screened, every_row = both_ways(project)
    assert screened == every_row


TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789٣۵ .-()+:°º@_VEveCIcidulaNoﬁſKİıÉé\t\u00a0\x1c\nxyz")),
    max_size=30,
)
# Spellings of the identifiers the shipped patterns look for (not all of them match: the check is
# on the texts Python finds one in), between random texts.
DIGIT = st.sampled_from(list("0123456789٣۵"))
SEP = st.sampled_from(["", " ", "-", ".", " - ", "\t", "\u00a0", "\x1c", "(", ")"])


def digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.lists(DIGIT, min_size=low, max_size=high).map("".join)


NATIONAL_ID = st.tuples(
    st.sampled_from(["", " ", "(", "\n"]),
    st.sampled_from(
        [
            "V",
            "E",
            "v",
            "e",
            "C.I.",
            "C. I.",
            "c.i.",
            "CI",
            "ci",
            "cédula",
            "CEDULA",
            "Cédula de identidad",
            "CI N°",
            "C.I. Nº:",
            "cedula No.",
            "CI: V-",
            "C.I. E.",
        ]
    ),
    SEP,
    st.one_of(
        st.tuples(digits(1, 3), st.just("."), digits(3, 3), st.just("."), digits(3, 3)).map(
            "".join
        ),
        st.tuples(digits(3, 3), st.just("."), digits(3, 3)).map("".join),
        digits(6, 9),
    ),
).map("".join)
PHONE = st.tuples(
    st.sampled_from(["+58", "0", "+1", "+34", "+584", " 0"]),
    SEP,
    st.sampled_from(["212", "412", "(414)", "416", "422", "426", "(555)", "2", "91"]),
    SEP,
    digits(3, 3),
    SEP,
    digits(2, 2),
    SEP,
    digits(2, 4),
).map("".join)
E_MAIL = st.tuples(
    st.sampled_from(["ana", "a.b+c", "x_y", "Ana-María", "1", ".", "é"]),
    st.just("@"),
    st.sampled_from(
        ["mail.example.org", "e.org", "ejemplo.com.ve", "x-y.example", "example", "é.org"]
    ),
).map("".join)
WITH_IDENTIFIER = st.tuples(TEXT, st.one_of(NATIONAL_ID, PHONE, E_MAIL), TEXT).map("".join)


def test_the_ascii_identifier_screen_matches_ascii_text_exactly_where_the_full_one_does():
    full = columnar.identifier_screen(SHIPPED)
    ascii_only = columnar.ascii_identifier_screen(SHIPPED)
    assert ascii_only is not None and ascii_only != full
    matched: list[str] = []

    @settings(max_examples=1500, deadline=None)
    @given(texts=st.lists(st.one_of(TEXT, WITH_IDENTIFIER), min_size=1, max_size=50))
    def check(texts):
        texts = [t.encode("ascii", "replace").decode() for t in texts]  # ? for the rest
        column = pl.Series(texts, dtype=pl.String)
        expected = column.str.contains(full).to_list()
        assert column.str.contains(ascii_only).to_list() == expected
        matched.extend(t for t, hit in zip(texts, expected, strict=True) if hit)

    check()
    assert len(matched) >= 300, f"only {len(matched)} texts matched: the property is too weak"


def test_the_identifier_mask_keeps_whatever_either_screen_would():
    texts = ["V-12.345.678", "plain words", "Ｖ-12.345.678", "cédula 12.345.678", "ana@e.org", ""]
    kept = columnar.identifier_mask(pl.Series(texts, dtype=pl.String), SHIPPED).to_list()
    assert kept == [True, False, True, True, True, False]


def test_the_identifier_screen_matches_wherever_python_finds_one():
    reached: list[str] = []  # texts Python found an identifier in: the property must be exercised

    @settings(max_examples=2000, deadline=None)
    @given(texts=st.lists(st.one_of(TEXT, WITH_IDENTIFIER), min_size=1, max_size=50))
    def check(texts):
        flagged = (
            pl.Series(texts, dtype=pl.String)
            .str.contains(columnar.identifier_screen(SHIPPED))
            .to_list()
        )
        for text, screen in zip(texts, flagged, strict=True):
            if SHIPPED.search(text):
                reached.append(text)
                assert screen, text

    check()
    assert len(reached) >= 500, f"only {len(reached)} texts held an identifier Python finds"
    assert {
        name for name, pattern in IDENTIFIERS.items() if any(pattern.search(t) for t in reached)
    } == set(IDENTIFIERS)


@pytest.mark.parametrize(
    "pattern, cells",
    [
        ("^[a-z0-9][a-z0-9-]{0,79}$", ["a-1", "A-1", "a_1", "a-١", "a-1\n", ""]),
        ("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", ["2026", "2026-01-02", "2026-1", "٢٠٢٦"]),
        (
            "^https?://\\S+$",
            ["https://x", "https://x y", "https://x\x1c", "https://x\u00a0", "ftp://x"],
        ),
        ("\\d{2}|x", ["12", "١٢", "x", "12x", "xx", "1"]),
        ("a\\s+b", ["a b", "a\x1cb", "a\u3000b", "ab"]),
    ],
)
def test_a_strict_pattern_never_accepts_what_python_rejects(pattern: str, cells: list[str]):
    rust = strict_pattern(pattern)
    assert rust is not None
    accepted = pl.Series(cells, dtype=pl.String).str.contains(rust).to_list()
    passes = constraint_check("pattern", pattern, lambda v: v)
    for cell, ok in zip(cells, accepted, strict=True):
        if ok:
            assert passes(cell), cell
    assert any(accepted)


@pytest.mark.parametrize("pattern", ["(?i)abc", "a(?=b)", "[\\d]", "\\w+", "(a)\\1", "[^a]"])
def test_patterns_the_screen_does_not_understand_are_judged_in_python(pattern: str):
    assert strict_pattern(pattern) is None


def test_every_identifier_pattern_has_a_screen():
    assert columnar.identifier_screen(SHIPPED) is not None
    assert len(IDENTIFIERS) == 3


@pytest.mark.parametrize("limit", [columnar.DISTINCT_LIMIT, 0], ids=["distinct", "expressions"])
def test_screened_findings_are_frictionless_validates_on_generated_data(
    tmp_path: Path, monkeypatch, limit: int
):
    """The set of (file, row, field, kind) frictionless finds, for the kinds it checks, on a
    generated corpus with injected errors: the reference the benchmark also compares with."""
    import json

    from frictionless import validate

    from benchmarks.run import ours, theirs

    corpus = generate(tmp_path / "corpus", 2500, errors=2)
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", limit)
    project, issues = load_project(corpus.root)
    assert issues == [] and all(isinstance(t.rows, FrameRows) for t in project.tables().values())
    mine = ours(
        [
            {"code": i.code, "path": i.path, "line": i.line, "field": i.field}
            for i in check_project(project, TODAY)
        ],
        {},
    )
    descriptor = json.loads((corpus.root / "datapackage.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(corpus.root)
    report = validate("datapackage.json", limit_errors=10**9).to_descriptor()
    reference = theirs(
        report,
        {r["name"]: r["path"] for r in descriptor["resources"]},
        {r["name"]: r["schema"]["primaryKey"][0] for r in descriptor["resources"]},
    )
    assert mine == reference
    assert len(reference) >= 2 * 10  # errors of ten kinds frictionless checks were injected


def test_bounds_beyond_64_bits_and_numeric_publish_levels_are_left_to_python(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", 0)
    schema = {
        "fields": [
            {"name": "id"},
            {"name": "n", "type": "integer", "constraints": {"maximum": 10**20}},
            {"name": "m", "type": "integer", "constraints": {"enum": [1, 10**19]}},
            {"name": "level"},
            {"name": "name", "personal": True},
            {"name": "note"},
        ],
        "privacy": {"levelField": "level", "publicLevels": [1, "public"]},
    }
    # Level "1" is not the number 1: Ana's name is withheld, so the note naming her is a problem.
    rows = [
        ["a", "5", "1", "1", "Ana Example", ""],
        [
            "b",
            "100000000000000000001",
            "10000000000000000000",
            "public",
            "Bo Sample",
            "met ana example",
        ],
        ["c", "7", "2", "public", "Cy Sample", "C.I. 12.345.678"],
    ]
    project = one_table_project(tmp_path, schema, rows)
    assert isinstance(project.table("things").rows, FrameRows)
    screened, every_row = both_ways(project)
    assert screened == every_row
    # Both of row b's integers are beyond 64 bits, which the downloads cannot hold either.
    assert {i.code for i, _ in screened} == {
        "maximum",
        "enum",
        "privacy-name",
        "privacy-identifier",
        "number-precision",
    }


def test_a_table_the_fast_path_does_not_cover_is_kept_whole_and_goes_to_frictionless(
    tmp_path: Path, monkeypatch
):
    from datasite.check import tables as check

    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", 0)
    calls = []
    reference = check.frictionless_errors
    monkeypatch.setattr(
        check,
        "frictionless_errors",
        lambda table: calls.append(len(table.rows)) or reference(table),
    )
    schema = {"fields": [{"name": "id"}, {"name": "code", "constraints": {"unique": True}}]}
    project = one_table_project(tmp_path, schema, [["a", "x"], ["b", "y"], ["c", "x"], ["d", "z"]])
    screened, every_row = both_ways(project)
    assert screened == every_row
    assert [(i.line, i.code) for i, _ in screened] == [(4, "unique-error")]
    assert calls == [4, 4]  # every row, screened or not


# Pieces of text that fold to the names below in many spellings, and separators of every kind.
PIECES = [
    "María",
    "MARIA",
    "mari\u0301a",
    "Maria",
    "López",
    "LO\u0301PEZ",
    "lopez",
    "Lopez-Fi",
    "fi",
    "ﬁ",
    "o",
    "Sá",
    "sa\u0301",
    "Ïsa",
    "I\u0308SA",
    "Øre",
    "ore",
    " ",
    "  ",
    "—",
    "¿",
    "-",
    "_",
    "2",
    "²",
    "\u200b",
    "\u00ad",
    "\u2028",
    "Σ",
    "ß",
    "İ",
    "x",
]
FOLDABLE = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


WITHHELD = ["María López", "Maria Lopez-Fi", "Ïsa Øre", "ﬁo Sá"]
NAME_SEPARATORS = [" ", "  ", "—", "¿", "-", "_", "2", "²", "\u2028", "\u200b", " - ", "\n", "."]


def spellings(word: str) -> list[str]:
    """One word of a name as a text may write it: cases, decomposed accents, ligatures, folded."""
    from datasite.check.privacy import fold

    forms = [
        word,
        word.upper(),
        word.lower(),
        unicodedata.normalize("NFD", word),
        unicodedata.normalize("NFD", word.upper()),
        fold(word),
    ]
    forms += [form.replace("fi", "ﬁ").replace("Fi", "ﬁ") for form in forms]
    return sorted(set(forms))


def spelled(name: str) -> st.SearchStrategy[str]:
    """The name, each word spelled some way, with some separator between the words."""
    words = name.split()
    parts: list[st.SearchStrategy[str]] = [st.sampled_from(spellings(words[0]))]
    for word in words[1:]:
        parts += [st.sampled_from(NAME_SEPARATORS), st.sampled_from(spellings(word))]
    return st.tuples(*parts).map("".join)


@st.composite
def withheld_and_texts(draw) -> tuple[list[str], list[str]]:
    """Withheld names, and texts: random pieces, and pieces around a spelling of one name."""
    names = draw(st.lists(st.sampled_from(WITHHELD), min_size=1, max_size=3))
    around = st.tuples(FOLDABLE, st.sampled_from(names).flatmap(spelled), FOLDABLE).map("".join)
    return names, draw(st.lists(st.one_of(FOLDABLE, around), min_size=1, max_size=20))


def test_the_name_screen_keeps_every_text_python_finds_a_withheld_name_in():
    from datasite.check.privacy import NameIndex, fold

    reached: list[str] = []  # texts Python found a withheld name in: the property must be exercised
    found: set[str] = set()

    @settings(max_examples=500, deadline=None)
    @given(withheld_and_texts())
    def check(case):
        names, texts = case
        index = NameIndex({fold(n): Row({}, "p.csv", 2) for n in names})
        kept = columnar.names_mask(pl.Series(texts, dtype=pl.String), index.keys()).to_list()
        for text, keep in zip(texts, kept, strict=True):
            names_in_text = [name for name, _ in index.find(fold(text))]
            if names_in_text:
                reached.append(text)
                found.update(names_in_text)
                assert keep, text

    check()
    assert len(reached) >= 50, f"only {len(reached)} texts held a withheld name Python finds"
    assert found == {fold(n) for n in WITHHELD}


def test_the_name_screen_keeps_names_in_other_spellings_and_drops_plain_text():
    from datasite.check.privacy import NameIndex, fold

    keys = NameIndex({fold("María López"): Row({}, "p.csv", 2)}).keys()
    texts = [
        "MARI\u0301A  LÓPEZ—dijo",
        "¿maría lópez?",
        "Maria_Lopez",
        "López, María",
        "maria lopezz",
        "Mario López",
        "nadie",
    ]
    assert columnar.names_mask(pl.Series(texts, dtype=pl.String), keys).to_list() == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
