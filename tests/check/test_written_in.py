"""A text whose language another field gives (languageField) must say its language: the pages
mark it with lang="…" from that field."""

from __future__ import annotations

from pathlib import Path

from datasite.cli import main
from tests.check.conftest import both_ways, screened_project
from tests.conftest import edit, make_project

SOURCES = "data/references/sources.csv"
TITLED = "https://news.example.org/2026/01/10/releases,2026-01-10,day,,en"


def validate(root: Path, capsys, lang: str = "en") -> tuple[int, str]:
    code = main(["validate", "--lang", lang], root=root)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_title_without_its_language_is_refused_at_its_line(tmp_path: Path, capsys):
    root = make_project(tmp_path / "p")
    edit(root / SOURCES, TITLED, TITLED.removesuffix("en"))
    code, text = validate(root, capsys)
    assert code == 1
    assert f'{SOURCES}:2: language-missing: field "title": is filled but language is empty' in text
    code, text = validate(root, capsys, "es")
    assert code == 1
    assert (
        f'{SOURCES}:2: language-missing: campo "title": está rellenado pero language está vacío'
        in text
    )


def test_an_empty_title_needs_no_language(tmp_path: Path, capsys):
    root = make_project(tmp_path / "p")
    edit(root / SOURCES, "Fictional report on releases", "")
    edit(root / SOURCES, TITLED, TITLED.removesuffix("en"))
    code, text = validate(root, capsys)
    assert "language-missing" not in text, text


SCHEMA = {
    "fields": [
        {"name": "id"},
        {"name": "quote", "languageField": "quote_lang"},
        {"name": "quote_lang", "constraints": {"enum": ["es", "en"]}},
    ]
}


def test_the_screen_keeps_every_row_the_rule_refuses(tmp_path: Path, monkeypatch):
    rows = [
        ["r1", "Palabras ficticias", "es"],
        ["r2", "Fictional words", ""],  # refused
        ["r3", "", ""],
        ["r4", "", "en"],
        ["r5", " x ", ""],  # refused (read stripped, still text)
    ]
    project = screened_project(tmp_path, monkeypatch, SCHEMA, rows)
    screened, every_row = both_ways(project)
    assert [(i.code, i.line) for i, _ in every_row] == [
        ("language-missing", 3),
        ("language-missing", 6),
    ]
    assert screened == every_row
