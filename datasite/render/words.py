"""Interface text of another language on a built page (issue 15.6): every language's interface
strings are its site_templates/i18n file; a page may hold none of another language's.

Data is not interface text: a value that is legitimately in another language (a source's title, a
quote) is marked with `lang` on its element, and everything inside an element whose `lang` is not
the page's is skipped, as are scripts, styles, code, SVG drawings and web addresses. A string is
not looked for when it is the same in both languages, shorter than four characters, or one word
that is also a word of the page's own interface (a real word in both: "Total", "Chile").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from datasite.issues import Issue

_SKIPPED = re.compile(r"<(script|style|pre|code|svg|head)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_ADDRESS = re.compile(r"\b(?:https?|file)://\S+|\b[\w.-]+\.(?:html|csv|json|xlsx|zip)\b")
_PLACEHOLDER = re.compile(r"\{\w+\}")
_WORD = re.compile(r"\w+")
SHORTEST = 4


def strings_of(value: Any) -> Iterator[str]:
    """Every text in an i18n file's mapping (nested ones too), split at its {placeholders}; a
    label that is its own value's code ("homicide: homicide") is a code, not a word."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item.replace(" ", "_") == str(key):
                continue
            yield from strings_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_of(item)
    elif isinstance(value, str):
        for piece in _PLACEHOLDER.split(value):
            piece = " ".join(piece.split()).strip(" .,:;()\"'«»")
            if piece:
                yield piece


def foreign_pattern(own: Iterable[str], others: Iterable[str]) -> re.Pattern | None:
    """One pattern for the other languages' interface strings a page of `own` may not hold."""
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
    ordered = sorted(wanted, key=lambda s: (-len(s), s))  # the longest first
    # A hyphen joins words: "open" is not found in "open-data".
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w-])")


def fold(text: str) -> str:
    """Case and accents folded: "Panamá" and "Panama" are one name in both languages."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def page_text(page: str, lang: str) -> str:
    """A page's visible text in its own language: without elements marked in another language,
    scripts, styles, code and drawings, tags or web addresses."""
    marked = re.compile(
        rf'<(\w+)\b[^>]*\slang="(?!{re.escape(lang)}")[^"]*"[^>]*>.*?</\1\s*>', re.DOTALL
    )
    text = _SKIPPED.sub(" ", page)
    text = marked.sub(" ", text)
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(_ADDRESS.sub(" ", text).split())


def language_problems(
    folder: Path,
    lang: str,
    own: dict,
    others: dict[str, dict],
    skip: Iterable[str] = (),
    where: str = "",
) -> list[Issue]:
    """One Issue per page under `folder` (a language's built pages, less the `skip` folders)
    that holds interface text of another language."""
    pattern = foreign_pattern(strings_of(own), [s for o in others.values() for s in strings_of(o)])
    if pattern is None:
        return []
    other = "/".join(sorted(others))
    issues = []
    skipped = tuple(f"{name.strip('/')}/" for name in skip)
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        if name.startswith(skipped) or name.startswith("data/"):
            continue
        found = pattern.search(page_text(path.read_text(encoding="utf-8"), lang))
        if found:
            issues.append(
                Issue(
                    where + name,
                    0,
                    "page-language",
                    f'a "{lang}" page holds interface text of "{other}": "{found.group()}"',
                )
            )
    return issues
