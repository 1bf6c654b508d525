"""The contributor guides document every command and option, and point at files that exist."""

import re

import pytest
import yaml

from datasite.cli import parser
from tests.conftest import REPO

GUIDES = ["CONTRIBUTING.md", "CONTRIBUTING.es.md"]


def commands_and_options() -> list[str]:
    """`validate`, `validate --format`, … for every subcommand and option a contributor uses."""
    p = parser()
    sub = next(a for a in p._actions if a.dest == "command")
    out = []
    for name, command in sub.choices.items():
        if name == "build":
            continue  # the maintainers' command, documented in the README
        out.append(f"python build.py {name}")
        out += [f"--{a.dest}" for a in command._actions if a.option_strings and a.dest != "help"]
    return out


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_and_option_is_documented(guide: str):
    text = (REPO / guide).read_text(encoding="utf-8")
    assert [c for c in commands_and_options() if c not in text] == []
    assert "--format github" in text and "--format json" in text and "--lang es" in text


@pytest.mark.parametrize("guide", GUIDES)
def test_every_data_path_in_the_guide_is_declared(guide: str):
    declared = set()
    for meta_path in (REPO / "data").glob("*/datapackage.yaml"):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        declared |= {f"data/{meta_path.parent.name}/{r['path']}" for r in meta["resources"]}
    mentioned = set(re.findall(r"`(data/[\w/.-]+?)/?`", (REPO / guide).read_text(encoding="utf-8")))
    # a path inside a table's folder (one of its record files) is declared with the folder
    inside = {m for m in mentioned if any(m.startswith(f"{d}/") for d in declared)}
    assert mentioned and sorted(mentioned - declared - inside) == []


@pytest.mark.parametrize("guide", GUIDES + [".github/pull_request_template.md"])
def test_local_links_resolve(guide: str):
    text = (REPO / guide).read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text) if "://" not in t]
    assert [t for t in targets if not (REPO / t).exists()] == []


@pytest.mark.parametrize("guide", GUIDES)
def test_new_is_shown_for_every_table_the_guide_teaches(guide: str):
    text = (REPO / guide).read_text(encoding="utf-8")
    assert {"tallies", "facility_events", "legal_stages"} <= set(
        re.findall(r"python build\.py new (\w+)", text)
    )
