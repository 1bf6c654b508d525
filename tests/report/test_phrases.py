"""Words for coded values: every enum value of schemas/ has phrases in English and Spanish, every
phrase leads back to its value, and no suggestion is ever a value of opposite meaning."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from datasite.report.phrases import OPPOSITES, PHRASES, fold, opposites_of, phrases_of, suggest

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def enums() -> list[tuple[str, list[str]]]:
    """(schema:field, allowed values) for every enum field of the shipped schemas."""
    out = []
    for path in sorted(SCHEMAS.glob("*.schema.yaml")):
        for field in yaml.safe_load(path.read_text(encoding="utf-8"))["fields"]:
            allowed = field.get("constraints", {}).get("enum")
            if allowed:
                out.append((f"{path.name}:{field['name']}", [str(v) for v in allowed]))
    return out


ENUMS = enums()
PHRASE_CASES = [
    (where, allowed, value, phrase)
    for where, allowed in ENUMS
    for value in allowed
    for phrase in (value, *PHRASES[value][0], *PHRASES[value][1])
]


@pytest.mark.parametrize("where, allowed", ENUMS, ids=[w for w, _ in ENUMS])
def test_every_enum_value_has_english_and_spanish_phrases(where: str, allowed: list[str]):
    for value in allowed:
        english, spanish = PHRASES[value]
        assert english and spanish, value


@pytest.mark.parametrize(
    "allowed, value, phrase",
    [c[1:] for c in PHRASE_CASES],
    ids=[f"{w}:{v}:{p}" for w, _, v, p in PHRASE_CASES],
)
def test_every_phrase_as_typed_leads_to_its_value(allowed: list[str], value: str, phrase: str):
    for typed in (phrase, phrase.capitalize(), phrase.upper(), phrase.replace(" ", "_")):
        assert suggest(typed, allowed) == value, typed


@pytest.mark.parametrize(
    "allowed, value, phrase",
    [c[1:] for c in PHRASE_CASES],
    ids=[f"{w}:{v}:{p}" for w, _, v, p in PHRASE_CASES],
)
def test_a_misspelt_phrase_never_leads_to_an_opposite(allowed: list[str], value: str, phrase: str):
    folded = fold(phrase)
    typos = {folded[:i] + folded[i + 1 :] for i in range(len(folded))}
    typos |= {
        folded[:i] + folded[i + 1] + folded[i] + folded[i + 2 :] for i in range(len(folded) - 1)
    }
    for typo in typos:
        assert suggest(typo, allowed) not in opposites_of(value), typo


@pytest.mark.parametrize("where, allowed", ENUMS, ids=[w for w, _ in ENUMS])
def test_no_phrase_names_two_values_of_one_field(where: str, allowed: list[str]):
    seen: dict[str, str] = {}
    for value in allowed:
        for phrase in phrases_of(value):
            assert seen.setdefault(phrase, value) == value, phrase


def test_every_opposite_is_a_declared_value():
    assert {v for pair in OPPOSITES for v in pair} <= set(PHRASES)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("al_menos", "at_least"),
        ("al menos", "at_least"),
        ("Al menos", "at_least"),
        ("más de", "more_than"),
        ("mas de", "more_than"),
        ("casi", "nearly"),
        ("aproximadamente", "approximately"),
        ("unos", "approximately"),
        ("a lo sumo", "at_most"),
        ("atleast", "at_least"),
    ],
)
def test_the_qualifiers_a_spanish_contributor_types(typed: str, expected: str):
    qualifiers = ["exact", "at_least", "more_than", "approximately", "at_most", "between", "nearly"]
    assert suggest(typed, qualifiers) == expected


def test_a_value_as_near_to_two_opposites_gets_no_suggestion():
    assert suggest("at_mleast", ["at_least", "at_most"]) == ""
