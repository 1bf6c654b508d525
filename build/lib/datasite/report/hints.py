"""How to fix each problem: one hint per code, in English or Spanish, drawn from the schemas and the data."""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import difflib
import functools
import re
from collections.abc import Callable

from datasite.issues import Issue
from datasite.model import SLUG, Project, Table, as_list, describe

SLUG_PATTERN = SLUG.pattern
DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
URL_PATTERN = "^https?://\\S+$"
DATE_FORMS = {
    "day": ("YYYY-MM-DD", "2026-01-15"),
    "month": ("YYYY-MM", "2026-01"),
    "year": ("YYYY", "2026"),
}
DATE_FORMS_ES = {"day": "AAAA-MM-DD", "month": "AAAA-MM", "year": "AAAA"}


class Context:
    """What hints may look up: the tables, which table a file belongs to, the field specs."""

    def __init__(self, project: Project):
        self.project = project
        self.tables = project.tables()

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

    def where(self, table_name: str) -> str:
        """Where a table's rows are kept, for 'add it to … first'."""
        table = self.tables.get(table_name)
        return table.path if table else table_name


def add_hints(project: Project, issues: list[Issue], lang: str = "en") -> list[Issue]:
    """The issues with their hint filled in, in lang; codes without a hint keep an empty one."""
    context = Context(project)
    out = []
    for issue in issues:
        maker = HINTS.get(issue.code)
        hint = maker(issue, context, lang) if maker else ""
        out.append(dataclasses.replace(issue, hint=hint))
    return out


def pick(lang: str, en: str, es: str) -> str:
    return es if lang == "es" else en


# Beyond this many choices (the ids of a large table), only the NEAR_IN_ORDER ids next to the
# value in sorted order are compared: a typo mostly keeps an id's start, and comparing with
# every id of a 100,000-row table took seconds per problem.
MANY_CHOICES = 5_000
NEAR_IN_ORDER = 500


def closest(value: str, choices: list[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices nearest to value, comparing as a contributor types (case, spaces and hyphens aside)."""
    folded_choices, texts = prepared(tuple(choices) if not isinstance(choices, tuple) else choices)
    folded = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    if folded in folded_choices:
        return [folded_choices[folded]]
    if len(texts) > MANY_CHOICES:
        at = bisect.bisect_left(texts, str(value))
        texts = texts[max(0, at - NEAR_IN_ORDER // 2) : at + NEAR_IN_ORDER // 2]
    return difflib.get_close_matches(str(value), list(texts), n=n, cutoff=cutoff)


@functools.lru_cache(maxsize=8)
def prepared(choices: tuple) -> tuple[dict[str, str], tuple[str, ...]]:
    """Choices folded for lookup and, when many, sorted: worked out once per list of choices
    (the issues against one table all carry the same list of its ids)."""
    by_fold = {re.sub(r"[\s-]+", "_", str(c).lower()): c for c in choices}
    texts = [str(c) for c in choices]
    return by_fold, tuple(sorted(texts) if len(texts) > MANY_CHOICES else texts)


def quoted(values: list[str]) -> str:
    return ", ".join(f'"{v}"' for v in values)


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")[:80]


def hint_enum(issue: Issue, ctx: Context, lang: str) -> str:
    allowed = [
        str(a)
        for a in issue.details.get("limit")
        or ctx.field(issue).get("constraints", {}).get("enum", [])
    ]
    near = closest(str(issue.details.get("value", "")), allowed)
    if near:
        return pick(lang, f'did you mean "{near[0]}"?', f'¿quiso decir "{near[0]}"?')
    return pick(
        lang,
        "write one of the listed values exactly as shown, in lowercase with _ between words",
        "escriba uno de los valores de la lista tal como aparece, en minúsculas y con _ entre palabras",
    )


def hint_type(issue: Issue, ctx: Context, lang: str) -> str:
    kind = issue.details.get("type") or ctx.field(issue).get("type", "")
    if kind == "integer":
        return pick(
            lang,
            "write a whole number with digits only, e.g. 1200 (no dots, commas or words); leave it empty if the source gives no number",
            "escriba un número entero solo con cifras, p. ej. 1200 (sin puntos, comas ni palabras); déjelo vacío si la fuente no da cifra",
        )
    if kind == "number":
        return pick(
            lang,
            "write a number with a point for decimals, e.g. 10.4806",
            "escriba un número con punto decimal, p. ej. 10.4806",
        )
    if kind == "boolean":
        return pick(lang, "write true or false", "escriba true o false")
    return pick(lang, f"write a value of type {kind}", f"escriba un valor de tipo {kind}")


def hint_required(issue: Issue, ctx: Context, lang: str) -> str:
    spec = ctx.field(issue)
    text = describe(spec, lang)
    lead = pick(lang, "fill it in", "rellénelo")
    hint = f"{lead}: {text}" if text else lead
    if spec.get("example"):
        hint += pick(lang, f" (e.g. {spec['example']})", f" (p. ej. {spec['example']})")
    return hint


def accepted_dates(lang: str) -> str:
    if lang == "es":
        return (
            "fechas aceptadas: AAAA-MM-DD con precisión day (2026-01-15), AAAA-MM con precisión month (2026-01), "
            "AAAA con precisión year (2026), o vacía con precisión unknown"
        )
    return (
        "accepted dates: YYYY-MM-DD with precision day (2026-01-15), YYYY-MM with precision month (2026-01), "
        "YYYY with precision year (2026), or empty with precision unknown"
    )


def hint_pattern(issue: Issue, ctx: Context, lang: str) -> str:
    spec = ctx.field(issue)
    pattern = str(issue.details.get("limit") or spec.get("constraints", {}).get("pattern", ""))
    value = str(issue.details.get("value", ""))
    if pattern == DATE_PATTERN or spec.get("precisionField"):
        return accepted_dates(lang)
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
    for fk in table.schema.get("foreignKeys", []) if table else []:
        if issue.field in as_list(fk.get("fields")):
            return fk.get("reference", {}).get("resource") or table.name
    return ""


def hint_missing_source(issue: Issue, ctx: Context, lang: str) -> str:
    where = ctx.where(
        reference_target(ctx, issue) or ctx.project.site.get("sources_table", "sources")
    )
    return pick(
        lang,
        f"write the id of the source that reports this; if it is a new source, add it to {where} first",
        f"escriba el id de la fuente que lo informa; si es una fuente nueva, añádala antes a {where}",
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
    near = closest(
        str(issue.details.get("value", "")), issue.details.get("known", []), n=3, cutoff=0.6
    )
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


def hint_duplicate_key(issue: Issue, ctx: Context, lang: str) -> str:
    return pick(
        lang,
        "give this row an id of its own; if it is the same record, correct the first one instead",
        "dé a esta fila un id propio; si es el mismo registro, corrija el primero en su lugar",
    )


def hint_duplicate_claim(issue: Issue, ctx: Context, lang: str) -> str:
    first = issue.details.get("first", "")
    return pick(
        lang,
        f'if both report one claim, delete this row and add its sources to the source list of "{first}"; '
        "if they are two claims, correct the field that tells them apart",
        f'si ambas informan de una misma cifra, borre esta fila y añada sus fuentes a la lista de fuentes de "{first}"; '
        "si son dos cifras distintas, corrija el campo que las distingue",
    )


def date_form(value: str) -> str:
    return next((name for name, (form, _) in DATE_FORMS.items() if len(value) == len(form)), "")


def hint_date_precision(issue: Issue, ctx: Context, lang: str) -> str:
    value = str(issue.details.get("value", ""))
    precision = str(issue.details.get("precision", ""))
    precision_field = ctx.field(issue).get("precisionField", "precision")
    if not value:
        # The precision's own word for "no date": not_stated where its enum has it (a window).
        table = ctx.table_of(issue.path)
        spec = (
            table.field(precision_field) if table and precision_field in table.field_names else {}
        )
        none = (
            "not_stated"
            if "not_stated" in spec.get("constraints", {}).get("enum", [])
            else "unknown"
        )
        return pick(
            lang,
            f'write the date, or set {precision_field} to "{none}"',
            f'escriba la fecha, o ponga {precision_field} en "{none}"',
        )
    form = date_form(value)
    if precision in DATE_FORMS:
        form_of = pick(lang, DATE_FORMS[precision][0], DATE_FORMS_ES[precision])
        example = DATE_FORMS[precision][1]
        return pick(
            lang,
            f'set {precision_field} to "{form}", or write the date as {form_of} (e.g. {example})',
            f'ponga {precision_field} en "{form}", o escriba la fecha como {form_of} (p. ej. {example})',
        )
    return pick(
        lang,
        f'set {precision_field} to "{form}" to match {value}; {accepted_dates(lang)}',
        f'ponga {precision_field} en "{form}" para que coincida con {value}; {accepted_dates(lang)}',
    )


def hint_date_invalid(issue: Issue, ctx: Context, lang: str) -> str:
    parts = [int(p) for p in str(issue.details.get("value", "")).split("-") if p.isdigit()]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return pick(lang, "months go from 01 to 12", "los meses van de 01 a 12")
    if len(parts) == 3:
        days = calendar.monthrange(parts[0], parts[1])[1]
        return pick(
            lang,
            f"{parts[0]:04d}-{parts[1]:02d} has {days} days",
            f"{parts[0]:04d}-{parts[1]:02d} tiene {days} días",
        )
    return pick(lang, "check the day and the month", "revise el día y el mes")


def hint_date_future(issue: Issue, ctx: Context, lang: str) -> str:
    return pick(
        lang,
        "check the year and the month; a fact is recorded once a source reports that it happened",
        "revise el año y el mes; un hecho se registra cuando una fuente informa de que ocurrió",
    )


def hint_privacy_identifier(issue: Issue, ctx: Context, lang: str) -> str:
    return pick(
        lang,
        'delete it from the text; see "What never to publish" in CONTRIBUTING.md',
        "bórrelo del texto; vea «Lo que nunca se publica» en CONTRIBUTING.es.md",
    )


def hint_privacy_minor(issue: Issue, ctx: Context, lang: str) -> str:
    return pick(
        lang,
        "leave a minor's personal fields empty; keep only the facts of the release",
        "deje vacíos los campos personales de un menor; conserve solo los hechos de la excarcelación",
    )


def hint_unknown_field(issue: Issue, ctx: Context, lang: str) -> str:
    allowed = [str(a) for a in issue.details.get("allowed", [])]
    near = closest(issue.field, allowed)
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


def hint_unsafe_path(issue: Issue, ctx: Context, lang: str) -> str:
    if issue.path.startswith("versions/") or issue.path == "versions":
        return pick(
            lang,
            "a frozen version holds plain files only, named in its lock; restore it with `git checkout`",
            "una versión congelada solo contiene archivos normales, nombrados en su lock; restáurela con `git checkout`",
        )
    return pick(
        lang,
        "keep every table file inside its dataset folder",
        "mantenga cada archivo de tabla dentro de la carpeta de su conjunto de datos",
    )


def hint_config(issue: Issue, ctx: Context, lang: str) -> str:
    if issue.path == "data/site.yaml":
        return pick(
            lang,
            "correct the name: tables are declared in data/*/datapackage.yaml, fields in schemas/",
            "corrija el nombre: las tablas se declaran en data/*/datapackage.yaml, los campos en schemas/",
        )
    return pick(
        lang,
        "compare with another dataset's datapackage.yaml",
        "compare con el datapackage.yaml de otro conjunto de datos",
    )


def fixed(en: str, es: str) -> Callable[[Issue, Context, str], str]:
    """A hint that does not depend on the problem's details."""
    return lambda issue, ctx, lang: pick(lang, en, es)


QUOTE_EN = 'put a value that contains a comma, a quote or a line break in double quotes, and double any quote inside it ("")'
QUOTE_ES = 'ponga entre comillas dobles un valor que contenga coma, comillas o salto de línea, y duplique las comillas de dentro ("")'

HINTS: dict[str, Callable[[Issue, Context, str], str]] = {
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
    "duplicate-key": hint_duplicate_key,
    # claims (issue 13)
    "duplicate-claim": hint_duplicate_claim,
    "date-precision": hint_date_precision,
    "date-invalid": hint_date_invalid,
    "date-future": hint_date_future,
    "privacy-identifier": hint_privacy_identifier,
    "privacy-minor": hint_privacy_minor,
    "privacy-name": fixed(
        "remove the withheld name; refer to the person only by the record's id",
        "quite el nombre reservado; refiérase a la persona solo por el id del registro",
    ),
    "hidden-text": fixed(
        "retype the text without the invisible direction control (copying from a word processor or a "
        "right-to-left text can bring one in)",
        "vuelva a escribir el texto sin el control de dirección invisible (copiar de un procesador de "
        "textos o de un texto de derecha a izquierda puede traerlo)",
    ),
    "privacy-singling-out": fixed(
        "give the month only (precision month), or leave out the facility",
        "indique solo el mes (precisión month), u omita el centro",
    ),
    "unknown-field": hint_unknown_field,
    "missing-column": hint_missing_column,
    "csv-header": hint_csv_header,
    "blank-row": fixed("fill in the record, or delete it", "rellene el registro, o bórrelo"),
    "csv-ragged": fixed(QUOTE_EN, QUOTE_ES),
    "csv-syntax": fixed(QUOTE_EN, QUOTE_ES),
    "csv-duplicate-header": fixed(
        "keep one of the two columns, or rename one",
        "conserve una de las dos columnas, o cambie el nombre de una",
    ),
    "encoding": fixed(
        'in your editor, save the file with the encoding "UTF-8"',
        "en su editor, guarde el archivo con la codificación «UTF-8»",
    ),
    "yaml-syntax": fixed(
        'indent with spaces, never tabs, and put in double quotes a value that contains ": " or starts with a symbol',
        'sangre con espacios, nunca tabuladores, y ponga entre comillas dobles un valor que contenga ": " o empiece por un símbolo',
    ),
    "yaml-shape": fixed(
        "write one field: value per line; write a list as [a, b]",
        "escriba un campo: valor por línea; escriba una lista como [a, b]",
    ),
    "yaml-duplicate-key": fixed(
        "keep only one of the two lines", "conserve solo una de las dos líneas"
    ),
    "yaml-alias": fixed(
        "copy the value in full where it is needed", "copie el valor completo donde haga falta"
    ),
    "yaml-tag": fixed(
        "delete the word that starts with ! before the value",
        "borre la palabra que empieza por ! antes del valor",
    ),
    "file-too-large": fixed(
        "split the table into several files, or ask a maintainer",
        "divida la tabla en varios archivos, o consulte a quien mantiene el proyecto",
    ),
    "file-missing": fixed(
        "create the file, or correct the path in datapackage.yaml",
        "cree el archivo, o corrija la ruta en datapackage.yaml",
    ),
    "unknown-file": fixed(
        "move or rename the file: tables are .csv or .yaml",
        "mueva o renombre el archivo: las tablas son .csv o .yaml",
    ),
    "mkdocs-setting": fixed(
        "keep mkdocs.yml as shipped for these keys; theme overrides go in site_templates/overrides",
        "deje mkdocs.yml como se entrega en estas claves; las plantillas del tema van en site_templates/overrides",
    ),
    "symlink": fixed(
        "replace the link with the file itself", "sustituya el enlace por el propio archivo"
    ),
    "special-file": fixed(
        "delete it; only regular files belong in the project",
        "bórrelo; en el proyecto solo caben archivos normales",
    ),
    "unsafe-name": fixed(
        "use lowercase letters, digits and hyphens (tables: _ instead of hyphens)",
        "use minúsculas, cifras y guiones (en tablas, _ en lugar de guiones)",
    ),
    "unsafe-path": hint_unsafe_path,
    "frozen-file": fixed(
        "restore the version with `git checkout`; a version is only what `python build.py version` writes",
        "restaure la versión con `git checkout`; una versión es solo lo que escribe `python build.py version`",
    ),
    "frozen-package": fixed(
        "restore the version with `git checkout`; a version is only what `python build.py version` writes",
        "restaure la versión con `git checkout`; una versión es solo lo que escribe `python build.py version`",
    ),
    "frozen-withdrawn": fixed(
        'see "How a leaked record is removed" in SECURITY.md',
        "vea «How a leaked record is removed» en SECURITY.md",
    ),
    "frozen-history": fixed(
        "run `git status` in the project folder; for another user's clone, `git config --global --add safe.directory <folder>`",
        "ejecute `git status` en la carpeta del proyecto; para un clon de otro usuario, "
        "`git config --global --add safe.directory <carpeta>`",
    ),
    "frozen-interrupted": fixed(
        "nothing of it was published; it is safe to delete",
        "nada de eso se publicó; se puede borrar sin riesgo",
    ),
    "privacy-withheld": fixed(
        "withdraw the version (SECURITY.md); never publish a withheld record's personal fields",
        "retire la versión (SECURITY.md); nunca publique los campos personales de un registro reservado",
    ),
    "config": hint_config,
    "schema-invalid": fixed(
        "schemas are Frictionless Table Schemas; ask a maintainer",
        "los esquemas son Table Schema de Frictionless; consulte a quien mantiene el proyecto",
    ),
    "not-finite": fixed(
        "write digits, like 12.5; NaN, Infinity and numbers like 1e999 cannot be published",
        "escriba cifras, como 12.5; NaN, Infinity y números como 1e999 no se pueden publicar",
    ),
    "number-precision": fixed(
        "check the number: a count or a coordinate never needs more digits",
        "revise el número: un recuento o una coordenada nunca necesita más cifras",
    ),
    "text-too-long": fixed(
        "shorten the text; a long document belongs in a source, cited by its link",
        "acorte el texto; un documento largo va en una fuente, citada por su enlace",
    ),
    "check-failed": fixed(
        "write the value as a plain number or text; if it looks right, ask a maintainer",
        "escriba el valor como un número o texto sencillo; si parece correcto, consulte a quien mantiene el proyecto",
    ),
}
