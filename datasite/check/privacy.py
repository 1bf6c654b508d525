"""Do no harm: personal fields only where the publish level allows, no minor's, no ids in text."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import polars as pl

from datasite.issues import Issue, field_prefix, line_of_text
from datasite.load.frames import FrameRows, take_rows
from datasite.load.identifiers import identifier_patterns
from datasite.model import Identifier, Project, Row, Table

# The identifiers never published are the project's (data/site.yaml `privacy.identifiers`, read by
# load.identifiers) followed by these built-in ones, which no country owns. Each is matched
# against every reading of a text (readings(): normalise()d, lowercase, every dash "-", every
# space " ", ASCII digits, no invisible characters or combining marks, look-alikes Latin;
# percent-escapes and HTML character references decoded), and also works on plain ASCII text as
# written.
# An e-mail's @ and dots, also written out: ana(at)example.com, ana [at] example [dot] com,
# "ana arroba example punto com", "ana at example dot com" (the bare word "at" only with a
# spelt-out dot: "released at 10.30" is no address). The domain starts with a letter.
_AT_WORD = r"\s*[(\[{<]\s*(?:at|arroba)\s*[)\]}>]\s*|\s+arroba\s+"
_DOT_WORD = r"\s*[(\[{<]\s*(?:dot|punto)\s*[)\]}>]\s*|\s+(?:dot|punto)\s+"
_DOMAIN = r"[^\W\d_][\w-]*"
BUILT_IN = (
    # Starts only where a run of address characters starts: searching from inside every run
    # would take time quadratic in the run's length (a long word without @).
    Identifier(
        "e-mail address",
        "una dirección de correo electrónico",
        rf"(?<![\w.+-])[\w.+-]+(?:@{_DOMAIN}(?:\.[\w-]+)+"
        rf"|(?:{_AT_WORD}){_DOMAIN}(?:(?:\.|{_DOT_WORD})[\w-]+)+"
        rf"|\s+at\s+{_DOMAIN}(?:(?:{_DOT_WORD})[\w-]+)+)",
    ),
)
TRUE = ("true", "1", "yes")
QUOTED = re.compile(r'"([^"\n]*)"')  # a value a message quotes


class Identifiers:
    """The identifier patterns one project refuses, compiled: its declared ones, then BUILT_IN."""

    def __init__(self, declared: Sequence[Identifier] = ()):
        self.patterns = (*declared, *BUILT_IN)
        self.compiled = [(p, re.compile(p.pattern, re.IGNORECASE)) for p in self.patterns]
        # One search finds whether any pattern matches; only then is each one tried, to name it.
        # Joined only when no pattern has a group: a back-reference would then point elsewhere.
        joinable = all(c.groups == 0 for _, c in self.compiled)
        self.any = (
            re.compile("|".join(f"(?:{p.pattern})" for p in self.patterns), re.IGNORECASE)
            if joinable
            else None
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identifiers) and self.patterns == other.patterns

    def __hash__(self) -> int:
        return hash(self.patterns)

    def search(self, text: str) -> bool:
        """True when any pattern matches the text."""
        if self.any is not None:
            return self.any.search(text) is not None
        return any(c.search(text) for _, c in self.compiled)

    def kinds(self, texts: list[str]) -> list[Identifier]:
        """The patterns found in any reading of any of the texts, in declared order."""
        read = [r for text in texts if text for r in readings(str(text))]
        if not any(self.search(r) for r in read):
            return []  # the common case, in one search per reading
        return [p for p, c in self.compiled if any(c.search(r) for r in read)]

    def masked(self, text: str) -> str:
        """The text with every identifier its quoted values hold left out ("[…]"): a problem's
        message quotes the value it is about in double quotes, and CI logs and annotations of a
        public repository are public. Only quoted values: the rest is the message's own words,
        where a commit to restore from ("git checkout e671783b61b8") must stay whole."""
        if not text or not self.search(text):
            return text
        return QUOTED.sub(lambda found: '"' + self.masked_all(found.group(1)) + '"', text)

    def masked_all(self, text: str) -> str:
        for _, compiled in self.compiled:
            text = compiled.sub("[…]", text)
        return text


@cache
def _identifiers(declared: tuple[Identifier, ...]) -> Identifiers:
    return Identifiers(declared)


def identifiers_of(site: dict) -> Identifiers:
    """The identifiers a project's settings declare, with the built-in ones (compiled once)."""
    return _identifiers(identifier_patterns(site))


# Letters of other scripts drawn like Latin ones, in both cases: a name spelt with a Cyrillic "е"
# reads as the Latin name.
LOOKALIKES = {
    # Cyrillic
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "У": "Y",
    "Ү": "Y",
    "Ѕ": "S",
    "І": "I",
    "Ӏ": "I",
    "Ј": "J",
    "Һ": "H",
    "Ԛ": "Q",
    "Ԝ": "W",
    "а": "a",
    "в": "b",
    "е": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "х": "x",
    "у": "y",
    "ү": "y",
    "ѕ": "s",
    "і": "i",
    "ӏ": "l",
    "ј": "j",
    "һ": "h",
    "ԛ": "q",
    "ԝ": "w",
    "ԁ": "d",
    "ѵ": "v",
    "Ѵ": "V",
    "ё": "e",
    "Ё": "E",
    "ї": "i",
    "Ї": "I",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "Ϲ": "C",
    "Ϳ": "J",
    "α": "a",
    "β": "b",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ϲ": "c",
    "ϳ": "j",
    "ά": "a",
    "έ": "e",
    "ί": "i",
    "ό": "o",
    "ύ": "u",
    # Armenian and Latin oddities
    "օ": "o",
    "ս": "u",
    "հ": "h",
    "ո": "n",
    "ց": "g",
    "ı": "i",
    "ȷ": "j",
    "ɑ": "a",
    "ɡ": "g",
    "ʏ": "y",
    # Cherokee capitals drawn as Latin letters and digits (their small forms fold to these)
    "Ꭰ": "d",
    "Ꭱ": "r",
    "Ꭲ": "t",
    "Ꭵ": "i",
    "Ꭹ": "y",
    "Ꭺ": "a",
    "Ꭻ": "j",
    "Ꭼ": "e",
    "Ꮃ": "w",
    "Ꮇ": "m",
    "Ꮋ": "h",
    "Ꮍ": "y",
    "Ꮐ": "g",
    "Ꮒ": "h",
    "Ꮓ": "z",
    "Ꮞ": "4",
    "Ꮟ": "b",
    "Ꮢ": "r",
    "Ꮤ": "w",
    "Ꮥ": "s",
    "Ꮩ": "v",
    "Ꮪ": "s",
    "Ꮮ": "l",
    "Ꮯ": "c",
    "Ꮲ": "p",
    "Ꮶ": "k",
    "Ꮾ": "6",
    "Ᏼ": "b",
    # Lisu letters drawn as Latin capitals, and its tone marks drawn as punctuation
    "ꓐ": "b",
    "ꓑ": "p",
    "ꓒ": "d",
    "ꓓ": "d",
    "ꓔ": "t",
    "ꓖ": "g",
    "ꓗ": "k",
    "ꓙ": "j",
    "ꓚ": "c",
    "ꓜ": "z",
    "ꓝ": "f",
    "ꓟ": "m",
    "ꓠ": "n",
    "ꓡ": "l",
    "ꓢ": "s",
    "ꓣ": "r",
    "ꓤ": "r",
    "ꓦ": "v",
    "ꓧ": "h",
    "ꓪ": "w",
    "ꓫ": "x",
    "ꓬ": "y",
    "ꓮ": "a",
    "ꓰ": "e",
    "ꓲ": "i",
    "ꓳ": "o",
    "ꓴ": "u",
    "ꓸ": ".",
    "ꓹ": ",",
    "ꓽ": ":",
    "ꓼ": ".,",
    "ꓻ": ";",
}
LOOKALIKES.update(
    {
        ch.lower(): v
        for ch, v in list(LOOKALIKES.items())
        if "\u13a0" <= ch <= "\u13f5" and ch.lower() != ch
    }
)
# Any other letter Unicode names "LATIN … LETTER [SMALL CAPITAL] X [WITH …]" reads as x: small
# capitals (ᴠ, ᴡ, ꜱ), letters with hooks or strokes (ɱ, ø); letters NFKC already makes plain
# (é stays é, fullwidth ones become ASCII) are left to it.
LATIN_NAME = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])(?: WITH .+)?")
# Text direction controls: they make a browser show "\u202e876.543.21-V" as V-12.345.678, so
# no published text may hold one (hidden_text_issues). The marks (LRM, RLM, ALM) move digits and
# signs around them too.
DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Invisible characters beyond the format characters (category Cf): the combining grapheme joiner,
# Hangul fillers, Khmer inherent vowels, Mongolian selectors, variation selectors.
INVISIBLE = frozenset(
    [
        0x034F,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        *range(0x180B, 0x1810),
        0x3164,
        *range(0xFE00, 0xFE10),
        0xFFA0,
        *range(0xE0000, 0xE1000),
    ]
)


class _NormalTable(dict):
    """str.translate's table for normalise(), filled in as characters come up: invisible ones and
    combining marks removed, look-alikes made Latin, dashes "-", spaces " ", digits ASCII, the rest
    as they are."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        category = unicodedata.category(ch)
        name = LATIN_NAME.fullmatch(unicodedata.name(ch, "")) if cp > 0x7F else None
        if category in ("Cf", "Mn", "Me", "Mc"):  # invisible, or a mark on the character before
            value = None
        elif category == "Pd" or cp == 0x2212:  # every dash, and the minus sign
            value = "-"
        elif category == "Zs":
            value = " "
        elif category in ("Nd", "No") and unicodedata.digit(ch, None) is not None:  # ➀ is 1
            value = str(unicodedata.digit(ch))
        elif name and unicodedata.normalize("NFKC", ch) == ch and not unicodedata.decomposition(ch):
            value = name.group(1).lower()
        else:
            value = ch
        self[cp] = value
        return value


_NORMAL = _NormalTable({cp: None for cp in INVISIBLE})
_NORMAL.update({ord(k): v for k, v in LOOKALIKES.items()})


def normalise(text: str) -> str:
    """Text as the checks read it, however it is spelt: NFKC (fullwidth and styled letters become
    plain), invisible characters removed, look-alike letters made Latin, every dash "-", every
    space " ", every digit ASCII, case folded."""
    if text.isascii():
        return text.lower()  # the same, for ASCII, and much faster
    # Translated before and after each step: NFKC turns some look-alikes (ϲ) into letters that are
    # not (ς), and case folding can make a letter that is one.
    plain = unicodedata.normalize("NFKC", text.translate(_NORMAL)).translate(_NORMAL)
    return unicodedata.normalize("NFKC", plain.casefold()).translate(_NORMAL)


def readings(text: str) -> list[str]:
    """The normalised text, the same without accents (Ṽ is V), as a browser shows HTML character
    references (&#64; is @), and as it shows a link's percent-escapes (%41 is A, + in a query a
    space), decoded up to three times: what scans must look at."""
    first = normalise(text)
    out = [first]
    if not text.isascii():
        bare = normalise(unicodedata.normalize("NFD", first))  # normalise() drops the marks
        if bare != first:
            out.append(bare)
    if "&" in text:
        unescaped = html.unescape(text)
        if unescaped != text:
            out += readings(unescaped)
    if "%" in text or "+" in text:
        decoded = text
        for _ in range(3):
            decoded, before = unquote(decoded), decoded
            if decoded == before:
                break
        out += [normalise(decoded), normalise(decoded.replace("+", " "))]
    return out


def hidden_text(texts: list[str]) -> bool:
    """True when a text holds a direction control, which a browser obeys and no scan can follow."""
    return any(DIRECTION_CONTROLS.search(text) for text in texts if text)


def identifier_kinds(texts: list[str], identifiers: Identifiers) -> list[str]:
    """The labels of the identifiers found in any reading of any of the texts, in declared order."""
    return [p.label for p in identifiers.kinds(texts)]


def identifier_issue(path: str, line: int, name: str, found: Identifier) -> Issue:
    """A text that looks like an identifier; the Spanish label travels in the details."""
    return Issue(
        path,
        line,
        "privacy-identifier",
        f"{field_prefix(name)}looks like a {found.label}; personal identifiers are never published",
        field=name,
        details={"kind": found.label, "label_es": found.label_es},
    )


def personal_fields(table: Table) -> list[str]:
    return [f["name"] for f in table.schema.get("fields", []) if f.get("personal")]


def personal_text_fields(table: Table) -> list[str]:
    """Personal fields of type string: where a person's name is written."""
    return [n for n in personal_fields(table) if table.field(n).get("type", "string") == "string"]


def is_minor(table: Table, row: Row) -> bool:
    rules = table.schema.get("privacy") or {}
    return (
        bool(rules.get("minorField"))
        and str(row.values.get(rules["minorField"], "")).lower() in TRUE
    )


def may_publish(table: Table, row: Row) -> bool:
    """True when the row's publish level allows its personal fields to appear in output."""
    rules = table.schema.get("privacy") or {}
    if is_minor(table, row):
        return False
    level = row.values.get(rules.get("levelField", ""), "")
    return level in rules.get("publicLevels", [])


def may_publish_pseudonym(table: Table, row: Row) -> bool:
    """A pseudonym is shown for pseudonymous (and public) rows, never for withheld ones."""
    rules = table.schema.get("privacy") or {}
    level = row.values.get(rules.get("levelField", ""), "")
    return may_publish(table, row) or level in rules.get("pseudonymLevels", [])


def text_fields(table: Table) -> list[str]:
    """Free text and links: a value from a closed list (an enum) holds no name or identifier."""
    return [
        f["name"]
        for f in table.schema.get("fields", [])
        if f.get("type", "string") in ("string", "list")
        and not f.get("constraints", {}).get("enum")
    ]


def check_privacy(
    project: Project,
    withheld: NameIndex | None = None,
    groups: dict[str, dict[tuple[str, str], int]] | None = None,
    persons: dict[str, dict[str, Row]] | None = None,
    settings: bool = True,
    identifiers: Identifiers | None = None,
) -> list[Issue]:
    """Breaches at file and line: a minor's personal data, identifiers or withheld names in text
    (data, links, and with `settings` the site's, datasets' and schemas' own texts), singling out.

    `withheld`, `groups` and `persons` may be worked out beforehand over the whole project when
    `project` holds only the rows to check (see columnar.py); by default they come from its rows.
    `identifiers` default to the ones the project's site settings declare.
    """
    issues = []
    if identifiers is None:
        identifiers = identifiers_of(project.site)
    if withheld is None:
        withheld = NameIndex(withheld_names(project))
    for table in project.tables().values():
        personal = personal_fields(table)
        if personal:
            named = personal_text_fields(table)
            for row in table.rows:
                if is_minor(table, row):
                    issues += [
                        Issue(
                            row.path,
                            row.line_of(name),
                            "privacy-minor",
                            f"{field_prefix(name)}a minor's personal data is never recorded; "
                            "remove it",
                            field=name,
                        )
                        for name in personal
                        if row.values.get(name)
                    ]
                issues += check_record_names(table, row, named)
        # Column by column: most cells are empty or plain, and one search tells which are not.
        for name in text_fields(table):
            names_too = bool(withheld) and name not in personal
            for row in table.rows:
                value = row.values.get(name, "")
                if not value:
                    continue
                issues += scan_text(row, name, identifiers)
                if names_too:
                    issues += scan_names(row, name, withheld)
        issues += check_singling_out(
            project, table, (groups or {}).get(table.name), (persons or {}).get(table.name)
        )
    if settings:
        issues += check_settings(project, withheld, identifiers)
    return issues


HIDDEN_TEXT = (
    "a text direction control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) "
    "can make it show other than it reads; remove it"
)


def scan_text(row: Row, name: str, identifiers: Identifiers) -> list[Issue]:
    """A field's text (every item of a list) against each identifier pattern; one issue per kind,
    and one for a direction control."""
    value = row.values.get(name, "")
    texts = value if isinstance(value, list) else [value]
    hidden = (
        [
            Issue(
                row.path,
                row.line_of(name),
                "hidden-text",
                f"{field_prefix(name)}{HIDDEN_TEXT}",
                field=name,
            )
        ]
        if hidden_text([str(t) for t in texts])
        else []
    )
    return hidden + [
        identifier_issue(row.path, row.line_of(name), name, found)
        for found in identifiers.kinds(texts)
    ]


LETTER_RUNS = re.compile(r"[^\W\d_]+")


def fold_text(text: str) -> str:
    """normalise()d text without accents: what names are compared in."""
    if text.isascii():
        return text.lower()
    # Decomposed, then normalised again: normalise() drops every combining mark NFKD splits off,
    # and decomposing can leave a look-alike (ӓ, ϲ).
    return normalise(unicodedata.normalize("NFKD", normalise(text)))


def fold(text: str) -> str:
    """Lowercase, accents removed, any run of non-letters as one space: names compare loosely."""
    return " ".join(LETTER_RUNS.findall(fold_text(text)))


# Words a text may hold between the words of a withheld name and still name the person: a middle
# initial ("Withheld J. Fictional-Secretname"), "de", a second surname.
NAME_SLACK = 2


class NameIndex:
    """Withheld folded names, each found in a text when all its words stand within a window of
    its length plus NAME_SLACK words, in any order ("Secretname, Withheld"). Each name is indexed
    by its two words rarest among all names, so a text is checked only against the names whose
    two key words it holds near each other: thousands of withheld Marías do not all come up for
    every text that mentions some María."""

    def __init__(self, names: dict[str, Row]):
        counts: dict[str, int] = defaultdict(int)
        for folded in names:
            for word in set(folded.split()):
                counts[word] += 1
        self.by_key: dict[tuple[str, str], list[tuple[str, Row]]] = {}
        self.span = 2
        for folded, row in names.items():
            words = folded.split()
            rare = sorted(set(words), key=lambda w: (counts[w], w))[:2]
            key = (min(rare), max(rare))  # one word twice ("Ana Ana") keys on it twice
            self.by_key.setdefault(key, []).append((folded, row))
            self.span = max(self.span, len(words) + NAME_SLACK)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def names(self) -> list[str]:
        return [folded for pairs in self.by_key.values() for folded, _ in pairs]

    def keys(self) -> list[tuple[str, str]]:
        """The two key words of every name: a text without both holds no withheld name."""
        return list(self.by_key)

    def find(self, folded_text: str) -> list[tuple[str, Row]]:
        """The names whose words all stand near each other in the folded text."""
        words = folded_text.split()
        near = {
            (min(a, b), max(a, b))
            for i, a in enumerate(words)
            for b in words[i + 1 : i + self.span]
        }
        near |= {(w, w) for w in words}
        return [
            pair
            for key in near & self.by_key.keys()
            for pair in self.by_key[key]
            if holds(words, pair[0].split())
        ]

    def person_in(self, texts: list[str], exclude: Row | None = None) -> Row | None:
        """The record of a withheld person whose full name is in one of the texts (any reading)."""
        for text in texts:
            candidates = [
                text,
                *([unquote(text)] if "%" in text else []),
                *([spaced(text)] if not text.isascii() else []),
            ]
            for candidate in candidates:
                found = self.find(fold(candidate))
                for _, person in sorted(found, key=lambda pair: (pair[1].path, pair[1].line)):
                    if person is not exclude:
                        return person
        return None


def holds(words: list[str], name: list[str]) -> bool:
    """True when some window of len(name) + NAME_SLACK words holds every word of the name."""
    need: dict[str, int] = defaultdict(int)
    for word in name:
        need[word] += 1
    width = len(name) + NAME_SLACK
    for start, word in enumerate(words):
        if word not in need:
            continue
        window: dict[str, int] = defaultdict(int)
        for other in words[start : start + width]:
            window[other] += 1
        if all(window[w] >= n for w, n in need.items()):
            return True
    return False


def spaced(text: str) -> str:
    """The text with each invisible character read as a space: one between two words
    ("Ana\u200bSol") hides the space as well as it splits a word ("A\u200bna")."""
    return "".join(
        " " if ord(ch) in INVISIBLE or unicodedata.category(ch) == "Cf" else ch for ch in text
    )


def withheld_names(project: Project) -> dict[str, Row]:
    """The folded full name of every person whose name may not be published, with its record."""
    out: dict[str, Any] = {}
    held: dict[str, tuple[Table, int]] = {}  # names found from the columns: (table, position)
    for table in project.tables().values():
        names = personal_text_fields(table)
        cells = withheld_cells(table, names) if names else None
        if cells is not None:
            folded_of: dict[str, str] = {}  # a name repeated is folded once
            for column in cells:
                for at, value in column:
                    folded = folded_of.get(value)
                    if folded is None:
                        folded = folded_of[value] = fold(value)
                    if len(folded.split()) >= 2:
                        out[folded] = held[folded] = (table, at)
            continue
        for name in names:
            for row in table.rows:
                folded = fold(str(row.values.get(name, "")))
                if len(folded.split()) >= 2 and not may_publish(table, row):
                    out[folded] = row
                    held.pop(folded, None)
    # Only the records named are made, each table's at once.
    wanted: dict[int, tuple[Table, list[str]]] = {}
    for folded, (table, _) in held.items():
        wanted.setdefault(id(table), (table, []))[1].append(folded)
    for table, keys in wanted.values():
        for folded, row in zip(keys, take_rows(table, [held[k][1] for k in keys]), strict=True):
            out[folded] = row
    return out


def withheld_cells(table: Table, names: list[str]) -> list[list[tuple[int, str]]] | None:
    """For a table held as columns, for each personal text field, the (position, text) of every
    filled cell of a row that may_publish refuses, in table order; None when the columns cannot
    say (the caller reads the rows)."""
    judged = publish_masks(table)
    if judged is None:
        return None
    refused = judged[0].not_()
    frame = table.rows.columns(names)  # type: ignore[union-attr]
    if any(frame[n].dtype != pl.String for n in names):
        return None
    at = pl.int_range(0, frame.height, eager=True, dtype=pl.Int64)
    out = []
    for name in names:
        column = frame[name]
        keep = refused & (column != "")  # an empty cell folds to no word
        out.append(list(zip(at.filter(keep).to_list(), column.filter(keep).to_list(), strict=True)))
    return out


def publish_masks(table: Table) -> tuple[pl.Series, pl.Series] | None:
    """For a table held as columns, may_publish and may_publish_pseudonym of every row, each
    worked out once per distinct pair of the cells they read (the minor and level fields); None
    when the table is not held as columns or those cells are not plain text."""
    rows = table.rows
    if not isinstance(rows, FrameRows):
        return None
    rules = table.schema.get("privacy") or {}
    read = [rules.get("minorField") or "", rules.get("levelField", "")]
    if not all(isinstance(f, str) for f in read):
        return None
    deciders = [f for f in dict.fromkeys(read) if f and f in rows.names]
    if not deciders:  # every row reads the same (absent) cells
        row = Row({}, rows.path, 0, {})
        verdict = (may_publish(table, row), may_publish_pseudonym(table, row))
        return tuple(pl.repeat(v, len(rows), eager=True, dtype=pl.Boolean) for v in verdict)  # type: ignore[return-value]
    frame = rows.columns(deciders)
    if any(frame[f].dtype != pl.String for f in deciders):
        return None
    pairs = frame.unique(maintain_order=True)
    verdicts = []
    for cells in pairs.iter_rows():
        row = Row(dict(zip(deciders, cells, strict=True)), rows.path, 0, {})
        verdicts.append((may_publish(table, row), may_publish_pseudonym(table, row)))
    pairs = pairs.with_columns(
        pl.Series("__public", [v[0] for v in verdicts], dtype=pl.Boolean),
        pl.Series("__pseudonym", [v[1] for v in verdicts], dtype=pl.Boolean),
    )
    judged = frame.join(pairs, on=deciders, how="left", nulls_equal=True, maintain_order="left")
    return judged["__public"], judged["__pseudonym"]


def scan_names(row: Row, name: str, withheld: NameIndex) -> list[Issue]:
    """A withheld person's full name written into any other text (a note, a title, a source id
    cited) would leak it, in the person's own record too: only its personal fields are left out
    of what is published, and its id is id_spells' to tell."""
    value = row.values.get(name, "")
    if not withheld or not value:
        return []
    person = withheld.person_in(
        [" ".join(value) if isinstance(value, list) else str(value)],
        exclude=row if name == "id" else None,
    )
    if person is None:
        return []
    # The message never repeats the name: CI logs of a public repository are public too.
    return [
        Issue(
            row.path,
            row.line_of(name),
            "privacy-name",
            f"{field_prefix(name)}contains the name of a person whose name is withheld "
            f"({person.path}:{person.line}); remove it",
            field=name,
        )
    ]


# Settings that are code, not text: a schema's regular expressions.
NOT_TEXT = {"pattern"}


def check_settings(
    project: Project, withheld: NameIndex, identifiers: Identifiers | None = None
) -> list[Issue]:
    """The site's settings, each dataset's metadata and each table's schema are published too
    (titles, descriptions, links, in every language): no identifier or withheld name in them."""
    files = [("data/site.yaml", project.site)]
    files += [(f"{d.path}/datapackage.yaml", d.meta) for d in project.datasets.values()]
    files += sorted({t.schema_path: t.schema for t in project.tables().values()}.items())
    identifiers = identifiers or identifiers_of(project.site)
    issues = []
    for where, settings in files:
        text = None
        for key, value in setting_texts(settings):
            found = [("hidden-text", HIDDEN_TEXT, {})] if hidden_text([value]) else []
            found += [
                (
                    "privacy-identifier",
                    f"looks like a {kind.label}; personal identifiers are never published",
                    {"kind": kind.label, "label_es": kind.label_es},
                )
                for kind in identifiers.kinds([value])
            ]
            person = withheld.person_in([value]) if withheld else None
            if person is not None:
                found.append(
                    (
                        "privacy-name",
                        "contains the name of a person whose name is withheld "
                        f"({person.path}:{person.line}); remove it",
                        {},
                    )
                )
            if found and text is None:
                text = read_text(project.root / where)
            for code, message, details in found:
                issues.append(
                    Issue(
                        where,
                        setting_line(text or "", value),
                        code,
                        f"{field_prefix(key)}{message}",
                        field=key,
                        details=details,
                    )
                )
    return issues


def setting_texts(value: Any, key: str = "") -> list[tuple[str, str]]:
    """Every text in a settings mapping with its dotted key (a list item by its name or number)."""
    if isinstance(value, dict):
        return [
            pair
            for k, v in value.items()
            if str(k) not in NOT_TEXT
            for pair in setting_texts(v, f"{key}.{k}" if key else str(k))
        ]
    if isinstance(value, list):
        return [
            pair
            for i, v in enumerate(value)
            for pair in setting_texts(
                v,
                f"{key}."
                f"{v.get('name') if isinstance(v, dict) and isinstance(v.get('name'), str) else i}",
            )
        ]
    if value is None or isinstance(value, bool):
        return []
    return [(key, str(value))]


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # a frozen version's settings, say: the issue then has no line


def setting_line(text: str, value: str) -> int:
    """The line a settings text starts on; a folded text (>-) is found by its first words."""
    words = value.split()
    for candidate in (value, " ".join(words[:6]), " ".join(words[:3])):
        line = line_of_text(text, candidate) if candidate else 0
        if line:
            return line
    return 0


def id_spells(row: Row, folded: str, name: str) -> Issue | None:
    """The record's id spelling its withheld `name` field's folded value: two of the value's
    words of three letters or more, or all of them, are words of the id."""
    id_words = set(str(row.values.get("id", "")).split("-"))
    words = [w for w in folded.split() if len(w) >= 3]
    hits = [w for w in words if w in id_words]
    if not words or (len(hits) < 2 and len(hits) != len(words)):
        return None
    return Issue(
        row.path,
        row.line_of("id"),
        "privacy-name",
        f"{field_prefix('id')}spells the withheld {name}; use an id that says nothing about the "
        "person",
        field="id",
    )


def check_record_names(table: Table, row: Row, personal: list[str]) -> list[Issue]:
    """A withheld record's id must not spell its name, and a pseudonym must not repeat it;
    `personal` is personal_text_fields(table), worked out once per table."""
    rules = table.schema.get("privacy") or {}
    if not personal or may_publish(table, row):
        return []
    issues = []
    pseudonym_field = rules.get("pseudonymField", "")
    pseudonym = " " + fold(str(row.values.get(pseudonym_field, ""))) + " "
    for name in personal:
        folded = fold(str(row.values.get(name, "")))
        words = [w for w in folded.split() if len(w) >= 3]
        spelled = id_spells(row, folded, name)
        if spelled:
            issues.append(spelled)
        if pseudonym_field and any(f" {w} " in pseudonym for w in words):
            issues.append(
                Issue(
                    row.path,
                    row.line_of(pseudonym_field),
                    "privacy-name",
                    f"{field_prefix(pseudonym_field)}repeats part of the withheld {name}; choose "
                    "an unrelated pseudonym",
                    field=pseudonym_field,
                )
            )
    return issues


def check_singling_out(
    project: Project,
    table: Table,
    people: dict[tuple[str, str], int] | None = None,
    persons: dict[str, Row] | None = None,
) -> list[Issue]:
    """A withheld person released alone at one place on an exact day could be identified by it.

    Declared per schema as
    `privacy: {singlingOut: {person: ..., place: ..., date: ..., minGroup: 2}}`.
    `people` (released per place and day) and `persons` (person records by id) default to the
    ones worked out from the rows at hand.
    """
    spec = (table.schema.get("privacy") or {}).get("singlingOut")
    if not spec:
        return []
    person_field, place_field, date_field = spec["person"], spec["place"], spec["date"]
    min_group = int(spec.get("minGroup", 2))
    precision_field = table.field(date_field).get("precisionField", "")
    target = persons_table(project, table, person_field)
    if persons is None:
        persons = {r.values.get("id", ""): r for r in target.rows} if target else {}
    if people is None:
        people = group_sizes(table, spec)
    issues = []
    for row in table.rows:
        date = row.values.get(date_field, "")
        if row.values.get(precision_field) != "day" or not date or not row.values.get(person_field):
            continue
        person = persons.get(row.values[person_field])
        if person is None or target is None or may_publish(target, person):
            continue
        lonely = [p for p in places_of(row, place_field) if people.get((p, date), 0) < min_group]
        if lonely:
            issues.append(
                Issue(
                    row.path,
                    row.line_of(date_field),
                    "privacy-singling-out",
                    f'{field_prefix(date_field)}a withheld person released alone at "{lonely[0]}" '
                    f"on {date} could be identified; "
                    f"set {precision_field} to month or leave out the place",
                    field=date_field,
                )
            )
    return issues


def places_of(row: Row, place_field: str) -> list[str]:
    places = row.values.get(place_field) or []
    return places if isinstance(places, list) else [places]


def release_size(count: str, has_person: bool) -> int:
    """How many people a row releases: its count if a whole number, else 1 for a named person."""
    if not count.isdecimal():
        return 1 if has_person else 0
    # int() refuses more than 4,300 digits; any such count is a crowd anyway (and a type error).
    return int(count) if len(count) <= 1000 else 10**1000


def group_sizes(table: Table, spec: dict) -> dict[tuple[str, str], int]:
    """People released per (place, day) over the table's day-precise rows."""
    person_field, place_field, date_field = spec["person"], spec["place"], spec["date"]
    precision_field = table.field(date_field).get("precisionField", "")
    people: dict[tuple[str, str], int] = defaultdict(int)
    for row in table.rows:
        date = row.values.get(date_field, "")
        if row.values.get(precision_field) != "day" or not date:
            continue
        size = release_size(
            str(row.values.get(spec.get("count", "count"), "")), bool(row.values.get(person_field))
        )
        for place in places_of(row, place_field):
            people[(place, date)] += size
    return people


def persons_table(project: Project, table: Table, person_field: str) -> Table | None:
    """The table a person field refers to, by the schema's foreign key."""
    for fk in table.foreign_keys:
        if fk.fields == [person_field]:
            return project.table(fk.resource)
    return None


def redact(project: Project) -> Project:
    """A copy of the project as the public may see it: personal fields emptied where not allowed."""

    def public_rows(table: Table) -> Sequence[Row] | None:
        personal = personal_fields(table)
        if not personal:
            return None
        redacted = redact_columns(table, personal)
        if redacted is not None:
            return redacted
        return [redact_row(table, row, personal) for row in table.rows]

    return project.with_rows(public_rows)


def redact_columns(table: Table, personal: list[str]) -> FrameRows | None:
    """redact_row on every row of a table held as columns, done to the columns: the same rows,
    still held as columns (the table itself when nothing is hidden); None when the columns
    cannot say (the caller redacts row by row)."""
    rows = table.rows
    judged = publish_masks(table)
    if judged is None or not isinstance(rows, FrameRows):
        return None
    public, pseudonym_shown = judged
    pseudonym = (table.schema.get("privacy") or {}).get("pseudonymField")
    hidden = {name: ~public for name in personal}
    if pseudonym:
        if not isinstance(pseudonym, str) or pseudonym not in rows.names:
            return None  # redact_row would add the field to the row
        hidden[pseudonym] = ~pseudonym_shown | hidden.get(pseudonym, ~pseudonym_shown)
    hidden = {name: mask for name, mask in hidden.items() if mask.any()}
    if not hidden:
        return rows
    if any(name not in rows.names for name in hidden):
        return None
    columns = rows.columns(list(hidden))
    emptied = []
    for name, mask in hidden.items():
        column = columns[name]
        if column.dtype == pl.String:
            empty = pl.lit("", dtype=pl.String)
        elif column.dtype == pl.List(pl.String):
            empty = pl.lit([], dtype=pl.List(pl.String))
        else:
            return None
        emptied.append(
            columns.select(
                pl.when(mask).then(empty).otherwise(pl.col(name)).alias(name)
            ).to_series()
        )
    # Redaction is a fixed rule over the rows and their schema: the public rows' digest is the
    # file's, marked as redacted (a rows digest names what the rows were made from).
    made_from = (
        hashlib.sha256(f"redacted\0{rows.digest}".encode()).hexdigest() if rows.digest else ""
    )
    return FrameRows(rows.compact.with_columns(emptied), rows.path, rows.names, made_from)


def redact_row(table: Table, row: Row, personal: list[str]) -> Row:
    """Personal fields emptied unless allowed; the pseudonym kept only for pseudonymous rows."""
    hidden = [] if may_publish(table, row) else list(personal)
    pseudonym = (table.schema.get("privacy") or {}).get("pseudonymField")
    if pseudonym and not may_publish_pseudonym(table, row):
        hidden.append(pseudonym)
    if not hidden:
        return row
    values = dict(row.values)
    for name in hidden:
        values[name] = [] if isinstance(values.get(name), list) else ""
    return Row(values=values, path=row.path, line=row.line, field_lines=row.field_lines)


# Review rules for the working records (frozen versions are checked for what they publish, in
# package/frozen.py): a record that is not public holds no real name, because the repository
# and its history are public whatever the site shows; a public one cites its basis.
NAME_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "y", "da", "do", "dos", "van", "von"})


def name_fields(table: Table) -> list[str]:
    """The fields that hold a person's name (privacy.nameFields; every personal text field when
    the schema names none)."""
    rules = table.schema.get("privacy") or {}
    declared = rules.get("nameFields")
    return list(declared) if isinstance(declared, list) else personal_text_fields(table)


def capitalised(word: str) -> bool:
    """A word written like a name: a capital, then some small letter ("NGO" is not)."""
    return word[:1].isupper() and any(ch.islower() for ch in word[1:])


def name_like(text: str) -> bool:
    """Two capitalised words in a row, "de" and the like allowed between: "Ana de Sol"."""
    words = re.findall(r"[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*", str(text))
    run = 0
    for word in words:
        if capitalised(word):
            run += 1
            if run >= 2:
                return True
        elif word.lower() not in NAME_CONNECTORS or not run:
            run = 0
    return False


def check_review(
    project: Project, cited: dict[str, dict[str, dict[str, Row]]] | None = None
) -> list[Issue]:
    """Person records as a reviewer must see them: one that is not public holds no name, one
    that is public cites its basis (independent sources or a consent record).

    `cited` may give, per table and basis field, the cited rows by id worked out beforehand from
    every row of the cited table (when `project` holds only the rows to check); by default they
    come from the project's rows."""
    issues = []
    settings = project.site.get("privacy") if isinstance(project.site, dict) else None
    names_allowed = (
        isinstance(settings, dict)
        and settings.get("names_in_records") == "allowed in test fixtures"
    )
    for table in project.tables().values():
        rules = table.schema.get("privacy") or {}
        if not rules.get("levelField") or not personal_fields(table):
            continue
        names = [] if names_allowed else name_fields(table)
        others = [] if names_allowed else [n for n in personal_text_fields(table) if n not in names]
        others += [] if names_allowed else [n for n in slug_fields(table) if n not in others]
        # Sources by id, made once per table, not per row.
        indexes: dict[str, dict[str, Row]] = dict((cited or {}).get(table.name, {}))
        for row in table.rows:
            if not names_allowed and not may_publish(table, row):
                issues += telling_key_issues(table, row)  # a minor's record's too
            if is_minor(table, row):
                continue  # every personal field is refused already (privacy-minor)
            if may_publish(table, row):
                issues += check_basis(project, table, row, indexes)
            else:
                issues += private_name_issues(table, row, names, others)
    return issues


def says_nothing(key: str) -> bool:
    """An id that says nothing about a person: after its first word, a number and at most one
    other word ("person-0005", "person-withheld-1"), where "person-juan-rodriguez" is a name."""
    words = key.split("-")[1:]
    return any(w.isdigit() for w in words) and sum(not w.isdigit() for w in words) <= 1


def telling_key_issues(table: Table, row: Row) -> list[Issue]:
    """A record that is not public whose id could say who the person is: once its name is
    emptied the id stays, in the file's name, in every record citing it and in git history."""
    level = stated_level(table, row)
    if level is None:
        return []
    singular = table.name.removesuffix("s")  # the example names the table, never the record
    issues = []
    for name in table.primary_key:
        key = str(row.values.get(name, ""))
        if key and not says_nothing(key):
            issues.append(
                Issue(
                    row.path,
                    row.line_of(name),
                    "privacy-telling-id",
                    f"{field_prefix(name)}the id of a {level} record must say nothing about the "
                    f"person: give it a number no other record has, as {singular}-0001",
                    field=name,
                    details={"level": level},
                )
            )
    return issues


def slug_fields(table: Table) -> list[str]:
    """The fields that hold an id (its own, with a pattern, or another table's): a name written
    there ("consent_ref: Ana Sol") is as public as in the name field."""
    cited = {name for fk in table.foreign_keys for name in fk.fields}
    return [
        f["name"]
        for f in table.schema.get("fields", [])
        if f["name"] in cited or f.get("constraints", {}).get("pattern")
    ]


def stated_level(table: Table, row: Row) -> str | None:
    """A record's publish level ("withheld" when empty); None for a level misspelled ("figura
    pública"), which is its own problem (enum) and stops the build: telling a public figure's
    record to drop its name, or renumber its id, would mislead."""
    rules = table.schema.get("privacy") or {}
    level = str(row.values.get(rules["levelField"], "")) or "withheld"
    allowed = table.field(rules["levelField"]).get("constraints", {}).get("enum")
    if allowed and level not in allowed and row.values.get(rules["levelField"]):
        return None
    return level


def private_name_issues(table: Table, row: Row, names: list[str], others: list[str]) -> list[Issue]:
    """A record that is not public with a name in a name field, or a name-like personal text or
    id."""
    level = stated_level(table, row)
    if level is None:
        return []
    issues = []
    for name in names:
        if str(row.values.get(name, "")).strip():
            issues.append(
                Issue(
                    row.path,
                    row.line_of(name),
                    "privacy-private-name",
                    f"{field_prefix(name)}a {level} record holds no real name: the repository "
                    "and its history are public; leave it empty",
                    field=name,
                    details={"level": level},
                )
            )
    for name in others:
        value = row.values.get(name, "")
        if any(name_like(str(v)) for v in (value if isinstance(value, list) else [value])):
            issues.append(
                Issue(
                    row.path,
                    row.line_of(name),
                    "privacy-private-name",
                    f"{field_prefix(name)}looks like a name, which a {level} record never holds: "
                    "the repository and its history are public; leave it out",
                    field=name,
                    details={"level": level},
                )
            )
    return issues


def basis_rules(table: Table) -> dict:
    """privacy.basis of a table's schema: the fields citing sources, the sources' outlet fields,
    how many independent outlets, and the consent field."""
    basis = (table.schema.get("privacy") or {}).get("basis")
    return basis if isinstance(basis, dict) else {}


def cited_sources(
    project: Project, table: Table, row: Row, indexes: dict[str, dict[str, Row]] | None = None
) -> list[tuple[str, str]]:
    """(source id, outlet) for every source the record cites in its basis fields; the outlet is
    the first filled outlet field (the agency whose text was carried, else the publisher).
    `indexes` keeps each cited table's rows by id between calls on rows of one table."""
    basis = basis_rules(table)
    indexes = {} if indexes is None else indexes

    def outlet_of(name: str, source_id: str) -> str:
        if name not in indexes:
            target = persons_table(project, table, name)
            indexes[name] = {str(r.values.get("id", "")): r for r in target.rows} if target else {}
        return source_outlet(basis, indexes[name].get(source_id))

    return outlets_cited(basis.get("sourceFields", []), row.values.get, outlet_of)


def outlets_cited(
    fields: list[str], value_of: Callable[[str], Any], outlet_of: Callable[[str, str], str]
) -> list[tuple[str, str]]:
    """(source id, outlet) for every id in the basis fields, each id once, in order: the outlet
    of an unknown source, or of one with no outlet, is its id. `value_of(field)` gives the
    record's value, `outlet_of(field, id)` the cited source's outlet."""
    out: list[tuple[str, str]] = []
    for name in fields:
        value = value_of(name) or []
        ids = value if isinstance(value, list) else [value]
        for source_id in ids:
            if not source_id or any(source_id == seen for seen, _ in out):
                continue
            out.append((str(source_id), outlet_of(name, str(source_id)) or str(source_id)))
    return out


def source_outlet(basis: dict, source: Row | None) -> str:
    """The first filled outlet field of a cited source (the agency whose text was carried, else
    the publisher); empty for an unknown source."""
    if source is None:
        return ""
    return next(
        (
            str(source.values.get(f, "")).strip()
            for f in basis.get("outletFields", [])
            if str(source.values.get(f, "")).strip()
        ),
        "",
    )


def distinct_outlets(sources: list[tuple[str, str]]) -> list[str]:
    """The different outlets among cited sources, compared loosely (fold)."""
    return sorted({fold(outlet) or outlet for _, outlet in sources})


def check_basis(
    project: Project, table: Table, row: Row, indexes: dict[str, dict[str, Row]] | None = None
) -> list[Issue]:
    """A public record cites at least `independentSources` sources of different outlets, or a
    consent record (consentField: a reference into the private consent register)."""
    basis = basis_rules(table)
    if not basis:
        return []
    consent = basis.get("consentField", "")
    if consent and str(row.values.get(consent, "")).strip():
        return []
    need = int(basis.get("independentSources", 2))
    sources = cited_sources(project, table, row, indexes)
    outlets = distinct_outlets(sources)
    if len(outlets) >= need:
        return []
    level_field = (table.schema.get("privacy") or {})["levelField"]
    level = str(row.values.get(level_field, ""))
    fields = ", ".join(basis.get("sourceFields", []))
    found = ", ".join(sorted({outlet for _, outlet in sources})) or "—"
    return [
        Issue(
            row.path,
            row.line_of(level_field),
            "privacy-basis",
            f"{field_prefix(level_field)}a {level} record must cite its basis: sources from "
            f"{need} independent outlets in {fields}"
            + (f", or a {consent}" if consent else "")
            + f" (outlets cited: {found})",
            field=level_field,
            details={"level": level, "outlets": found},
        )
    ]
