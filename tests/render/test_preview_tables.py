"""A dataset page's preview and field tables in the reader's words (issue 15, review items 4-6):
titles for headers, the data browser's labels for codes and ids, long text folded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from datasite.load.project import load_project, read_yaml_mapping
from datasite.render.pages import LONG_TEXT, Site, fold_summary
from datasite.render.tablecsv import page_tables

I18N = Path(__file__).resolve().parents[2] / "site_templates" / "i18n"


@pytest.fixture
def mini(project: Path):
    loaded, issues = load_project(project)
    assert not [i for i in issues if i.code != "warning"], issues
    return loaded


def site(project, lang: str) -> Site:
    return Site(project, read_yaml_mapping(project.root, I18N / f"{lang}.yaml"), lang)


def cells_of(preview: dict, column: str) -> list[str]:
    at = [c["name"] for c in preview["columns"]].index(column)
    return [row[at]["text"] for row in preview["rows"]]


@pytest.mark.parametrize(
    "lang, title, exact, claimed_by, at_least",
    [
        ("es", "Calificador", "exacta", "NGO Alpha", "al menos"),
        ("en", "Qualifier", "exact", "NGO Alpha", "at least"),
    ],
)
def test_the_preview_speaks_the_browsers_words(mini, lang, title, exact, claimed_by, at_least):
    preview = site(mini, lang).preview(mini.table("tallies"))
    titles = {c["name"]: c["title"] for c in preview["columns"]}
    assert titles["qualifier"] == title
    assert "note_es" not in titles  # a translation is shown in its field's column
    qualifiers = cells_of(preview, "qualifier")
    assert exact in qualifiers and at_least in qualifiers
    assert "at_least" not in qualifiers
    assert claimed_by in cells_of(preview, "claimed_by")  # an id shows its row's name
    assert "not_stated" not in cells_of(preview, "window_start_precision")


def test_the_preview_shows_a_note_in_the_readers_language(mini):
    notes = cells_of(site(mini, "es").preview(mini.table("tallies")), "note")
    assert "Cifra ficticia." in notes
    first = site(mini, "es").preview(mini.table("tallies"))["rows"][0]
    english = [c for c in first if c["text"] == "Fictional count."]
    assert not english


def test_a_long_cell_folds_to_a_short_start(mini):
    table = mini.table("tallies")
    long = "A fictional note " * 10
    table.rows[0].values["note"] = long
    table.rows[0].values["note_es"] = ""
    preview = site(mini, "es").preview(table)
    cell = preview["rows"][0][[c["name"] for c in preview["columns"]].index("note")]
    assert cell["text"] == long
    assert cell["lang"] == "en"  # the English original on a Spanish page says so
    assert cell["summary"].endswith("…") and len(cell["summary"]) <= 41
    assert fold_summary("short") == "" and fold_summary("x" * LONG_TEXT) == ""


def test_enum_values_read_as_labels_with_their_codes(mini):
    field = mini.table("tallies").field("qualifier")
    assert "exacta (exact)" in site(mini, "es").enum_labels(field)
    assert "al menos (at_least)" in site(mini, "es").enum_labels(field)
    assert "at least (at_least)" in site(mini, "en").enum_labels(field)


def test_a_description_that_names_every_code_is_not_followed_by_a_second_list(mini):
    field = dict(mini.table("tallies").field("qualifier"))
    codes = field["constraints"]["enum"]
    field["description"] = ", ".join(f"{code} (fictional meaning)" for code in codes)
    assert site(mini, "en").enum_labels(field) == []
    assert site(mini, "es").enum_labels(field)  # its Spanish description names none
    field["description"] = ", ".join(f"{code} (fictional meaning)" for code in codes[1:])
    assert "at least (at_least)" in site(mini, "en").enum_labels(field)


def test_the_built_preview_has_titles_labels_and_a_whole_csv(built_mini: Path):
    folder = built_mini / "site" / "es" / "datasets"
    html = (folder / "releases.html").read_text(encoding="utf-8")
    preview = html[
        html.index('<table class="ds-preview" data-csv="releases-preview-tallies.csv"') :
    ]
    preview = preview[: preview.index("</table>")]
    assert re.search(r'<th scope="col">Calificador <code class="ds-name ds-col-name"', preview)
    assert "<td>exacta</td>" in preview and "<td>at_least</td>" not in preview
    fields = html[html.index('class="ds-fields"') :]
    assert "exacta (exact)" in fields[: fields.index("</table>")]
    rows = page_tables(html)["releases-preview-tallies.csv"]
    assert rows[0][:2] == ["Identificador", "Medida"]  # titles, the field names left out
    assert "Cifra ficticia." in rows[1]
