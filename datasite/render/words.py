"""Interface text of another language on a built page (issue 15.6): every language's interface
strings are its site_templates/i18n file; a page may hold none of another language's, nor
another language's text of a paired data field (`note` on a Spanish page, `note_es` on an
English one).

Data is not interface text: a value that is legitimately in another language (a source's title, a
quote, a note's English shown for want of its Spanish) is marked with `lang` on its element, and
everything inside an element whose `lang` is not the page's is skipped, as are scripts, styles,
code, SVG drawings and web addresses. A string is not looked for when it is the same in both
languages (accents aside), shorter than four characters, one word that is also a word of the
page's own interface (a real word in both: "Total", "Chile"), or a code shown as its own label.
One or two words are found only as a whole piece of text between tags or punctuation ("Fields:
tallies", not "Sources and actors", a dataset's title); longer strings anywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasite.issues import Issue
from datasite.model import Table

_SKIPPED = re.compile(r"<(script|style|pre|code|svg|head)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_ADDRESS = re.compile(r"\b(?:https?|file)://\S+|\b[\w.-]+\.(?:html|csv|json|xlsx|zip)\b")
_BREAK = re.compile(r"[\n:;,·—–()«»\[\]|?!¿¡]+|\s-\s")
_PLACEHOLDER = re.compile(r"\{\w+\}")
_WORD = re.compile(r"\w+")
SHORTEST = 4


def strings_of(value: Any) -> Iterator[str]:
    """Every text in an i18n file's mapping (nested ones too), in pieces split at its
    {placeholders} and punctuation; a
    label that is its own value's code ("homicide: homicide", "cell.exact: exact") is a code,
    not a word."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item.replace(" ", "_") == str(key).rsplit(".", 1)[-1]:
                continue
            yield from strings_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_of(item)
    elif isinstance(value, str):
        # Split as a page's text is (page_pieces), so a sentence with a comma is still found.
        for part in _PLACEHOLDER.split(value):
            for piece in _BREAK.split(part):
                piece = " ".join(piece.split()).strip(" .'\"")
                if piece:
                    yield piece


@dataclass
class Foreign:
    """Another language's interface strings: short ones (one or two words) are found only as a
    whole piece of text (between tags or punctuation), longer ones anywhere in it."""

    whole: frozenset[str]
    anywhere: re.Pattern | None

    def first(self, pieces: Iterable[str]) -> str:
        for piece in pieces:
            if piece in self.whole:
                return piece
            found = self.anywhere.search(piece) if self.anywhere else None
            if found:
                return found.group()
        return ""


def foreign_strings(own: Iterable[str], others: Iterable[str]) -> Foreign | None:
    """The other languages' interface strings a page of `own` may not hold."""
    own = set(own)
    same = {fold(s) for s in own}
    own_words = {fold(w) for s in own for w in _WORD.findall(s)}
    wanted = {
        s
        for s in others
        if len(s) >= SHORTEST
        and fold(s) not in same
        and not (len(_WORD.findall(s)) == 1 and fold(s) in own_words)
    }
    if not wanted:
        return None
    short = frozenset(s for s in wanted if len(_WORD.findall(s)) <= 2)
    ordered = sorted(wanted - short, key=lambda s: (-len(s), s))  # the longest first
    # A hyphen joins words: a string is not found inside "open-data".
    anywhere = (
        re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w-])")
        if ordered
        else None
    )
    return Foreign(short, anywhere)


def fold(text: str) -> str:
    """Case and accents folded: "Panamá" and "Panama" are one name in both languages."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def page_pieces(page: str, lang: str) -> list[str]:
    """A page's visible text in its own language, in pieces split at tags and punctuation:
    without elements marked in another language, scripts, styles, code, drawings or addresses."""
    marked = re.compile(
        rf'<(\w+)\b[^>]*\slang="(?!{re.escape(lang)}")[^"]*"[^>]*>.*?</\1\s*>', re.DOTALL
    )
    text = _SKIPPED.sub("\n", page)
    text = marked.sub("\n", text)
    text = html.unescape(_TAG.sub("\n", text))
    text = _ADDRESS.sub("\n", text)
    pieces = (" ".join(p.split()).strip(" .'\"") for p in _BREAK.split(text))
    return [p for p in pieces if p]


def paired_texts(tables: Iterable[Table], first: str) -> dict[str, list[str]]:
    """Each language's texts in the data's paired fields (`note` in `first`, `note_es` in
    Spanish), and under "" every other text of the data (names, titles, codes), which is no
    language's, as is a text whose translation is empty (shown in its place): a page of one
    language may not show another's text of a pair unless marked."""
    texts: dict[str, list[str]] = {"": []}
    for table in tables:
        langs: dict[str, str] = {}
        paired: dict[str, list[str]] = {}
        for spec in table.schema.get("fields", []):
            pairs = spec.get("translationFields")
            if isinstance(pairs, dict):
                langs[spec["name"]] = first
                langs.update({name: lang for lang, name in pairs.items()})
                paired[spec["name"]] = list(pairs.values())
        for row in table.rows:
            for name, value in row.values.items():
                if not isinstance(value, str) or not value:
                    continue
                # A text left untranslated (a proper name: "Foro Penal") is every language's.
                alone = any(not row.values.get(pair) for pair in paired.get(name, []))
                texts.setdefault("" if alone else langs.get(name, ""), []).append(value)
    return texts


def language_problems(
    folder: Path,
    lang: str,
    own: dict,
    others: dict[str, dict],
    skip: Iterable[str] = (),
    where: str = "",
    data: dict[str, list[str]] | None = None,
) -> list[Issue]:
    """One Issue per page under `folder` (a language's built pages, less the `skip` folders)
    that holds interface text of another language, or another language's text of a paired data
    field (`data`, from paired_texts) where it is not marked with its `lang`."""
    own_strings = list(strings_of(own))
    foreign = foreign_strings(own_strings, [s for o in others.values() for s in strings_of(o)])
    data = data or {}
    mine = [*own_strings, *strings_of(data.get(lang, [])), *strings_of(data.get("", []))]
    theirs = [s for o in others for s in strings_of(data.get(o, []))]
    foreign_data = foreign_strings(mine, theirs) if theirs else None
    if foreign is None and foreign_data is None:
        return []
    other = "/".join(sorted(others))
    issues = []
    skipped = tuple(f"{name.strip('/')}/" for name in skip)
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        if name.startswith(skipped) or name.startswith("data/"):
            continue
        pieces = page_pieces(path.read_text(encoding="utf-8"), lang)
        found = foreign.first(pieces) if foreign else ""
        kind = "interface text"
        if not found and foreign_data:
            found, kind = foreign_data.first(pieces), "the text of a paired data field"
        if found:
            issues.append(
                Issue(
                    where + name,
                    0,
                    "page-language",
                    f'a "{lang}" page holds {kind} of "{other}": "{found}"',
                )
            )
    return issues
