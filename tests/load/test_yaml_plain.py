"""YAML mistakes made by hand are told in plain words, in the contributor's language, at the line
to fix (the parser's own words say "end of stream" at the end of the file for a quote left open
on line 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_main

STAGE = "data/law/legal_stages/example-law-announced.yaml"
CUT_ES = (
    'el texto tras " #" se lee como un comentario y se pierde del valor; ponga el valor entero '
    "entre comillas dobles, o el comentario en una línea aparte"
)

CASES = [
    (
        "id: x\nas_of: '2026-01-08\nvalue: 3\nnote: hi\n",
        2,
        "un valor entre comillas abierto en esta línea nunca se cierra; añada la comilla de cierre",
    ),
    (
        "id: x\n\tvalue: 3\n",
        2,
        "esta línea tiene un tabulador donde YAML solo admite espacios; use espacios",
    ),
    (
        "id: x\nvalue: 3\n\tnote: hi\n",
        3,
        "esta línea tiene un tabulador donde YAML solo admite espacios; use espacios",
    ),
    (
        'id: x\nnote: "exact" más\nvalue: 3\n',
        2,
        "hay texto después de la comilla de cierre en esta línea; ponga el valor entero entre las "
        "comillas, o el resto en una línea aparte",
    ),
    (
        "id: x\nnote: 'It''s' y más\n",
        2,
        "hay texto después de la comilla de cierre en esta línea; ponga el valor entero entre las "
        "comillas, o el resto en una línea aparte",
    ),
    *[
        (
            f"id: x\nnote: {start}foro\n",
            2,
            "un valor de esta línea empieza por un carácter que YAML reserva (@, ` o %); ponga el "
            "valor entero entre comillas dobles",
        )
        for start in "@`%"
    ],
    (
        "id: x\nnote: |foro\n",
        2,
        "un valor de esta línea empieza por | o >, que YAML lee como el comienzo de un bloque de "
        "texto; ponga el valor entero entre comillas dobles",
    ),
    (
        "id: x\n- value: 3\n",
        2,
        'un elemento de lista ("- ") sigue a un campo que ya tiene valor; póngalo bajo un campo '
        "sin nada después de sus dos puntos, o quite el guion",
    ),
    (
        "id: x\n---\nid: y\n",
        2,
        "aquí empieza un segundo documento (---); deje un registro por archivo",
    ),
    (
        "id: x\nnote\nvalue: 3\n",
        2,
        'esta línea no tiene ": " después de un nombre de campo; escriba campo: valor, o devuelva '
        "la línea al valor de arriba",
    ),
    (
        "id: x\nsource_ids: [a, b\nvalue: 3\n",
        2,
        "una lista abierta con [ en esta línea no se cierra con ]",
    ),
    (
        "id: x\nnote: a: b\n",
        2,
        'un segundo ": " en esta línea, o una línea sangrada bajo un valor; ponga entre comillas '
        'dobles un valor que contenga ": " y empiece cada campo en el margen izquierdo',
    ),
]


@pytest.mark.parametrize("text, line, message", CASES)
def test_a_hand_made_yaml_mistake_in_plain_spanish_at_its_line(
    project: Path, capsys, text: str, line: int, message: str
):
    (project / STAGE).write_text(text, encoding="utf-8")
    code, out, err = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1 and "Traceback" not in err
    assert out.splitlines()[0] == f"{STAGE}:{line}: yaml-syntax: {message}"


def test_the_parser_s_words_stay_for_a_mistake_with_no_plain_words(project: Path, capsys):
    (project / STAGE).write_text("id: x\nnote: ]a\n", encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert out.startswith(f"{STAGE}:2: yaml-syntax: no es YAML válido (")


@pytest.mark.parametrize(
    "text, field",
    [
        ("id: x\nnote: Ver el informe #12 de Foro Penal.\n", "note:"),
        ("id: x\nsource_ids:\n- daily-2026-01-10 #the first\n", "-"),  # an item, as an item
    ],
)
def test_a_value_cut_short_by_a_comment_is_refused(project: Path, capsys, text: str, field: str):
    (project / STAGE).write_text(text, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{STAGE}:{text.count(chr(10))}: yaml-comment: {CUT_ES}"
    # the example is written with the field that lost its words
    assert lines[1] == (
        f'    sugerencia: en YAML, " #" empieza un comentario: escriba {field} "Informe #12 de '
        'Foro Penal", con todo el texto dentro de las comillas'
    )


def test_a_hash_inside_quotes_or_a_comment_line_is_fine(project: Path, capsys):
    text = (project / STAGE).read_text(encoding="utf-8")
    (project / STAGE).write_text(
        "# a comment of its own\n"
        + text.replace(
            "scope: Fictional cases from 1999 on", 'scope: "Fictional cases #1 from 1999 on"'
        ),
        encoding="utf-8",
    )
    assert run_main(project, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")


@pytest.mark.parametrize(
    "text, line",
    [
        ("id: x\ndate: '2026-01-15\ndate_precision: 'day'\nnote: hi\n", 2),
        ('id: x\nscope: "Fictional cases\nnote: "hi"\n', 2),
        ("id: x\nscope: 'It''s\nnote: 'hi'\n", 2),
    ],
)
def test_a_quote_left_open_before_another_is_reported_where_it_opens(
    project: Path, capsys, text: str, line: int
):
    (project / STAGE).write_text(text, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{STAGE}:{line}: yaml-syntax: un valor entre comillas abierto en esta línea nunca se "
        "cierra; añada la comilla de cierre"
    )


def test_a_settings_value_run_into_a_hash_is_refused_and_a_comment_is_fine(project: Path, capsys):
    """site.yaml may comment its values ("value  # why"), but "#12" run into the text is words
    of the value, which YAML would cut silently."""
    site = project / "data/site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(
        text.replace("publisher: Test publisher", "publisher: Test publisher  # who signs"),
        encoding="utf-8",
    )
    assert run_main(project, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")
    cut = text.replace("publisher: Test publisher", "publisher: Test publisher #2026")
    site.write_text(cut, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    line = cut.splitlines().index("publisher: Test publisher #2026") + 1
    assert code == 1
    assert out.splitlines()[0] == f"data/site.yaml:{line}: yaml-comment: {CUT_ES}"


def test_a_quote_left_open_that_a_later_field_closes_is_refused(project: Path, capsys):
    """Valid YAML, wrong data: the field between was read into the value as its text."""
    text = (project / STAGE).read_text(encoding="utf-8")
    assert "scope: Fictional cases from 1999 on\n" in text
    lines = text.splitlines()
    at = lines.index("scope: Fictional cases from 1999 on")
    broken = text.replace(
        "scope: Fictional cases from 1999 on\n",
        "scope: 'Fictional cases from 1999 on\nnote: a fictional note'\n",
    )
    (project / STAGE).write_text(broken, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{STAGE}:{at + 1}: yaml-syntax: la comilla abierta en esta línea solo se cierra en la "
        f'línea {at + 2}, así que "note:" de la línea {at + 2} se leyó dentro de este valor; '
        "cierre la comilla en esta línea"
    )
    # A quoted value over two lines with no field between is a value like any other.
    (project / STAGE).write_text(
        text.replace(
            "scope: Fictional cases from 1999 on\n",
            "scope: 'Fictional cases\n  from 1999 on'\n",
        ),
        encoding="utf-8",
    )
    assert run_main(project, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")
