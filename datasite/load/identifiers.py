"""The personal identifiers a project refuses in published text, as data/site.yaml declares them.

`privacy.identifiers` lists them: a `label` (English) and `label_es` (Spanish) for messages and a
`pattern`, a Python regular expression (a list of pieces is joined as written, so a long one can
span lines). Which country's identity cards and phone numbers look like what is the project's to
say; the generator knows none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from datasite.issues import Issue

SITE = "data/site.yaml"
KEYS = ("label", "label_es", "pattern")
# A zero-width match in ordinary text would refuse almost every text: a pattern must never match
# the empty string, here or anywhere in this sample.
SAMPLE = "Aa 1 2.3-4_5 x@y.z (0) #"


@dataclass(frozen=True)
class IdentifierPattern:
    """One kind of identifier: its labels in messages and its regular expression."""

    label: str
    label_es: str
    pattern: str


def identifier_entries(site: dict) -> Any:
    """The value of `privacy.identifiers` as written (None when not declared): the one place the
    setting is read."""
    privacy = site.get("privacy") if isinstance(site, dict) else None
    return privacy.get("identifiers") if isinstance(privacy, dict) else None


def identifier_patterns(site: dict) -> tuple[IdentifierPattern, ...]:
    """The project's declared identifier patterns that are valid, in declared order."""
    entries = identifier_entries(site)
    if not isinstance(entries, list):
        return ()
    out = []
    for entry in entries:
        if well_formed(entry) and not entry_problems(entry):
            out.append(IdentifierPattern(entry["label"], entry["label_es"], joined(entry)))
    return tuple(out)


def joined(entry: dict) -> str:
    """An entry's pattern as one text: a list of pieces joined as written."""
    pattern = entry.get("pattern")
    return "".join(pattern) if isinstance(pattern, list) else str(pattern)


def well_formed(entry: Any) -> bool:
    """A mapping of only label, label_es and pattern, each a text (a pattern may be in pieces).
    The declared settings (load/settings.py) report the entries that are not."""
    if not isinstance(entry, dict) or any(key not in KEYS for key in entry):
        return False
    for key in KEYS:
        value = entry.get(key)
        pieces = value if key == "pattern" and isinstance(value, list) else [value]
        if not pieces or not all(isinstance(p, str) and p.strip() for p in pieces):
            return False
    return True


def entry_problems(entry: dict) -> list[tuple[str, dict]]:
    """(message, details) for each problem of a well-formed entry's pattern."""
    pattern = joined(entry)
    compiled = None
    for wrapped in (pattern, f"(?:{pattern})"):  # alone, then in a group as the scan joins it
        try:
            compiled = re.compile(wrapped, re.IGNORECASE)
        except (re.error, RecursionError, OverflowError, ValueError) as error:
            where = getattr(error, "pos", None) if wrapped == pattern else None
            at = f" at character {where + 1}" if isinstance(where, int) else ""
            message = f"pattern is not a valid Python regular expression{at}"
            return [(message, {"error": str(getattr(error, "msg", error))})]
    assert compiled is not None
    if compiled.search("") or any(m.end() == m.start() for m in compiled.finditer(SAMPLE)):
        return [("pattern matches an empty text, so it would refuse every text", {})]
    return []


def identifier_issues(site: dict, text: str) -> list[Issue]:
    """Problems of the patterns in `privacy.identifiers` of data/site.yaml (whose text is
    `text`), at their lines; the shape of the setting is checked with the other settings."""
    entries = identifier_entries(site)
    if not isinstance(entries, list):
        return []
    lines = entry_lines(text)
    issues = []
    for index, entry in enumerate(entries):
        if not well_formed(entry):
            continue
        for message, details in entry_problems(entry):
            line = lines.get((index, "pattern")) or lines.get((index,), 0)
            issues.append(issue(line, f"privacy.identifiers.{index}", message, details))
    return issues


def issue(line: int, where: str, message: str, details: dict | None = None) -> Issue:
    return Issue(SITE, line, "privacy-setting", f"{where}: {message}", details=details or {})


def entry_lines(text: str) -> dict[tuple, int]:
    """Lines in data/site.yaml: ("privacy",), ("identifiers",), (i,) for the i-th identifier and
    (i, key) for its keys; empty when the text does not parse (the loader reports that)."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    out: dict[tuple, int] = {}
    privacy = value_node(root, "privacy", out, ("privacy",))
    entries = value_node(privacy, "identifiers", out, ("identifiers",))
    if isinstance(entries, yaml.SequenceNode):
        for index, item in enumerate(entries.value):
            out[(index,)] = item.start_mark.line + 1
            for key in KEYS + tuple(key_names(item)):
                value_node(item, key, out, (index, key))
    return out


def value_node(node: Any, key: str, lines: dict[tuple, int], name: tuple) -> Any:
    """The value node of a key in a mapping node, its key's line noted under `name`."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if getattr(key_node, "value", None) == key:
            lines[name] = key_node.start_mark.line + 1
            return value
    return None


def key_names(node: Any) -> list[str]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [k.value for k, _ in node.value if isinstance(getattr(k, "value", None), str)]
