"""Screening at column speed: which rows of a large table could have a problem.

The rules (check/rules.py; registered in check/tables.py) work row by row; they alone decide what
is a problem and word its message. Each rule carries its screen, defined here. Screening runs
first, on the tables read into columns (frames.FrameRows), and keeps only the rows that could fail
some rule: the rules then run on those rows alone. A screen may keep too many rows (that only
costs time), never too few:
- a column with few distinct values is judged value by value with the very same Python rules;
- elsewhere, polars expressions are as strict as the Python rules or stricter (a pattern's \\d
  becomes [0-9], an identifier needs six digits or an @…), so every row Python could reject is kept;
- a rule the screen cannot express keeps every row of its table (`Unsupported`).
What looks across rows is worked out here over all rows: a duplicated key keeps every row that
holds it, foreign keys are looked up among all the target's keys, and the withheld names, the
group sizes for singling out and the person records come from every row.
"""

from __future__ import annotations

import datetime as dt
import operator
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, reduce
from typing import Any

import polars as pl

from datasite.check.cells import Fallback, FieldCheck, compile_schema, judge, typed_key
from datasite.check.dates import check_date
from datasite.check.polars_regex import strict_pattern, wide_pattern
from datasite.check.privacy import (
    LETTER_RUNS,
    LOOKALIKES,
    TRUE,
    Identifiers,
    NameIndex,
    basis_rules,
    distinct_outlets,
    fold_text,
    identifiers_of,
    name_fields,
    name_like,
    normalise,
    outlets_cited,
    personal_fields,
    personal_text_fields,
    persons_table,
    release_size,
    says_nothing,
    slug_fields,
    source_outlet,
    text_fields,
    withheld_names,
)
from datasite.check.rules import Rule, TableFrame
from datasite.check.safety import CELL_LIMIT, FORMULA_START
from datasite.check.written_in import language_pairs
from datasite.load.frames import LINE, FrameRows, take_rows
from datasite.model import SLUG, Project, Row, Table, key_of

# A column with at most this many distinct values is judged value by value in Python.
DISTINCT_LIMIT = 20_000
INTEGER = r"^-?[0-9]{1,18}$"  # fits in Int64; Python reads more forms, which are judged in Python
INT64 = (-(2**63), 2**63 - 1)
NUMBER = r"^-?[0-9]{1,7}(?:\.[0-9]{1,8})?$"  # at most 15 digits: float64 keeps their order exactly
# safety.SAFE_URL with ASCII only and no case folding: stricter than the Python rule.
SAFE_URL_SCREEN = r"^[hH][tT][tT][pP][sS]?://[!#-&(-;=?-\[\]-_a-~]+$"
SLUG_SCREEN = SLUG.pattern  # load.SLUG; Rust's $ takes no final newline, so never wider
PLAIN_DECIMAL = r"^-?[0-9]+(?:\.[0-9]*)?$"
SMALL_INTEGER = r"^-?[0-9]{1,18}$"  # |n| < 10**18 < 2**63
PLAIN_URL_SCREEN = r"^https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/-]*)?$"


# Where normalise() may change a character: all but the blocks of ideographs and Hangul
# syllables (letters without case or other forms), surrogates and private use, planes 3-13, 15-16.
PLANES = (
    range(0x80, 0x3400),
    range(0xA000, 0xAC00),
    range(0xD7A4, 0xD800),
    range(0xF900, 0x20000),
    range(0x2F800, 0x30000),
    range(0xE0000, 0xE1000),
)


@cache
def identifier_screen(identifiers: Identifiers) -> str | None:
    """A Rust pattern that matches wherever one of the identifiers can, or None when some pattern
    has no such translation: every text cell is then checked in Python."""
    wide = [wide_pattern(compiled) for _, compiled in identifiers.compiled]
    return None if None in wide else "|".join(f"(?:{w})" for w in wide)


@cache
def ascii_identifier_screen(identifiers: Identifiers) -> str | None:
    """identifier_screen() for text of ASCII characters only: it matches such text exactly where
    identifier_screen() does, many times faster (polars_regex.wide_pattern)."""
    wide = [wide_pattern(compiled, ascii_text=True) for _, compiled in identifiers.compiled]
    return None if None in wide else "|".join(f"(?:{w})" for w in wide)


def identifier_mask(column: pl.Series, identifiers: Identifiers) -> pl.Series | None:
    """Text cells the identifier patterns may match, or that the normaliser could change (the
    patterns read normalised text: such a cell is kept whole); None when some pattern has no
    screen. Every cell is searched with the ASCII screen, then the cells holding some other
    character again with the full one."""
    wide, ascii_only = identifier_screen(identifiers), ascii_identifier_screen(identifiers)
    if wide is None or ascii_only is None:
        return None
    hits = contains_distinct(column, f"{ascii_only}|{changed_screen()}")
    others = column.str.contains(r"[^\x00-\x7f]").fill_null(True).arg_true()
    if others.len():
        again = contains_distinct(column.gather(others), f"{wide}|{changed_screen()}")
        hits = hits.scatter(others.filter(again.fill_null(True)), True)
    return hits


@cache
def fold_map() -> dict[str, str]:
    """Characters privacy.fold turns into plain ASCII on their own (á -> a, ß -> ss, a Cyrillic е
    -> e, a combining accent or an invisible character -> nothing), or into no letter at all
    (—, ¿, a digit: a space, as they separate words). Made on first use."""
    out = {}
    for ch in map(chr, (*range(0x80, 0x3000), *range(0xFF00, 0xFFF0), *range(0xE0000, 0xE0080))):
        folded = fold_text(ch)
        if folded.isascii():
            out[ch] = folded
        elif not LETTER_RUNS.search(folded):
            out[ch] = " "
    return out


@cache
def changed_screen() -> str:
    """A Rust set of the characters normalise() changes beyond lowercasing them, and of the
    combining marks (NFKC joins them to the letter before): a text with none of them, no % (a
    link's escapes) and no + is read by the identifier patterns as it is written."""
    cps = [cp for plane in PLANES for cp in plane if changes(chr(cp))]
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    items = "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges)
    return f"[%+&{items}]"  # & : HTML character references (&#64;), which readings() decodes


def changes(ch: str) -> bool:
    """True for a combining mark, or a character normalise() changes beyond lowercasing it."""
    if (
        unicodedata.category(ch) in ("Cf", "Pd", "Zs", "Nd", "No", "Mn", "Mc", "Me")
        or ch in LOOKALIKES
        or ch == "\u2212"
    ):
        return True
    # Asked of every character: normalise() reads some as others by their Unicode name (ᴠ is v).
    return normalise(ch) != ch.lower()


class Unsupported(Exception):
    """Something the screen cannot express: every row of the table is checked."""


@dataclass
class Screened:
    """What one rule checks: the project (screened tables hold only the rows its screen kept) and
    what the cross-table checks need from every row."""

    project: Project
    known: Callable[[str, list[str]], set] | None = None
    privacy: dict[str, Any] = field(default_factory=dict)
    cited: dict[str, dict[str, dict[str, Row]]] = field(default_factory=dict)


def screen_project(
    project: Project,
    today: dt.date,
    rules: Sequence[Rule],
    skipped: Callable[[Table], set[int]] | None = None,
) -> list[Screened]:
    """For each rule, the project with each table read into columns cut down to the rows that
    rule's screen keeps: a rule sees only the rows it could reject, not those another rule keeps
    (a public person kept for the review rule is not scanned again for identifiers). A rule with
    no screen, or a table some screen cannot express, keeps every row. `skipped(table)` gives
    the indices of the rules that keep none of a table's rows, unscreened (check/cached.py)."""
    tables = project.tables()
    framed = {name: t for name, t in tables.items() if isinstance(t.rows, FrameRows)}
    if not framed:
        return [Screened(project) for _ in rules]
    known = KnownKeys(tables)
    withheld = NameIndex(
        withheld_names(
            restricted(
                project,
                {name: withheld_candidates(t) for name, t in framed.items() if personal_fields(t)},
            )
        )
    )
    for table in framed.values():
        table.rows.release()
    screens = [rule.screen for rule in rules]
    # Per rule, per table: the positions of the rows kept.
    kept: list[dict[str, pl.Series]] = [{} for _ in rules]
    people: dict[str, PeopleOf | None] = {}
    rows_kept: dict[str, list[Row]] = {}
    for name, table in framed.items():
        skip = skipped(table) if skipped else set()
        if len(skip) == len(rules):  # no rule looks at this table: its columns are not read
            none = pl.Series([False] * len(table.rows), dtype=pl.Boolean)
            for index in range(len(rules)):
                kept[index][name] = none.arg_true()
            people[name], rows_kept[name] = None, []
            continue
        frame = TextFrame(table.rows.compact)
        try:
            if any(screen is None for i, screen in enumerate(screens) if i not in skip):
                raise Unsupported("a rule without a screen")
            singled, people_of = screen_singling_out(table, frame)
            context = TableFrame(project, table, frame, today, tables, known, withheld, singled)
            masks = [
                falses(frame) if index in skip else screen(context)  # type: ignore[misc]
                for index, screen in enumerate(screens)
            ]
        except Unsupported:  # every row is checked, and the checks count from them
            every = pl.Series([True] * frame.height, dtype=pl.Boolean)
            masks = [falses(frame) if i in skip else every for i in range(len(rules))]
            people_of = None
        people[name] = people_of
        for index, mask in enumerate(masks):
            kept[index][name] = mask.arg_true()
        # Made while the columns are at hand; each rule's take_rows below gets these same rows.
        union = reduce(operator.or_, masks, falses(frame))
        rows_kept[name] = take_rows(table, union.arg_true().to_list())
        for other in framed.values():  # only the table being screened takes its full size
            other.rows.release()
    out = []
    for positions in kept:  # rows_kept holds every row taken here
        checked = restricted(
            project, {name: take_rows(framed[name], at.to_list()) for name, at in positions.items()}
        )
        groups = {
            name: people_of(positions[name])
            for name, people_of in people.items()
            if people_of is not None
        }
        persons = {
            name: person_records(project, table)
            for name, table in checked.tables().items()
            if (table.schema.get("privacy") or {}).get("singlingOut")
        }
        out.append(
            Screened(
                checked,
                known,
                {
                    "withheld": withheld,
                    "groups": groups,
                    "persons": {k: v for k, v in persons.items() if v is not None},
                },
                cited_records(project, checked),
            )
        )
    return out


def restricted(project: Project, rows: dict[str, list[Row]]) -> Project:
    """A copy of the project in which the named tables hold only the given rows."""
    return project.with_rows(lambda table: rows.get(table.name))


class KnownKeys:
    """The keys of each table over all its rows, as check_references needs them; made once."""

    def __init__(self, tables: dict[str, Table]):
        self.tables = tables
        self.cache: dict[tuple[str, tuple[str, ...]], set] = {}

    def __call__(self, name: str, fields: list[str]) -> set:
        cache_key = (name, tuple(fields))
        if cache_key not in self.cache:
            table = self.tables[name]
            frame = text_columns(table, fields)
            if frame is None or any(
                dtype_of(frame, f) != pl.String for f in fields if f in frame.columns
            ):
                self.cache[cache_key] = {key_of(r, fields) for r in table.rows}
            else:
                columns = [
                    frame[f].to_list() if f in frame.columns else [""] * len(table.rows)
                    for f in fields
                ]
                self.cache[cache_key] = set(zip(*columns, strict=True))
        return self.cache[cache_key]


RECENT_COLUMNS = 3  # columns a TextFrame keeps made as text


class TextFrame:
    """A table's compact columns (frames.compact) read as text, as FrameRows.frame gives them,
    each column made text only while a lookup or an expression uses it: the whole table's text
    form (two to three times the compact form) is never held. Offers the few DataFrame
    operations the screens use."""

    def __init__(self, compact: pl.DataFrame):
        self.compact = compact
        self.recent: dict[str, pl.Series] = {}  # the last few columns made text, newest last

    @property
    def columns(self) -> list[str]:
        return self.compact.columns

    @property
    def height(self) -> int:
        return self.compact.height

    def __getitem__(self, name: str) -> pl.Series:
        column = self.compact[name]
        if column.dtype != pl.Categorical:
            return column
        # A screen reads a column a few times in a row (its type, then its values).
        made = self.recent.pop(name, None)
        if made is None:
            made = column.cast(pl.String)
        self.recent[name] = made
        if len(self.recent) > RECENT_COLUMNS:
            del self.recent[next(iter(self.recent))]
        return made

    def lazy(self) -> pl.LazyFrame:
        """The columns as text, cast only where a query reads them."""
        return self.compact.lazy().with_columns(pl.col(pl.Categorical).cast(pl.String))

    def select(self, *exprs: Any) -> pl.DataFrame:
        return self.lazy().select(*exprs).collect()


# What a screen reads a table's columns from: a TextFrame, or a frame of text columns.
Columns = pl.DataFrame | TextFrame


def dtype_of(frame: Columns, name: str) -> pl.DataType:
    """The type of a column as the screens read it (a TextFrame's categories are text), without
    making the column."""
    if isinstance(frame, TextFrame):
        dtype = frame.compact.schema[name]
        return pl.String() if dtype == pl.Categorical else dtype
    return frame.schema[name]


def text_columns(table: Table, names: list[str]) -> pl.DataFrame | None:
    """Those of the named columns a table read into columns has, as text, without making its
    other columns; None for a table of Row objects."""
    if not isinstance(table.rows, FrameRows):
        return None
    held = {*table.rows.names, LINE}  # the columns normalize_frame gives, without parsing them
    return table.rows.columns([n for n in dict.fromkeys(names) if n in held])


def distinct_mask(column: pl.Series, bad: Callable[[Any], bool]) -> pl.Series:
    """True where `bad(value)` is true, calling it once per distinct value: exact Python rules at
    the cost of the column's distinct values, not of its rows."""
    flagged = [v for v in column.unique().to_list() if bad(v)]
    return column.is_in(pl.Series(flagged, dtype=column.dtype).implode())


def text(frame: Columns, name: str, delimiter: str = ",") -> pl.Series:
    """A column as text: list fields joined by their delimiter, as frictionless receives them."""
    column = frame[name]
    return column.list.join(delimiter) if column.dtype == pl.List(pl.String) else column


def empty(frame: Columns, name: str) -> pl.Expr:
    return (
        pl.col(name).list.len() == 0
        if dtype_of(frame, name) == pl.List(pl.String)
        else pl.col(name) == ""
    )


def falses(frame: Columns) -> pl.Series:
    return pl.Series([False] * frame.height, dtype=pl.Boolean)


def cell_screen(context: TableFrame) -> pl.Series:
    """Rows with a cell frictionless's rules (cells.judge) could reject, or blank."""
    frame, table = context.frame, context.table
    mask = falses(frame)
    try:
        compiled = compile_schema(table.schema)
    except Fallback:
        raise Unsupported("not covered by the fast path") from None
    for spec in compiled:
        mask |= field_mask(spec, text(frame, spec.name, spec.delimiter))
    names = table.field_names
    if names:  # a blank row: frictionless reports it
        mask |= frame.select(pl.all_horizontal([empty(frame, n) for n in names])).to_series()
    return mask


def key_screen(context: TableFrame) -> pl.Series:
    """Rows check_primary_key may reject."""
    return duplicate_keys(context.table, context.frame)


def claim_screen(context: TableFrame) -> pl.Series:
    """Rows check_claim_key may reject."""
    return duplicate_claims(context.table, context.frame)


def date_screen(context: TableFrame) -> pl.Series:
    """Rows check_dates may reject."""
    return date_mask(context.table, context.frame, context.today)


def written_in_screen(context: TableFrame) -> pl.Series:
    """Rows check_written_in may reject: a filled text whose language field is empty."""
    frame, mask = context.frame, falses(context.frame)
    for name, language in language_pairs(context.table):
        filled = frame.select(~empty(frame, name)).to_series()
        mask |= filled & frame.select(empty(frame, language)).to_series()
    return mask


def reference_screen(context: TableFrame) -> pl.Series:
    """Rows check_references may reject."""
    return reference_mask(context.table, context.frame, context.known, context.tables)


def privacy_screen(context: TableFrame) -> pl.Series:
    """Rows check_privacy may reject, singling out included."""
    identifiers = identifiers_of(context.project.site)
    return (
        privacy_mask(context.table, context.frame, context.withheld, identifiers) | context.singled
    )


def review_screen(context: TableFrame) -> pl.Series:
    """Rows check_review may reject: a record that is not public with a name, a public one with
    no consent record whose cited sources may come from too few outlets. The cited sources
    themselves are looked up among all their table's rows (cited_records), so none is kept."""
    table, frame = context.table, context.frame
    mask = falses(frame)
    rules = table.schema.get("privacy") or {}
    if not rules.get("levelField") or not personal_fields(table):
        return mask
    if rules["levelField"] not in frame.columns:
        return ~falses(frame)  # every row has the empty level, which publicLevels may hold
    may = publishable(table, frame, minors(table, frame))
    if basis_rules(table):
        consent = basis_rules(table).get("consentField", "")
        mask |= short_of_basis(context, may & ~filled(frame, consent, keep_odd=False))
    names = name_fields(table)
    named = falses(frame)
    for name in names:
        named |= filled(frame, name, keep_odd=True)
    for name in dict.fromkeys(personal_text_fields(table) + slug_fields(table)):
        if name not in names and name in frame.columns:
            column = frame[name]
            named |= (
                distinct_mask(column, lambda v: name_like(str(v))).fill_null(True)
                if column.dtype == pl.String
                else ~falses(frame)
            )
    for key in table.primary_key:  # an id that could say who a record that is not public is
        if key in frame.columns and frame[key].dtype == pl.String:
            named |= distinct_mask(frame[key], lambda v: not says_nothing(str(v))).fill_null(True)
    return mask | (~may & named)


def filled(frame: Columns, name: Any, keep_odd: bool) -> pl.Series:
    """Rows where the field holds more than spaces, as check_review reads it; a column that is not
    plain text is taken as filled everywhere (keep_odd) or nowhere."""
    if not isinstance(name, str) or name not in frame.columns:
        return falses(frame)  # the row has no such value: check_review reads it as empty
    column = frame[name]
    if column.dtype != pl.String:
        return ~falses(frame) if keep_odd else falses(frame)
    return distinct_mask(column, lambda v: bool(str(v).strip())).fill_null(keep_odd)


def short_of_basis(context: TableFrame, candidates: pl.Series) -> pl.Series:
    """The candidate rows (public, no consent) whose basis fields cite sources of fewer outlets
    than privacy.basis asks for, counted as check_basis counts them (privacy.outlets_cited) with
    each source looked up among all the cited table's rows; every candidate when the fields are
    not plain text or lists of it."""
    table, frame = context.table, context.frame
    basis = basis_rules(table)
    fields = basis.get("sourceFields") or []
    try:
        need = int(basis.get("independentSources", 2))
    except (TypeError, ValueError):
        return candidates  # check_basis says what is wrong
    positions = candidates.arg_true()
    if positions.len() == 0 or not isinstance(fields, list):
        return candidates
    present = [n for n in fields if isinstance(n, str) and n in frame.columns]
    if any(dtype_of(frame, n) not in (pl.String, pl.List(pl.String)) for n in present):
        return candidates
    values = {n: frame[n].gather(positions).to_list() for n in present}
    wanted = {
        str(v)
        for column in values.values()
        for value in column
        for v in (value if isinstance(value, list) else [value])
    }
    outlets = {
        n: cited_outlets(context.project, table, n, wanted) for n in fields if isinstance(n, str)
    }
    short = [
        len(
            distinct_outlets(
                outlets_cited(
                    fields,
                    lambda n, i=i: values[n][i] if n in values else None,
                    lambda n, source_id: outlets[n].get(source_id, ""),
                )
            )
        )
        < need
        for i in range(positions.len())
    ]
    return falses(frame).scatter(positions.filter(pl.Series(short, dtype=pl.Boolean)), True)


def cited_outlets(project: Project, table: Table, name: str, wanted: set[str]) -> dict[str, str]:
    """The outlet (privacy.source_outlet) of each wanted source id among every row of the table
    the basis field `name` cites; an id with several rows takes the last, as check_basis does.
    Read from the columns when they are plain text, else from Row objects."""
    basis = basis_rules(table)
    target = persons_table(project, table, name)
    if target is None:
        return {}
    fields = basis.get("outletFields", [])
    plain = isinstance(fields, list) and all(isinstance(f, str) for f in fields)
    frame = text_columns(target, ["id", *fields]) if plain else None
    if (
        frame is None
        or any(dtype_of(frame, n) != pl.String for n in ["id", *fields] if n in frame.columns)
        or "id" not in frame.columns
    ):
        return {
            source_id: source_outlet(basis, row)
            for source_id, row in cited_by_id(project, table, name, wanted).items()
        }
    cited = frame.filter(pl.col("id").is_in(pl.Series(sorted(wanted), dtype=pl.String).implode()))
    columns = [cited[f].to_list() for f in fields if f in cited.columns]
    return {
        source_id: next((o for o in (str(c[i]).strip() for c in columns) if o), "")
        for i, source_id in enumerate(cited["id"].to_list())
    }


def cited_by_id(project: Project, table: Table, name: str, wanted: set[str]) -> dict[str, Row]:
    """The rows of the table a basis field cites whose id is wanted (all its rows when their
    ids are not plain text), by id as check_basis indexes them: the last row of an id wins."""
    target = persons_table(project, table, name)
    if target is None:
        return {}
    frame = text_columns(target, ["id"])
    if frame is None or "id" not in frame.columns or dtype_of(frame, "id") != pl.String:
        return {str(r.values.get("id", "")): r for r in target.rows}
    at = frame["id"].is_in(pl.Series(sorted(wanted), dtype=pl.String).implode()).arg_true()
    return {str(r.values.get("id", "")): r for r in take_rows(target, at.to_list())}


def cited_records(project: Project, checked: Project) -> dict[str, dict[str, dict[str, Row]]]:
    """For each table of `checked` with basis rules, and each of its basis fields that cites a
    table read into columns, the cited rows by id among every row of that table (`project`),
    for the ids its kept rows cite: check_review looks its sources up here."""
    out: dict[str, dict[str, dict[str, Row]]] = {}
    for name, table in checked.tables().items():
        fields = basis_rules(table).get("sourceFields") or []
        if not table.rows or not isinstance(fields, list):
            continue
        for field_name in fields:
            target = (
                persons_table(project, table, field_name) if isinstance(field_name, str) else None
            )
            if target is None or not isinstance(target.rows, FrameRows):
                continue  # not cut down: the check finds every row in it
            wanted = set()
            for row in table.rows:
                value = row.values.get(field_name) or []
                wanted.update(str(v) for v in (value if isinstance(value, list) else [value]))
            out.setdefault(name, {})[field_name] = cited_by_id(project, table, field_name, wanted)
    return out


def safety_screen(context: TableFrame) -> pl.Series:
    """Rows check_safety may reject."""
    return safety_mask(context.project, context.table, context.frame)


def field_mask(spec: FieldCheck, column: pl.Series) -> pl.Series:
    """Cells frictionless's rules (fastcheck.judge) could reject."""
    expression = surely_valid(spec) if column.n_unique() > DISTINCT_LIMIT else None
    if expression is not None:
        return ~column.to_frame("v").select(expression.fill_null(False)).to_series()
    try:
        return distinct_mask(column, lambda cell: bool(judge(spec, cell)))
    except (Fallback, ArithmeticError, TypeError, ValueError, KeyError):
        raise Unsupported(
            "a value the fast path cannot judge"
        ) from None  # as cell_errors: frictionless decides


def surely_valid(spec: FieldCheck) -> pl.Expr | None:
    """An expression true only for cells judge() surely passes, or None when there is none."""
    v = pl.col("v")
    required = bool(spec.required)
    typed: pl.Expr = pl.lit(True)
    value: pl.Expr = v
    if spec.kind == "integer":
        typed, value = v.str.contains(INTEGER), v.cast(pl.Int64, strict=False)
    elif spec.kind == "number":
        typed, value = v.str.contains(NUMBER), v.cast(pl.Float64, strict=False)
    elif spec.kind == "string" and spec.fmt == "uri":
        typed = v.str.contains(PLAIN_URL_SCREEN)
    elif spec.kind not in ("string", "list"):
        return None
    conditions = [typed]
    for name, _, limit in spec.checks:
        condition = constraint_screen(spec, name, limit, value)
        if condition is None:
            return None
        conditions.append(condition)
    passes = pl.all_horizontal(conditions)
    return ((v == "") & pl.lit(not required)) | ((v != "") & passes)


def constraint_screen(spec: FieldCheck, name: str, limit: Any, value: pl.Expr) -> pl.Expr | None:
    """A constraint as an expression at least as strict as fastcheck's, or None."""
    if name in ("minimum", "maximum") and spec.kind in ("integer", "number"):
        bound = spec.read(limit)
        if spec.kind == "integer" and not INT64[0] <= bound <= INT64[1]:
            return None
        if spec.kind == "number":
            if (
                not isinstance(bound, Decimal)
                or not bound.is_finite()
                or len(bound.as_tuple().digits) > 15
                or Decimal(repr(float(bound))) != bound
            ):
                # A float would not hold the bound exactly (too many digits, under- or overflow).
                return None
            bound = float(bound)
        return value >= bound if name == "minimum" else value <= bound
    if name in ("minLength", "maxLength"):
        if spec.kind == "list":
            length = value.str.split(spec.delimiter, literal=True).list.len()
        elif spec.kind == "string":
            length = value.str.len_chars()
        else:
            return None
        return length >= limit if name == "minLength" else length <= limit
    if name == "pattern" and spec.kind == "string":
        rust = strict_pattern(str(limit))
        return value.str.contains(rust) if rust else None
    if name == "enum" and spec.kind in ("string", "integer"):
        allowed = [a for a in map(spec.read, limit) if a is not None]
        if spec.kind == "integer" and any(not INT64[0] <= a <= INT64[1] for a in allowed):
            return None
        return value.is_in(
            pl.Series(allowed, dtype=pl.String if spec.kind == "string" else pl.Int64).implode()
        )
    return None


def duplicate_keys(table: Table, frame: Columns) -> pl.Series:
    """Every row holding a primary key that another row also holds."""
    fields = table.primary_key
    if not fields:
        return falses(frame)
    if any(
        f not in frame.columns
        or dtype_of(frame, f) != pl.String
        or table.field(f).get("type", "string") != "string"
        for f in fields
    ):
        raise Unsupported(
            "primary key"
        )  # typed keys (1 and 01 are one integer) are compared in Python
    fields = list(dict.fromkeys(fields))  # a field named twice keys the same rows as once
    if len(fields) == 1:  # an empty key repeats only among empty keys, which are left out
        column = frame[fields[0]]
        return ((column != "") & column.is_duplicated()).fill_null(False)
    full = pl.all_horizontal([pl.col(f) != "" for f in fields])
    return (
        frame.select(full & pl.struct(fields).is_duplicated().over(full))
        .to_series()
        .fill_null(False)
    )


def duplicate_claims(table: Table, frame: Columns) -> pl.Series:
    """Every row whose `claimKey` another row shares, typed fields compared as check_claim_key
    compares them (1 and 01 are one value): each distinct text of a typed field is read once with
    the same reader and stands for the class of values equal to it."""
    fields = list(dict.fromkeys(table.schema.get("claimKey") or []))
    if not fields:
        return falses(frame)
    if any(f not in frame.columns or dtype_of(frame, f) != pl.String for f in fields):
        raise Unsupported("claim key")
    columns = [frame[f] if is_text(table, f) else typed_classes(table, frame[f]) for f in fields]
    # Rows whose keys hash alike: equal keys always do, and a rare collision only keeps a row
    # more; hashing column by column holds no copy of the keys.
    return pl.DataFrame(columns).select(pl.struct(pl.all()).hash().is_duplicated()).to_series()


def is_text(table: Table, name: str) -> bool:
    return table.field(name).get("type", "string") == "string"


def typed_classes(table: Table, column: pl.Series) -> pl.Series:
    """A typed column as class numbers: texts whose typed values are equal share a number."""
    read = typed_key(table, [column.name])
    if table.field(column.name).get("type") == "integer":
        return integer_classes(column, read)
    classes: dict[Any, int] = {}
    texts = column.unique().to_list()
    numbers = [classes.setdefault(read((text,))[0], len(classes)) for text in texts]
    return column.replace_strict(texts, numbers, return_dtype=pl.Int64)


def integer_classes(column: pl.Series, read: Callable[[tuple], tuple]) -> pl.Series:
    """typed_classes() of an integer column without reading each distinct text in Python: a text
    of at most 18 digits (INTEGER) is the Int64 it spells, as values.read_integer reads it; any
    other text is read by `read`, once per distinct text. Each row's class is a pair: (the
    integer, when it fits in Int64; else a number standing for its typed value)."""
    plain = column.str.contains(INTEGER).fill_null(False)
    fitting: dict[str, int] = {}
    others: dict[str, int] = {}
    numbers: dict[Any, int] = {}
    for text in column.filter(~plain).unique().to_list():
        value = read((text,))[0]
        if type(value) is int and INT64[0] <= value <= INT64[1]:
            fitting[text] = value
        else:  # text that reads as no integer, or one beyond Int64
            others[text] = numbers.setdefault(value, len(numbers))
    cells = pl.DataFrame({"v": column, "p": plain})
    odd = (
        pl.col("v").replace_strict(fitting, default=None, return_dtype=pl.Int64)
        if fitting
        else pl.lit(None, dtype=pl.Int64)
    )
    rest = (
        pl.col("v").replace_strict(others, default=None, return_dtype=pl.Int64)
        if others
        else pl.lit(None, dtype=pl.Int64)
    )
    return cells.select(
        pl.struct(
            pl.when(pl.col("p")).then(pl.col("v").cast(pl.Int64, strict=False)).otherwise(odd),
            rest.alias("rest"),
        ).alias(column.name)
    ).to_series()


def date_mask(table: Table, frame: Columns, today: dt.date) -> pl.Series:
    """Rows with a date whose (value, precision) pair check_date finds a problem with."""
    mask = falses(frame)
    blank = Row({}, "", 0)
    for spec in table.schema.get("fields", []):
        precision = spec.get("precisionField")
        if not precision:
            continue
        name = spec["name"]
        if name == precision or any(
            f not in frame.columns or dtype_of(frame, f) != pl.String for f in (name, precision)
        ):
            raise Unsupported("date fields")
        pairs = frame.select(name, precision).unique()
        bad = pairs.filter(
            pl.Series(
                [
                    bool(check_date(blank, name, v, precision, p, today))
                    for v, p in pairs.iter_rows()
                ],
                dtype=pl.Boolean,
            )
        )
        mask |= frame.select(
            pl.struct(name, precision).is_in(
                bad.select(pl.struct(name, precision)).to_series().implode()
            )
        ).to_series()
    return mask


def reference_mask(
    table: Table, frame: Columns, known: KnownKeys, tables: dict[str, Table]
) -> pl.Series:
    """Rows with a foreign key value that is not among the target's keys."""
    mask = falses(frame)
    for fk in table.foreign_keys:
        fields, target_name, target_fields = fk.fields, fk.resource, fk.target_fields
        target = tables.get(target_name)
        if target is None or not fields or any(f not in frame.columns for f in fields):
            raise Unsupported("foreign key")
        if any(
            f.get("type") == "list"
            for f in target.schema.get("fields", [])
            if f["name"] in target_fields
        ):
            raise Unsupported("foreign key to a list field")
        if len(fields) == 1:
            column = frame[fields[0]]
            values = target_keys(target, target_fields, known)
            if column.dtype == pl.List(pl.String):
                mask |= (
                    column.list.eval(~pl.element().is_in(values.implode()))
                    .list.any()
                    .fill_null(False)
                )
            else:
                mask |= (column != "") & ~column.is_in(values.implode())
        else:
            if any(dtype_of(frame, f) != pl.String for f in fields):
                raise Unsupported("foreign key on a list field")
            keys = known(target_name, target_fields)
            rows = zip(*[frame[f].to_list() for f in fields], strict=True)
            mask |= pl.Series([all(key) and key not in keys for key in rows], dtype=pl.Boolean)
    return mask


def target_keys(target: Table, fields: list[str], known: KnownKeys) -> pl.Series:
    """The one-field keys of a foreign key's target as a text column: read from its columns when
    it is read into columns (no set of every key is made in Python), else from known()."""
    frame = text_columns(target, fields[:1])
    if len(fields) == 1 and frame is not None and fields[0] in frame.columns:
        if frame[fields[0]].dtype == pl.String:
            return frame[fields[0]]
    return pl.Series([k[0] for k in known(target.name, fields) if len(k) == 1], dtype=pl.String)


def minors(table: Table, frame: Columns) -> pl.Series:
    """privacy.is_minor for every row."""
    minor_field = (table.schema.get("privacy") or {}).get("minorField")
    if not minor_field:
        return falses(frame)
    if minor_field not in frame.columns or dtype_of(frame, minor_field) != pl.String:
        raise Unsupported("minor field")
    return distinct_mask(frame[minor_field], lambda v: str(v).lower() in TRUE)


def publishable(table: Table, frame: Columns, minor: pl.Series) -> pl.Series:
    """privacy.may_publish for every row, given minors(table, frame)."""
    rules = table.schema.get("privacy") or {}
    level_field = rules.get("levelField", "")
    if level_field not in frame.columns:
        return falses(frame)
    if dtype_of(frame, level_field) != pl.String:
        raise Unsupported("level field")
    levels = [
        v for v in rules.get("publicLevels", []) if isinstance(v, str)
    ]  # a number is never equal to a cell
    return ~minor & frame[level_field].is_in(pl.Series(levels, dtype=pl.String).implode())


def withheld_candidates(table: Table) -> list[Row]:
    """Rows whose personal text may not be published and is not empty: where withheld names are."""
    frame = TextFrame(table.rows.compact)  # type: ignore[union-attr]
    try:
        mask = ~publishable(table, frame, minors(table, frame)) & personal_text(table, frame)
    except Unsupported:
        return list(table.rows)
    return take_rows(table, mask.arg_true().to_list())


def personal_text(table: Table, frame: Columns) -> pl.Series:
    """Rows with a personal text field that is not empty."""
    names = personal_text_fields(table)
    if not names:
        return falses(frame)
    return frame.select(pl.any_horizontal([pl.col(n) != "" for n in names])).to_series()


def privacy_mask(
    table: Table, frame: Columns, withheld: NameIndex, identifiers: Identifiers
) -> pl.Series:
    """Rows privacy.py may find a problem in (singling out aside); every text cell is kept when
    some of the project's identifiers have no screen."""
    mask = falses(frame)
    personal = personal_fields(table)
    if personal:
        minor = minors(table, frame)
        may = publishable(table, frame, minor)
        any_personal = frame.select(
            pl.any_horizontal([~empty(frame, n) for n in personal])
        ).to_series()
        mask |= minor & any_personal
        mask |= ~may & personal_text(table, frame)
    keys = withheld.keys() if withheld else []
    for name in text_fields(table):
        column = text(frame, name, " ")
        hits = identifier_mask(column, identifiers)
        mask |= (column != "") & (True if hits is None else hits)
        if keys and name not in personal:
            mask |= names_mask(column, keys)
    return mask


def contains_distinct(column: pl.Series, pattern: str) -> pl.Series:
    """column.str.contains(pattern), searching each distinct text once (notes repeat a lot)."""
    distinct = column.unique()
    if distinct.len() * 2 > column.len():
        return column.str.contains(pattern)
    return column.is_in(distinct.filter(distinct.str.contains(pattern)).implode())


def names_mask(column: pl.Series, keys: list[tuple[str, str]]) -> pl.Series:
    """Cells whose folded text may hold a withheld name: privacy.fold done in polars for text that
    folds to ASCII, and kept when it holds both key words of some name (NameIndex.keys) as
    words, or when it holds one of the first and one of the second; any other text is kept for
    the Python check."""
    folds = fold_map()
    mapped = column.str.replace_many(list(folds), list(folds.values())) if folds else column
    foreign = mapped.str.contains(r"[^\x00-\x7f]")
    folded = (
        " " + mapped.str.to_lowercase().str.replace_all(r"[^a-z]+", " ").str.strip_chars(" ") + " "
    )
    firsts = sorted({f" {a} " for a, _ in keys})
    seconds = sorted({f" {b} " for _, b in keys})
    both = folded.str.contains_any(firsts) & folded.str.contains_any(seconds)
    return foreign | column.str.contains("%", literal=True) | both


def safety_mask(project: Project, table: Table, frame: Columns) -> pl.Series:
    """Rows safety.py may find a problem in: formula-like text, unsafe links, unsafe page ids."""
    mask = falses(frame)
    for spec in table.schema.get("fields", []):
        name = spec["name"]
        if spec.get("type", "string") in ("string", "list") and not spec.get("constraints", {}).get(
            "enum"
        ):
            column = frame[name]
            starts = pl.any_horizontal([pl.element().str.starts_with(s) for s in FORMULA_START])
            if column.dtype == pl.List(pl.String):
                mask |= column.list.eval(starts).list.any().fill_null(False)
            else:
                mask |= (
                    column.to_frame("v")
                    .select(
                        pl.any_horizontal([pl.col("v").str.starts_with(s) for s in FORMULA_START])
                    )
                    .to_series()
                )
            # safety.over_cell_limit: UTF-8 bytes are never fewer than UTF-16 units, so never too
            # few are kept.
            mask |= (
                text(frame, name, spec.get("delimiter", ",")).str.len_bytes() > CELL_LIMIT
            ).fill_null(False)
        if (
            spec.get("type") == "number"
        ):  # safety: plain decimals of at most 15 digits are finite, and exact as floats
            column = frame[name]
            mask |= (column != "") & (
                ~column.str.contains(PLAIN_DECIMAL) | (column.str.count_matches("[0-9]") > 15)
            )
        if spec.get("type") == "integer":  # safety.beyond_64_bits
            mask |= (frame[name] != "") & ~frame[name].str.contains(SMALL_INTEGER)
        if spec.get("format") == "uri":
            column = frame[name]
            if column.dtype != pl.String:
                raise Unsupported("uri list")
            mask |= (column != "") & ~column.str.contains(SAFE_URL_SCREEN)
    for spec in project.settings.pages:
        if spec.table == table.name:
            if "id" not in frame.columns or dtype_of(frame, "id") != pl.String:
                raise Unsupported("page ids")
            mask |= ~frame["id"].str.contains(SLUG_SCREEN)
    return mask


PeopleOf = Callable[[pl.Series], dict[tuple[str, str], int]]


def screen_singling_out(table: Table, frame: Columns) -> tuple[pl.Series, PeopleOf | None]:
    """Rows that may single a person out, and a function giving the people released per
    (place, day) at the places and days of the rows kept (at these indices)."""
    spec = (table.schema.get("privacy") or {}).get("singlingOut")
    if not spec:
        return falses(frame), None
    person, place, date = spec["person"], spec["place"], spec["date"]
    count = spec.get("count", "count")
    precision = table.field(date).get("precisionField", "")
    if any(f not in frame.columns for f in (person, place, date)) or precision not in frame.columns:
        raise Unsupported("singling out fields")
    if any(dtype_of(frame, f) != pl.String for f in (person, date, precision)):
        raise Unsupported("singling out fields")
    try:
        min_group = int(spec.get("minGroup", 2))
    except (TypeError, ValueError):
        raise Unsupported("minGroup") from None
    if not -(10**9) <= min_group <= 10**9:
        raise Unsupported("minGroup")
    # Sizes are cut at minGroup: a sum falls short of minGroup exactly when the uncut sum does,
    # and no sum can overflow.
    cap = max(min_group, 0)
    has_person = pl.col(person) != ""
    size = has_person.cast(pl.Int64)
    if count in frame.columns and dtype_of(frame, count) == pl.String:
        whole = {
            c: min(release_size(c, True), cap)
            for c in frame[count].unique().to_list()
            if c.isdecimal()
        }
        counted = pl.col(count).replace_strict(whole, default=None, return_dtype=pl.Int64)
        size = pl.when(counted.is_not_null()).then(counted).otherwise(size)
    size = pl.min_horizontal(size, pl.lit(cap, dtype=pl.Int64))
    places = (
        pl.col(place)
        if dtype_of(frame, place) == pl.List(pl.String)
        else pl.when(pl.col(place) != "")
        .then(pl.concat_list(pl.col(place)))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )
    exploded = (
        frame.lazy()  # lazy: only these columns of the day-precise rows are copied
        .with_row_index("__index__")
        .filter((pl.col(precision) == "day") & (pl.col(date) != ""))
        .select(
            "__index__",
            has_person.alias("__person__"),
            places.alias("__place__"),
            pl.col(date).alias("__date__"),
            size.alias("__size__"),
        )
        .explode("__place__")
        .drop_nulls("__place__")
        .collect()
    )
    sizes = exploded.group_by("__place__", "__date__").agg(pl.col("__size__").sum())
    candidates = exploded.filter(pl.col("__person__")).join(sizes, on=["__place__", "__date__"])
    lonely = candidates.filter(pl.col("__size___right") < min_group)["__index__"].unique()
    mask = (
        frame.lazy()
        .with_row_index("__index__")
        .select(pl.col("__index__").is_in(lonely.implode()))
        .collect()
        .to_series()
    )

    def people_of(indices: pl.Series) -> dict[tuple[str, str], int]:
        needed = (
            exploded.filter(pl.col("__index__").is_in(indices.cast(pl.UInt32).implode()))
            .select("__place__", "__date__")
            .unique()
        )
        people = sizes.join(needed, on=["__place__", "__date__"], how="semi")
        return {(p, d): n for p, d, n in people.iter_rows()}

    return mask, people_of


def person_records(project: Project, table: Table) -> dict[str, Row] | None:
    """The person records the kept rows of a singling-out table refer to, from every person row."""
    spec = table.schema["privacy"]["singlingOut"]
    target = persons_table(project, table, spec["person"])
    if target is None or not isinstance(target.rows, FrameRows):
        return None  # not cut down: the check finds every record in it
    wanted = {str(r.values.get(spec["person"], "")) for r in table.rows} - {""}
    frame = text_columns(target, ["id"])
    assert frame is not None
    if "id" not in frame.columns or dtype_of(frame, "id") != pl.String:
        return {r.values.get("id", ""): r for r in target.rows}
    indices = (
        frame["id"].is_in(pl.Series(sorted(wanted), dtype=pl.String).implode()).arg_true().to_list()
    )
    return {r.values.get("id", ""): r for r in take_rows(target, indices)}
