"""A spreadsheet template per table, from its schema: a header row of field names, a drop-down
list for every coded value, each field's description as a comment, and a "Read me" sheet."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from datasite.model import Project, Table, describe
from datasite.package.writers import fixed_zip
from datasite.report.scaffold import WORDS, UnknownTable, field_comment, unknown_table

# Fixed document dates, so the same schema gives the same bytes.
WHEN = dt.datetime(2026, 1, 1)
# Rows the drop-downs and formats cover: more than a contributor fills in by hand.
LAST_ROW = 1000
# Excel refuses a list validation whose inline values are longer than this.
INLINE_LIST_LIMIT = 255
READ_ME = {"en": "Read me", "es": "Léame"}
LISTS_SHEET = "_lists"
SHEET_WORDS = {
    "en": {
        "list": "A list: separate the items with {delimiter} (first{delimiter}second).",
        "boolean": "Choose TRUE or FALSE.",
        "pick": "Choose a value from the list.",
        "pick_title": "Not an allowed value",
        "read_me": [
            "How to fill in this template for the table {table}",
            "{description}",
            "",
            "Fill in the sheet {table}: one record per row, from row 2 down. Keep the first row "
            "as it is (the field names).",
            "Hover over a column's name to read what the field holds. Names in bold are required.",
            "Coded values have a drop-down list in their cells. Dates are text: type 2026-02-17, "
            "2026-02 or 2026.",
            "Lists: separate the items with {delimiter}.",
            "Leave a cell empty when the value is unknown.",
            "Then check and add the rows: python build.py import {file}",
            "Problems are reported as {file}:{table}:ROW; nothing is written until every row "
            "is right.",
        ],
    },
    "es": {
        "list": "Una lista: separe los elementos con {delimiter} (primero{delimiter}segundo).",
        "boolean": "Elija TRUE (verdadero) o FALSE (falso).",
        "pick": "Elija un valor de la lista.",
        "pick_title": "Valor no permitido",
        "read_me": [
            "Cómo llenar esta plantilla de la tabla {table}",
            "{description}",
            "",
            "Llene la hoja {table}: un registro por fila, desde la fila 2. Deje la primera fila "
            "como está (los nombres de los campos).",
            "Pase el puntero sobre el nombre de una columna para leer qué contiene el campo. Los "
            "nombres en negrita son obligatorios.",
            "Los valores codificados tienen una lista desplegable en sus celdas. Las fechas son "
            "texto: escriba 2026-02-17, 2026-02 o 2026.",
            "Listas: separe los elementos con {delimiter}.",
            "Deje la celda vacía si el valor no se conoce.",
            "Luego revise y añada las filas: python build.py import {file} --lang es",
            "Los problemas se indican como {file}:{table}:FILA; no se escribe nada hasta que "
            "todas las filas estén bien.",
        ],
    },
}


def template_name(table: Table, lang: str) -> str:
    """The template's file name: the table's name, with the language when it is not English."""
    return f"{table.name}.xlsx" if lang == "en" else f"{table.name}.{lang}.xlsx"


def find_table(project: Project, name: str, lang: str = "en") -> Table:
    """The table of that name, or UnknownTable naming the tables there are, in lang."""
    tables = project.tables()
    if name not in tables:
        raise UnknownTable(unknown_table(name, tables, lang))
    return tables[name]


def template_bytes(table: Table, lang: str = "en") -> bytes:
    """The XLSX template of one table, in lang; the same schema gives the same bytes."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = {**WORDS[lang], **SHEET_WORDS[lang]}
    book = Workbook()
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.freeze_panes = "A2"
    read_me = book.create_sheet(READ_ME[lang])
    lists = None  # a hidden sheet of values, made only for a list too long to write inline
    fields = table.schema.get("fields", [])
    for column, spec in enumerate(fields, 1):
        letter = get_column_letter(column)
        cell = sheet.cell(row=1, column=column, value=spec["name"])
        cell.data_type = "s"
        required = bool(spec.get("constraints", {}).get("required"))
        cell.font = Font(bold=required)
        delimiter = spec.get("delimiter", ",")
        text = field_comment(
            table, spec, {**words, "list": words["list"].format(delimiter=delimiter)}, lang
        )
        cell.comment = Comment(text, "datasite", width=320, height=160)
        sheet.column_dimensions[letter].width = max(12, min(40, len(spec["name"]) + 4))
        kind = spec.get("type", "string")
        if kind in ("string", "list", "date", "year"):
            # Text cells: Excel would turn 2026-02 into a date and drop an id's leading zeros.
            sheet.column_dimensions[letter].number_format = "@"
        choices = coded_values(spec)
        if not choices:
            continue
        inline = '"' + ",".join(choices) + '"'
        if len(inline) > INLINE_LIST_LIMIT or any("," in c or '"' in c for c in choices):
            lists = lists or book.create_sheet(LISTS_SHEET)
            lists.sheet_state = "hidden"
            for row, choice in enumerate(choices, 1):
                lists.cell(row=row, column=column, value=choice).data_type = "s"
            inline = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}"
        check = DataValidation(
            type="list",
            formula1=inline,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=words["pick_title"],
            error=words["pick"],
        )
        check.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(check)
    delimiter = next((f.get("delimiter", ",") for f in fields if f.get("type") == "list"), ";")
    for line in words["read_me"]:
        read_me.append(
            [
                line.format(
                    table=table.name,
                    description=describe(table.schema, lang),
                    delimiter=delimiter,
                    file=template_name(table, lang),
                )
            ]
        )
    read_me["A1"].font = Font(bold=True)
    read_me.column_dimensions["A"].width = 110
    book.properties.creator = "datasite"
    book.properties.created = WHEN
    book.properties.modified = WHEN
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), WHEN)


def coded_values(spec: dict) -> list[str]:
    """The values a drop-down offers: the field's enum, or TRUE and FALSE for a boolean."""
    if spec.get("type") == "boolean":
        return ["TRUE", "FALSE"]
    if spec.get("type") == "list":
        return []  # a drop-down holds one value; a list's items are typed with the delimiter
    return [str(v) for v in spec.get("constraints", {}).get("enum") or []]


def write_templates(
    project: Project, names: list[str], lang: str, folder: Path | None, out: Path | None
) -> list[Path]:
    """Write the template of each named table (into folder, or to out for a single table)."""
    written = []
    for name in names:
        table = find_table(project, name, lang)
        path = out if out is not None else (folder or Path.cwd()) / template_name(table, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(template_bytes(table, lang))
        written.append(path)
    return written
