"""The issue forms (.github/ISSUE_TEMPLATE): valid, paired in English and Spanish, and the privacy
forms never ask for the detail they are about."""

from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import REPO

FORMS = REPO / ".github/ISSUE_TEMPLATE"
SCHEMA = yaml.safe_load(
    (REPO / "tests/lint/github-issue-form.schema.yaml").read_text(encoding="utf-8")
)
# Each English form and its Spanish twin.
PAIRS = [
    ("new-fact.yml", "dato-nuevo.yml"),
    ("correction.yml", "correccion.yml"),
    ("privacy-takedown.yml", "privacidad-retiro.yml"),
]


def load(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def fields(form: dict) -> list[tuple[str, str, bool]]:
    """Each element that asks for something: its id, type and whether it is required."""
    return [
        (e["id"], e["type"], bool(e.get("validations", {}).get("required")))
        for e in form["body"]
        if e["type"] != "markdown"
    ]


def test_every_form_is_listed_in_a_pair():
    assert sorted(p.name for p in FORMS.glob("*.yml")) == sorted(n for pair in PAIRS for n in pair)


@pytest.mark.parametrize("name", [n for pair in PAIRS for n in pair])
def test_each_form_follows_githubs_syntax(name: str):
    form = load(name)
    jsonschema.validate(form, SCHEMA)
    ids = [i for i, _, _ in fields(form)]
    assert len(ids) == len(set(ids)), "ids must be unique in a form"
    assert any(required for _, _, required in fields(form)), "a form asks for something"


def test_form_names_are_unique():
    names = [load(n)["name"] for pair in PAIRS for n in pair]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("english", "spanish"), PAIRS)
def test_the_spanish_form_asks_for_the_same_things(english: str, spanish: str):
    en, es = load(english), load(spanish)
    assert fields(en) == fields(es)
    assert en["labels"] == es["labels"]
    for e_en, e_es in zip(en["body"], es["body"], strict=True):
        assert e_en["type"] == e_es["type"]
        if e_en["type"] == "dropdown":
            assert len(e_en["attributes"]["options"]) == len(e_es["attributes"]["options"])
        assert e_en["attributes"].get("label") != e_es["attributes"].get("label") or (
            e_en["type"] == "markdown"
        ), "a Spanish label is translated"


@pytest.mark.parametrize(
    ("name", "warning", "route"),
    [
        ("privacy-takedown.yml", "Do not write here", "Report a vulnerability"),
        ("privacidad-retiro.yml", "No escriba aquí", "Report a vulnerability"),
    ],
)
def test_the_takedown_form_keeps_the_detail_out_of_public(name: str, warning: str, route: str):
    form = load(name)
    intro = form["body"][0]
    assert intro["type"] == "markdown"
    assert warning in intro["attributes"]["value"] and route in intro["attributes"]["value"]
    # No free-text box where the detail could be pasted; a required promise not to.
    assert "textarea" not in [e["type"] for e in form["body"]]
    (promise,) = [e for e in form["body"] if e["type"] == "checkboxes"]
    assert all(o.get("required") for o in promise["attributes"]["options"])


@pytest.mark.parametrize("name", ["new-fact.yml", "dato-nuevo.yml", "correction.yml"])
def test_fact_and_correction_forms_ask_for_a_source_and_point_away_from_personal_data(name: str):
    form = load(name)
    assert ("source_url", "input", True) in fields(form)
    assert "priva" in form["body"][0]["attributes"]["value"]


def test_forms_directory_is_where_github_reads_it():
    assert FORMS == Path(REPO, ".github", "ISSUE_TEMPLATE")
