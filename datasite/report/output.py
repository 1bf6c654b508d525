"""Problems as text: plain lines with hints, GitHub workflow annotations, JSON, a job summary."""

from __future__ import annotations

import html
import json

from datasite.issues import Issue
from datasite.report.summaries import summarised, told_with_runs

HINT_LABEL = {"en": "hint", "es": "sugerencia"}


def summary(issues: list[Issue], lang: str = "en") -> str:
    """The closing count line."""
    files = len({i.path for i in issues})
    if lang == "es":
        if not issues:
            return "Los datos son válidos."
        return (
            f"{len(issues)} problema{'s' if len(issues) != 1 else ''} "
            f"en {files} archivo{'s' if files != 1 else ''}."
        )
    if not issues:
        return "The data is valid."
    return (
        f"{len(issues)} problem{'s' if len(issues) != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''}."
    )


def as_text(issues: list[Issue], lang: str = "en", rows: bool = False) -> str:
    """One `path:line: code: message` line per problem (a run of one kind in one column as one),
    its hint indented below, then the count of every problem; `rows`: a spreadsheet's."""
    lines = []
    for issue in summarised(issues, lang, rows):
        lines.append(str(issue))
        if issue.hint:
            lines.append(f"    {HINT_LABEL[lang]}: {issue.hint}")
    lines.append(summary(issues, lang))
    return "\n".join(lines) + "\n"


def issue_dict(issue: Issue) -> dict:
    return {
        "path": issue.path,
        "line": issue.line,
        "column": issue.column,
        "code": issue.code,
        "field": issue.field,
        "message": issue.message,
        "hint": issue.hint,
    }


def as_json(issues: list[Issue]) -> str:
    return (
        json.dumps(
            {"valid": not issues, "count": len(issues), "issues": [issue_dict(i) for i in issues]},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def escape_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for a workflow command's property value (file, title, …)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(issue: Issue, lang: str = "en") -> str:
    """`::error file=…,line=…,col=…,title=…::message`, the hint on the annotation's second line."""
    props = [f"file={escape_property(issue.path)}"]
    if issue.line:
        props.append(f"line={issue.line}")
        if issue.column:
            props.append(f"col={issue.column}")
    title = f"{issue.code}: {issue.field}" if issue.field else issue.code
    props.append(f"title={escape_property(title)}")
    message = issue.message + (f"\n{HINT_LABEL[lang]}: {issue.hint}" if issue.hint else "")
    return f"::error {','.join(props)}::{escape_data(message)}"


# GitHub shows at most 10 error annotations of one step (and 50 of a job) and drops the rest
# without a word: past this many, the log and the job summary say where the others are.
ANNOTATIONS_PER_STEP = 10

ANNOTATION_LIMIT = {
    "en": (
        "GitHub shows at most {limit} annotations per step: the first {limit} of the {total} "
        "problems listed here are annotations; {others} below, and the job summary lists every "
        "one."
    ),
    "es": (
        "GitHub muestra como máximo {limit} anotaciones por paso: los primeros {limit} de los "
        "{total} problemas listados aquí son anotaciones; {others} abajo, y el resumen del "
        "trabajo los lista todos."
    ),
}
# The problems past the annotations, by how many: (one, more).
OTHERS = {
    "en": ("the other one follows", "the other {rest} follow"),
    "es": ("el otro sigue", "los otros {rest} siguen"),
}


def as_github(issues: list[Issue], lang: str = "en", limit: int = ANNOTATIONS_PER_STEP) -> str:
    """The first `limit` problems as annotations (a run of one kind in one column as one),
    privacy problems first: GitHub shows only so many on the pull request, and a leak must not
    wait behind ten misspellings. Past that a notice, the others as text lines, then the count."""
    told = summarised(issues, lang)
    told.sort(key=lambda issue: not issue.code.startswith("privacy-"))  # stable: else in order
    lines = [annotation(i, lang) for i in told[:limit]]
    if len(told) > limit:
        rest = len(told) - limit
        others = OTHERS[lang][rest > 1].format(rest=rest)
        note = ANNOTATION_LIMIT[lang].format(limit=limit, total=len(told), others=others)
        lines.append(f"::notice::{escape_data(note)}")
        for issue in told[limit:]:
            lines.append(str(issue))
            if issue.hint:
                lines.append(f"    {HINT_LABEL[lang]}: {issue.hint}")
    lines.append(summary(issues, lang))
    return "\n".join(lines) + "\n"


def md_cell(text: object) -> str:
    """Data shown in a Markdown table cell: no HTML, link, emphasis or column break gets through."""
    out = html.escape(str(text), quote=False)
    for char, entity in (
        ("|", "&#124;"),
        ("[", "&#91;"),
        ("]", "&#93;"),
        ("*", "&#42;"),
        ("_", "&#95;"),
        ("`", "&#96;"),
        ("\n", "<br>"),
    ):
        out = out.replace(char, entity)
    return out


SUMMARY_HEADINGS = {
    "en": ("Data validation", "File", "Line", "Problem", "How to fix"),
    "es": ("Validación de los datos", "Archivo", "Línea", "Problema", "Cómo corregirlo"),
}


# The summary of a run opens onto each of its lines.
RUN_LINES = {"en": "each of the {count} lines", "es": "cada una de las {count} líneas"}


def run_lines(run: list[Issue], lang: str) -> str:
    """Every problem of a run, one per line, folded under the run's summary."""
    items = "<br>".join(
        f"{i.line}: {md_cell(i.message)}" + (f" → {md_cell(i.hint)}" if i.hint else "") for i in run
    )
    label = RUN_LINES[lang].format(count=len(run))
    return f"<details><summary>{label}</summary>{items}</details>"


def as_markdown(issues: list[Issue], lang: str = "en") -> str:
    """A job summary: the count, then a table of every problem with its hint; a run of one kind
    in one column as one row, with each of its lines folded under it."""
    heading, file_h, line_h, problem_h, hint_h = SUMMARY_HEADINGS[lang]
    lines = [f"## {heading}", "", ("✅ " if not issues else "❌ ") + summary(issues, lang), ""]
    if issues:
        lines += [f"| {file_h} | {line_h} | {problem_h} | {hint_h} |", "|---|---:|---|---|"]
        for told, run in told_with_runs(issues, lang):
            more = run_lines(run, lang) if len(run) > 1 else ""
            lines.append(
                f"| {md_cell(told.path)} | {told.line or ''} | <code>{md_cell(told.code)}</code> "
                f"{md_cell(told.message)}{more} | {md_cell(told.hint)} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


# GitHub refuses a step's job summary above 1 MiB; this leaves room for what came before.
SUMMARY_BYTES = 1_000_000

CUT_SHORT = {
    "en": (
        "The summary stops here, {left} of its {total} rows left out: GitHub keeps at most 1 MiB "
        "of it. `python build.py validate` lists every problem."
    ),
    "es": (
        "El resumen se corta aquí, sin {left} de sus {total} filas: GitHub guarda como máximo "
        "1 MiB. `python build.py validate --lang es` lista todos los problemas."
    ),
}


def job_summary(by_lang: dict[str, list[Issue]], limit: int = SUMMARY_BYTES) -> str:
    """The validation summary in each language, one after the other (the first is the
    repository's own); when too long for GitHub, the first language alone, cut at a row."""
    text = "".join(as_markdown(issues, lang) for lang, issues in by_lang.items())
    if len(text.encode("utf-8")) <= limit:
        return text
    lang, issues = next(iter(by_lang.items()))
    text = as_markdown(issues, lang)
    if len(text.encode("utf-8")) <= limit:
        return text
    # Room for the note, whose counts are at most as long as the total's.
    total = len(told_with_runs(issues, lang))
    room = max(0, limit - len(CUT_SHORT[lang].format(left=total, total=total).encode()) - 2)
    kept = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    kept = kept[: kept.rfind("\n") + 1]
    # The table's lines but its heading.
    rows = max(0, sum(line.startswith("| ") for line in kept.splitlines()) - 1)
    return kept + "\n" + CUT_SHORT[lang].format(left=total - rows, total=total) + "\n"
