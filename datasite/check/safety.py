"""Hostile values the schemas cannot express: spreadsheet formulas, unsafe links, unsafe names.

Spreadsheet formulas are refused at validation rather than neutralised on output (OWASP's
CSV-injection advice allows either): prefixing a quote would make the CSV differ from the JSON and
from the data file, and would corrupt the value for everyone who reads the CSV with a program.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from datasite.issues import Issue, field_prefix
from datasite.load.links import SAFE_URL
from datasite.model import SLUG, Project

# A web address without its scheme: a host first, no colon anywhere (never javascript:, //x).
BARE_ADDRESS = re.compile(r"^[A-Za-z0-9][^:\s]*$")

# A spreadsheet runs a cell as a formula when it starts with one of these (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
SEMVER = re.compile(r"^\d{1,6}\.\d{1,6}\.\d{1,6}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Excel's limit on a cell, in UTF-16 units as Excel counts; openpyxl silently cuts longer text.
CELL_LIMIT = 32_767


def check_safety(project: Project) -> list[Issue]:
    """Formula-like text cells, non-http(s) links in uri fields, unsafe page ids and versions."""
    issues: list[Issue] = []
    for table in project.tables().values():
        specs = table.schema.get("fields", [])
        # An enum's values are fixed by the schema; every other text cell is checked.
        text = [
            f["name"]
            for f in specs
            if f.get("type", "string") in ("string", "list")
            and not f.get("constraints", {}).get("enum")
        ]
        delimiters = {f["name"]: f.get("delimiter", ",") for f in specs if f.get("type") == "list"}
        uris = [f["name"] for f in specs if f.get("format") == "uri"]
        numbers = [f["name"] for f in specs if f.get("type") == "number"]
        integers = [f["name"] for f in specs if f.get("type") == "integer"]
        for row in table.rows:
            for name in text:
                value = row.values.get(name, "")
                if (
                    value.startswith(FORMULA_START)
                    if isinstance(value, str)
                    else any(str(item).startswith(FORMULA_START) for item in value)
                ):
                    issues.append(
                        Issue(
                            row.path,
                            row.line_of(name),
                            "formula",
                            f"{field_prefix(name)}starts with = + - or @, which a spreadsheet "
                            "would run as a formula; "
                            "start the text with a word",
                            field=name,
                        )
                    )
                length = over_cell_limit(value, delimiters.get(name, ","))
                if length:
                    issues.append(
                        Issue(
                            row.path,
                            row.line_of(name),
                            "text-too-long",
                            f"{field_prefix(name)}is {length:,} characters long, more than the "
                            f"{CELL_LIMIT:,} "
                            "a spreadsheet cell can hold, so the XLSX download would cut it",
                            field=name,
                        )
                    )
            for name in numbers:
                value = row.values.get(name, "")
                if isinstance(value, str) and value and not finite(value):
                    issues.append(
                        Issue(
                            row.path,
                            row.line_of(name),
                            "not-finite",
                            f'{field_prefix(name)}"{value}" is not a finite number, and JSON and '
                            "spreadsheets cannot hold it; "
                            "write the number, or leave the field empty",
                            field=name,
                        )
                    )
                elif isinstance(value, str) and (published := rounded(value)):
                    issues.append(
                        Issue(
                            row.path,
                            row.line_of(name),
                            "number-precision",
                            f'{field_prefix(name)}"{value}" has more digits than the downloads '
                            "can hold, "
                            f"and would be published as {published}; write at most 15 significant "
                            "digits",
                            field=name,
                        )
                    )
            for name in integers:
                value = row.values.get(name, "")
                if isinstance(value, str) and beyond_64_bits(value):
                    issues.append(
                        Issue(
                            row.path,
                            row.line_of(name),
                            "number-precision",
                            f'{field_prefix(name)}"{value}" is beyond the 64-bit integers the '
                            "downloads can hold "
                            f"(-{2**63} to {2**63 - 1})",
                            field=name,
                        )
                    )
            for name in uris:
                value = row.values.get(name, "")
                # An address typed without its scheme ("www.x.org/a") is the type problem's,
                # told with the https:// it lacks; no link of another scheme is meant.
                if value and not SAFE_URL.match(value) and not BARE_ADDRESS.match(value):
                    issues.append(
                        Issue(
                            row.path,
                            row.line_of(name),
                            "unsafe-url",
                            f"{field_prefix(name)}only http:// and https:// links are published",
                            field=name,
                        )
                    )
    issues += check_page_ids(project)
    for dataset in project.datasets.values():
        where = f"{dataset.path}/datapackage.yaml"
        version, created = (
            str(dataset.meta.get("version", "")),
            str(dataset.meta.get("created", "")),
        )
        if not SEMVER.match(version):
            issues.append(
                Issue(
                    where,
                    0,
                    "unsafe-name",
                    f'version "{version}" must be MAJOR.MINOR.PATCH, like 1.0.0',
                    field="version",
                )
            )
        if not DAY.match(created) or not real_date(created):
            issues.append(
                Issue(
                    where,
                    0,
                    "date-invalid",
                    f'created "{created}" must be a real date as YYYY-MM-DD',
                    field="created",
                )
            )
    return issues


def over_cell_limit(value: str | list, delimiter: str) -> int:
    """A text cell's length as a spreadsheet counts it (UTF-16 units; list items joined as in the
    CSV) when that is over CELL_LIMIT, else 0."""
    text = value if isinstance(value, str) else delimiter.join(map(str, value))
    if len(text) <= CELL_LIMIT // 2:
        return 0  # at most two units a character: surely within the limit, decided fast
    length = len(text.encode("utf-16-le")) // 2
    return length if length > CELL_LIMIT else 0


def finite(text: str) -> bool:
    """False for a number that reads as NaN, an infinity, or one too large for a float (1e999);
    text that is no number at all is a type error, reported by the type checks."""
    try:
        number = Decimal(text.strip())
    except ArithmeticError:
        return True
    if number.is_snan():
        return True  # not a number at all: a type error
    return number.is_finite() and math.isfinite(float(number))


def rounded(text: str) -> str:
    """What a finite number becomes in the JSON, SQLite and XLSX downloads (a 64-bit float), when
    that is not the number written; "" when it is, or when the text is no number (a type error)."""
    try:
        number = Decimal(text.strip())
        value = float(number)
    except (ArithmeticError, ValueError):
        return ""
    if not number.is_finite() or not math.isfinite(value) or Decimal(repr(value)) == number:
        return ""
    return (
        str(int(value)) if value.is_integer() and "." not in text else repr(value)
    )  # as package.typed writes it


def beyond_64_bits(text: str) -> bool:
    """True for a whole number outside SQLite's 64-bit integers (a non-integer is a type error)."""
    try:
        value = int(text)
    except ValueError:
        return False
    return not -(2**63) <= value < 2**63


def real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_page_ids(project: Project) -> list[Issue]:
    """Ids that name page files (site.yaml `pages`) are plain slugs: no path can leave the site."""
    issues = []
    for spec in project.settings.pages:
        table = project.table(spec.table)
        folder = spec.folder
        if not SLUG.match(folder):
            issues.append(
                Issue(
                    "data/site.yaml",
                    0,
                    "unsafe-name",
                    f'pages: folder "{folder}" must be a lowercase slug',
                )
            )
        if table is None:
            continue
        for row in table.rows:
            value = str(row.values.get("id", ""))
            if not SLUG.match(value):
                issues.append(
                    Issue(
                        row.path,
                        row.line_of("id"),
                        "unsafe-name",
                        f'{field_prefix("id")}"{value}" names a page, so it must be a lowercase '
                        "slug like fort-one",
                        field="id",
                    )
                )
    return issues
