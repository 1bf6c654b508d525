"""Schema and metadata changes are data (versions.Change), written in English exactly as frozen
changelogs hold them and in Spanish for Spanish pages and the Spanish diff; small dicts only."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.package.versions import (
    CHANGE_TEXT,
    TableState,
    change,
    changelog_items,
    changelog_lines,
    diff_states,
    keyed,
    meta_changes,
    schema_changes,
)

A = {"name": "a"}


def fields(*specs: dict, **extra) -> dict:
    return {"fields": list(specs), **extra}


# (old schema, new schema, bump, English, Spanish): one case per kind of schema change at least.
SCHEMA_CASES = [
    (
        fields(A, {"name": "b"}),
        fields(A, {"name": "b", "notAfter": "a"}),
        "minor",
        'field "b": not after "a"',
        'campo "b": no posterior a "a"',
    ),
    (
        fields(A, {"name": "b", "upperOf": "a"}),
        fields(A, {"name": "b"}),
        "minor",
        'field "b": rule upperOf removed',
        'campo "b": regla upperOf retirada',
    ),
    (
        fields(A, {"name": "b"}),
        fields(A, {"name": "b", "upperOf": "a"}),
        "minor",
        'field "b": at least "a"',
        'campo "b": no menor que "a"',
    ),
    # the rule in words, not its JSON ({"field": "a", "values": ["x", "y"]})
    (
        fields(A, {"name": "b"}),
        fields(A, {"name": "b", "filledWhen": {"field": "a", "values": ["x", "y"]}}),
        "minor",
        'field "b": filled when, and only when, "a" is one of x, y',
        'campo "b": lleno cuando, y solo cuando, "a" es uno de x, y',
    ),
    (
        fields(A, {"name": "b"}),
        fields(A, {"name": "b", "filledWhen": {"field": "a", "values": ["x"]}}),
        "minor",
        'field "b": filled when, and only when, "a" is x',
        'campo "b": lleno cuando, y solo cuando, "a" es x',
    ),
    (fields(A, {"name": "b"}), fields(A), "major", 'field "b" removed', 'campo "b" eliminado'),
    (fields(A), fields(A, {"name": "b"}), "minor", 'field "b" added', 'campo "b" añadido'),
    (
        fields(A),
        fields(A, {"name": "b", "constraints": {"required": True}}),
        "major",
        'required field "b" added',
        'campo obligatorio "b" añadido',
    ),
    (
        fields(A, {"name": "b"}),
        fields({"name": "b"}, A),
        "major",
        "fields reordered",
        "campos reordenados",
    ),
    (
        fields(A, {"name": "b"}, primaryKey=["a"]),
        fields(A, {"name": "b"}, primaryKey=["a", "b"]),
        "major",
        "primary key changed from a to a, b",
        "clave primaria cambiada de a a a, b",
    ),
    (
        fields(A),
        fields(A, primaryKey=["a"]),
        "major",
        "primary key changed from none to a",
        "clave primaria cambiada de ninguna a a",
    ),
    (
        fields(A),
        fields(A, foreignKeys=[{"fields": "a", "reference": {"resource": "x", "fields": "id"}}]),
        "minor",
        "foreign keys changed",
        "claves foráneas cambiadas",
    ),
    (
        fields({"name": "a", "description": "x"}),
        fields({"name": "a", "description": "y"}),
        "patch",
        "titles or descriptions reworded (a)",
        "títulos o descripciones reescritos (a)",
    ),
    (
        fields(A, title="Old"),
        fields(A, title="New"),
        "patch",
        "titles or descriptions reworded (the table's own)",
        "títulos o descripciones reescritos (los de la propia tabla)",
    ),
    (
        fields(A, missingValues=[""]),
        fields(A, missingValues=["", "NA"]),
        "patch",
        "titles or descriptions reworded (other schema text)",
        "títulos o descripciones reescritos (otro texto del esquema)",
    ),
    (
        fields(A),
        fields({"name": "a", "type": "integer"}),
        "major",
        'field "a": type string → integer',
        'campo "a": tipo string → integer',
    ),
    (
        fields(A),
        fields({"name": "a", "constraints": {"required": True}}),
        "major",
        'field "a" is now required',
        'el campo "a" pasa a ser obligatorio',
    ),
    (
        fields({"name": "a", "constraints": {"required": True}}),
        fields(A),
        "minor",
        'field "a" is no longer required',
        'el campo "a" deja de ser obligatorio',
    ),
    (
        fields({"name": "a", "constraints": {"enum": ["x"]}}),
        fields(A),
        "minor",
        'field "a": enum removed',
        'campo "a": ya no se limita a una lista de valores',
    ),
    (
        fields(A),
        fields({"name": "a", "constraints": {"enum": ["x", "y"]}}),
        "major",
        'field "a": now limited to x, y',
        'campo "a": ahora limitado a x, y',
    ),
    (
        fields({"name": "a", "constraints": {"enum": ["x", "y"]}}),
        fields({"name": "a", "constraints": {"enum": ["x"]}}),
        "major",
        'field "a": enum values removed: y',
        'campo "a": valores permitidos eliminados: y',
    ),
    (
        fields({"name": "a", "constraints": {"enum": ["x"]}}),
        fields({"name": "a", "constraints": {"enum": ["x", "y", "z"]}}),
        "minor",
        'field "a": enum values added: y, z',
        'campo "a": valores permitidos añadidos: y, z',
    ),
    (
        fields({"name": "a", "constraints": {"maximum": 5}}),
        fields({"name": "a", "constraints": {"maximum": 3}}),
        "major",
        'field "a": maximum 5 → 3',
        'campo "a": máximo 5 → 3',
    ),
    (
        fields({"name": "a", "constraints": {"maxLength": 10}}),
        fields(A),
        "minor",
        'field "a": maxLength 10 → None',
        'campo "a": longitud máxima 10 → sin límite',
    ),
    (
        fields(A),
        fields({"name": "a", "constraints": {"pattern": "^x"}}),
        "major",
        'field "a": pattern changed',
        'campo "a": patrón cambiado',
    ),
    (
        fields({"name": "a", "type": "boolean"}),
        fields({"name": "a", "type": "boolean", "trueValues": ["TRUE"], "falseValues": ["FALSE"]}),
        "patch",
        'field "a": written TRUE and FALSE',
        'campo "a": se escribe TRUE y FALSE',
    ),
]


@pytest.mark.parametrize("old, new, bump, english, spanish", SCHEMA_CASES)
def test_each_schema_change_in_both_languages(old, new, bump, english, spanish):
    (found,) = schema_changes(old, new)
    assert (found.bump, found.text("en"), found.text("es")) == (bump, english, spanish)
    assert found.text("fr") == english  # a language with no text falls back to English


def test_every_kind_of_change_has_a_text_in_each_language_and_a_case_here():
    kinds = {schema_changes(old, new)[0].kind for old, new, *_ in SCHEMA_CASES}
    assert kinds | {"metadata", "files-added"} == set(CHANGE_TEXT)
    for kind, texts in CHANGE_TEXT.items():
        assert set(texts) == {"en", "es"}, kind
        assert texts["en"] != texts["es"], kind


def test_changes_are_data_and_stay_hashable():
    (found,) = schema_changes(
        fields({"name": "a", "constraints": {"enum": ["x"]}}),
        fields({"name": "a", "constraints": {"enum": ["x", "y"]}}),
    )
    assert found == change("minor", "enum-values-added", field="a", values=["y"])
    assert found.values == {"field": "a", "values": ("y",)}
    assert len({found, found}) == 1


def test_metadata_changes_in_both_languages():
    old = {"title": "T", "description": "D", "licenses": [], "keywords": ["a"], "doi": "x"}
    new = {"title": "T2", "description": "D2", "licenses": [{"name": "CC0"}], "doi": "y"}
    found = meta_changes(old, new)
    assert [c.text("en") for c in found] == [
        "title changed",
        "description changed",
        "licenses changed",
        "keywords changed",
        "doi changed",
    ]
    assert [c.text("es") for c in found] == [
        "título cambiado",
        "descripción cambiada",
        "licencias cambiadas",
        "palabras clave cambiadas",
        "DOI cambiado",
    ]
    files = change("patch", "files-added", files=["README.md", "<table>.parquet"])
    assert files.text() == "files added: README.md, <table>.parquet"
    assert files.text("es") == "archivos añadidos: README.md, <table>.parquet"


def state(name: str, schema: dict, rows: list[dict]) -> TableState:
    return TableState(name, schema, keyed(schema, rows))


def small_diff():
    schema = fields({"name": "id"}, {"name": "value"}, primaryKey=["id"])
    wider = fields({"name": "id"}, {"name": "value"}, {"name": "note"}, primaryKey=["id"])
    rows = [{"id": f"r-{n}", "value": str(n)} for n in range(4)]
    old = {"counts": state("counts", schema, rows), "gone": state("gone", schema, rows[:2])}
    changed = [{**rows[0], "value": "9"}, rows[1], rows[2], {"id": "r-9", "value": "1"}]
    new = {"counts": state("counts", wider, changed), "fresh": state("fresh", schema, rows[:1])}
    diff = diff_states("example", old, new)
    diff.meta_changes = [change("patch", "metadata", key="title")]
    return diff


def test_changelog_lines_in_english_as_frozen_and_in_spanish():
    diff = small_diff()
    assert changelog_lines(diff) == [
        "- Package metadata: title changed.",
        '- `counts` schema: field "note" added (minor).',
        "- `counts`: 1 row added: `r-9`.",
        "- `counts`: 1 row removed: `r-3`.",
        "- `counts`: 1 row corrected (value): `r-0`.",
        "- `fresh`: new table with 1 row.",
        "- `gone`: table removed (2 rows).",
    ]
    assert changelog_lines(diff, "es") == [
        "- Metadatos del paquete: título cambiado.",
        '- Esquema de `counts`: campo "note" añadido (menor).',
        "- `counts`: 1 fila añadida: `r-9`.",
        "- `counts`: 1 fila eliminada: `r-3`.",
        "- `counts`: 1 fila corregida (value): `r-0`.",
        "- `fresh`: tabla nueva con 1 fila.",
        "- `gone`: tabla eliminada (2 filas).",
    ]
    assert changelog_items(None, "es") == ["- Primera versión publicada."]
    assert changelog_items(diff_states("example", {}, {}), "es") == ["- Sin cambios en las filas."]


def test_many_rows_are_counted_in_the_readers_language():
    schema = fields({"name": "id"}, primaryKey=["id"])
    rows = [{"id": f"r-{n:02}"} for n in range(23)]
    diff = diff_states("x", {"t": state("t", schema, [])}, {"t": state("t", schema, rows)})
    (english,) = changelog_lines(diff)
    (spanish,) = changelog_lines(diff, "es")
    assert english.startswith("- `t`: 23 rows added: `r-00`,")
    assert english.endswith(", `r-19` and 3 more.")
    assert spanish.startswith("- `t`: 23 filas añadidas: `r-00`,")
    assert spanish.endswith(", `r-19` y 3 más.")


def test_a_version_page_shows_the_frozen_list_in_spanish_only_when_the_data_says_the_same(
    tmp_path: Path,
):
    from datasite.render.pages import changelog_blocks

    diff = small_diff()
    changelog = tmp_path / "CHANGELOG.md"
    entry = "\n".join(changelog_lines(diff))
    changelog.write_text(
        f"# Changelog: X\n\n## 1.1.0 — 2026-02-01\n\nWhy it changed.\n\n{entry}\n\n"
        "## 1.0.0 — 2026-01-01\n\n- First published version.\n",
        encoding="utf-8",
    )
    note, listed = changelog_blocks(changelog, "1.1.0", diff, "es")
    assert note == {"kind": "p", "pieces": [("Why it changed.", False)], "lang": "en"}
    assert listed["lang"] == "es"
    assert listed["items"][1] == [
        ("Esquema de ", False),
        ("counts", True),
        (': campo "note" añadido (menor).', False),
    ]
    (first,) = changelog_blocks(changelog, "1.0.0", None, "es")
    assert first == {"kind": "ul", "items": [[("Primera versión publicada.", False)]], "lang": "es"}
    # The English page shows the file as it is.
    english = changelog_blocks(changelog, "1.1.0", diff, "en")
    assert [b["lang"] for b in english] == ["en", "en"]
    assert english[1]["items"][0] == [("Package metadata: title changed.", False)]
    # A diff that does not say what the file says: the file's English stays, marked so.
    other = small_diff()
    other.meta_changes = []
    kept = changelog_blocks(changelog, "1.1.0", other, "es")
    assert [b["lang"] for b in kept] == ["en", "en"]
    assert kept[1]["items"][0] == [("Package metadata: title changed.", False)]


def test_every_shipped_version_reads_in_spanish(tmp_path: Path):
    """The shipped frozen changelogs are what the data between versions says, word for word, so
    every Spanish version page shows its list in Spanish (never the English fallback)."""
    from datasite.package.datapackage import publish_frozen
    from datasite.render.pages import changelog_blocks
    from tests.conftest import REPO

    checked = 0
    for dataset in sorted(p.name for p in (REPO / "versions").iterdir() if p.is_dir()):
        for info in publish_frozen(dataset, REPO, tmp_path / dataset):
            path = Path(info.folder) / "CHANGELOG.md"
            blocks = changelog_blocks(path, info.version, info.diff, "es")
            lists = [b for b in blocks if b["kind"] == "ul"]
            assert [b["lang"] for b in lists] == ["es"], (dataset, info.version)
            checked += 1
    assert checked >= 19
