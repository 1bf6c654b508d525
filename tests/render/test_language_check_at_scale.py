"""The language check at scale (issue 17): it looks for another language's paired data texts only
where a page could hold them and folds only those, instead of every text of a million rows; its
findings must stay exactly those of the plain check (kept here as the reference), including where
a prefilter could go wrong."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasite.load.frames import LINE, FrameRows
from datasite.model import Row, Table
from datasite.render import words
from datasite.render.words import (
    _WORD,
    SHORTEST,
    Foreign,
    fold,
    foreign_of,
    language_problems,
    page_pieces,
    paired_texts,
    strings_of,
)

# --- the reference: the check as it was before, every text split and folded ---------------


def reference_foreign(own: list[str], others: list[str]) -> Foreign | None:
    own_set = set(own)
    same = {fold(s) for s in own_set}
    own_words = {fold(w) for s in own_set for w in _WORD.findall(s)}
    return foreign_of(
        s
        for s in others
        if len(s) >= SHORTEST
        and fold(s) not in same
        and not (len(_WORD.findall(s)) == 1 and fold(s) in own_words)
    )


def reference_paired(tables: list[Table], first: str) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {"": []}
    for table in tables:
        langs: dict[str, str] = {}
        paired: dict[str, list[str]] = {}
        for spec in table.schema.get("fields", []):
            pairs = spec.get("translationFields")
            if isinstance(pairs, dict):
                langs[spec["name"]] = first
                langs.update({name: lang for lang, name in pairs.items()})
                paired[spec["name"]] = list(pairs.values())
        for row in table.rows:
            for name, value in row.values.items():
                if not isinstance(value, str) or not value:
                    continue
                alone = any(not row.values.get(pair) for pair in paired.get(name, []))
                texts.setdefault("" if alone else langs.get(name, ""), []).append(value)
    return texts


def reference_problems(
    folder: Path, lang: str, own: dict, others: dict, data: dict, where: str
) -> list:
    own_strings = list(strings_of(own))
    foreign = reference_foreign(own_strings, [s for o in others.values() for s in strings_of(o)])
    mine = [*own_strings, *strings_of(data.get(lang, [])), *strings_of(data.get("", []))]
    theirs = [s for o in others for s in strings_of(data.get(o, []))]
    foreign_data = reference_foreign(mine, theirs) if theirs else None
    found = []
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        if name.startswith(("es/", "data/")):
            continue
        pieces = page_pieces(path.read_text(encoding="utf-8"), lang)
        hit, kind = (foreign.first(pieces) if foreign else ""), "interface"
        if not hit and foreign_data:
            hit, kind = foreign_data.first(pieces), "data"
        if hit:
            found.append((where + name, kind, hit))
    return found


def findings(folder: Path, lang: str, own: dict, others: dict, data: dict, where: str) -> list:
    skip = ["es"] if lang == "en" else []
    issues = language_problems(folder, lang, own, others, skip, where, data)
    out = []
    for issue in issues:
        kind = "interface" if "interface text" in issue.message else "data"
        out.append((issue.path, kind, issue.message.rsplit(': "', 1)[1][:-1]))
    return out


# --- fixtures: a small interface, tables of fictional data, pages --------------------------

INTERFACE = {
    "en": {
        "sources": "Sources",
        "fields": "Fields: {table}",
        "intro": "Every count and its source",
    },
    "es": {"sources": "Fuentes", "fields": "Campos: {table}", "intro": "Cada cifra y su fuente"},
}
SCHEMA = {
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "place", "type": "string"},
        {"name": "note", "type": "string", "translationFields": {"es": "note_es"}},
        {"name": "note_es", "type": "string"},
        {"name": "tags", "type": "list"},
    ]
}
NAMES = ["id", "place", "note", "note_es", "tags"]


def table(records: list[dict], columns: bool) -> Table:
    """A table of these records, as rows or (columns=True) held as columns like a large CSV."""
    full = [{"tags": [], **{n: "" for n in NAMES[:-1]}, **r} for r in records]
    if not columns:
        rows = [Row(r, "data/t.csv", i + 2) for i, r in enumerate(full)]
    else:
        frame = pl.DataFrame(
            {n: [r[n] for r in full] for n in NAMES},
            schema={**{n: pl.String for n in NAMES[:-1]}, "tags": pl.List(pl.String)},
        ).with_row_index(LINE, offset=2)
        rows = FrameRows(frame.select(*NAMES, LINE), "data/t.csv", NAMES)
    return Table("t", "d", SCHEMA, "schemas/t.yaml", "data/t.csv", rows)


RECORDS = [
    # A pair in both languages: its English may not show unmarked on a Spanish page.
    {"id": "r1", "note": "757 men, 106 women", "note_es": "757 hombres, 106 mujeres"},
    {"id": "r2", "note": "moved to the north wing yesterday", "note_es": "trasladados ayer"},
    {"id": "r3", "note": "Fort Tiuna", "note_es": "Fuerte Tiuna"},
    # One word, also a word of the other language's data once accents and case are folded.
    {"id": "r4", "note": "Caracas", "note_es": "Sede en Caracas", "place": "CÁRCEL DE CARACAS"},
    # An accented, case-folded variant of a piece of the other language's data: the same text.
    {"id": "r5", "note": "Ciudad de Panama", "note_es": "Ciudad de Panamá"},
    # Left untranslated: every language's text.
    {"id": "r6", "note": "Foro Penal", "note_es": ""},
    {"id": "r7", "note": "released without charges", "note_es": "liberados sin cargos"},
    {"id": "r8", "note": "Amnesty", "note_es": "Amnistía", "tags": ["amnesty"]},
]


def page(body: str, lang: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>x</title></head><body>{body}</body>'


PAGES = {
    # Present whole: found.
    "es/a.html": "<td>Foro Penal</td><td>757 men</td>",
    # Three words and more are found anywhere; one or two only whole.
    "es/b.html": "<p>Ayer: they were moved to the north wing yesterday, dicen</p>",
    "es/c.html": "<p>Fort Tiuna base</p><p>Base Fort Tiunas</p>",
    "es/d.html": "<td>Fort Tiuna</td>",
    # A word of the page's own data (folded): not the other language's.
    "es/e.html": "<td>Caracas</td><td>ciudad de panamá</td><td>Ciudad de Panama</td>",
    # Not present as written: a case variant of a long English text is not found.
    "es/f.html": "<p>RELEASED WITHOUT CHARGES</p><p>released without</p>",
    "es/g.html": '<p lang="en">released without charges</p><p>Amnesty</p>',
    "a.html": "<td>757 hombres</td><td>liberados sin cargos hoy</td>",
    "b.html": "<p>Fuentes</p><td>Fuerte Tiuna</td>",
    "c.html": "<td>Hoy: liberados sin cargos hoy</td><td>Ciudad de Panamá</td>",
}


def write_pages(folder: Path, pages: dict[str, str]) -> None:
    for name, body in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(body, "es" if name.startswith("es/") else "en"), encoding="utf-8")


def both_checks(folder: Path, tables: list[Table]) -> tuple[list, list]:
    """The findings of the reference and of the check, for both languages' pages."""
    reference = reference_paired(tables, "en")
    data = paired_texts(tables, "en")
    expected, got = [], []
    for lang, other, where in (("en", "es", ""), ("es", "en", "es/")):
        own, others = INTERFACE[lang], {other: INTERFACE[other]}
        expected += reference_problems(folder / where, lang, own, others, reference, where)
        got += findings(folder / where, lang, own, others, data, where)
    return expected, got


@pytest.mark.parametrize("columns", [False, True], ids=["rows", "columns"])
def test_the_check_finds_exactly_what_the_plain_check_finds(tmp_path: Path, columns: bool):
    write_pages(tmp_path, PAGES)
    expected, got = both_checks(tmp_path, [table(RECORDS, columns)])
    assert got == expected
    assert got == [
        ("a.html", "data", "757 hombres"),
        ("b.html", "interface", "Fuentes"),
        ("c.html", "data", "liberados sin cargos"),
        ("es/a.html", "data", "757 men"),
        ("es/b.html", "data", "moved to the north wing yesterday"),
        ("es/d.html", "data", "Fort Tiuna"),
        ("es/g.html", "data", "Amnesty"),
    ]


def test_paired_texts_are_the_same_from_rows_and_from_columns():
    expected = {k: set(v) for k, v in reference_paired([table(RECORDS, False)], "en").items()}
    for columns in (False, True):
        got = paired_texts([table(RECORDS, columns)], "en")
        texts = {k: set(v.to_list()) for k, v in got.paired.items()}
        plain = [set(series.to_list()) for series in got.plain()]
        assert texts.pop("") | set().union(*plain) == expected[""]
        assert texts == {k: v for k, v in expected.items() if k}
        assert {"r1", "CÁRCEL DE CARACAS"} <= set().union(*plain)  # not paired: read if asked
        assert "Foro Penal" in got.paired[""].to_list() and "Fort Tiuna" in texts["en"]


def test_many_texts_that_hold_a_wanted_string_only_inside_a_piece(tmp_path: Path, monkeypatch):
    """The column search keeps the texts whose fold holds a wanted string's longest word; those
    are read in batches, and only one whose piece folds to it makes it the page's own: written
    in capitals, with a tab or two spaces for one (a piece's spaces are made one), or with an
    accent."""
    monkeypatch.setattr(words, "BATCH", 64)
    filler = [{"id": f"x{i}", "place": f"Generated north wings {i}"} for i in range(300)]
    english = [{"id": "r", "note": "north wing", "note_es": "ala norte"}]
    write_pages(tmp_path, {"es/a.html": "<td>north wing</td>", "a.html": "<p>Sources</p>"})
    for last, hits in (("", 1), ("North Wing", 0), ("north\twing", 0), ("NÓRTH  WING", 0)):
        records = [*english, *filler, {"id": "x-last", "place": last}]
        expected, got = both_checks(tmp_path, [table(records, True)])
        assert got == expected
        assert len(got) == hits, last


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=8))
def test_folding_many_texts_at_once_folds_each(texts):
    assert words.fold_all(texts) == [fold(t) for t in texts]
    assert words.fold_all(["Ǆ\u0301x", "ﬁ½", "ΑΣ"]) == [fold("Ǆ\u0301x"), "fi1⁄2", "ασ"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from(["a", "b", "ciudad norte", "Norte"]),
                "place": st.sampled_from(
                    ["", "Panamá", "north wing", "CÁRCEL de Caracas", "North\tWING", "NÓRTH  wing"]
                ),
                "note": st.sampled_from(["", "north wing", "Caracas", "the north wing now"]),
                "note_es": st.sampled_from(["", "ala norte", "Panama", "caracas hoy"]),
            }
        ),
        max_size=6,
    ),
    shown=st.lists(
        st.sampled_from(
            [
                "north wing",
                "North Wing",
                "Caracas",
                "CARACAS",
                "Panamá",
                "Panama",
                "the north wing now, ala norte",
                "ala norte",
                "caracas hoy",
                "ciudad norte",
                "Fuentes",
                "Sources",
                "x-north wing",
            ]
        ),
        max_size=5,
    ),
    columns=st.booleans(),
)
def test_the_check_agrees_with_the_plain_check_on_any_small_case(records, shown, columns):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_pages(
            root,
            {
                "es/a.html": "".join(f"<td>{s}</td>" for s in shown),
                "a.html": "".join(f"<p>{s}.</p>" for s in reversed(shown)),
            },
        )
        expected, got = both_checks(root, [table(records, columns)])
        assert got == expected


def test_a_string_no_page_shows_is_not_searched_for(tmp_path: Path):
    write_pages(tmp_path, {"es/a.html": "<p>ala norte; dos palabras juntas aquí</p>"})
    shown = words.Shown.of([page_pieces((tmp_path / "es/a.html").read_text(), "es")])
    assert shown.may_hold("ala norte") and not shown.may_hold("ala")  # two words: whole only
    assert shown.may_hold("palabras juntas aquí dos")  # longer: each word shown is enough
    assert not shown.may_hold("dos palabras juntas allí")
