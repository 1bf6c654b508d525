"""SECURITY.md names the tests behind each row: every name it gives must exist."""

import ast
import re

from datasite.catalogue import PROBLEMS
from tests.conftest import REPO

HOSTILE = REPO / "tests" / "cli" / "test_hostile_input.py"


def hostile_cases() -> set[str]:
    """The keys of CASES in the hostile-input tests, read from their source (not imported)."""
    tree = ast.parse(HOSTILE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["CASES"]:
            return {key.value for key in node.value.keys}
    raise AssertionError(f"no CASES in {HOSTILE}")


def test_every_test_named_in_security_md_exists():
    doc = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    defined = set(re.findall(r"^def (test_\w+)", source, re.MULTILINE))
    named = set(re.findall(r"\b(test_\w+)", doc)) - {
        p.stem for p in (REPO / "tests").rglob("test_*.py")
    }
    assert named and named - defined == set()
    cases = set(re.findall(r"\[([a-z0-9-]+)\]`", doc)) - {"case"}
    assert cases and cases - hostile_cases() == set()
    assert hostile_cases() - cases == set()


def test_every_test_file_named_in_security_md_exists():
    doc = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"\b(tests/[\w/]+\.py)", doc))
    assert paths and {p for p in paths if not (REPO / p).is_file()} == set()


GUIDES_ES = r"(SECURITY\.es\.md|CONTRIBUTING\.es\.md)"


def spanish_texts() -> list[str]:
    """Every Spanish text a contributor is told: the catalogue's messages and hints, and the
    Spanish side of each pick(lang, english, spanish) in the computed hints."""
    texts = [es for p in PROBLEMS.values() for _, es in p.messages]
    texts += [p.hint[1] for p in PROBLEMS.values() if isinstance(p.hint, tuple)]
    tree = ast.parse((REPO / "datasite/report/hints.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "pick":
            if len(node.args) == 3:
                parts = [n.value for n in ast.walk(node.args[2]) if isinstance(n, ast.Constant)]
                texts.append("".join(p for p in parts if isinstance(p, str)))
    return texts


def test_spanish_messages_send_to_the_spanish_guides_and_their_sections_exist():
    texts = spanish_texts()
    assert not [t for t in texts if "SECURITY.md" in t or "CONTRIBUTING.md" in t]
    named = [(f, s) for t in texts for f, s in re.findall(GUIDES_ES + r", «([^»]+)»", t)]
    named += [(f, s) for t in texts for s, f in re.findall(r"«([^»]+)» en " + GUIDES_ES, t)]
    assert {f for f, _ in named} == {"SECURITY.es.md", "CONTRIBUTING.es.md"}
    for file, section in named:
        headings = re.findall(r"^#+ (.+)$", (REPO / file).read_text(encoding="utf-8"), re.M)
        assert section in headings, (file, section)


def test_the_spanish_security_guide_keeps_the_english_steps_and_names():
    """SECURITY.es.md translates the sections to act on: the same numbered steps, and every
    field, code and command the English names (placeholders such as <dataset> translated)."""
    english = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    english = english[
        english.index("## Reporting a privacy problem") : english.index("## What the build does")
    ]
    spanish = (REPO / "SECURITY.es.md").read_text(encoding="utf-8")
    steps = re.compile(r"^\d+\. ", re.M)
    assert len(steps.findall(spanish)) == len(steps.findall(english)) == 5

    def names(text: str) -> set[str]:
        return {n for n in re.findall(r"`([^`]+)`", text) if not re.search(r"[<A-Z]", n)}

    assert names(english) and names(english) - names(spanish) == set()
