"""Whole numbers in plain digits: the forms Python's int reads besides ("1_200", "+444",
"0444", "١٢٣") pass frictionless but reach the published CSV as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from datasite.check.numerals import odd_form
from tests.conftest import edit, run_main

TALLIES = "data/releases/tallies.csv"


@pytest.mark.parametrize(
    "text, number",
    [("1_200", 1200), ("+444", 444), ("0444", 444), ("-0", 0), ("١٢٣", 123), ("00", 0)],
)
def test_a_whole_number_in_another_form_is_read_for_what_it_says(text: str, number: int):
    assert odd_form(text) == number


@pytest.mark.parametrize("text", ["", "0", "444", "-12", "1.200", "many", "1 200"])
def test_plain_digits_or_no_number_at_all_are_left_alone(text: str):
    assert odd_form(text) is None  # no number at all is the type check's to report


def test_a_tally_value_written_1_200_is_refused_in_spanish(project: Path, capsys):
    edit(project / TALLIES, ",345,,exact,", ",+345,,exact,")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert out.splitlines()[:2] == [
        f'{TALLIES}:3: integer-form: campo "value": "+345" se lee como 345; escriba 345, solo '
        "con cifras",
        "    sugerencia: escriba los números enteros solo con las cifras 0 a 9: sin signo +, sin "
        "ceros a la izquierda y sin _ entre las cifras",
    ]


def test_tables_read_into_columns_are_screened_for_the_same(project: Path, capsys, monkeypatch):
    from datasite.load import project as load

    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    edit(project / TALLIES, ",345,,exact,", ",0345,,exact,")
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f'{TALLIES}:3: integer-form: field "value": "0345" is read as 345; write 345, in plain '
        "digits"
    )
