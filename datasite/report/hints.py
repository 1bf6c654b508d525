"""How to fix each problem: one hint per code, in English or Spanish, from the schemas and data."""

from __future__ import annotations

import calendar
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from datasite.catalogue import COMPUTED, PROBLEMS
from datasite.issues import Issue, closest, prepared  # noqa: F401 (tests watch its cache)
from datasite.load.values import read_partial_date
from datasite.model import SLUG, Project, Table, describe
from datasite.package.frozen import frozen_rows
from datasite.package.versions import frozen_versions
from datasite.report.phrases import fold, phrases_of, suggest

SLUG_PATTERN = SLUG.pattern
DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
URL_PATTERN = "^https?://\\S+$"
DATE_FORMS = {
    "day": ("YYYY-MM-DD", "2026-01-15"),
    "month": ("YYYY-MM", "2026-01"),
    "year": ("YYYY", "2026"),
}
DATE_FORMS_ES = {"day": "AAAA-MM-DD", "month": "AAAA-MM", "year": "AAAA"}


# As many of a table's files reporting one field unknown as this: the schema lost the field.
SCHEMA_LOST_AT = 3


class Context:
    """What hints may look up: the tables, which table a file belongs to, the field specs."""

    def __init__(self, project: Project, issues: list[Issue] | None = None):
        self.project = project
        self.tables = project.tables()
        # Each file's unknown fields (hint_unknown_field).
        self.unknown_by_path: dict[str, set[str]] = {}
        for issue in issues or []:
            if issue.code == "unknown-field":
                self.unknown_by_path.setdefault(issue.path, set()).add(issue.field)

    def table_of(self, path: str) -> Table | None:
        """The table whose file (or one-record-per-file folder) holds path."""
        for table in self.tables.values():
            if path == table.path or path.startswith(table.path.rstrip("/") + "/"):
                return table
        return None

    def field(self, issue: Issue) -> dict:
        table = self.table_of(issue.path)
        if table is None or issue.field not in table.field_names:
            return {}
        return table.field(issue.field)

    def published(self, table_name: str) -> dict[str, str]:
        """The ids of a table in its dataset's frozen versions, each with the newest version
        that holds it (read once per table)."""
        cache = self.__dict__.setdefault("_published", {})
        if table_name not in cache:
            table = self.tables.get(table_name)
            found: dict[str, str] = {}
            key = table.primary_key[:1] if table else []
            for version in frozen_versions(self.project.root, table.dataset) if key else []:
                for record in frozen_rows(version, table_name):
                    found[record.get(key[0], "")] = version.version
            cache[table_name] = found
        return cache[table_name]

    def where(self, table_name: str) -> str:
        """Where a table's rows are kept, for 'add it to … first'."""
        table = self.tables.get(table_name)
        if table is None:
            return table_name
        # a folder of record files reads as one with its slash: a new file goes in it
        return table.path + "/" if (Path(self.project.root) / table.path).is_dir() else table.path


def add_hints(project: Project, issues: list[Issue], lang: str = "en") -> list[Issue]:
    """The issues with their hint filled in, in lang; codes without a hint keep an empty one."""
    context = Context(project, issues)
    out = []
    for issue in issues:
        out.append(dataclasses.replace(issue, hint=hint_of(issue, context, lang)))
    return out


def pick(lang: str, en: str, es: str) -> str:
    return es if lang == "es" else en


def quoted(values: list[str]) -> str:
    return ", ".join(f'"{v}"' for v in values)


def slugify(value: str) -> str:
    """An id-like form of a text: accents dropped ("excarcelación" → "excarcelacion", "niños" →
    "ninos"), any other run of characters one hyphen."""
    plain = unicodedata.normalize("NFKD", str(value).lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80]


def hint_enum(issue: Issue, ctx: Context, lang: str) -> str:
    allowed = [
        str(a)
        for a in issue.details.get("limit")
        or ctx.field(issue).get("constraints", {}).get("enum", [])
    ]
    # phrases.suggest, not closest: spelling alone takes "al_menos" to "at_most", its opposite
    near = suggest(str(issue.details.get("value", "")), allowed)
    if near:
        return pick(lang, f'did you mean "{near}"?', f'¿quiso decir "{near}"?')
    return pick(
        lang,
        "write one of the listed values exactly as shown, in lowercase with _ between words",
        "escriba uno de los valores de la lista tal como aparece, en minúsculas y con _ entre "
        "palabras",
    )


def qualifier_in(issue: Issue, ctx: Context) -> tuple[str, str, str] | None:
    """A number written with the words that qualify it ("más de 800", "unos 500"): the number,
    and the field and code of the table that hold those words; None otherwise."""
    value = str(issue.details.get("value", ""))
    found = re.search(r"\d[\d.,]*", value)
    table = ctx.table_of(issue.path)
    if not found or table is None:
        return None
    words = fold(value[: found.start()] + " " + value[found.end() :])
    digits = re.sub(r"[.,](?=\d{3}(?!\d))", "", found.group().rstrip(".,"))
    for spec in table.schema.get("fields", []):
        for code in spec.get("constraints", {}).get("enum") or []:
            if words and words in phrases_of(str(code)):
                return digits, spec["name"], str(code)
    return None


def hint_type(issue: Issue, ctx: Context, lang: str) -> str:
    spec = ctx.field(issue)
    kind = issue.details.get("type") or spec.get("type", "")
    qualified = qualifier_in(issue, ctx) if kind in ("integer", "number") else None
    if qualified:
        digits, field, code = qualified
        return pick(
            lang,
            f"write the number alone ({digits}); the words go in {field}, as {code}",
            f"escriba solo la cifra ({digits}); las palabras van en {field}, como {code}",
        )
    if kind == "integer":
        digits = pick(
            lang,
            "write a whole number with digits only, e.g. 1200 (no dots, commas or words)",
            "escriba un número entero solo con cifras, p. ej. 1200 (sin puntos, comas ni palabras)",
        )
        if spec.get("filledWhen") or spec.get("constraints", {}).get("required"):
            return digits  # a number this field must hold: "leave it empty" would mislead
        return digits + pick(
            lang,
            "; leave it empty if the source gives no number",
            "; déjelo vacío si la fuente no da cifra",
        )
    if kind == "number":
        return pick(
            lang,
            "write a number with a point for decimals, e.g. 10.4806",
            "escriba un número con punto decimal, p. ej. 10.4806",
        )
    if kind == "boolean":
        return pick(lang, "write true or false", "escriba true o false")
    if kind == "web address":
        return pick(
            lang,
            "write the whole address, starting with https:// (copy it from the browser's address "
            "bar)",
            "escriba la dirección entera, empezando por https:// (cópiela de la barra de "
            "direcciones del navegador)",
        )
    return pick(lang, f"write a value of type {kind}", f"escriba un valor de tipo {kind}")


def hint_required(issue: Issue, ctx: Context, lang: str) -> str:
    spec = ctx.field(issue)
    text = describe(spec, lang)
    lead = pick(lang, "fill it in", "rellénelo")
    if "line" in issue.message:  # no line for the field at all in a YAML record
        lead = pick(
            lang,
            f'add a line "{issue.field}: value" to the record',
            f'añada al registro una línea "{issue.field}: valor"',
        )
    hint = f"{lead}: {text}" if text else lead
    codes = [str(c) for c in spec.get("constraints", {}).get("enum") or []]
    if codes and not all(re.search(rf"\b{re.escape(c)}\b", text) for c in codes):
        hint += pick(lang, f" One of: {', '.join(codes)}.", f" Uno de: {', '.join(codes)}.")
    elif spec.get("example"):
        hint += pick(lang, f" (e.g. {spec['example']})", f" (p. ej. {spec['example']})")
    return hint


def accepted_dates(lang: str, none: str = "unknown") -> str:
    """The date forms in words; `none` is the precision's own word for an empty date."""
    if lang == "es":
        return (
            "fechas aceptadas: AAAA-MM-DD con precisión day (2026-01-15), AAAA-MM con precisión "
            "month (2026-01), "
            f"AAAA con precisión year (2026), o vacía con precisión {none}"
        )
    return (
        "accepted dates: YYYY-MM-DD with precision day (2026-01-15), YYYY-MM with precision month "
        "(2026-01), "
        f"YYYY with precision year (2026), or empty with precision {none}"
    )


def empty_precision(issue: Issue, ctx: Context, precision_field: str) -> str:
    """The precision's own word for "no date": not_stated where its enum has it (a window)."""
    table = ctx.table_of(issue.path)
    spec = table.field(precision_field) if table and precision_field in table.field_names else {}
    return (
        "not_stated" if "not_stated" in spec.get("constraints", {}).get("enum", []) else "unknown"
    )


def hint_pattern(issue: Issue, ctx: Context, lang: str) -> str:
    spec = ctx.field(issue)
    pattern = str(issue.details.get("limit") or spec.get("constraints", {}).get("pattern", ""))
    value = str(issue.details.get("value", ""))
    if pattern == DATE_PATTERN or spec.get("precisionField"):
        read = written_date(value)
        if read and len(read) == 3:
            return iso_fix(*read, lang)
        if read:
            iso = f"{read[0]:04d}-{read[1]:02d}"
            return pick(
                lang,
                f"write it as {iso} (YYYY-MM) with precision month",
                f"escríbala como {iso} (AAAA-MM) con precisión month",
            )
        none = empty_precision(issue, ctx, spec.get("precisionField", "precision"))
        return accepted_dates(lang, none)
    if pattern == SLUG_PATTERN:
        suggestion = slugify(value)
        example = spec.get("example", "")
        hint = pick(
            lang,
            "use only lowercase letters a-z, digits and hyphens, starting with a letter or digit",
            "use solo minúsculas a-z, cifras y guiones, empezando por letra o cifra",
        )
        if suggestion and suggestion != value:
            hint += pick(lang, f', e.g. "{suggestion}"', f', p. ej. "{suggestion}"')
        if example:
            hint += pick(
                lang, f"; ids here look like {example}", f"; aquí los id son como {example}"
            )
        return hint
    if pattern == URL_PATTERN:
        return pick(
            lang,
            "write the whole address, starting with http:// or https://, without spaces",
            "escriba la dirección completa, empezando por http:// o https://, sin espacios",
        )
    if spec.get("example"):
        return pick(lang, f"write it like {spec['example']}", f"escríbalo como {spec['example']}")
    return pick(
        lang,
        f"the value must match the regular expression {pattern}",
        f"el valor debe cumplir la expresión regular {pattern}",
    )


# Month names and their short forms, in both languages, as people write a date in words.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "enero january ene jan",
            "febrero february feb",
            "marzo march mar",
            "abril april abr apr",
            "mayo may",
            "junio june jun",
            "julio july jul",
            "agosto august ago aug",
            "septiembre setiembre september sept sep set",
            "octubre october oct",
            "noviembre november nov",
            "diciembre december dic dec",
        ],
        1,
    )
    for name in names.split()
}


def written_date(value: str) -> tuple[int, ...] | None:
    """(year, month, day) or (year, month) of a date written in words or without zeros: "8 de
    enero de 2026", "January 8, 2026", "2026-ene-08", "2026-1-8", "enero de 2026"; None when it
    is not one date."""
    plain = unicodedata.normalize("NFKD", value.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = [w for w in re.findall(r"[a-z]+|\d+", plain) if w not in ("de", "del", "of", "the")]
    months = [MONTHS[w] for w in words if w in MONTHS]
    others = [w for w in words if w not in MONTHS]
    if len(months) > 1 or any(not w.isdigit() for w in others):
        return None
    years = [int(w) for w in others if len(w) == 4]
    days = [int(w) for w in others if len(w) <= 2]
    if len(years) != 1 or len(years) + len(days) != len(others):
        return None
    if months and len(days) <= 1 and all(1 <= d <= 31 for d in days):
        return (years[0], months[0], *days)
    if not months and len(days) == 2 and words[0] == str(years[0]):  # 2026-1-8: year first
        return (years[0], days[0], days[1]) if 1 <= days[0] <= 12 else None
    return None


def hint_minimum(issue: Issue, ctx: Context, lang: str) -> str:
    limit = issue.details.get("limit")
    return pick(lang, f"use {limit} or more", f"use {limit} o más")


def hint_maximum(issue: Issue, ctx: Context, lang: str) -> str:
    limit = issue.details.get("limit")
    return pick(lang, f"use {limit} or less", f"use {limit} o menos")


def hint_max_length(issue: Issue, ctx: Context, lang: str) -> str:
    limit = issue.details.get("limit")
    return pick(
        lang, f"shorten it to {limit} characters or fewer", f"acórtelo a {limit} caracteres o menos"
    )


def hint_min_length(issue: Issue, ctx: Context, lang: str) -> str:
    limit = issue.details.get("limit")
    return pick(lang, f"write at least {limit} characters", f"escriba al menos {limit} caracteres")


def reference_target(ctx: Context, issue: Issue) -> str:
    """The table a field refers to, from the schema's foreign keys."""
    table = ctx.table_of(issue.path)
    for fk in table.foreign_keys if table else []:
        if issue.field in fk.fields:
            return fk.resource
    return ""


def hint_missing_source(issue: Issue, ctx: Context, lang: str) -> str:
    where = ctx.where(
        reference_target(ctx, issue) or ctx.project.settings.sources_table or "sources"
    )
    return pick(
        lang,
        f"write the id of the source that reports this; if it is a new source, add it to {where} "
        "first",
        "escriba el id de la fuente que lo informa; si es una fuente nueva, añádala antes a "
        f"{where}",
    )


def hint_reference(issue: Issue, ctx: Context, lang: str) -> str:
    target = issue.details.get("target", "")
    if not target:
        return pick(
            lang,
            "declare the table in a datapackage.yaml, or fix the schema's foreignKeys",
            "declare la tabla en un datapackage.yaml, o corrija foreignKeys en el esquema",
        )
    where = ctx.where(target)
    value = str(issue.details.get("value", ""))
    spec = ctx.field(issue)
    delimiter = spec.get("delimiter", ",")
    if spec.get("type") == "list" and "," in value and delimiter != ",":
        # "a, b" in a list of ids is one id that does not exist, not two
        return pick(
            lang,
            f'separate the ids with "{delimiter}", or write one "- id" per line; a comma does '
            "not separate them",
            f'separe los id con "{delimiter}", o escriba uno por línea con "- id"; una coma no '
            "los separa",
        )
    known = issue.details.get("known", [])
    parts = value.split(" - ")
    if issue.path.endswith((".yaml", ".yml")) and len(parts) > 1 and set(parts) <= set(known):
        # "  - rodeo-i" indented under "- las-crisalidas": YAML reads one text across the lines
        return pick(
            lang,
            f'"{parts[1]}" is indented more than the item above it, so YAML read the two as one '
            'text: start every "- " of the list at the same column',
            f'"{parts[1]}" tiene más sangría que el elemento de arriba, así que YAML leyó los dos '
            'como un solo texto: empiece cada "- " de la lista en la misma columna',
        )
    version = ctx.published(target).get(value)
    if version:  # a published id a contributor renamed: every record citing it now points nowhere
        return pick(
            lang,
            f'"{value}" is an id of {target} published in version {version}, and a published id '
            f"never changes: if a record's id was changed, give it back {value}",
            f'"{value}" es un id de {target} publicado en la versión {version}, y un id publicado '
            f"nunca cambia: si se cambió el id de un registro, devuélvale {value}",
        )
    # Ids alike only by a shared date ("…-2026-03-08-…") are no typo of each other: a close cutoff.
    near = closest(value, known, n=3, cutoff=0.75)
    add = pick(lang, f"add it to {where} first", f"añádalo antes a {where}")
    if near:
        return pick(
            lang,
            f"closest existing ids: {', '.join(near)}; if it is new, {add}",
            f"id existentes más parecidos: {', '.join(near)}; si es nuevo, {add}",
        )
    return pick(
        lang,
        f"use an id that exists in {where}, or {add}",
        f"use un id que exista en {where}, o {add}",
    )


def hint_duplicate_claim(issue: Issue, ctx: Context, lang: str) -> str:
    first = issue.details.get("first", "")
    table = ctx.table_of(issue.path)
    alone = table is not None and issue.path != table.path  # a record file in a table's folder
    this = pick(lang, "delete this file", "borre este archivo") if alone else ""
    return pick(
        lang,
        f"if both report one claim, {this or 'delete this row'} and add its sources to the source "
        f'list of "{first}"; if they are two claims, correct the field that tells them apart',
        f"si ambas informan de una misma cifra, {this or 'borre esta fila'} y añada sus fuentes a "
        f'la lista de fuentes de "{first}"; si son dos cifras distintas, corrija el campo que las '
        "distingue",
    )


def date_form(value: str) -> str:
    date = read_partial_date(value)
    return date.precision if date else ""


def hint_date_precision(issue: Issue, ctx: Context, lang: str) -> str:
    value = str(issue.details.get("value", ""))
    precision = str(issue.details.get("precision", ""))
    precision_field = ctx.field(issue).get("precisionField", "precision")
    none = empty_precision(issue, ctx, precision_field)
    if not value:
        return pick(
            lang,
            f'write the date, or set {precision_field} to "{none}"',
            f'escriba la fecha, o ponga {precision_field} en "{none}"',
        )
    form = date_form(value)
    cut = {"month": 7, "year": 4}.get(precision)
    if cut and len(value) > cut and form in DATE_FORMS:
        # A finer date than the precision: a spreadsheet's 1 March for "March 2026", most often;
        # a day the source does not give must not be recorded as known.
        part = {"day": ("day", "el día"), "month": ("month", "el mes")}.get(form, (form, form))
        return pick(
            lang,
            f"write the date as {value[:cut]}; only if the source gives the {part[0]}, set "
            f'{precision_field} to "{form}"',
            f"escriba la fecha como {value[:cut]}; solo si la fuente da {part[1]}, ponga "
            f'{precision_field} en "{form}"',
        )
    if precision in DATE_FORMS:
        form_of = pick(lang, DATE_FORMS[precision][0], DATE_FORMS_ES[precision])
        example = DATE_FORMS[precision][1]
        return pick(
            lang,
            f'set {precision_field} to "{form}", or write the date as {form_of} (e.g. {example})',
            f'ponga {precision_field} en "{form}", o escriba la fecha como {form_of} (p. ej. '
            f"{example})",
        )
    return pick(
        lang,
        f'set {precision_field} to "{form}" to match {value}; {accepted_dates(lang, none)}',
        f'ponga {precision_field} en "{form}" para que coincida con {value}; '
        f"{accepted_dates(lang, none)}",
    )


def hint_date_invalid(issue: Issue, ctx: Context, lang: str) -> str:
    date = read_partial_date(str(issue.details.get("value", "")))
    if date and date.month is not None and not 1 <= date.month <= 12:
        return pick(lang, "months go from 01 to 12", "los meses van de 01 a 12")
    if date and date.month and date.day is not None:
        days = calendar.monthrange(date.year, date.month)[1]
        return pick(
            lang,
            f"{date.year:04d}-{date.month:02d} has {days} days",
            f"{date.year:04d}-{date.month:02d} tiene {days} días",
        )
    return pick(lang, "check the day and the month", "revise el día y el mes")


def titled_field(key: str, table: Table | None, present: Iterable[str] = ()) -> str:
    """The field whose title, in any language, the key names ("fuente" → source_ids, titled
    "Fuentes"): a contributor writing field names in Spanish; "" for none. A field the record
    already has points at its untitled translation it lacks instead ("nota" beside `note`:
    `note_es`)."""
    specs = table.schema.get("fields", []) if table is not None else []
    name = next((str(s.get("name", "")) for s in specs if names_title(key, s)), "")
    have = set(present)
    if name and name in have and table is not None:
        translations = (table.field(name).get("translationFields") or {}).values()
        return next((str(t) for t in translations if t not in have), name)
    return name


def names_title(key: str, described: dict) -> bool:
    """The key is the title of a field or table (its `title` or an `i18n` one), in the
    singular or the plural, accents and case aside."""
    wanted = plain_words(key).rstrip("s")
    titles = [described.get("title", "")]
    titles += [
        t.get("title", "") for t in (described.get("i18n") or {}).values() if isinstance(t, dict)
    ]
    return bool(wanted) and any(plain_words(str(t)).rstrip("s") == wanted for t in titles)


def plain_words(text: str) -> str:
    """A title or key as bare lowercase words: accents and "_" dropped ("Fecha_de corte")."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("_", " "))
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def hint_unknown_field(issue: Issue, ctx: Context, lang: str) -> str:
    allowed = [str(a) for a in issue.details.get("allowed", [])]
    if not issue.field:  # a header cell left empty, or a column whose name was cleared
        present = set(issue.details.get("present", ()))
        missing = ", ".join(a for a in allowed if a not in present) or pick(lang, "none", "ninguno")
        return pick(
            lang,
            f"write the field's name there (fields not in the header: {missing}), or delete the "
            "column if it holds nothing",
            f"escriba allí el nombre del campo (campos que faltan en el encabezado: {missing}), "
            "o borre la columna si no contiene nada",
        )
    own = ctx.table_of(issue.path)
    titled = titled_field(issue.field, own, issue.details.get("present", ()))
    near = [titled] if titled else closest(issue.field, allowed)
    name = own.name if own else ""
    files = sum(
        issue.field in fields and ctx.table_of(path) is own
        for path, fields in ctx.unknown_by_path.items()
    )
    if own is not None and files >= SCHEMA_LOST_AT:
        # The same field in many of the table's files: the schema lost it, not every record.
        schema = own.schema_path or f"schemas/{name}.schema.yaml"
        return pick(
            lang,
            f'{files} files of {name} have "{issue.field}": if {schema} lost the field, put it '
            "back there rather than changing the records",
            f'{files} archivos de {name} tienen "{issue.field}": si {schema} perdió el campo, '
            "devuélvalo allí en vez de cambiar los registros",
        )
    # The other table that has this field and most of the file's other unknown ones.
    unknown = ctx.unknown_by_path.get(issue.path, set())
    others = [t for t in ctx.tables.values() if t is not own and issue.field in t.field_names]
    other = max(others, key=lambda t: len(unknown & set(t.field_names)), default=None)
    if own is not None and other is not None:
        where = ctx.where(other.name)
        moved = pick(
            lang,
            f'"{issue.field}" is a field of {other.name}, not of {name}: if this is a '
            f"{other.name} record, move it to {where}",
            f'"{issue.field}" es un campo de {other.name}, no de {name}: si es un registro de '
            f"{other.name}, muévalo a {where}",
        )
        if near and (issue.field in near[0] or near[0] in issue.field):  # source_id, source_ids
            if len(unknown & set(other.field_names)) < 2:
                # the file's one field of the other table: one letter off is likelier than a
                # record in the wrong folder
                return pick(
                    lang,
                    f'did you mean "{near[0]}"? If this is a {other.name} record, move it to '
                    f"{where}",
                    f'¿quiso decir "{near[0]}"? Si es un registro de {other.name}, muévalo a '
                    f"{where}",
                )
            moved += pick(
                lang, f'; if not, did you mean "{near[0]}"?', f'; si no, ¿quiso decir "{near[0]}"?'
            )
        return moved
    if near:
        return pick(lang, f'did you mean "{near[0]}"?', f'¿quiso decir "{near[0]}"?')
    return pick(
        lang, f"the fields are: {', '.join(allowed)}", f"los campos son: {', '.join(allowed)}"
    )


def hint_missing_column(issue: Issue, ctx: Context, lang: str) -> str:
    return pick(
        lang,
        f'add "{issue.field}" to the header on line 1, and a cell for it in every row',
        f'añada "{issue.field}" al encabezado de la línea 1, y una celda para él en cada fila',
    )


def hint_csv_header(issue: Issue, ctx: Context, lang: str) -> str:
    table = ctx.table_of(issue.path)
    names = ",".join(table.field_names) if table else ""
    return pick(
        lang,
        f"the first line names the columns: {names}",
        f"la primera línea nombra las columnas: {names}",
    )


def shown(value: str, width: int = 24) -> str:
    """A cell, quoted and cut short, for a row's alignment."""
    value = value.strip()
    return f'"{value[: width - 1]}…"' if len(value) > width else f'"{value}"'


def hint_csv_ragged(issue: Issue, ctx: Context, lang: str) -> str:
    header = [str(h) for h in issue.details.get("header", [])]
    cells = [str(c) for c in issue.details.get("cells", [])]
    nothing, extra = pick(lang, "nothing", "nada"), pick(lang, "(no column)", "(sin columna)")
    pairs = [
        f"{header[i] if i < len(header) else extra} ← "
        f"{shown(cells[i]) if i < len(cells) else nothing}"
        for i in range(max(len(header), len(cells)))
    ]
    landed = "; ".join(pairs)
    if len(cells) < len(header):
        return pick(
            lang,
            f"a comma is missing, so the values after it moved one column left: {landed}. Put "
            "the comma back where a value first sits under the wrong column",
            f"falta una coma, así que los valores que la siguen se corrieron una columna a la "
            f"izquierda: {landed}. Ponga la coma donde un valor queda por primera vez bajo la "
            "columna equivocada",
        )
    return pick(
        lang,
        f"there is a comma too many: the values landed as {landed}. Delete the extra comma, or "
        "put a value that contains a comma in double quotes",
        f"sobra una coma: los valores quedaron así: {landed}. Borre la coma de más, o ponga "
        "entre comillas dobles el valor que contiene una coma",
    )


def hint_date_dmy(issue: Issue, ctx: Context, lang: str) -> str:
    value = str(issue.details.get("value", ""))
    day, month, year = (int(p) for p in re.split(r"[/.-]", value))
    if day > 12 or day == month:
        return iso_fix(year, month, day, lang)
    if month > 12:  # written month/day/year: still one reading only
        return iso_fix(year, day, month, lang)
    first, second = f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{day:02d}-{month:02d}"
    return pick(
        lang,
        f'"{value}" is ambiguous: day/month gives {first}, month/day gives {second}; check the '
        "source and write it as YYYY-MM-DD",
        f'"{value}" es ambigua: día/mes da {first}, mes/día da {second}; compruebe la fuente y '
        "escríbala como AAAA-MM-DD",
    )


def iso_fix(year: int, month: int, day: int, lang: str) -> str:
    """'write it as 2025-12-29', or what is wrong with a day that does not exist."""
    try:
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        calendar.weekday(year, month, day)
    except ValueError:
        return pick(lang, "check the day and the month", "revise el día y el mes")
    if day > calendar.monthrange(year, month)[1]:
        return pick(lang, "check the day and the month", "revise el día y el mes")
    return pick(lang, f"write it as {iso} (YYYY-MM-DD)", f"escríbala como {iso} (AAAA-MM-DD)")


def hint_unsafe_path(issue: Issue, ctx: Context, lang: str) -> str:
    if issue.path.startswith("versions/") or issue.path == "versions":
        return pick(
            lang,
            "a frozen version holds plain files only, named in its lock; restore it with `git "
            "checkout`",
            "una versión congelada solo contiene archivos normales, nombrados en su lock; "
            "restáurela con `git checkout`",
        )
    return pick(
        lang,
        "keep every table file inside its dataset folder",
        "mantenga cada archivo de tabla dentro de la carpeta de su conjunto de datos",
    )


def hint_config(issue: Issue, ctx: Context, lang: str) -> str:
    missing = re.search(r': no (\w+) row with id "([^"]*)"$', issue.message)
    table = ctx.tables.get(missing.group(1)) if missing else None
    if missing and table is not None and table.primary_key:
        # an id the settings name (a claimant, a measure): the table's nearest ids, as in data
        ids = [str(row.values.get(table.primary_key[0], "")) for row in table.rows]
        near = closest(missing.group(2), ids, n=3)
        where = ctx.where(table.name)
        if near:
            return pick(
                lang,
                f"closest existing ids: {', '.join(near)}; the ids are in {where}",
                f"id existentes más parecidos: {', '.join(near)}; los id están en {where}",
            )
        return pick(lang, f"use an id that exists in {where}", f"use un id que exista en {where}")
    if issue.path == "data/site.yaml":
        return pick(
            lang,
            "correct the name: tables are declared in data/*/datapackage.yaml, fields in schemas/",
            "corrija el nombre: las tablas se declaran en data/*/datapackage.yaml, los campos en "
            "schemas/",
        )
    return pick(
        lang,
        "compare with another dataset's datapackage.yaml",
        "compare con el datapackage.yaml de otro conjunto de datos",
    )


# settings (load/settings.py)
def hint_setting_unknown(issue: Issue, ctx: Context, lang: str) -> str:
    near = issue.details.get("near") or []
    if near:
        return pick(lang, f'did you mean "{near[0]}"?', f'¿quiso decir "{near[0]}"?')
    allowed = ", ".join(issue.details.get("allowed") or [])
    return pick(
        lang,
        f"the settings here are: {allowed} (README.md, Settings)",
        f"los ajustes posibles aquí son: {allowed} (README.md, Settings)",
    )


def hint_privacy_setting(issue: Issue, ctx: Context, lang: str) -> str:
    error = issue.details.get("error")
    return pick(
        lang,
        "give each identifier a label, a label_es and a Python regular expression as pattern"
        + (f' (Python says: "{error}")' if error else "")
        + '; see "Identifier patterns" in CONTRIBUTING.md',
        "dé a cada identificador un label, un label_es y una expresión regular de Python en pattern"
        + (f" (Python dice: «{error}»)" if error else "")
        + "; vea «Patrones de identificadores» en CONTRIBUTING.es.md",
    )


def hint_yaml_comment(issue: Issue, ctx: Context, lang: str) -> str:
    """The field that lost its words, in the example: `name: "… #…"`, not always `note:`; an
    item of a list, as an item: `- "… #…"`."""
    field = "-" if issue.details.get("item") else f"{issue.field or 'title'}:"
    return pick(
        lang,
        f'in YAML, " #" starts a comment: write {field} "Report #12 of Foro Penal", the whole '
        "text inside the quotes",
        f'en YAML, " #" empieza un comentario: escriba {field} "Informe #12 de Foro Penal", '
        "con todo el texto dentro de las comillas",
    )


def hint_yaml_shape(issue: Issue, ctx: Context, lang: str) -> str:
    if issue.message == "the file is empty":
        table = ctx.table_of(issue.path)
        new = f"python build.py new {table.name}" if table else "python build.py new TABLE"
        return pick(
            lang,
            f"write the record's fields, one field: value per line (`{new}` prints one to fill "
            "in), or delete the file",
            f"escriba los campos del registro, un campo: valor por línea (`{new} --lang es` "
            "imprime uno para llenar), o borre el archivo",
        )
    if issue.details.get("list"):  # a list where the field takes one value
        table = ctx.table_of(issue.path)
        specs = table.schema.get("fields", []) if table else []
        fields = ", ".join(f["name"] for f in specs if f.get("type") == "list")
        return pick(
            lang,
            "write the value after the colon as one text; a list, in [ ] or on lines starting "
            f'with "- ", is only for a list field{f" ({fields})" if fields else ""}',
            "escriba el valor después de los dos puntos como un solo texto; una lista, entre [ ] "
            f'o en líneas que empiezan por "- ", es solo para un campo de lista'
            f"{f' ({fields})' if fields else ''}",
        )
    return pick(
        lang,
        "write one field: value per line; write a list as [a, b]",
        "escriba un campo: valor por línea; escriba una lista como [a, b]",
    )


def hint_version(issue: Issue, ctx: Context, lang: str) -> str:
    """What to do about a dataset's version: by the case `version` met, else its form."""
    case = issue.details.get("case", "")
    if case == "unchanged":
        return pick(
            lang,
            "a version freezes what changed since the last one: change the data first",
            "una versión congela lo que cambió desde la anterior: cambie antes los datos",
        )
    if case == "frozen":
        return pick(
            lang,
            "run `python build.py version <dataset>`, which takes the next version itself, or "
            "set a higher version in datapackage.yaml",
            "ejecute `python build.py version <conjunto>`, que toma la versión siguiente, o "
            "ponga una versión mayor en datapackage.yaml",
        )
    if case == "first":
        return pick(
            lang,
            "the first version is the one datapackage.yaml declares; set it there",
            "la primera versión es la que declara datapackage.yaml; póngala allí",
        )
    return pick(
        lang,
        "write the version as three whole numbers with dots, higher than every version used before",
        "escriba la versión como tres números enteros separados por puntos, mayor que toda "
        "versión usada antes",
    )


# Hints worked out from the project and the problem (did-you-mean, the accepted values), in both
# languages; every other code's hint is fixed, and declared with the code in datasite/catalogue.py.
COMPUTED_HINTS: dict[str, Callable[[Issue, Context, str], str]] = {
    "enum": hint_enum,
    "type": hint_type,
    "required": hint_required,
    "pattern": hint_pattern,
    "minimum": hint_minimum,
    "maximum": hint_maximum,
    "max-length": hint_max_length,
    "min-length": hint_min_length,
    "missing-source": hint_missing_source,
    "unknown-source": hint_reference,
    "foreign-key": hint_reference,
    "duplicate-claim": hint_duplicate_claim,
    "date-precision": hint_date_precision,
    "version": hint_version,
    "date-invalid": hint_date_invalid,
    "privacy-setting": hint_privacy_setting,
    "unknown-field": hint_unknown_field,
    "missing-column": hint_missing_column,
    "csv-header": hint_csv_header,
    "csv-ragged": hint_csv_ragged,
    "date-dmy": hint_date_dmy,
    "unsafe-path": hint_unsafe_path,
    "config": hint_config,
    "setting-unknown": hint_setting_unknown,
    "yaml-comment": hint_yaml_comment,
    "yaml-shape": hint_yaml_shape,
}


def fixed_hint(code: str, lang: str) -> str:
    """The catalogue's hint for a code whose hint does not depend on the problem; "" if none."""
    problem = PROBLEMS.get(code)
    if problem is None or problem.hint == COMPUTED:
        return ""
    return pick(lang, *problem.hint)


def hint_of(issue: Issue, ctx: Context, lang: str) -> str:
    """The hint for one problem, in lang; a privacy problem in a frozen version, which no edit
    may fix, says how a version is withdrawn."""
    if issue.code.startswith("privacy-") and issue.path.startswith("versions/"):
        return pick(
            lang,
            "a frozen version is never edited: withdraw every version that holds it (SECURITY.md, "
            '"How a leaked record is removed", step 2)',
            "una versión congelada nunca se edita: retire cada versión que lo contenga "
            "(SECURITY.es.md, «Cómo se retira un registro filtrado», paso 2)",
        )
    hidden = invisible(issue.details.get("value"), lang)
    if hidden:
        return pick(
            lang,
            f"the value holds an invisible character ({hidden}), which a copy from a web page "
            "or a chat brings along: type the value again",
            f"el valor contiene un carácter invisible ({hidden}), que trae una copia de una "
            "página web o de un chat: escriba el valor de nuevo",
        )
    if curly_quoted(issue.details.get("value")):
        return pick(
            lang,
            'remove the curly quotes: YAML and CSV take only straight quotes (") as quotes, so '
            "these became part of the value",
            'quite las comillas tipográficas: YAML y CSV solo toman las comillas rectas (") como '
            "comillas, así que estas quedaron dentro del valor",
        )
    maker = COMPUTED_HINTS.get(issue.code)
    return maker(issue, ctx, lang) if maker else fixed_hint(issue.code, lang)


# Characters that show as nothing: a refused value that holds one looks right when quoted.
INVISIBLE = {  # code point: (English name, Spanish name)
    "\u200b": ("U+200B ZERO WIDTH SPACE", "U+200B espacio de ancho cero"),
    "\u200c": ("U+200C ZERO WIDTH NON-JOINER", "U+200C separador de ancho cero"),
    "\u200d": ("U+200D ZERO WIDTH JOINER", "U+200D unión de ancho cero"),
    "\u2060": ("U+2060 WORD JOINER", "U+2060 unión de palabras"),
    "\ufeff": ("U+FEFF ZERO WIDTH NO-BREAK SPACE", "U+FEFF espacio de ancho cero sin salto"),
    "\u00ad": ("U+00AD SOFT HYPHEN", "U+00AD guion opcional"),
}


def invisible(value: object, lang: str = "en") -> str:
    """The first invisible character a refused value holds, named in lang; "" for none."""
    found = next((INVISIBLE[c] for c in str(value or "") if c in INVISIBLE), None)
    return pick(lang, *found) if found else ""


# Typographic quotes a word processor or phone keyboard puts in: to YAML and CSV, letters.
CURLY_QUOTES = "“”„‟‘’‚‛«»"


def curly_quoted(value: object) -> bool:
    """A refused value wrapped in typographic quotes (“released”), which were meant as quotes."""
    text = str(value or "").strip()
    return len(text) > 2 and text[0] in CURLY_QUOTES and text[-1] in CURLY_QUOTES
