"""Types and constraints checked in plain Python, the same way frictionless checks them.

frictionless stays the reference: `cell_errors` returns None for any table it does not fully
cover (an unknown field type, format, option or constraint, a blank row, an odd value), and the
caller then asks frictionless. Each column is first verified with whole-column operations that
run at C speed (sets, `map`, `max`); only a column that fails is walked cell by cell, with the
rules of frictionless 5 (`Field.create_cell_reader`), to say exactly which cells are wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from datasite.load import values as types
from datasite.model import Table

# The constraints each type supports, in the order frictionless checks them. exclusiveMinimum and
# exclusiveMaximum are left to frictionless: whether it takes them depends on the standard version.
SUPPORTED = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "enum"),
    "number": ("required", "minimum", "maximum", "enum"),
    "boolean": ("required", "enum"),
    "list": ("required", "minLength", "maxLength"),
}
# Field keys that do not change how a cell is read; any other key sends the table to frictionless.
HARMLESS_KEYS = {
    "name",
    "type",
    "title",
    "description",
    "example",
    "i18n",
    "personal",
    "precisionField",
    "rdfType",
    "constraints",
    "format",
    "delimiter",
    "itemType",
    "trueValues",
    "falseValues",
    # Which field holds this text in another language, or gives its language: site metadata.
    "translationFields",
    "languageField",
    # Rules between two fields of a row (check/relations.py), not about how a cell is read.
    "notAfter",
    "upperOf",
    "filledWhen",
}
TABLE_KEYS_WE_IGNORE = {
    "fields",
    "primaryKey",
    "foreignKeys",
    "title",
    "description",
    "i18n",
    "citesField",
    "claimKey",
    "privacy",
    "$schema",
}


# A plain web address is always a valid URI with a scheme; only others go through rfc3986 (slow).
PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/-]*)?\Z")


class Fallback(Exception):
    """This table (or value) is not covered here; frictionless must check it."""


@dataclass(frozen=True)
class CellError:
    """A cell error shaped like frictionless's: the parts check.cell_issue reads."""

    type: str
    note: str
    message: str = ""


@dataclass
class FieldCheck:
    """One field's compiled rules."""

    name: str
    kind: str
    read: Callable[[str], Any]  # text -> value, or None when the type is wrong
    checks: list[
        tuple[str, Callable[[Any], bool], Any]
    ]  # (constraint, passes, raw limit), required aside
    type_note: str
    delimiter: str = ""
    fmt: str = "default"
    required: Any = False  # the required constraint as written; when true, an empty cell fails


def cell_errors(table: Table) -> list[tuple[int, str, str, CellError]] | None:
    """Every (row number, field, cell text, error) as frictionless would report them, or None."""
    try:
        fields = compile_schema(table.schema)
        values = [row.values for row in table.rows]
        found: list[tuple[int, int, int, str, str, CellError]] = []
        any_required_full = False
        # One pass over the rows, then a transpose: reading each row once per field is slower.
        columns = (
            list(zip(*map(itemgetter(*[spec.name for spec in fields]), values), strict=False))
            if len(fields) > 1
            else [tuple(map(itemgetter(spec.name), values)) for spec in fields]
        )
        for index, spec in enumerate(fields):
            column = columns[index]
            clean, full = verify_column(spec, column)
            any_required_full = any_required_full or full
            if not clean:
                found += locate(spec, index, column)
        if not any_required_full and any(
            all(v == "" or v == [] for v in r.values()) for r in values
        ):
            raise Fallback("blank row")
    except Fallback:
        return None
    except (ArithmeticError, TypeError, ValueError, KeyError):
        return None  # an odd value: let the reference decide
    found.sort(key=lambda e: (e[0], e[1], e[2]))
    return [(row_number, name, cell, error) for row_number, _, _, name, cell, error in found]


def compile_schema(schema: dict) -> list[FieldCheck]:
    """Per-field readers and constraint checks, or Fallback for anything not covered."""
    if set(schema) - TABLE_KEYS_WE_IGNORE:
        raise Fallback("table option")
    return [compile_field(spec) for spec in schema.get("fields", [])]


def compile_field(spec: dict) -> FieldCheck:
    kind = spec.get("type", "string")
    fmt = spec.get("format", "default")
    if kind not in SUPPORTED or set(spec) - HARMLESS_KEYS:
        raise Fallback(f"type {kind}")
    if kind == "list" and (spec.get("itemType", "string") != "string" or fmt != "default"):
        raise Fallback("list item type")
    if kind != "string" and fmt != "default":
        raise Fallback("format")
    if kind != "boolean" and ("trueValues" in spec or "falseValues" in spec):
        raise Fallback("boolean values")
    read = reader(kind, fmt, spec)
    constraints = spec.get("constraints", {})
    if set(constraints) - set(SUPPORTED[kind]):
        raise Fallback("constraint")
    checks = []
    for name in SUPPORTED[kind]:
        limit = constraints.get(name)
        if limit is None or name == "required":
            continue
        checks.append((name, constraint_check(name, limit, read), limit))
    note = 'expected item type is "string"' if kind == "list" else f'type is "{kind}/{fmt}"'
    return FieldCheck(
        spec["name"],
        kind,
        read,
        checks,
        note,
        spec.get("delimiter", ","),
        fmt,
        constraints.get("required", False),
    )


def reader(kind: str, fmt: str, spec: dict) -> Callable[[Any], Any]:
    """frictionless's value reader for a type: the value, or None when the text is not one."""
    if kind == "string":
        if fmt == "uri":
            return uri_reader()
        if fmt != "default":
            raise Fallback("string format")
        return lambda cell: cell if isinstance(cell, str) else None
    if kind == "integer":

        def read_integer(cell: Any) -> Any:
            if isinstance(cell, str):
                return types.read_integer(cell)
            if isinstance(cell, int) and not isinstance(cell, bool):
                return cell
            if isinstance(cell, (float, Decimal)) and cell % 1 == 0:
                return int(cell)
            raise Fallback("integer value")

        return read_integer
    if kind == "number":

        def read_number(cell: Any) -> Any:
            if isinstance(cell, str):
                return types.read_number(cell)
            if isinstance(cell, (int, Decimal)) and not isinstance(cell, bool):
                return cell
            if isinstance(cell, float):
                return Decimal(str(cell))
            raise Fallback("number value")

        return read_number
    if kind == "boolean":
        return lambda cell: (
            cell
            if isinstance(cell, bool)
            else types.read_boolean(spec, cell)
            if isinstance(cell, str)
            else None
        )
    delimiter = spec.get("delimiter", ",")
    return lambda cell: cell.split(delimiter)


def uri_reader() -> Callable[[Any], Any]:
    """The uri format, checked with the same rfc3986 calls frictionless makes."""
    try:
        import rfc3986
        from rfc3986.exceptions import ValidationError
    except ImportError:
        raise Fallback("rfc3986 missing") from None
    cache: dict[str, Any] = {}

    def read_uri(cell: Any) -> Any:
        if not isinstance(cell, str):
            return None
        if PLAIN_URL.match(cell):
            return cell
        if cell not in cache:
            validator = rfc3986.validators.Validator().require_presence_of("scheme")
            try:
                validator.validate(rfc3986.uri_reference(cell))
                cache[cell] = cell
            except ValidationError:
                cache[cell] = None
        return cache[cell]

    return read_uri


def constraint_check(name: str, limit: Any, read: Callable[[Any], Any]) -> Callable[[Any], bool]:
    """True when a read value (never None here) passes the constraint, as in frictionless."""
    if name in ("minimum", "maximum"):
        bound = read(limit)
        if bound is None:
            raise Fallback("bound")
        compare = {"minimum": lambda v: v >= bound, "maximum": lambda v: v <= bound}[name]
        return lambda v: v == v and bool(compare(v))  # NaN fails every bound
    if name == "pattern":
        rx = re.compile(f"^{limit}$")
        return lambda v: bool(rx.match(v))
    if name == "enum":
        allowed = list(map(read, limit))
        return lambda v: v in allowed
    if name == "minLength":
        return lambda v: len(v) >= limit
    if name == "maxLength":
        return lambda v: len(v) <= limit
    raise ValueError(
        f"no check for constraint {name}"
    )  # required is FieldCheck.required, decided on the empty cell


def text_of(spec: FieldCheck, value: Any) -> str:
    """The cell as frictionless receives it: list fields joined by their delimiter."""
    if spec.kind == "list":
        if not isinstance(value, list):
            raise Fallback("list value")
        return spec.delimiter.join(value)
    if not isinstance(value, str):
        raise Fallback("value")
    return value


def verify_column(spec: FieldCheck, column: tuple) -> tuple[bool, bool]:
    """(surely clean, has no empty cell), touching each cell once: at scale, memory is the cost."""
    required = bool(spec.required)
    if spec.kind == "list":
        if set(map(type, column)) != {list}:
            return False, False
        full = [] not in column
        return not spec.checks and (full or not required), full
    try:
        distinct = set(column)
    except TypeError:  # a list where a single value belongs
        return False, False
    if set(map(type, distinct)) - {str}:
        return False, False
    full = "" not in distinct
    distinct.discard("")
    if not distinct:
        return full or not required, full
    if required and not full:
        return False, full
    values = list(map(spec.read, distinct))
    if None in values:
        return False, full
    for name, passes, limit in spec.checks:
        if name == "maxLength":
            if max(map(len, values)) > limit:
                return False, full
        elif not all(map(passes, values)):
            return False, full
    return True, full


def locate(spec: FieldCheck, index: int, column: tuple) -> list[tuple]:
    """Cell by cell, exactly as frictionless: a type error, or every failed constraint."""
    if spec.kind == "list":
        texts: Any = [text_of(spec, value) for value in column]
    else:
        if set(map(type, column)) - {str}:
            raise Fallback("value")
        texts = column
    # Each distinct text is judged once; then one quick pass finds the cells holding a bad one.
    verdicts = {cell: judge(spec, cell) for cell in set(texts)}
    bad = {cell for cell, errors in verdicts.items() if errors}
    out = []
    for position in [i for i, cell in enumerate(texts) if cell in bad]:
        cell = texts[position]
        for order, error in verdicts[cell]:
            out.append(
                (position + 2, index, order, spec.name, cell, error)
            )  # frictionless counts the header as row 1
    return out


def judge(spec: FieldCheck, cell: str) -> list[tuple[int, CellError]]:
    """The errors of one cell text, in frictionless's order."""
    if cell == "":
        return (
            [(0, CellError("constraint-error", constraint_note("required", spec.required)))]
            if spec.required
            else []
        )
    read = spec.read(cell)
    if read is None:
        return [(0, CellError("type-error", spec.type_note))]
    return [
        (order + 1, CellError("constraint-error", constraint_note(name, limit)))
        for order, (name, passes, limit) in enumerate(spec.checks)
        if not passes(read)
    ]


def constraint_note(name: str, limit: Any) -> str:
    return f'constraint "{name}" is "{limit}"'


def typed_key(table: Table, fields: list[str]) -> Callable[[tuple], tuple]:
    """A key's texts as the values its field types read (text that reads as none stays text)."""
    readers: list[Callable | None] = []
    for name in fields:
        spec = table.field(name) if name in table.field_names else {}
        kind = spec.get("type", "string")
        try:
            readers.append(
                reader(kind, spec.get("format", "default"), spec)
                if kind in ("integer", "number", "boolean")
                else None
            )
        except Fallback:
            readers.append(None)
    if not any(readers):
        return lambda text: text

    def read(text: tuple) -> tuple:
        out = []
        for read_one, cell in zip(readers, text, strict=True):
            value = read_one(cell) if read_one and isinstance(cell, str) else None
            out.append(
                cell if value is None or (isinstance(value, Decimal) and value.is_nan()) else value
            )
        return tuple(out)

    return read
