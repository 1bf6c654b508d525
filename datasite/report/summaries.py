"""Repeated problems of one kind and fix in one column of one file, told once with their lines.

A spreadsheet saved in a Spanish locale writes every date day/month/year: 119 lines of one
problem bury the one message that says what to do. Text and GitHub annotations show such a run
as one problem at its first line; `--format json` keeps every row, and the job summary lists
every row of a run under its summary.
"""

from __future__ import annotations

import dataclasses
import re
from itertools import groupby

from datasite.issues import Issue

# From this many problems of one code in one column of one file, they are told as one.
SUMMARISE_FROM = 4
# Codes whose summary words its own hint for the whole run.
OWN_HINT = {"date-dmy"}
# How many of their lines the summary names.
LINES_SHOWN = 5


def summarised(issues: list[Issue], lang: str = "en", rows: bool = False) -> list[Issue]:
    """The issues with each run of one code and one fix in one column of one file told as one, in
    place of its first problem; `rows`: a spreadsheet's to import, whose lines are rows."""
    return [told for told, _ in told_with_runs(issues, lang, rows)]


def told_with_runs(
    issues: list[Issue], lang: str = "en", rows: bool = False
) -> list[tuple[Issue, list[Issue]]]:
    """Each problem as summarised() tells it, with the problems it stands for (itself alone, or
    every problem of its run), so a job summary can list them all under the summary."""
    runs: dict[tuple[str, str, str, str], list[Issue]] = {}
    for issue in issues:
        if issue.field and issue.line:
            runs.setdefault(run_key(issue), []).append(issue)
    out = []
    for issue in issues:
        run = runs.get(run_key(issue), [])
        if len(run) < SUMMARISE_FROM:
            out.append((issue, [issue]))
        elif issue is run[0]:
            out.append((summary_of(run, lang, rows), run))
    return out


def run_key(issue: Issue) -> tuple[str, str, str, str]:
    """Problems told as one share a file, code and column, and their fix: a summary must not hide
    a different suggestion ("al menos" → at_least beside "casi" → nearly). Day/month/year dates
    differ only in their ISO form, which the summary's own hint replaces."""
    fix = "" if issue.code in OWN_HINT else issue.hint
    return issue.path, issue.code, issue.field, fix


def lines_of(run: list[Issue]) -> str:
    lines = [str(line) for line, _ in groupby(i.line for i in run)]
    return ", ".join(lines[:LINES_SHOWN]) + (" …" if len(lines) > LINES_SHOWN else "")


def summary_of(run: list[Issue], lang: str, rows: bool = False) -> Issue:
    """One issue for a run: the count, the column, the first lines, then the first problem. A
    sheet's run names rows, and no `validate --format json`, which never reads the sheet."""
    first, field, lines = run[0], run[0].field, lines_of(run)
    if first.code == "date-dmy":
        return dataclasses.replace(
            first, message=dmy_message(run, lang), hint=dmy_hint(run, lang), details={}
        )
    if lang == "es":
        message = (
            f'{len(run)} problemas de este tipo en la columna "{field}" '
            f"({'filas' if rows else 'líneas'} {lines}); el primero: {first.message}"
        )
        more = "" if rows else "; cada línea con su sugerencia: validate --format json"
    else:
        message = (
            f'{len(run)} problems of this kind in column "{field}" '
            f"({'rows' if rows else 'lines'} {lines}); the first: {first.message}"
        )
        more = "" if rows else "; each line with its own hint: validate --format json"
    return dataclasses.replace(first, message=message, hint=first.hint + more, details={})


def dmy_message(run: list[Issue], lang: str) -> str:
    field, lines = run[0].field, lines_of(run)
    if lang == "es":
        return (
            f'{len(run)} fechas de la columna "{field}" están escritas como día/mes/año '
            f"(líneas {lines})"
        )
    return f'{len(run)} dates in column "{field}" are written day/month/year (lines {lines})'


def ambiguous(value: str) -> bool:
    """Whether a day/month/year date reads as another date month/day/year."""
    day, month = (int(p) for p in re.split(r"[/.-]", value)[:2])
    return day <= 12 and month <= 12 and day != month


def dmy_hint(run: list[Issue], lang: str) -> str:
    """How to fix the whole column at once, the first line's fix, and which lines are ambiguous."""
    unsure = [i.line for i in run if ambiguous(str(i.details.get("value", "")))]
    shown = ", ".join(map(str, unsure[:LINES_SHOWN])) + (" …" if len(unsure) > LINES_SHOWN else "")
    first = f"{run[0].line}: {run[0].hint}"
    if lang == "es":
        hint = (
            "dé a la columna el formato personalizado aaaa-mm-dd en la hoja de cálculo (Formato "
            f"de celdas > Personalizada) y vuelva a guardar; línea {first}"
        )
        if unsure:
            hint += (
                f"; {len(unsure)} son ambiguas (día y mes hasta 12; líneas {shown}): compruébelas "
                "con la fuente"
            )
        return hint
    hint = (
        "give the column the custom format yyyy-mm-dd in the spreadsheet (Format Cells > Custom) "
        f"and save again; line {first}"
    )
    if unsure:
        hint += (
            f"; {len(unsure)} are ambiguous (day and month both 12 or less; lines {shown}): check "
            "them against the source"
        )
    return hint
