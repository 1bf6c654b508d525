"""Every field a reader sees as a column (the data browser, previews, the field reference) has a
title in English and in Spanish; a Spanish pair (`note_es`) shows under its English field's."""

from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.yaml"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_shown_field_has_a_title_in_both_languages(path: Path):
    fields = yaml.safe_load(path.read_text(encoding="utf-8"))["fields"]
    names = {f["name"] for f in fields}
    untitled = [
        f["name"]
        for f in fields
        if not (f["name"].endswith("_es") and f["name"][:-3] in names)
        and not (f.get("title") and f.get("i18n", {}).get("es", {}).get("title"))
    ]
    assert untitled == []
