"""What a build works out once and shares between languages (render/pages.py BuildFacts, issue 17)
gives what the per-page, per-language code gave: compared here with that code, kept as a
reference, on a generated corpus whose many equal dates test every tie-break."""

from __future__ import annotations

import csv
import urllib.parse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from benchmarks.generate import generate
from datasite.check.privacy import may_publish, publish_masks, redact
from datasite.load.frames import LINE, FrameRows, RowsAt
from datasite.load.memory import NOTHING_KEPT
from datasite.load.project import load_project, read_yaml_mapping
from datasite.model import Row, Table
from datasite.package.catalog import csv_date_span, date_span, temporal_coverage
from datasite.package.datapackage import PackageInfo, build_packages
from datasite.render.pages import (
    BuildFacts,
    Site,
    enum_places,
    frame_groups,
    gated,
    record_key,
)
from datasite.render.search import RecordAnchors


def enum_rank(table: Table, field: str) -> Callable[[Row], int]:
    """The rank the pages sorted rows by before they sorted columns (the reference): a row's
    place in the schema's allowed values of `field`, values outside the list last."""
    places = enum_places(table, field)
    return lambda row: places.get(row.values.get(field), len(places))


I18N = Path("site_templates") / "i18n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts") / "corpus"
    generate(root, 1500, fixed={"facilities": 5, "legal_instruments": 2})
    project, issues = load_project(root)
    assert issues == []
    return redact(project)


def site_of(project, lang: str = "en", facts: BuildFacts | None = None) -> Site:
    strings = read_yaml_mapping(project.root, project.root / I18N / f"{lang}.yaml")
    return Site(project, strings, lang, facts=facts)


def reference_events(site: Site, tables=None) -> list[dict]:
    """Site.events as it was: every dated row made an event, then one sort, newest first."""
    out = []
    for spec in site.project.settings.timeline:
        if tables is not None and spec.table not in tables:
            continue
        table = site.tables[spec.table]
        rank = enum_rank(table, spec.order_field)
        for row in table.rows:
            if row.values.get(spec.date_field):
                out.append(
                    {
                        "table": table.name,
                        "row": row,
                        "date": row.values[spec.date_field],
                        "precision": row.values.get(spec.precision_field, "day"),
                        "rank": rank(row),
                    }
                )
    out.sort(
        key=lambda e: (e["date"], e["table"], e["rank"], e["row"].values.get("id", "")),
        reverse=True,
    )
    return out


def same(a: list[dict], b: list[dict]) -> bool:
    """Equal events, each holding the very same row object."""
    return len(a) == len(b) and all(
        x["row"] is y["row"] and {**x, "row": 0} == {**y, "row": 0}
        for x, y in zip(a, b, strict=True)
    )


def test_the_newest_events_are_those_of_a_full_sort(corpus):
    site = site_of(corpus)
    everything = reference_events(site)
    assert len(everything) > 1000
    # Many records share a day: the order within a day comes from the tie-breaks.
    assert len({e["date"] for e in everything}) < len(everything) * 0.6
    for n in (0, 1, 7, 200, len(everything) - 1, len(everything), len(everything) + 5):
        assert same(site.facts.events(None, n), everything[:n]), n
    assert same(site.events(), everything)
    some = ["release_events", "legal_stages"]
    assert same(site.events(some, 30), reference_events(site, some)[:30])
    total, per_table = site.facts.event_totals()
    assert total == len(everything)
    assert per_table == list(Counter(e["table"] for e in everything).items())


def test_rows_where_is_the_filter_and_sort_it_was(corpus):
    site = site_of(corpus)
    table = site.tables["release_events"]
    for facility in ("facility-0", "facility-3", "nowhere"):
        expected = [r for r in table.rows if facility in (r.values.get("facility_ids") or [])]
        assert site.rows_where("release_events", "facility_ids", facility) == expected
        rank = enum_rank(table, "")
        ordered = sorted(
            expected, key=lambda r: (r.values.get("date", ""), rank(r), r.values.get("id", ""))
        )
        got = site.rows_where("release_events", "facility_ids", facility, "date")
        assert got == ordered and all(a is b for a, b in zip(got, ordered, strict=True))
        got.clear()  # a page's own copy: the next page still gets every row
        assert site.rows_where("release_events", "facility_ids", facility, "date") == ordered
    stages = site.tables["legal_stages"]
    rank = enum_rank(stages, "stage")
    assert len(set(map(rank, stages.rows))) > 1  # the stages' legal order breaks a day's ties
    for law in ("law-0", "law-1"):
        expected = sorted(
            (r for r in stages.rows if r.values["instrument_id"] == law),
            key=lambda r: (r.values.get("date", ""), rank(r), r.values.get("id", "")),
        )
        got = site.rows_where("legal_stages", "instrument_id", law, "date", "stage")
        assert got and all(a is b for a, b in zip(got, expected, strict=True))


def in_columns(root: Path, memo: bool = False):
    """A generated corpus with every CSV file read into columns (rows made only when used);
    with `memo`, loaded as a build loads it (each table named by its file's sha256)."""
    from datasite.publish.memo import Memo

    generate(root, 1500, fixed={"facilities": 5, "legal_instruments": 2})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
        project, issues = load_project(root, memory=Memo(root / "memo") if memo else NOTHING_KEPT)
    assert issues == []
    return redact(project)


@pytest.fixture(scope="module")
def columns_corpus(tmp_path_factory):
    return in_columns(tmp_path_factory.mktemp("facts_columns") / "corpus")


def test_rows_where_of_columns_makes_only_the_rows_read(columns_corpus):
    site = site_of(columns_corpus)
    table = site.tables["release_events"]
    assert isinstance(table.rows, FrameRows)
    reference = list(table.rows)  # every row made once and held: the same objects below
    for facility in ("facility-0", "facility-3", "nowhere"):
        expected = sorted(
            (r for r in reference if facility in (r.values.get("facility_ids") or [])),
            key=lambda r: (r.values.get("date", ""), r.values.get("id", "")),
        )
        got = site.rows_where("release_events", "facility_ids", facility, "date")
        assert isinstance(got, RowsAt) and len(got) == len(expected) and bool(got) == bool(expected)
        assert all(a is b for a, b in zip(got, expected, strict=True))
        for at in (slice(-3, None), slice(0, 2), slice(None)):
            assert got[at] == expected[at] and isinstance(got[at], list)
        if expected:
            assert got[-1] is expected[-1] and got[0] is expected[0]
            with pytest.raises(IndexError):
                got[len(expected)]
    del reference, expected, got
    # Held by nothing, no row was made: only those read now are.
    table.rows._alive.clear()
    events = site.rows_where("release_events", "facility_ids", "facility-0", "date")
    assert len(events) > 3 and len(table.rows._alive) == 0
    last = events[-3:]
    assert len(table.rows._alive) == 3 and [r.values["id"] for r in last] == [
        r.values["id"] for r in list(events)[-3:]
    ]


def test_named_people_and_measure_users_from_the_columns_are_those_of_the_rows(columns_corpus):
    site = site_of(columns_corpus)
    persons = site.tables["persons"]
    assert isinstance(persons.rows, FrameRows)
    rows = site_of(columns_corpus.with_rows(lambda table: list(table.rows)))
    named = site.named("persons")
    assert named == [r for r in persons.rows if may_publish(persons, r)]
    assert 0 < len(named) < len(persons.rows)  # some are withheld
    assert named == rows.named("persons")
    measures = columns_corpus.settings.measures_table
    users = site.measure_users(measures)
    assert users and users == rows.measure_users(measures)
    assert list(users) == list(rows.measure_users(measures))  # measures in the same order
    tallies = site.tables["tallies"]
    counted = Counter(
        (r.values["measure"], r.values["claimed_by"])
        for r in tallies.rows
        if r.values["measure"] and r.values["claimed_by"]
    )
    assert {(m, a): n for m, pairs in users.items() for a, n in pairs} == counted
    spec = columns_corpus.settings.headline
    counts = site.counts(spec)
    assert counts == rows.counts(spec) and list(counts) == list(rows.counts(spec))
    claimants = {c.count.claimant for c in counts.values()}
    assert claimants and claimants <= set(spec.claimants)  # some counts are left out
    assert len(counts) < len(tallies.rows)


def test_languages_share_one_set_of_facts(corpus):
    facts = BuildFacts(corpus)
    en, es = site_of(corpus, "en", facts), site_of(corpus, "es", facts)
    assert en.facts is es.facts is facts
    assert en.counts(corpus.settings.headline) is es.counts(corpus.settings.headline)
    # A Site of another project never takes these facts.
    other = site_of(redact(corpus), "en", facts)
    assert other.facts is not facts


@pytest.mark.parametrize("held", ["corpus", "columns_corpus"])
def test_record_anchors_resolve_exactly_the_anchors_the_full_list_held(request, held):
    """Rows held as Python objects, or as columns (where `in` reads the ids and publish masks,
    making no row): the same anchors, and no other."""
    site = site_of(request.getfixturevalue(held))
    full = {}
    for name, table in site.tables.items():
        for row in site.named(name) if gated(table) else table.rows:
            full[f"{name}-{record_key(table.schema, row)}"] = (name, row)
    anchors = RecordAnchors(site)
    for anchor, (name, row) in full.items():
        assert anchor in anchors and anchors[anchor][0] == name and anchors[anchor][1] is row
    persons = site.tables["persons"]
    hidden = [r for r in persons.rows if r not in site.named("persons")]
    assert hidden  # withheld people have no anchor a search document could point to
    near = [f"persons-{record_key(persons.schema, r)}" for r in hidden]
    quoted = next(iter(full)).split("-", 1)[0] + "-" + urllib.parse.quote("%41")
    for anchor in near + ["tallies-", "nosuchtable-x", "tallies-nothing", quoted, "named-persons"]:
        assert anchor not in anchors
    fresh = RecordAnchors(site)  # asked before any row was made: the same answers
    for anchor in [*full, *near, "tallies-", quoted]:
        assert (anchor in fresh) == (anchor in full)


def test_temporal_coverage_reads_what_the_csv_reader_read(corpus, tmp_path):
    packages: list[PackageInfo] = build_packages(corpus, tmp_path / "data")
    for package in packages:
        dataset = corpus.datasets[package.dataset]
        dates = []
        for resource in package.descriptor.get("resources", []):
            if resource.get("type") != "table" or resource["name"] not in dataset.tables:
                continue
            fields = resource["schema"].get("fields", [])
            names = [f["name"] for f in fields if f.get("precisionField")]
            with open(Path(package.folder) / resource["path"], encoding="utf-8", newline="") as f:
                dates += [row[n] for row in csv.DictReader(f) for n in names if row.get(n)]
        dates.sort()
        expected = f"{dates[0]}/{dates[-1]}" if dates else ""
        assert temporal_coverage(dataset, package) == expected
        assert temporal_coverage(dataset, package) == expected  # again, from what was read


def test_a_date_span_skips_empty_and_short_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,day,when\na,,2026-02\nb,2025-12-31\n\nc,2026-01-05,\n", encoding="utf-8")
    assert date_span(path, ["day", "when", "missing"]) == ("2025-12-31", "2026-02")
    assert date_span(path, ["missing"]) is None


@pytest.mark.parametrize(
    "text",
    [
        'id,day,note\n1,"2026-01-05","a ""quoted"" note, with a comma"\n2,,"two\nlines"\n'
        '3,2025-07,\n4,"",x\n',
        "id,day,day\n1,2026-01-01,2024-05-05\n2,2027-01-01,\n",  # a column named twice
        "\ufeffday,id\n2026-03-03,1\n2020-01-01,2\n",  # a byte order mark before the name
        "id,day\n1,2026-02-02\n2\n3,2021-01-01,extra\n",  # short and long rows
        "id,day\n",
        "id,other\n1,2026-01-01\n",
    ],
)
def test_a_date_span_by_columns_is_the_one_row_by_row(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    assert date_span(path, ["day", "missing"]) == csv_date_span(path, ["day", "missing"])


def test_rows_by_id_make_only_the_rows_asked_for_once(columns_corpus):
    facts = BuildFacts(columns_corpus)
    sources = columns_corpus.tables()["sources"]
    assert isinstance(sources.rows, FrameRows)
    by_id = facts.index("sources")
    first = by_id["src-3"]
    assert first.values["id"] == "src-3" and by_id["src-3"] is first
    assert len(by_id.made) == 1 and by_id.get("no-such-source") is None
    assert dict(by_id.items()) == {r.values["id"]: r for r in sources.rows}


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ("release_events", "facility_ids"),  # a list field
        ("release_events", "person_id"),  # mostly empty
        ("facility_events", "facility_id"),
        ("legal_stages", "instrument_id"),
    ],
)
def test_groups_from_the_columns_are_those_of_the_rows(columns_corpus, table, field):
    by_columns = BuildFacts(columns_corpus).groups(table, field)
    by_rows = BuildFacts(columns_corpus.with_rows(lambda t: list(t.rows))).groups(table, field)
    assert by_columns == by_rows and list(by_columns) == list(by_rows)
    assert len(by_columns) > 1 and all(type(at) is int for ats in by_columns.values() for at in ats)


def test_groups_count_an_item_repeated_in_a_list_once():
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "places": pl.Series([["x", "y", "x"], [], ["y"], ["", "x"]], dtype=pl.List(pl.String)),
            LINE: pl.Series([2, 3, 4, 5], dtype=pl.UInt32),
        }
    )
    rows = FrameRows(frame, "t.csv", ["id", "places"])
    assert frame_groups(rows, "places") == {"x": [0, 3], "y": [0, 2], "": [3]}
    assert list(frame_groups(rows, "places")) == ["x", "y", ""]
    assert frame_groups(rows, "id") == {"a": [0], "b": [1], "c": [2], "d": [3]}
    assert frame_groups(rows, "nothing") is None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_date_shown_again_reads_as_it_did(corpus, lang):
    site = site_of(corpus, lang)
    cases = [("2026-01-09", p) for p in ("day", "month", "year", "")]
    cases += [("2026-01", "month"), ("2026", "year"), ("", "day"), ("not a date", "day")]
    first = [site.date(v, p) for v, p in cases]
    assert first == [site._date(v, p) for v, p in cases] == [site.date(v, p) for v, p in cases]
    assert first[0] == ("9 January 2026" if lang == "en" else "9 de enero de 2026")


@pytest.fixture(scope="module")
def digested_corpus(tmp_path_factory):
    return in_columns(tmp_path_factory.mktemp("facts_digested") / "corpus", memo=True)


def test_orders_and_named_people_are_kept_by_their_file(digested_corpus, tmp_path, monkeypatch):
    """A table read from a file: its rows' order for rows_where and the named people's order
    are kept in the build memo under the file's digest; the next build takes them (nothing
    sorted again) and gets the same rows; a damaged entry is worked out again."""
    from datasite.publish.memo import Memo

    columns_corpus = digested_corpus

    def results(facts: BuildFacts) -> tuple:
        site = site_of(columns_corpus, facts=facts)
        where = facts.rows_where("release_events", "kind", "release", "date", "")
        named = site.named("persons", "name")
        return [r.values["id"] for r in where], [r.values["id"] for r in named]

    first = results(BuildFacts(columns_corpus, Memo(tmp_path / "cache")))
    kept = sorted((tmp_path / "cache" / "positions").iterdir())
    assert len(kept) == 2 and first[0] and first[1]
    sorted_again = []
    original = FrameRows.sorted_positions
    monkeypatch.setattr(
        FrameRows,
        "sorted_positions",
        lambda self, *a: sorted_again.append(1) or original(self, *a),
    )
    masks = []
    monkeypatch.setattr(
        "datasite.render.pages.publish_masks", lambda t: masks.append(1) or publish_masks(t)
    )
    assert results(BuildFacts(columns_corpus, Memo(tmp_path / "cache"))) == first
    assert sorted_again == [] and masks == []
    for entry in kept:
        data = bytearray(entry.read_bytes())
        data[-1] ^= 1
        entry.write_bytes(bytes(data))
    assert results(BuildFacts(columns_corpus, Memo(tmp_path / "cache"))) == first
    assert sorted_again and masks
    assert results(BuildFacts(columns_corpus)) == first  # no memo
    # The schema decides who may be named: with no public level, nobody, kept order or not.
    persons = columns_corpus.tables()["persons"]
    saved = persons.schema
    persons.schema = {**saved, "privacy": {**saved["privacy"], "publicLevels": []}}
    try:
        assert results(BuildFacts(columns_corpus, Memo(tmp_path / "cache")))[1] == []
    finally:
        persons.schema = saved
