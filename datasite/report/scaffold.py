"""A ready-to-fill record for a table: every field, one comment each from the schema."""

from __future__ import annotations

import csv
import io
import textwrap
from pathlib import Path

from datasite.issues import closest
from datasite.model import Project, Table, describe
from datasite.report.hints import names_title

WIDTH = 100
WORDS = {
    "en": {
        "required": "REQUIRED.",
        "one_of": "One of:",
        "example": "Example:",
        "integer": "A whole number.",
        "number": "A number, with a point for decimals.",
        "boolean": "Write true or false.",
        "list": "A list: [first, second].",
        "date": "A date as YYYY-MM-DD, YYYY-MM or YYYY; its precision goes in {precision}.",
        "precision": "Its precision goes in {precision}.",
        "personal": "PERSONAL: published only when {level} is {levels}; never for a minor.",
        "title": "A new {table} record: {description}",
        "fill": "Write each value after its colon; leave optional fields empty. Quote dates: "
        '"2026-01-30".',
        "csv": "{path} is a CSV file: add the second line below to it (the first is its header), "
        "with your values between the commas, in the header's column order. Put a value that holds "
        "a comma in double quotes; separate the items of a list with {delimiter}. The columns:",
        "column": "{number}. {name}: {text}",
        "items": "first{delimiter}second",
        "csv_list": "A list: items separated by {delimiter}.",
        "list_file": "Add it at the end of {path}.",
        "folder": "Save it as a new file {path}/ID.yaml, named after its id (e.g. "
        "{path}/{example}.yaml).",
    },
    "es": {
        "required": "OBLIGATORIO.",
        "one_of": "Uno de:",
        "example": "Ejemplo:",
        "integer": "Un número entero.",
        "number": "Un número, con punto decimal.",
        "boolean": "Escriba true o false.",
        "list": "Una lista: [primero, segundo].",
        "date": "Una fecha como AAAA-MM-DD, AAAA-MM o AAAA; su precisión va en {precision}.",
        "precision": "Su precisión va en {precision}.",
        "personal": "PERSONAL: solo se publica si {level} es {levels}; nunca el de un menor.",
        "title": "Un registro nuevo de {table}: {description}",
        "fill": "Escriba cada valor tras sus dos puntos; deje vacíos los campos opcionales. "
        'Fechas entre comillas: "2026-01-30".',
        "csv": "{path} es un archivo CSV: añádale la segunda línea de abajo (la primera es su "
        "encabezado), con sus valores entre las comas, en el orden de columnas del encabezado. "
        "Ponga entre comillas dobles un valor que contenga una coma; separe los elementos de una "
        "lista con {delimiter}. Las columnas:",
        "column": "{number}. {name}: {text}",
        "items": "primero{delimiter}segundo",
        "csv_list": "Una lista: elementos separados por {delimiter}.",
        "list_file": "Añádalo al final de {path}.",
        "folder": "Guárdelo como un archivo nuevo {path}/ID.yaml, con el nombre de su id (p. ej. "
        "{path}/{example}.yaml).",
    },
}


class UnknownTable(Exception):
    """The table asked for is not declared by any dataset."""


def unknown_table(name: str, tables: dict[str, Table], lang: str) -> str:
    """No such table, in the user's language, with the table its title names ("cifras" →
    tallies) or the nearest name."""
    listed = ", ".join(sorted(tables)) or ("ninguna" if lang == "es" else "none")
    titled = [t.name for t in tables.values() if names_title(name, t.schema)]
    near = titled[:1] or closest(name, sorted(tables), cutoff=0.65)
    if lang == "es":
        said = f'no hay tabla "{name}"; las tablas son: {listed}'
        return said + (f'. ¿Quiso decir "{near[0]}"?' if near else "")
    said = f'no table "{name}"; the tables are: {listed}'
    return said + (f'. Did you mean "{near[0]}"?' if near else "")


def scaffold(project: Project, table_name: str, lang: str = "en") -> tuple[str, str]:
    """A new record in the table's own format, and a guide to its fields: a header line and one
    CSV row (the guide apart) for a CSV table; commented YAML, a list item or a file's body, for
    a YAML table (the guide in its comments)."""
    tables = project.tables()
    table = tables.get(table_name)
    if table is None:
        raise UnknownTable(unknown_table(table_name, tables, lang))
    root = Path(project.root)
    if table.path.endswith(".csv") and not (root / table.path).is_dir():
        return csv_scaffold(table, root, lang)
    return yaml_scaffold(table, root, lang), ""


def csv_scaffold(table: Table, root: Path, lang: str) -> tuple[str, str]:
    """The CSV file's header and one row to fill (an example id, list items with the field's
    delimiter), and the guide: one comment per column."""
    words = WORDS[lang]
    fields = table.schema.get("fields", [])
    delimiter = next((f.get("delimiter", ",") for f in fields if f.get("type") == "list"), ";")
    header_line = (root / table.path).read_text(encoding="utf-8-sig").split("\n", 1)[0]
    header = [h.strip() for h in next(csv.reader([header_line.rstrip("\r")]))]
    specs = {f["name"]: f for f in fields}
    row = []
    for name in header:
        spec = specs.get(name, {})
        if spec.get("type") == "list":
            row.append(words["items"].format(delimiter=spec.get("delimiter", ",")))
        else:
            row.append(str(spec.get("example", "")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([header, row])
    guide = comment(
        words["title"].format(table=table.name, description=describe(table.schema, lang)), ""
    )
    guide += comment(words["csv"].format(path=table.path, delimiter=delimiter), "")
    for number, name in enumerate(header, 1):
        spec = specs.get(name)
        if spec is None:
            continue
        own = {**words, "list": words["csv_list"].format(delimiter=spec.get("delimiter", ","))}
        text = field_comment(table, spec, own, lang)
        column = words["column"].format(number=number, name=name, text=text)
        guide += comment(column, "", hanging="    ")
    return out.getvalue(), "\n".join(guide) + "\n"


def yaml_scaffold(table: Table, root: Path, lang: str) -> str:
    """The record as commented YAML, shaped for where the table's rows live (list item or file)."""
    words = WORDS[lang]
    as_file = (root / table.path).is_dir()
    lines = comment(
        words["title"].format(table=table.name, description=describe(table.schema, lang)), ""
    )
    lines += comment(where(table, root, words), "")
    lines += comment(words["fill"], "")
    lines.append("")
    indent = "" if as_file else "  "
    for index, spec in enumerate(table.schema.get("fields", [])):
        lines += comment(field_comment(table, spec, words, lang), indent)
        lead = "" if as_file else ("- " if index == 0 else "  ")
        lines.append(f"{lead}{spec['name']}:")
    return "\n".join(lines) + "\n"


def where(table: Table, root: Path, words: dict) -> str:
    if (root / table.path).is_dir():
        id_spec = next((f for f in table.schema.get("fields", []) if f["name"] == "id"), {})
        return words["folder"].format(path=table.path, example=id_spec.get("example", "new-record"))
    if table.path.endswith(".csv"):
        return words["csv"].format(path=table.path)
    return words["list_file"].format(path=table.path)


def field_comment(table: Table, spec: dict, words: dict, lang: str) -> str:
    """Required mark, description, form of value, allowed values, example, run into one sentence."""
    constraints = spec.get("constraints", {})
    parts = [words["required"]] if constraints.get("required") else []
    description = describe(spec, lang)
    parts.append(description + ("" if description.endswith((".", ")")) or not description else "."))
    if spec.get("precisionField"):
        short = "YYYY" in description or "AAAA" in description
        parts.append(
            words["precision" if short else "date"].format(precision=spec["precisionField"])
        )
    elif spec.get("type") in ("integer", "number", "boolean", "list"):
        parts.append(words[spec["type"]])
    if constraints.get("enum"):
        parts.append(f"{words['one_of']} {', '.join(map(str, constraints['enum']))}.")
    if spec.get("example"):
        parts.append(f"{words['example']} {spec['example']}")
    rules = table.schema.get("privacy") or {}
    if spec.get("personal") and rules.get("levelField"):
        parts.append(
            words["personal"].format(
                level=rules["levelField"], levels=" / ".join(rules.get("publicLevels", []))
            )
        )
    return " ".join(p for p in parts if p)


def comment(text: str, indent: str, hanging: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=f"{indent}# ",
        subsequent_indent=f"{indent}# {hanging}",
        break_long_words=False,
        break_on_hyphens=False,
    )
