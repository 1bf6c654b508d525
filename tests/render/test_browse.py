"""The data browser's files without a browser: bounded, complete, script-safe chunks; the columns
a language's page sends; the table pages and their index; only published values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from datasite.model import Row, Table
from datasite.render.browse import (
    CALLBACK,
    CHUNK_ROWS,
    browser_columns,
    chunk_script,
    table_chunks,
)
from tests.conftest import REPO

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!-- a comment -->",
    "line\u2028separator\u2029paragraph",
    'quote " and backslash \\ and & ampersand',
    "\u202eV-12",
]


def table_of(n: int, note: str = "") -> Table:
    rows = [Row({"id": f"r{i}", "n": str(i), "note": note}, "t.csv", i + 2) for i in range(n)]
    schema = {"fields": [{"name": "id"}, {"name": "n", "type": "integer"}, {"name": "note"}]}
    return Table("t", "d", schema, "s", "t.csv", rows)


def parsed(script: str) -> dict:
    """The JSON a chunk script hands to the browser's registration function."""
    assert script.startswith(CALLBACK + "(") and script.endswith(");\n")
    return json.loads(script[len(CALLBACK) + 1 : -len(");\n")])


def test_chunks_are_bounded_and_hold_every_row_once_in_order():
    chunks = table_chunks(table_of(1203), chunk_rows=500)
    assert [len(c["rows"]) for c in chunks] == [500, 500, 203]
    assert [(c["chunk"], c["chunks"], c["rows_total"]) for c in chunks] == [
        (1, 3, 1203),
        (2, 3, 1203),
        (3, 3, 1203),
    ]
    keys = [key for c in chunks for key in c["keys"]]
    assert keys == [f"r{i}" for i in range(1203)]
    assert chunks[2]["rows"][-1] == ["r1202", 1202, None]  # an empty cell is null


def test_an_empty_table_still_has_one_chunk():
    [chunk] = table_chunks(table_of(0))
    assert chunk["rows"] == [] and chunk["chunks"] == 1


def test_chunk_scripts_keep_hostile_cells_as_data():
    for cell in HOSTILE:
        [chunk] = table_chunks(table_of(2, cell))
        script = chunk_script(chunk)
        # Nothing in the text can end a script, open a comment or break a string.
        assert "<" not in script and ">" not in script and "&" not in script
        assert "\u2028" not in script and "\u2029" not in script
        assert parsed(script)["rows"][0][2] == cell


def test_keys_are_quoted_so_a_key_cannot_leave_the_fragment():
    table = table_of(1)
    table.rows[0].values["id"] = "a b/#<c>"
    [chunk] = table_chunks(table)
    assert chunk["keys"] == ["a%20b%2F%23%3Cc%3E"]


def columns(suffix: str) -> list[dict]:
    schema = {
        "fields": [
            {"name": "id", "title": "Identifier"},
            {"name": "kind", "constraints": {"enum": ["exact", "at_least"]}},
            {"name": "ok", "type": "boolean"},
            {"name": "actor"},
            {"name": "note"},
            {"name": "note_es"},
        ]
    }
    table = Table("t", "d", schema, "s", "t.csv", [])
    labels = {"at_least": "al menos", "exact": ""}
    return browser_columns(
        table,
        suffix,
        ["_es"],
        lambda spec: spec.get("title", ""),
        lambda value, field: labels.get(value, value),
        ("sí", "no"),
        lambda field: {"ngo-alpha": "ONG Alfa"} if field == "actor" else {},
    )


def setup_fields(table: str) -> list[dict]:
    schema = REPO / "schemas" / f"{table}.schema.yaml"
    return yaml.safe_load(schema.read_text(encoding="utf-8"))["fields"]


def test_a_text_column_says_its_language_by_field_or_by_row():
    schema = {
        "fields": [
            {"name": "id"},
            {"name": "note", "translationFields": {"es": "note_es"}},
            {"name": "note_es"},
            {"name": "quote", "languageField": "quote_lang"},
            {"name": "quote_lang", "constraints": {"enum": ["es", "en"]}},
        ]
    }
    table = Table("t", "d", schema, "s", "t.csv", [])
    langs = {"note": "en", "note_es": "es"}
    spanish = browser_columns(
        table, "_es", ["_es"], lambda s: "", lambda v, f: v, ("sí", "no"), lambda f: {}, langs
    )
    by_name = {c["name"]: c for c in spanish}
    assert (by_name["note"]["alt"], by_name["note"]["lang"]) == (2, "en")
    assert by_name["quote"]["lang_at"] == 4 and "lang" not in by_name["quote"]
    assert "lang" not in by_name["id"] and "lang_at" not in by_name["id"]


def test_a_translated_pair_is_one_column_in_the_readers_language():
    english, spanish = columns(""), columns("_es")
    assert [c["name"] for c in english] == ["id", "kind", "ok", "actor", "note"]
    assert [c["name"] for c in spanish] == ["id", "kind", "ok", "actor", "note"]
    assert "alt" not in english[-1] and spanish[-1]["alt"] == 5  # note_es, when filled


def test_columns_carry_titles_and_the_labels_of_coded_values():
    spanish = {c["name"]: c for c in columns("_es")}
    assert spanish["id"]["title"] == "Identifier" and spanish["note"]["title"] == "note"
    # A label left empty for a sentence ("exact" before a number) shows its code in a cell.
    assert spanish["kind"]["labels"] == {"exact": "exact", "at_least": "al menos"}
    assert spanish["ok"]["labels"] == {"true": "sí", "false": "no"}
    assert spanish["actor"]["labels"] == {"ngo-alpha": "ONG Alfa"}


def setup_of(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" class="ds-browse-setup">(.*?)</script>', html
    )
    assert found
    return json.loads(found.group(1))


def test_every_chunk_of_the_built_site_is_bounded_and_complete(built_mini: Path):
    site = built_mini / "site"
    for folder in sorted((site / "browse").glob("*/*")):
        chunks = [parsed(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.js"))]
        assert chunks and all(len(c["rows"]) <= CHUNK_ROWS for c in chunks)
        csv = next((site / "data" / folder.parent.name).glob(f"*/{folder.name}.csv"))
        rows = len(csv.read_text(encoding="utf-8").splitlines()) - 1
        assert sum(len(c["rows"]) for c in chunks) == rows == chunks[0]["rows_total"]


def test_the_browser_holds_only_published_values(built_mini: Path):
    site = built_mini / "site"
    chunk = parsed((site / "browse" / "releases" / "persons" / "1.js").read_text())
    assert chunk["rows_total"] == 2
    everything = [chunk] + [
        setup_of((site / lang / "tables" / f"{name}.html").read_text())
        for lang in ("", "es")
        for name in ("persons", "release_events")
    ]
    assert "Secretname" not in json.dumps(everything)
    # The same published rows as the download: the withheld person's name emptied in both.
    csv = next((site / "data" / "releases").glob("*/persons.csv")).read_text()
    assert "Secretname" not in csv


def test_each_language_has_an_index_of_every_table_with_its_rows(built_mini: Path):
    site = built_mini / "site"
    english = (site / "tables" / "index.html").read_text()
    spanish = (site / "es" / "tables" / "index.html").read_text()
    assert '<a href="tallies.html">Tallies</a></th><td>' in english
    assert '<a href="tallies.html">Cifras</a></th><td>' in spanish
    assert re.search(
        r'tallies.html">Tallies</a></th><td>[^<]*</td><td class="ds-num">5</td>', english
    )
    for html in (english, spanish):
        for table in ("tallies", "persons", "facilities", "sources", "legal_stages"):
            assert f'href="{table}.html"' in html
    # In the navigation of every page.
    nav = re.compile(r'href="(?:\.\./)?tables/index\.html"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+?)\s*<')
    assert nav.findall((site / "index.html").read_text())[:1] == ["Data tables"]
    assert nav.findall((site / "es" / "index.html").read_text())[:1] == ["Tablas de datos"]


def test_a_spanish_table_page_sends_spanish_titles_and_labels(built_mini: Path):
    setup = setup_of((built_mini / "site" / "es" / "tables" / "tallies.html").read_text())
    by_name = {c["name"]: c for c in setup["columns"]}
    assert by_name["qualifier"]["title"] == "Calificador"
    assert by_name["qualifier"]["labels"]["at_least"] == "al menos"
    fields = [f["name"] for f in setup_fields("tallies")]
    assert by_name["note"]["alt"] == fields.index("note_es")
    assert by_name["breakdown"]["alt"] == fields.index("breakdown_es")
    assert by_name["as_of_note"]["alt"] == fields.index("as_of_note_es")
    # Where the Spanish is empty the English shows, marked as English.
    assert by_name["note"]["lang"] == by_name["breakdown"]["lang"] == "en"
    assert not {"note_es", "breakdown_es", "as_of_note_es"} & set(by_name)
    # A code alone in a cell says what it is, though the sentences leave "exact" unsaid.
    assert by_name["qualifier"]["labels"]["exact"] == "exacta"
    assert setup["base"] == "../../browse/releases/tallies/" and setup["chunks"] == 1


# The chunks as they were made row by row before they were made column by column (issue 17):
# the new code must give the same script, byte for byte.
def reference_chunks(table: Table, chunk_rows: int) -> list[dict]:
    import math
    import urllib.parse

    from datasite.load.values import read

    def key(row: Row) -> str:
        fields = table.schema.get("primaryKey") or ["id"]
        fields = [fields] if isinstance(fields, str) else fields
        return "--".join(urllib.parse.quote(str(row.values.get(f, "")), safe="") for f in fields)

    specs = table.schema["fields"]
    total = max(1, math.ceil(len(table.rows) / chunk_rows))
    out = []
    for index in range(total):
        rows = table.rows[index * chunk_rows : (index + 1) * chunk_rows]
        out.append(
            {
                "table": table.name,
                "chunk": index + 1,
                "chunks": total,
                "rows_total": len(table.rows),
                "fields": table.field_names,
                "keys": [key(row) for row in rows],
                "rows": [[read(s, row.values[s["name"]]) for s in specs] for row in rows],
            }
        )
    return out


TYPED_FIELDS = [
    {"name": "id"},
    {"name": "part"},
    {"name": "n", "type": "integer"},
    {"name": "x", "type": "number"},
    {"name": "flag", "type": "boolean"},
    {"name": "year", "type": "year"},
    {"name": "day", "type": "date"},
    {"name": "items", "type": "list", "delimiter": ";"},
    {"name": "note"},
]


@pytest.mark.parametrize("frame", [False, True], ids=["rows", "columns"])
@pytest.mark.parametrize("key", [["id"], ["id", "part"]], ids=["one-key", "two-keys"])
@pytest.mark.parametrize("plain", [False, True], ids=["quoted-ids", "plain-ids"])
def test_chunks_made_by_column_equal_the_row_by_row_ones(tmp_path, monkeypatch, frame, key, plain):
    import csv as csv_module
    import io

    from datasite.load import project as load
    from datasite.load.frames import FrameRows
    from datasite.render import browse

    monkeypatch.setattr(browse, "READ_CACHE", 5)  # some cells read from memory, some not
    ids = ["plain-1", "a b/#<c>", "x--y", "ñandú", "%41", "1.5~_", "", "😀"]
    if plain:  # every key its own quote (browse.iter_chunks skips quoting them)
        ids = ["plain-1", "x--y", "1.5~_", "A.b_C-"]
    cells = HOSTILE + ["", "0", "-3", "2.50", "1e3", "true", "FALSE"]
    out = io.StringIO()
    writer = csv_module.writer(out, lineterminator="\n")
    writer.writerow([f["name"] for f in TYPED_FIELDS])
    for i in range(1234):
        pick = cells[i % len(cells)]
        writer.writerow(
            [
                ids[i % len(ids)] + str(i),
                "p--" + str(i % 3) if i % 5 else "",
                str(i - 600) if i % 4 else "",
                ("3.25", "7", "", "-0.5")[i % 4],
                ("true", "false", "", "1")[i % 4],
                "2026" if i % 2 else "",
                f"2026-01-{i % 28 + 1:02d}" if i % 3 else "",
                "a;b" if i % 2 else "",
                pick,
            ]
        )
    path = tmp_path / "data" / "d" / "things.csv"
    path.parent.mkdir(parents=True)
    path.write_text(out.getvalue(), encoding="utf-8")
    schema = {"fields": TYPED_FIELDS, "primaryKey": key}
    table = Table("things", "d", schema, "s", "data/d/things.csv")
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0 if frame else 10**9)
    table.rows = load.read_csv(tmp_path, path, table)
    assert isinstance(table.rows, FrameRows) == frame
    made = table_chunks(table, chunk_rows=500)
    expected = reference_chunks(table, 500)
    assert [chunk_script(c) for c in made] == [chunk_script(c) for c in expected]
    assert len(made) == 3
    assert made[0]["keys"][1].startswith("x--y1" if plain else "a%20b%2F%23%3Cc%3E1")
