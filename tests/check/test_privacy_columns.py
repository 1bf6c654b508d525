"""redact and withheld_names on a table held as columns (privacy.redact_columns, withheld_cells)
give what the row-by-row rules (redact_row, may_publish) give on the same rows: the reference."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from datasite.check.privacy import (
    fold,
    may_publish,
    personal_text_fields,
    redact,
    redact_row,
    withheld_names,
)
from datasite.load.frames import LINE, FrameRows
from datasite.model import Dataset, Project, Table

RULES = {
    "levelField": "publish_level",
    "publicLevels": ["public_figure", "consented"],
    "pseudonymLevels": ["pseudonymous"],
    "minorField": "minor",
    "pseudonymField": "pseudonym",
}
FIELDS = [
    {"name": "id"},
    {"name": "publish_level"},
    {"name": "name", "personal": True},
    {"name": "pseudonym"},
    {"name": "minor"},
    {"name": "aliases", "type": "list", "personal": True},
    {"name": "role"},
]
NAMES = [f["name"] for f in FIELDS]
LEVELS = ["public_figure", "consented", "pseudonymous", "withheld", "", "Public_figure"]
MINOR = ["false", "true", "TRUE", "Yes", "1", "", "no"]
# Fictional names; some repeat, one has a single word (never a withheld full name).
PEOPLE = [
    "Ana Fictional-Uno",
    "Bruno Madeup",
    "Cleo",
    "",
    "Dário Inventado Sol",
    "ana fictional uno",
]


def columns(rows: list[dict], path: str = "data/p/persons.csv") -> FrameRows:
    frame = pl.DataFrame(
        {
            **{n: [r[n] for r in rows] for n in NAMES if n != "aliases"},
            "aliases": pl.Series([r["aliases"] for r in rows], dtype=pl.List(pl.String)),
        }
    ).with_columns(pl.int_range(2, len(rows) + 2, dtype=pl.UInt32).alias(LINE))
    return FrameRows(frame.select(*NAMES, LINE), path, NAMES)


def record(i: int, rng: random.Random) -> dict:
    return {
        "id": f"person-{i}",
        "publish_level": rng.choice(LEVELS),
        "name": rng.choice(PEOPLE),
        "pseudonym": rng.choice(["", f"Witness {i}"]),
        "minor": rng.choice(MINOR),
        "aliases": rng.choice([[], ["Alias Fictional"], ["A", "B"]]),
        "role": rng.choice(["", "Fictional role"]),
    }


def project_of(*tables: tuple[str, list[dict], dict]) -> Project:
    dataset = Dataset("people", {}, "data/people")
    for name, rows, rules in tables:
        schema = {"fields": FIELDS, "privacy": rules}
        dataset.tables[name] = Table(name, "people", schema, "s.yaml", "p.csv", columns(rows))
    return Project(root=Path("."), site={}, datasets={"people": dataset})


def as_lists(project: Project) -> Project:
    """The same project with every table's rows made (the row-by-row path)."""
    return project.with_rows(lambda table: list(table.rows))


def facts(rows) -> list[tuple]:
    return [(r.path, r.line, r.values) for r in rows]


@pytest.mark.parametrize("seed", range(6))
def test_redacting_the_columns_is_redacting_each_row(seed: int):
    rng = random.Random(seed)
    rows = [record(i, rng) for i in range(300)]
    rules = dict(RULES) if seed < 4 else {k: v for k, v in RULES.items() if k != "minorField"}
    project = project_of(("persons", rows, rules))
    table = project.tables()["persons"]
    personal = ["name", "aliases"]
    expected = [redact_row(table, row, personal) for row in list(table.rows)]
    assert any(e.values["name"] == "" != r["name"] for e, r in zip(expected, rows, strict=True))
    public = redact(project).tables()["persons"]
    assert isinstance(public.rows, FrameRows)  # still held as columns
    assert facts(public.rows) == facts(expected)
    assert facts(redact(as_lists(project)).tables()["persons"].rows) == facts(expected)


def test_a_withheld_minor_and_a_pseudonym_are_emptied_in_the_columns():
    rows = [
        {**record(0, random.Random(0)), "publish_level": "public_figure", "minor": "True"},
        {**record(1, random.Random(0)), "publish_level": "pseudonymous", "minor": "false"},
        {**record(2, random.Random(0)), "publish_level": "withheld", "minor": "false"},
    ]
    for row in rows:
        row.update(name="Ana Fictional-Uno", pseudonym="Witness A", aliases=["Alias Fictional"])
    public = redact(project_of(("persons", rows, RULES))).tables()["persons"].rows
    assert [(r.values["name"], r.values["pseudonym"], r.values["aliases"]) for r in public] == [
        ("", "", []),  # a minor: never named, and no pseudonym either
        ("", "Witness A", []),
        ("", "", []),
    ]
    assert [r.values["role"] for r in public] == [r["role"] for r in rows]
    assert [r.line for r in public] == [2, 3, 4]


def test_a_table_with_nothing_to_hide_keeps_its_columns():
    rows = [{**record(i, random.Random(i)), "publish_level": "public_figure"} for i in range(5)]
    for row in rows:
        row["minor"] = "false"
    project = project_of(("persons", rows, RULES))
    assert redact(project).tables()["persons"].rows is project.tables()["persons"].rows


def reference_withheld(project: Project) -> dict:
    """privacy.withheld_names as it was: every row of every personal text field, in order."""
    out = {}
    for table in project.tables().values():
        for name in personal_text_fields(table):
            for row in table.rows:
                folded = fold(str(row.values.get(name, "")))
                if len(folded.split()) >= 2 and not may_publish(table, row):
                    out[folded] = row
    return out


@pytest.mark.parametrize("seed", range(4))
def test_withheld_names_from_the_columns_are_those_of_the_rows(seed: int):
    rng = random.Random(seed)
    first = [record(i, rng) for i in range(200)]
    second = [record(i, rng) for i in range(200, 260)]
    project = project_of(("persons", first, RULES), ("witnesses", second, RULES))
    expected = reference_withheld(as_lists(project))
    assert len(expected) >= 2
    got = withheld_names(project)
    assert list(got) == list(expected)  # the same names, in the same order
    assert [(r.path, r.line, r.values) for r in got.values()] == [
        (r.path, r.line, r.values) for r in expected.values()
    ]
    # One table held as columns and one row by row: the later record still wins.
    mixed = project_of(("persons", first, RULES), ("witnesses", second, RULES))
    mixed.datasets["people"].tables["witnesses"].rows = list(
        mixed.datasets["people"].tables["witnesses"].rows
    )
    assert [(k, r.line, r.values) for k, r in withheld_names(mixed).items()] == [
        (k, r.line, r.values) for k, r in expected.items()
    ]


def test_a_withheld_name_held_is_the_row_the_table_gives():
    rows = [record(i, random.Random(i)) for i in range(3)]
    for row in rows:
        row.update(publish_level="withheld", name="Bruno Madeup")
    project = project_of(("persons", rows, RULES))
    found = withheld_names(project)
    assert list(found) == ["bruno madeup"]
    person = found["bruno madeup"]
    assert person.line == 4  # the last record holding the name
    # The record is the one walking the table gives (scan_names excludes a record by identity).
    assert any(row is person for row in project.tables()["persons"].rows)


def test_a_redacted_table_held_as_columns_publishes_what_row_by_row_redaction_does(
    tmp_path_factory,
):
    import datetime as dt

    from benchmarks.generate import generate
    from datasite.load.project import load_project
    from datasite.package.datapackage import build_packages

    root = tmp_path_factory.mktemp("redacted") / "corpus"
    generate(root, 1500, fixed={"facilities": 5, "legal_instruments": 2})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
        project, issues = load_project(root)
    assert issues == []
    persons = project.tables()["persons"]
    assert isinstance(persons.rows, FrameRows)
    # Pseudonyms for every record: shown only for pseudonymous ones, so the withheld records'
    # are emptied (redacted) in the public copy, the pseudonymous ones' kept.
    frame = persons.rows.frame.with_columns((pl.lit("Witness ") + pl.col("id")).alias("pseudonym"))
    persons.rows = FrameRows(frame, persons.rows.path, persons.rows.names)
    by_columns = redact(project)
    by_rows = redact(as_lists(project))
    public = by_columns.tables()["persons"].rows
    assert isinstance(public, FrameRows) and public is not persons.rows
    shown = [r.values["pseudonym"] for r in public]
    assert "" in shown and any(shown)  # some hidden, some kept
    assert facts(public) == facts(by_rows.tables()["persons"].rows)
    day = dt.date(2026, 1, 1)
    columns_dir, rows_dir = tmp_path_factory.mktemp("columns"), tmp_path_factory.mktemp("rows")
    build_packages(by_columns, columns_dir, day)
    build_packages(by_rows, rows_dir, day)
    files = sorted(p.relative_to(columns_dir) for p in columns_dir.rglob("*") if p.is_file())
    published = [f for f in files if f.name == "persons.csv"]
    assert published  # the pseudonymous records' pseudonyms are published, no withheld one's
    text = (columns_dir / published[0]).read_text(encoding="utf-8")
    assert "Witness person-" in text and text.count("Witness ") < len(public)
    assert files == sorted(p.relative_to(rows_dir) for p in rows_dir.rglob("*") if p.is_file())
    for name in files:
        assert (columns_dir / name).read_bytes() == (rows_dir / name).read_bytes(), name
