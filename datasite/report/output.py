"""Problems as text: plain lines with hints, GitHub workflow annotations, JSON, a job summary."""

from __future__ import annotations

import html
import json

from datasite.issues import Issue
from datasite.report.summaries import summarised

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


def as_text(issues: list[Issue], lang: str = "en") -> str:
    """One `path:line: code: message` line per problem (a run of one kind in one column as one),
    its hint indented below, then the count of every problem."""
    lines = []
    for issue in summarised(issues, lang):
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


def as_github(issues: list[Issue], lang: str = "en") -> str:
    """One annotation per problem (a run of one kind in one column as one), then the count."""
    return (
        "".join(annotation(i, lang) + "\n" for i in summarised(issues, lang))
        + summary(issues, lang)
        + "\n"
    )


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


def as_markdown(issues: list[Issue], lang: str = "en") -> str:
    """A job summary: the count, then a table of every problem with its hint."""
    heading, file_h, line_h, problem_h, hint_h = SUMMARY_HEADINGS[lang]
    lines = [f"## {heading}", "", ("✅ " if not issues else "❌ ") + summary(issues, lang), ""]
    if issues:
        lines += [f"| {file_h} | {line_h} | {problem_h} | {hint_h} |", "|---|---:|---|---|"]
        for i in issues:
            lines.append(
                f"| {md_cell(i.path)} | {i.line or ''} | <code>{md_cell(i.code)}</code> "
                f"{md_cell(i.message)} | {md_cell(i.hint)} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"
