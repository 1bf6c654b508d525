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

The pages are bounded, the data is not (a million rows), so the work follows the pages: the
data's texts are taken once each (as columns where a table is held as columns); only another
language's strings some page could hold are looked for (one or two words: a piece of a page;
longer: every word a word of a page); and only those few are folded and looked up among the own
language's texts and the data's other texts, which are searched column-wide and read one by one
only where they could hold one. The findings are the same as folding every text would give
(tests/render/test_language_check_at_scale.py keeps that plain check as the reference).
A page's pieces are a function of its text and language alone: a build memo keeps them, so only
the pages that changed are read again; the strings and the data are looked for afresh each time.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from datasite.issues import Issue
from datasite.load.frames import FrameRows
from datasite.load.memory import NOTHING_KEPT, Memory
from datasite.model import Row, Table

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
    return foreign_of(s for s in others if len(s) >= SHORTEST and not is_own(s, same, own_words))


def is_own(s: str, same: Container[str], own_words: Container[str]) -> bool:
    """A string the page's own language also writes (accents and case aside), or one word of it."""
    folded = fold(s)
    return folded in same or (len(_WORD.findall(s)) == 1 and folded in own_words)


def foreign_of(strings: Iterable[str]) -> Foreign | None:
    """The Foreign that finds these strings: one or two words whole, longer ones anywhere."""
    wanted = set(strings)
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


def distinct_pieces(page: str, lang: str, memo: Memory = NOTHING_KEPT) -> list[str]:
    """page_pieces, each once, in the order they first come: Foreign.first finds the same in
    them. `memo` keeps them by the page's text and language."""
    key = memo.key("page-pieces", lang, page) if memo is not NOTHING_KEPT else ""
    found = memo.get_json("page-pieces", key) if key else None
    if isinstance(found, list) and all(isinstance(piece, str) for piece in found):
        return found
    pieces = list(dict.fromkeys(page_pieces(page, lang)))
    if key:
        memo.put_json("page-pieces", key, pieces)
    return pieces


@dataclass
class Shown:
    """What a language's pages show, to tell which strings could be found there at all: their
    pieces, and every word of those pieces."""

    pieces: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, pages: Iterable[list[str]]) -> Shown:
        """What these pages show, each given as its pieces (page_pieces)."""
        pieces = frozenset(p for found in pages for p in found)
        return cls(pieces, frozenset(w for p in pieces for w in _WORD.findall(p)))

    def may_hold(self, s: str) -> bool:
        """False when no page can hold `s` as Foreign finds it: one or two words are found only
        as a whole piece; a longer string only where each of its words is a whole word of a
        piece (it is never found next to a letter, a digit or a hyphen)."""
        words = _WORD.findall(s)
        return s in self.pieces if len(words) <= 2 else self.words.issuperset(words)


@dataclass
class DataTexts:
    """The data's distinct texts: each language's in the paired fields (`note` in the first
    language, `note_es` in Spanish), and under "" a paired text whose translation is empty
    (shown in its place, so every language's); and, read column by column only when asked,
    every other text (names, titles, codes), which is no language's either."""

    paired: dict[str, pl.Series]
    tables: list[Table] = field(default_factory=list)
    first: str = ""
    _read: list[pl.Series] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._unread = self.columns()

    def plain(self) -> Iterator[pl.Series]:
        """The distinct texts of each field that is not paired, one field at a time (each read
        once, for both languages' pages)."""
        for index in itertools.count():
            if index == len(self._read):
                column = next(self._unread, None)
                if column is None:
                    return
                self._read.append(column)
            yield self._read[index]

    def columns(self) -> Iterator[pl.Series]:
        """Each field that is not paired, read when plain() first needs it."""
        for table in self.tables:
            langs = pair_languages(table, self.first)[0]
            if isinstance(table.rows, FrameRows):
                frame = table.rows.frame
                for name, dtype in frame.schema.items():
                    if dtype == pl.String and name not in langs:
                        column = pl.col(name)
                        yield frame.select(column.filter(column != "").unique()).to_series()
                continue
            records = [row.values for row in table.rows]
            for name in set().union(*records) - set(langs):
                texts = {v for r in records if isinstance(v := r.get(name), str) and v}
                yield pl.Series(list(texts), dtype=pl.String)


def pair_languages(table: Table, first: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The language of each field of a pair (`note`: first, `note_es`: "es"), and each paired
    field's translations."""
    langs: dict[str, str] = {}
    paired: dict[str, list[str]] = {}
    for spec in table.schema.get("fields", []):
        pairs = spec.get("translationFields")
        if isinstance(pairs, dict):
            langs[spec["name"]] = first
            langs.update({name: lang for lang, name in pairs.items()})
            paired[spec["name"]] = list(pairs.values())
    return langs, paired


def paired_texts(tables: Iterable[Table], first: str) -> DataTexts:
    """The data's texts (DataTexts): a page of one language may not show another's text of a
    pair unless marked. Tables held as columns are read as columns (no Row is made)."""
    tables = list(tables)
    found: dict[str, list[pl.Series]] = {}
    for table in tables:
        langs, paired = pair_languages(table, first)
        if not langs:
            continue
        if isinstance(table.rows, FrameRows):
            texts = frame_texts(table.rows.frame, langs, paired)
        else:
            texts = row_texts(table.rows, langs, paired)
        for lang, series in texts.items():
            found.setdefault(lang, []).extend(series)
    return DataTexts({lang: pl.concat(s).unique() for lang, s in found.items()}, tables, first)


def row_texts(
    rows: Iterable[Row], langs: dict[str, str], paired: dict[str, list[str]]
) -> dict[str, list[pl.Series]]:
    """The paired fields' texts of one table's rows, by language."""
    records = [row.values for row in rows]
    texts: dict[str, set[str]] = {}
    for name in langs:
        pairs = paired.get(name, [])
        for r in records:
            if isinstance(v := r.get(name), str) and v:
                # A text left untranslated (a proper name: "Foro Penal") is every language's.
                alone = not all(r.get(p) for p in pairs)
                texts.setdefault("" if alone else langs[name], set()).add(v)
    return {lang: [pl.Series(list(t), dtype=pl.String)] for lang, t in texts.items()}


def frame_texts(
    frame: pl.DataFrame, langs: dict[str, str], paired: dict[str, list[str]]
) -> dict[str, list[pl.Series]]:
    """row_texts of one table held as columns, column by column."""
    texts: dict[str, list[pl.Series]] = {}
    for name in langs:
        if frame.schema.get(name) != pl.String:  # a list field holds no text, as in row_texts
            continue
        column = pl.col(name)
        pairs = paired.get(name)
        if not pairs:
            parts = [(langs[name], column != "")]
        elif all(p in frame.columns for p in pairs):
            translated = pl.all_horizontal([pl.col(p) != "" for p in pairs])
            parts = [(langs[name], (column != "") & translated), ("", (column != "") & ~translated)]
        else:  # a translation with no column is empty in every row
            parts = [("", column != "")]
        for lang, keep in parts:
            values = frame.select(column.filter(keep).unique()).to_series()
            if len(values):
                texts.setdefault(lang, []).append(values.rename(""))
    return texts


def pieces_of(texts: Iterable[str]) -> set[str]:
    """strings_of each of these texts."""
    return {s for text in texts for s in strings_of(text)}


def folded_hits(
    texts: Iterable[str], wanted: Container[str], wanted_words: Container[str]
) -> tuple[set[str], set[str]]:
    """Which `wanted` folded strings are a piece of these texts (strings_of) folded, and which
    `wanted_words` are a word of such a piece folded."""
    pieces: set[str] = set()
    words: set[str] = set()
    for text in texts:
        for piece in strings_of(text):
            folded = fold(piece)
            if folded in wanted:
                pieces.add(folded)
            for word in _WORD.findall(piece):
                if (folded := fold(word)) in wanted_words:
                    words.add(folded)
    return pieces, words


BATCH = 4096


def fold_all(texts: list[str]) -> list[str]:
    """fold() of each text, all at once: folding works character by character and leaves NUL
    as it is, so the texts joined by NUL fold to their folds joined by NUL."""
    if not texts or any("\x00" in t for t in texts):
        return [fold(t) for t in texts]
    decomposed = unicodedata.normalize("NFKD", "\x00".join(texts).casefold())
    marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
    return (decomposed.translate(marks) if marks else decomposed).split("\x00")


def column_hits(
    texts: pl.Series, wanted: set[str], wanted_words: set[str]
) -> tuple[set[str], set[str]]:
    """folded_hits of a column of a million texts, reading one by one only those whose fold
    holds, as it is, a part between spaces of a folded string still wanted (a piece's spaces
    are made one before folding, so each such part of its fold is in the fold of its text). An
    ASCII text's fold is the text in lower case."""
    ascii_only = texts.str.len_bytes() == texts.str.len_chars()
    ascii, other = texts.filter(ascii_only), texts.filter(~ascii_only)
    left = pl.DataFrame(
        {
            "text": pl.concat([ascii, other]),
            "folded": pl.concat(
                [ascii.str.to_lowercase(), pl.Series(fold_all(other.to_list()), dtype=pl.String)]
            ),
        }
    )
    pieces: set[str] = set()
    words: set[str] = set()
    parts: list[str] = []
    while left.height:
        # A word found as a whole piece needs no more looking for (is_own).
        missing = (wanted - pieces) | (wanted_words - words - pieces)
        if not missing:
            break
        longest = sorted({max(f.split(" "), key=len) for f in missing})
        if longest != parts:  # fewer to find since the last search: search again
            parts = longest
            left = left.filter(pl.col("folded").str.contains_any(parts))
        found = folded_hits(left["text"].head(BATCH).to_list(), wanted, wanted_words)
        pieces |= found[0]
        words |= found[1]
        left = left.slice(BATCH)
    return pieces, words


def foreign_data(
    mine: Iterable[str], my_texts: Iterable[pl.Series], their_texts: Iterable[str], shown: Shown
) -> Foreign | None:
    """foreign_strings(`mine` and the pieces of `my_texts`, the pieces of `their_texts`), but
    only for the strings the pages `shown` could hold: the folded forms of those few are looked
    for in the data's texts, instead of folding them all, until each is found."""
    candidates = {s for s in pieces_of(their_texts) if len(s) >= SHORTEST and shown.may_hold(s)}
    if not candidates:
        return None
    folded = {s: fold(s) for s in candidates}
    one_word = {s for s in candidates if len(_WORD.findall(s)) == 1}
    same, own_words = folded_hits(mine, set(folded.values()), {folded[s] for s in one_word})
    for texts in my_texts:
        # Candidates not yet known to be the page's own (is_own), looked for in the next column.
        left = [s for s in candidates if not is_own(s, same, own_words)]
        if not left:
            break
        found = column_hits(
            texts, {folded[s] for s in left}, {folded[s] for s in left if s in one_word}
        )
        same |= found[0]
        own_words |= found[1]
    return foreign_of(s for s in candidates if not is_own(s, same, own_words))


def language_problems(
    folder: Path,
    lang: str,
    own: dict,
    others: dict[str, dict],
    skip: Iterable[str] = (),
    where: str = "",
    data: DataTexts | dict[str, list[str]] | None = None,
    memo: Memory = NOTHING_KEPT,
) -> list[Issue]:
    """One Issue per page under `folder` (a language's built pages, less the `skip` folders)
    that holds interface text of another language, or another language's text of a paired data
    field (`data`, from paired_texts, or each language's texts by hand) where it is not marked
    with its `lang`. `memo` keeps each page's pieces (distinct_pieces)."""
    own_strings = list(strings_of(own))
    their_strings = [s for o in others.values() for s in strings_of(o)]
    if not isinstance(data, DataTexts):
        data = DataTexts({k: pl.Series(list(v), dtype=pl.String) for k, v in (data or {}).items()})
    theirs = [t for o in others if o in data.paired for t in data.paired[o].to_list()]
    if not their_strings and not theirs:
        return []
    skipped = tuple(f"{name.strip('/')}/" for name in skip)
    pages = {}
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder).as_posix()
        if not (name.startswith(skipped) or name.startswith("data/")):
            pages[name] = distinct_pieces(path.read_text(encoding="utf-8"), lang, memo)
    shown = Shown.of(pages.values())
    # Only strings some page could hold: the answer is the same, the search much shorter.
    foreign = foreign_strings(own_strings, (s for s in their_strings if shown.may_hold(s)))
    mine = itertools.chain((data.paired[k] for k in (lang, "") if k in data.paired), data.plain())
    foreign_data_ = foreign_data(own_strings, mine, theirs, shown) if theirs else None
    if foreign is None and foreign_data_ is None:
        return []
    other = "/".join(sorted(others))
    issues = []
    for name, pieces in pages.items():
        found = foreign.first(pieces) if foreign else ""
        kind = "interface text"
        if not found and foreign_data_:
            found, kind = foreign_data_.first(pieces), "the text of a paired data field"
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
