"""Python regular expressions rewritten for polars (Rust's regex engine) as screens.

A screen must match wherever Python's pattern matches; it may match more (the row is then checked
in Python, which decides). The two engines differ in places (Unicode classes, case folding, `$`
before a final newline, lookaround), so a pattern is rewritten token by token into something
surely as wide, and anything not understood gives None: the caller then uses Python itself.
"""

from __future__ import annotations

import re

import polars as pl

from datasite.load.frames import WHITESPACE as _PY_SPACE

# Exactly the characters Python's \s and str.isspace() take, as Rust escapes.
SPACE_ITEMS = "".join(f"\\x{{{ord(c):x}}}" for c in _PY_SPACE)
NON_ASCII = "\\x{80}-\\x{10ffff}"
ASCII_SPACE_ITEMS = "".join(f"\\x{{{ord(c):x}}}" for c in _PY_SPACE if c.isascii())

_TOKEN = re.compile(r"\\.|\(\?:|\(\?|\[\^|.", re.DOTALL)
# Python 3.11 reads a quantifier followed by + as possessive (a*+), Rust as two quantifiers; and
# Python reads braces as a repeat count only in the forms {m}, {m,}, {,n}, {m,n}, else as text.
# A negative lookbehind of one set or of plain text, (?<![\w]) or (?<!capítulo ): it only narrows
# where a match starts, so leaving it out widens.
LOOKBEHIND = re.compile(r"\(\?<!(?:\[[^\]\\]*(?:\\.[^\]\\]*)*\]|\\.|[^()\[\]\\])+\)")
# A lookahead of one set of characters, (?![\d]) or (?=[ab]): it only narrows where a match ends.
LOOKAHEAD = re.compile(r"\(\?[=!]\[[^\]\\]*(?:\\.[^\]\\]*)*\]\)")
# A negated set of characters without nested sets: widened to any character at all.
NEGATED = re.compile(r"\[\^[^\]\\\[]*(?:\\.[^\]\\\[]*)*\]")
ANY_CHARACTER = "[\\x{0}-\\x{10ffff}]"
POSSESSIVE = re.compile(r"(?<!\\)[*+?}]\+")
BRACES = re.compile(r"(?<!\\)\{[^}]*\}?")
REPEAT = re.compile(r"\{(?:\d+|\d+,\d*|,\d+)\}")


def compiles(rust: str) -> bool:
    try:
        pl.Series([""]).str.contains(rust)
    except Exception:  # not valid in Rust's syntax
        return False
    return True


def strict_pattern(pattern: str) -> str | None:
    """A screen for a Table Schema `pattern` as frictionless applies it, `re.match("^" + p + "$")`,
    that is never wider than Python's: a cell it accepts, Python accepts (\\d becomes [0-9], and
    Rust's `$` takes no final newline). Inside brackets only plain characters are allowed."""
    if POSSESSIVE.search(pattern) or any(not REPEAT.fullmatch(b) for b in BRACES.findall(pattern)):
        # A possessive quantifier, or braces Python reads as text: Rust reads both otherwise.
        return None
    out, in_class = [], False
    for token in _TOKEN.findall(pattern):
        if token in ("(?", "[^", "\\") or (
            token.startswith("\\") and token[1] not in "dsS.-/+*?()[]{}^$|\\"
        ):
            return None  # flags, lookaround, named groups, negated sets, other escapes, a lone \\
        if in_class:
            if token in ("\\d", "\\s", "\\S", "["):
                return None
            in_class = token != "]"
            out.append(token)
            continue
        if token == "[":
            in_class = True
        out.append(
            {"\\d": "[0-9]", "\\s": f"[{SPACE_ITEMS}]", "\\S": f"[^{SPACE_ITEMS}]"}.get(
                token, token
            )
        )
    rust = "^(?:^" + "".join(out) + "$)"
    return rust if not in_class and compiles(rust) else None


def wide_pattern(pattern: re.Pattern, ascii_text: bool = False) -> str | None:
    """A screen that matches (searching anywhere) wherever the Python pattern can: \\b, ^, $
    dropped, \\w and case folding widened to take every non-ASCII character, \\s exactly Python's
    spaces. Lookarounds of one set are left out, and negated sets read as any character.

    With `ascii_text`, a screen for text of ASCII characters only, which matches such text
    exactly where the full screen does: what only a non-ASCII character can match is left out
    (\\d is [0-9], \\w [0-9A-Za-z_], \\s the ASCII spaces), and Rust's regex runs it many times
    faster."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    wide = "" if ascii_text else NON_ASCII
    spaces = ASCII_SPACE_ITEMS if ascii_text else SPACE_ITEMS
    out, in_class = [], False
    # A lookaround of one set of characters only narrows where a match starts or ends: leaving it
    # out widens; so does reading a negated set as any character (NUL stands for it below).
    source = NEGATED.sub("\x00", LOOKAHEAD.sub("", LOOKBEHIND.sub("", pattern.pattern)))
    for token in _TOKEN.findall(source):
        if token == "\x00" and not in_class:
            out.append(ANY_CHARACTER)
            continue
        if token in ("(?", "[^") or token in ("\\B", "\\W", "\\S", "\\D", "\\A", "\\Z"):
            return None
        if token == "\\b" or (token in "^$" and not in_class):
            # An assertion: leaving it out only widens. Python's $ also takes a final newline,
            # and the screen reads a list's items joined, where ^ would miss all but the first.
            continue
        if token == "\\s":
            piece = spaces
        elif token == "\\w":
            piece = "0-9A-Za-z_" if ascii_text else "\\w" + NON_ASCII
        elif token == "\\d" and ascii_text:
            piece = "0-9"
        elif ignore_case and token.isalpha() and len(token) == 1:
            piece = token.lower() + token.upper() + wide if token.isascii() else "A-Za-z" + wide
        elif token.startswith("\\") and token[1] not in "d.-+()[]{}?*|^$/\\":
            return None
        else:
            piece = ""
        if in_class:
            in_class = token != "]"
            out.append(piece or token)
            continue
        if token == "[":
            in_class = True
            out.append(token)
            continue
        out.append(f"[{piece}]" if piece else token)
    rust = "".join(out)
    return rust if not in_class and compiles(rust) else None
