"""README.md of a package version: what each file holds, rows per table, how to read the files,
the caveats on counts, the licence, how to cite and how to check the files; one section per site
language (English, then Spanish), generated from the package, so the same data gives the same
bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasite.model import Dataset, Project, Table
from datasite.package.writers import split_notes

# The README's own words, per language; a language not here gets no section.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "heading": "English",
        "version": "Version {version} of the data set `{name}`.",
        "files": "Files",
        "file": "file",
        "holds": "what it holds",
        "table_csv": "the `{table}` table, {rows} rows: {description}",
        "table_json": "the `{table}` table as JSON (an array of objects, values typed)",
        "table_parquet": "the `{table}` table as Parquet (one typed column per field; not "
        "listed in `datapackage.json`, as frictionless reads Parquet only with its parquet extra)",
        ".xlsx": "every table as a sheet of one Excel workbook, with a `fields` sheet",
        ".sqlite": "every table in one SQLite database, with primary and foreign keys",
        "CHANGELOG.md": "what changed in each version, computed from the rows",
        "CITATION": "how to cite this version",
        "README.md": "this file",
        "datapackage.json": "the Frictionless Data Package (v2) descriptor: every table's fields, "
        "types and keys, and every file's size and SHA-256 hash",
        "reading": "Reading the files",
        "read_csv": "Each table is a CSV file: UTF-8, a header row, comma-separated.",
        "read_boolean": "Booleans are written `TRUE` or `FALSE`: R's `read.csv`, pandas and "
        "spreadsheets read them as logical values.",
        "read_list": "A list (several sources, for example) is one cell joined by the field's "
        "delimiter in CSV, XLSX and SQLite, and a list in JSON and Parquet. An empty list is "
        "no value in every format: an empty cell, NULL or null.",
        "read_dates": "Dates are `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with a field giving their "
        "precision; a partial date stays text. The XLSX workbook shows a full date as a date.",
        "counts": "Counts conflict",
        "counts_text": "A count is a claim, not a fact about the world: who claims it "
        "(claimant), how it was stated (qualifier: at least, more than, about), the date it "
        "refers to (as-of date), from when it counts (counting start) and what it counts "
        "(measure). Compare two counts only when they count the same measure over the same "
        "window. Never add, average or merge counts from different claimants: each row is one "
        "claim as published, with its sources.",
        "licence": "Licence",
        "no_licence": "No licence is declared; ask the publisher before reusing the data.",
        "cite": "How to cite",
        "cite_more": "The same citation as BibTeX is in `CITATION.bib`.",
        "checks": "Checksums",
        "checks_text": "`datapackage.json` gives the size and SHA-256 hash of every file of "
        "this version but the Parquet copies, this README's too. `SHA256SUMS`, published beside "
        "the files and the zip, lists every file and the zip; check a download with "
        "`sha256sum -c SHA256SUMS` (Linux) or `shasum -a 256 -c SHA256SUMS` (macOS). A file "
        "cannot list its own hash: this README's is in those two files.",
    },
    "es": {
        "heading": "Español",
        "version": "Versión {version} del conjunto de datos `{name}`.",
        "files": "Archivos",
        "file": "archivo",
        "holds": "qué contiene",
        "table_csv": "la tabla `{table}`, {rows} filas: {description}",
        "table_json": "la tabla `{table}` en JSON (una lista de objetos, valores tipados)",
        "table_parquet": "la tabla `{table}` en Parquet (una columna tipada por campo; no "
        "figura en `datapackage.json`, pues frictionless solo lee Parquet con su extra parquet)",
        ".xlsx": "cada tabla como una hoja de un libro de Excel, con una hoja `fields`",
        ".sqlite": "cada tabla en una base de datos SQLite, con claves primarias y foráneas",
        "CHANGELOG.md": "qué cambió en cada versión, calculado a partir de las filas",
        "CITATION": "cómo citar esta versión",
        "README.md": "este archivo",
        "datapackage.json": "el descriptor Frictionless Data Package (v2): los campos, tipos y "
        "claves de cada tabla, y el tamaño y el hash SHA-256 de cada archivo",
        "reading": "Cómo leer los archivos",
        "read_csv": "Cada tabla es un archivo CSV: UTF-8, una fila de encabezado, separado por "
        "comas.",
        "read_boolean": "Los valores lógicos se escriben `TRUE` o `FALSE`: `read.csv` de R, "
        "pandas y las hojas de cálculo los leen como lógicos.",
        "read_list": "Una lista (varias fuentes, por ejemplo) es una celda unida por el "
        "delimitador del campo en CSV, XLSX y SQLite, y una lista en JSON y Parquet. Una lista "
        "vacía no tiene valor en ningún formato: una celda vacía, NULL o null.",
        "read_dates": "Las fechas son `AAAA-MM-DD`, `AAAA-MM` o `AAAA`, con un campo que indica "
        "su precisión; una fecha parcial queda como texto. El libro XLSX muestra una fecha "
        "completa como fecha.",
        "counts": "Las cifras no coinciden",
        "counts_text": "Una cifra es una afirmación, no un hecho sobre el mundo: quién la "
        "afirma, cómo se expresó (al menos, más de, cerca de), la fecha a la que se refiere, "
        "desde cuándo cuenta (inicio del conteo) y qué cuenta (medida). Compare dos cifras solo "
        "si cuentan la misma medida en el mismo período. Nunca sume, promedie ni combine cifras "
        "de distintas fuentes: cada fila es una afirmación tal como se publicó, con sus fuentes.",
        "licence": "Licencia",
        "no_licence": "No se declara ninguna licencia; consulte al editor antes de reutilizar "
        "los datos.",
        "cite": "Cómo citar",
        "cite_more": "La misma cita en BibTeX está en `CITATION.bib`.",
        "checks": "Sumas de verificación",
        "checks_text": "`datapackage.json` indica el tamaño y el hash SHA-256 de cada archivo "
        "de esta versión salvo las copias Parquet, también de este README. `SHA256SUMS`, "
        "publicado junto a los archivos y el zip, enumera cada archivo y el zip; verifique una "
        "descarga con `sha256sum -c SHA256SUMS` (Linux) o `shasum -a 256 -c SHA256SUMS` (macOS). "
        "Un archivo no puede indicar su propio hash: el de este README está en esos dos archivos.",
    },
}
# Files beside the package's own, named the same in every version.
BESIDE = ("datapackage.json",)


def readme_bytes(
    project: Project,
    dataset: Dataset,
    version: str,
    tables: list[Table],
    files: list[str],
    citation: dict[str, str],
) -> bytes:
    """README.md: a section per site language the README has words for, English first."""
    meta = dataset.meta
    languages = [lang for lang in TEXTS if lang in project.settings.languages] or ["en"]
    lines = [f"# {translated(meta, 'title', languages[0]) or dataset.name}", ""]
    lines += [
        " · ".join(
            f"[{TEXTS[lang]['heading']}](#{anchor(TEXTS[lang]['heading'])})" for lang in languages
        ),
        "",
    ]
    listed = sorted({*files, *BESIDE})
    for lang in languages:
        lines += section(lang, dataset, version, tables, listed, citation)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def section(
    lang: str,
    dataset: Dataset,
    version: str,
    tables: list[Table],
    files: list[str],
    citation: dict[str, str],
) -> list[str]:
    """One language's part of the README."""
    words = TEXTS[lang]
    meta = dataset.meta
    lines = [f"## {words['heading']}", ""]
    lines += [f"**{translated(meta, 'title', lang) or dataset.name}**", ""]
    lines += [words["version"].format(version=version, name=dataset.name), ""]
    description = translated(meta, "description", lang)
    lines += [description, ""] if description else []
    lines += [f"### {words['files']}", "", f"| {words['file']} | {words['holds']} |", "|---|---|"]
    by_file = {}
    for table in tables:
        text = translated(table.schema, "description", lang)
        by_file[f"{table.name}.csv"] = words["table_csv"].format(
            table=table.name, rows=len(table.rows), description=text
        )
        by_file[f"{table.name}.json"] = words["table_json"].format(table=table.name)
        by_file[f"{table.name}.parquet"] = words["table_parquet"].format(table=table.name)
    # a table longer than an Excel sheet is split over sheets: the workbook's line says so
    notes = split_notes([(t.name, len(t.rows)) for t in tables], lang)
    workbook = next((name for name in files if name.endswith(".xlsx")), "")
    if workbook and notes:
        by_file[workbook] = " ".join([words[".xlsx"] + ".", *notes])
    for name in files:
        what = by_file.get(name) or words.get(name) or words.get(Path(name).suffix, "")
        if not what and name.startswith("CITATION."):
            what = words["CITATION"]
        lines.append(f"| `{name}` | {cell(what)} |")
    lines += ["", f"### {words['reading']}", ""]
    lines += [f"- {words[key]}" for key in ("read_csv", "read_boolean", "read_list", "read_dates")]
    lines.append("")
    if any("claimKey" in table.schema for table in tables):
        lines += [f"### {words['counts']}", "", words["counts_text"], ""]
    lines += [f"### {words['licence']}", ""]
    licences = [licence for licence in meta.get("licenses", []) if isinstance(licence, dict)]
    for licence in licences:
        name = str(licence.get("title") or licence.get("name") or "")
        path = str(licence.get("path") or "")
        lines.append(
            f"- {name}"
            + (f" ({licence['name']})" if licence.get("name") else "")
            + (f": <{path}>" if path else "")
        )
    lines += [words["no_licence"]] if not licences else []
    lines += ["", f"### {words['cite']}", "", citation.get("text", ""), ""]
    lines += [words["cite_more"], ""] if "CITATION.bib" in files else []
    lines += [f"### {words['checks']}", "", words["checks_text"], ""]
    return lines


def translated(part: dict[str, Any], key: str, lang: str) -> str:
    """A title or description in one language: its i18n text, else the English one."""
    i18n = part.get("i18n", {})
    texts = i18n.get(lang, {}) if isinstance(i18n, dict) else {}
    text = texts.get(key) if isinstance(texts, dict) else None
    return " ".join(str(text or part.get(key) or "").split())


def cell(text: str) -> str:
    """Text safe in one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def anchor(heading: str) -> str:
    """The anchor GitHub and MkDocs give a heading (lowercase, spaces as hyphens)."""
    return heading.lower().replace(" ", "-")
