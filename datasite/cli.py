"""The command line: the only place that prints or decides exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from datasite.check.privacy import Identifiers, identifiers_of, redact
from datasite.check.tables import check_project
from datasite.issues import DataError, Issue, closest, sort_issues
from datasite.language import LANGUAGES, argv_lang, default_lang
from datasite.load.inputs import input_issues
from datasite.load.project import load_project
from datasite.load.settings import SITE_ADDRESS, SITE_ADDRESS_FORM
from datasite.load.spill import return_freed_memory
from datasite.load.split import SplitRefused, find_table, split_table, splittable
from datasite.model import Project
from datasite.package.datapackage import freeze_version, record_published
from datasite.package.versions import clear_leftovers
from datasite.pipeline import collect, source_date, write_site
from datasite.publish.cache import code_fingerprint, fingerprint, is_current
from datasite.publish.memo import Memo, cache_folder
from datasite.publish.site import (
    Interrupted,
    OutputBusy,
    interrupts_held,
    output_problem,
    publish,
)
from datasite.render.fields import UnsafeOutput, write_field_reference
from datasite.report.diff import diff_against
from datasite.report.hints import add_hints, pick
from datasite.report.messages import localize
from datasite.report.output import as_github, as_json, as_text, job_summary
from datasite.report.positions import add_columns
from datasite.report.private import PrivateRecords, hide_private
from datasite.report.progress import Progress
from datasite.report.scaffold import UnknownTable, scaffold
from datasite.report.sheet_import import (
    WRITTEN,
    apply,
    check_batches,
    plan,
    read_sheet,
    undo,
    written,
)
from datasite.report.site_changes import as_markdown as site_changes_markdown
from datasite.report.site_changes import compare_sites
from datasite.report.template import write_templates

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C


class UsageError(Exception):
    """Wrong usage, raised by the parser (its own words), printed by main in the user's language."""

    def __init__(self, usage: str, prog: str, message: str):
        super().__init__(message)
        self.usage, self.prog, self.message = usage, prog, message


class UsageParser(argparse.ArgumentParser):
    """argparse, but its errors come back to main, which says them in the user's language, and
    its help is in Spanish once spanish_help has translated it."""

    spanish = False

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(self.format_usage(), self.prog, message)

    def format_help(self) -> str:
        text = super().format_help()
        if self.spanish:
            for pattern, words in HELP_HEADINGS_ES:
                text = re.sub(pattern, words, text)
        return text


# argparse's own words for wrong usage (Python 3.11), in Spanish; its usage line stays as it is.
USAGE_ES = (
    (r"^usage: ", "uso: "),
    (r"argument command: ", "orden: "),
    (r"argument (\S+): ", r"argumento \1: "),
    (r"invalid choice: (.*) \(choose from (.*)\)$", r"opción no válida: \1 (elija entre \2)"),
    (r"unrecognized arguments: ", "argumentos no reconocidos: "),
    (r"the following arguments are required: ", "faltan argumentos obligatorios: "),
    (r"expected one argument$", "falta su valor"),
    (r"invalid (\S+) value: ", r"valor no válido (\1): "),
    (r"ambiguous option: (\S+) could match ", r"opción ambigua: \1 puede ser "),
    (r"not allowed with argument ", "no se admite junto con el argumento "),
)


# The command line's help (--help), in Spanish: each English help text's translation, applied to
# the built parser (spanish_help); a help text without one fails tests/cli/test_usage.py.
HELP_ES = {
    "Check the data and build the open-data site.": (
        "Comprueba los datos y construye el sitio de datos abiertos."
    ),
    "show this help message and exit": "muestra esta ayuda y termina",
    "project folder (default: the folder of build.py)": (
        "carpeta del proyecto (por defecto: la carpeta de build.py)"
    ),
    "language of every command's messages and help (default: the locale's); a command's own "
    "--lang, after its name, wins": (
        "idioma de los mensajes y la ayuda de todas las órdenes (por defecto, el de la "
        "configuración regional); el --lang propio de una orden, tras su nombre, prevalece"
    ),
    "check the data, then build the site into site/ (the default)": (
        "comprueba los datos y construye el sitio en site/ (la orden por defecto)"
    ),
    "check all data and print every problem as path:line: code: message": (
        "comprueba todos los datos e imprime cada problema como ruta:línea: código: mensaje"
    ),
    "print a ready-to-fill record for TABLE in its own format (a CSV row under its header, or "
    "commented YAML)": (
        "imprime un registro listo para llenar de TABLA en su formato (una fila CSV bajo su "
        "encabezado, o YAML comentado)"
    ),
    "write a spreadsheet (XLSX) template for TABLE, with drop-down lists and field notes": (
        "escribe una plantilla de hoja de cálculo (XLSX) para TABLA, con listas desplegables y "
        "notas de los campos"
    ),
    "check the records of a filled XLSX or CSV file and add them to the data files": (
        "comprueba los registros de un archivo XLSX o CSV lleno y los añade a los archivos de datos"
    ),
    "write the field reference docs/fields.md and docs/fields.es.md from the schemas": (
        "escribe la referencia de campos docs/fields.md y docs/fields.es.md a partir de los "
        "esquemas"
    ),
    "what the working data changes against a git revision, as Markdown": (
        "lo que los datos de trabajo cambian respecto de una revisión de git, en Markdown"
    ),
    "the pages a change adds, removes and changes, by language, as Markdown (two sites built "
    "with the same SOURCE_DATE_EPOCH)": (
        "las páginas que un cambio añade, quita y cambia, por idioma, en Markdown (dos sitios "
        "construidos con el mismo SOURCE_DATE_EPOCH)"
    ),
    "freeze a dataset's working data as a new version under versions/": (
        "congela los datos de trabajo de un conjunto de datos como una nueva versión en versions/"
    ),
    "turn a table kept in one file into a folder of one-record YAML files (<id>.yaml)": (
        "convierte una tabla guardada en un archivo en una carpeta de archivos YAML de un "
        "registro (<id>.yaml)"
    ),
    "output folder (default: <root>/site)": "carpeta de salida (por defecto: <root>/site)",
    "build even when no input changed since the last build": (
        "construye aunque ninguna entrada haya cambiado desde la última construcción"
    ),
    "the site's public address (overrides DATASITE_BASE_URL and base_url in site.yaml)": (
        "la dirección pública del sitio (prevalece sobre DATASITE_BASE_URL y base_url en site.yaml)"
    ),
    "the project's repository, for the footer's links to report an error (overrides "
    "DATASITE_REPOSITORY and repository in site.yaml)": (
        "el repositorio del proyecto, para los enlaces del pie para informar de un error "
        "(prevalece sobre DATASITE_REPOSITORY y repository en site.yaml)"
    ),
    "language of messages and hints (default as for validate)": (
        "idioma de los mensajes y sugerencias (por defecto, como en validate)"
    ),
    "show progress lines on stderr even when it is not a terminal": (
        "muestra líneas de progreso en stderr aunque no sea una terminal"
    ),
    "no progress lines, even on a terminal": "sin líneas de progreso, aun en una terminal",
    "text (default), json, or github (workflow annotations)": (
        "text (por defecto), json o github (anotaciones de flujo de trabajo)"
    ),
    "language of messages and hints (default: es when LANG starts with es, else en)": (
        "idioma de los mensajes y sugerencias (por defecto: es si LANG empieza por es, si no en)"
    ),
    "a table name, e.g. tallies": "el nombre de una tabla, p. ej. tallies",
    "language of the comments (default as for validate)": (
        "idioma de los comentarios (por defecto, como en validate)"
    ),
    "one template per table, into a folder": "una plantilla por tabla, en una carpeta",
    "language of the notes (default as for validate)": (
        "idioma de las notas (por defecto, como en validate)"
    ),
    "the file to write (default TABLE.xlsx, or TABLE.es.xlsx in Spanish); with --all, the "
    "folder (default templates)": (
        "el archivo que se escribe (por defecto TABLA.xlsx, o TABLA.es.xlsx en español); con "
        "--all, la carpeta (por defecto templates)"
    ),
    "a filled .xlsx template or a .csv file": "una plantilla .xlsx llena o un archivo .csv",
    "the table the rows belong to (default: each sheet's name, or the CSV file's name)": (
        "la tabla de las filas (por defecto: el nombre de cada hoja, o el del archivo CSV)"
    ),
    "language of messages and hints (default as validate)": (
        "idioma de los mensajes y sugerencias (por defecto, como en validate)"
    ),
    "git revision to compare with (a branch, tag or commit)": (
        "revisión de git con la que comparar (una rama, etiqueta o commit)"
    ),
    "language of the headings, labels and masks (default as for validate)": (
        "idioma de los títulos, etiquetas y máscaras (por defecto, como en validate)"
    ),
    "the site before the change": "el sitio antes del cambio",
    "the site after the change": "el sitio después del cambio",
    "language of the headings (default as for validate)": (
        "idioma de los títulos (por defecto, como en validate)"
    ),
    "the dataset to freeze (its folder name under data/)": (
        "el conjunto de datos que se congela (el nombre de su carpeta en data/)"
    ),
    "the bump (default: what the changes need)": (
        "el salto de versión (por defecto: el que piden los cambios)"
    ),
    "why this version was made (what was corrected and why); leads its CHANGELOG.md entry": (
        "por qué se hizo esta versión (qué se corrigió y por qué); encabeza su entrada de "
        "CHANGELOG.md"
    ),
    "e.g. prisoner-releases/tallies": "p. ej. prisoner-releases/tallies",
    "every table kept in one file, except large ones (256 KiB or more)": (
        "cada tabla guardada en un archivo, salvo las grandes (256 KiB o más)"
    ),
}
# argparse's own headings in a help text (Python 3.11), in Spanish.
HELP_HEADINGS_ES = (
    (r"^usage: ", "uso: "),
    (r"\npositional arguments:\n", "\nargumentos posicionales:\n"),
    (r"\noptions:\n", "\nopciones:\n"),
)


def parser_actions(p: argparse.ArgumentParser) -> list:
    """Every parser (the command's and each subcommand's) and each one's actions, for the help
    texts they carry."""
    out: list = [(p, p._actions)]
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            out.append((p, action._choices_actions))
            for sub in dict.fromkeys(action.choices.values()):
                out += parser_actions(sub)
    return out


# The placeholders of --help in Spanish (argparse names an option's value after the option).
METAVARS_ES = {
    "TABLE": "TABLA",
    "FILE": "ARCHIVO",
    "ROOT": "CARPETA",
    "SITE": "CARPETA",
    "OUT": "ARCHIVO",
    "OLD_SITE": "SITIO_ANTERIOR",
    "NEW_SITE": "SITIO_NUEVO",
    "NOTE": "NOTA",
    "DATASET/TABLE": "CONJUNTO/TABLA",
    "DATASET": "CONJUNTO",
    "BASE": "REVISIÓN",
    "URL": "URL",
}


def spanish_help(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser with its help texts and headings in Spanish (--help with --lang es or a
    Spanish locale)."""
    for owner, actions in parser_actions(p):
        owner.description = HELP_ES.get(owner.description or "", owner.description)
        for action in actions:
            action.help = HELP_ES.get(action.help or "", action.help)
            shown = action.metavar or (action.dest.upper() if action.option_strings else "")
            if isinstance(shown, str) and shown in METAVARS_ES and not action.choices:
                action.metavar = METAVARS_ES[shown]
        if isinstance(owner, UsageParser):
            owner.spanish = True
    return p


def usage_message(error: UsageError, lang: str) -> str:
    """What wrong usage prints: the usage line, then the error, with the nearest command or
    choice when a word was mistyped ("valdate": did you mean "validate"?)."""
    message = error.message
    typo = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)$", message)
    near = closest(typo.group(1), re.findall(r"'([^']*)'", typo.group(2))) if typo else []
    usage, said = error.usage, f"{error.prog}: error: {message}"
    if lang == "es":
        for pattern, words in USAGE_ES:
            usage = re.sub(pattern, words, usage)
            said = re.sub(pattern, words, said)
    if near:
        said += f'; ¿quiso decir "{near[0]}"?' if lang == "es" else f'; did you mean "{near[0]}"?'
    return f"{usage}{said}\n"


def parser() -> argparse.ArgumentParser:
    p = UsageParser(prog="build.py", description="Check the data and build the open-data site.")
    p.add_argument("--root", type=Path, help="project folder (default: the folder of build.py)")
    p.add_argument(
        "--lang",
        dest="lang_all",
        choices=LANGUAGES,
        help="language of every command's messages and help (default: the locale's); a "
        "command's own --lang, after its name, wins",
    )
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="check the data, then build the site into site/ (the default)")
    b.add_argument("--site", type=Path, help="output folder (default: <root>/site)")
    b.add_argument(
        "--force", action="store_true", help="build even when no input changed since the last build"
    )
    b.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's public address (overrides DATASITE_BASE_URL and base_url in site.yaml)",
    )
    b.add_argument(
        "--repository",
        metavar="URL",
        help="the project's repository, for the footer's links to report an error "
        "(overrides DATASITE_REPOSITORY and repository in site.yaml)",
    )
    b.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of messages and hints (default as for validate)",
    )
    v = sub.add_parser(
        "validate", help="check all data and print every problem as path:line: code: message"
    )
    v.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text (default), json, or github (workflow annotations)",
    )
    v.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of messages and hints (default: es when LANG starts with es, else en)",
    )
    n = sub.add_parser(
        "new",
        help="print a ready-to-fill record for TABLE in its own format (a CSV row under its "
        "header, or commented YAML)",
    )
    n.add_argument("table", metavar="TABLE", help="a table name, e.g. tallies")
    n.add_argument(
        "--lang", choices=LANGUAGES, help="language of the comments (default as for validate)"
    )
    t = sub.add_parser(
        "template",
        help="write a spreadsheet (XLSX) template for TABLE, with drop-down lists and field notes",
    )
    t.add_argument("table", metavar="TABLE", nargs="?", help="a table name, e.g. tallies")
    t.add_argument("--all", action="store_true", help="one template per table, into a folder")
    t.add_argument(
        "--lang", choices=LANGUAGES, help="language of the notes (default as for validate)"
    )
    t.add_argument(
        "--out",
        type=Path,
        help="the file to write (default TABLE.xlsx, or TABLE.es.xlsx in Spanish); with --all, "
        "the folder (default templates)",
    )
    i = sub.add_parser(
        "import",
        help="check the records of a filled XLSX or CSV file and add them to the data files",
    )
    i.add_argument("file", metavar="FILE", type=Path, help="a filled .xlsx template or a .csv file")
    i.add_argument(
        "--table",
        help="the table the rows belong to (default: each sheet's name, or the CSV file's name)",
    )
    i.add_argument(
        "--lang", choices=LANGUAGES, help="language of messages and hints (default as validate)"
    )
    sub.add_parser(
        "fields",
        help="write the field reference docs/fields.md and docs/fields.es.md from the schemas",
    )
    d = sub.add_parser(
        "diff", help="what the working data changes against a git revision, as Markdown"
    )
    d.add_argument(
        "--base", required=True, help="git revision to compare with (a branch, tag or commit)"
    )
    d.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the headings, labels and masks (default as for validate)",
    )
    c = sub.add_parser(
        "compare-sites",
        help="the pages a change adds, removes and changes, by language, as Markdown "
        "(two sites built with the same SOURCE_DATE_EPOCH)",
    )
    c.add_argument("old_site", metavar="OLD_SITE", type=Path, help="the site before the change")
    c.add_argument("new_site", metavar="NEW_SITE", type=Path, help="the site after the change")
    c.add_argument(
        "--lang", choices=LANGUAGES, help="language of the headings (default as for validate)"
    )
    f = sub.add_parser(
        "version", help="freeze a dataset's working data as a new version under versions/"
    )
    f.add_argument("dataset", help="the dataset to freeze (its folder name under data/)")
    f.add_argument(
        "--bump",
        choices=["major", "minor", "patch"],
        help="the bump (default: what the changes need)",
    )
    f.add_argument(
        "--note",
        default="",
        help="why this version was made (what was corrected and why); leads its CHANGELOG.md entry",
    )
    f.add_argument(
        "--lang", choices=LANGUAGES, help="language of messages and hints (default as validate)"
    )
    s = sub.add_parser(
        "split",
        help="turn a table kept in one file into a folder of one-record YAML files (<id>.yaml)",
    )
    s.add_argument(
        "table", nargs="?", metavar="DATASET/TABLE", help="e.g. prisoner-releases/tallies"
    )
    s.add_argument(
        "--all",
        action="store_true",
        help="every table kept in one file, except large ones (256 KiB or more)",
    )
    for command in (b, v):
        command.add_argument(
            "--progress",
            action="store_true",
            help="show progress lines on stderr even when it is not a terminal",
        )
        command.add_argument(
            "--quiet", action="store_true", help="no progress lines, even on a terminal"
        )
    return p


# Addresses the hosting step knows (the Pages workflow sets the variables): each setting of
# site.yaml, the build option that overrides it, and the environment variable that does unless
# the option is given.
ADDRESSES = (
    ("base_url", "--base-url", "DATASITE_BASE_URL"),
    ("repository", "--repository", "DATASITE_REPOSITORY"),
)
NO_ADDRESS = (
    "Note: no site address is set (base_url in data/site.yaml, DATASITE_BASE_URL or --base-url), "
    "so links are relative: the site works from any folder or file://, but the sitemap lists no "
    "pages and the catalog, feed and citations carry no web address.\n"
)
NO_ADDRESS_ES = (
    "Nota: no hay dirección del sitio (base_url en data/site.yaml, DATASITE_BASE_URL o "
    "--base-url), así que los enlaces son relativos: el sitio funciona desde cualquier carpeta o "
    "file://, pero el mapa del sitio no lista páginas y el catálogo, el canal y las citas no "
    "llevan dirección web.\n"
)


def main(argv: list[str], root: Path) -> int:
    """Run one command; return its exit code (0 ok, 1 invalid data or failed build, 2 bad usage)."""
    try:
        lang = argv_lang(argv, dict(os.environ))
        args = (spanish_help(parser()) if lang == "es" else parser()).parse_args(argv)
    except UsageError as error:
        sys.stderr.write(usage_message(error, argv_lang(argv, dict(os.environ))))
        return EXIT_USAGE
    except SystemExit as error:  # --help
        return EXIT_OK if error.code == 0 else EXIT_USAGE
    root = (args.root or root).resolve()
    if getattr(args, "lang", None) is None:
        args.lang = args.lang_all  # `build.py --lang es validate`: before the command's name
    lang = args.lang or default_lang(dict(os.environ))
    if not (root / "data").is_dir():
        print(MAIN_SAID[lang]["no_data"].format(root=root), file=sys.stderr)
        return EXIT_USAGE
    # Ctrl-C unwinds generators of the libraries (openpyxl's writer), whose cleanup Python reports
    # as "Exception ignored …" tracebacks: held back, and shown only if the run was not interrupted.
    held: list = []
    shown, sys.unraisablehook = sys.unraisablehook, held.append
    try:
        code = run(args, root)
    except KeyboardInterrupt:
        # Each command that writes says itself what Ctrl-C left; the others changed nothing.
        print(MAIN_SAID[lang]["interrupted"], file=sys.stderr)
        code = EXIT_INTERRUPTED
    except OSError as error:
        # A full or unreadable disk, a missing file named on the command line, not bad data: a
        # message, never a traceback.
        print(
            f"Error: {os_error_words(error, lang)}"
            f"{': ' + str(error.filename) if error.filename else ''}",
            file=sys.stderr,
        )
        code = EXIT_INVALID
    if code != EXIT_INTERRUPTED:
        sys.unraisablehook = shown
        for unraisable in held:
            shown(unraisable)
    # After Ctrl-C the hook stays quiet: generators unwound by it are finalised later, at exit.
    return code


@dataclass(frozen=True)
class Masks:
    """What a printed problem leaves out: any identifier, and the values of a record that is
    not public (report/private.py)."""

    identifiers: Identifiers
    private: PrivateRecords | None = None


def masks_of(project: Project | None) -> Masks:
    """The identifier patterns of a project loaded (or the built-in ones, when none was), and
    its records that are not public."""
    site = project.site if project is not None else {}
    return Masks(identifiers_of(site), PrivateRecords(project) if project is not None else None)


def masked(issues: list[Issue], masks: Masks) -> list[Issue]:
    """Issues whose message and hint quote no identifier (see Identifiers.masked) and no value
    of a record that is not public."""
    shown = hide_private(issues, masks.private)
    return [
        replace(
            i, message=masks.identifiers.masked(i.message), hint=masks.identifiers.masked(i.hint)
        )
        for i in shown
    ]


# The system's errors a user meets, in Spanish (Python gives the C library's English words).
OS_ERRORS_ES = {
    errno.ENOENT: "no existe el archivo o la carpeta",
    errno.EACCES: "permiso denegado",
    errno.EPERM: "operación no permitida",
    errno.ENOSPC: "no queda espacio en el disco",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ENOTDIR: "no es una carpeta",
    errno.EROFS: "el disco es de solo lectura",
}


def os_error_words(error: OSError, lang: str) -> str:
    """What a system error says, in lang where we know its words."""
    said = OS_ERRORS_ES.get(error.errno or 0) if lang == "es" else None
    return said or str(error.strerror or error)


# What main itself says, in the language of --lang or the locale.
MAIN_SAID = {
    "en": {
        "no_data": "Error: {root} has no data/ folder; use --root to name the project folder",
        "interrupted": "Interrupted; nothing was changed.",
    },
    "es": {
        "no_data": "Error: {root} no tiene carpeta data/; indique la carpeta del proyecto con "
        "--root",
        "interrupted": "Interrumpido; no se cambió nada.",
    },
}


def run(args: argparse.Namespace, root: Path) -> int:
    """Dispatch one parsed command."""
    progress = Progress.choose(
        sys.stderr,
        getattr(args, "progress", False),
        getattr(args, "quiet", False),
        getattr(args, "lang", None) or default_lang(os.environ),
    )
    if args.command == "validate":
        return validate(
            root,
            args.format,
            sys.stdout,
            args.lang or default_lang(os.environ),
            os.environ,
            progress,
        )
    if args.command == "new":
        return new_record(root, args.table, args.lang or default_lang(os.environ), sys.stdout)
    if args.command == "template":
        lang = args.lang or default_lang(os.environ)
        return template(root, args.table, args.all, lang, args.out, sys.stdout)
    if args.command == "import":
        lang = args.lang or default_lang(os.environ)
        return import_sheet(root, args.file, args.table, lang, sys.stdout, sys.stderr)
    if args.command == "fields":
        return fields(root, sys.stdout)
    if args.command == "diff":
        lang = args.lang or default_lang(os.environ)
        return diff(root, args.base, sys.stdout, sys.stderr, lang)
    if args.command == "compare-sites":
        lang = args.lang or default_lang(os.environ)
        return compare_site_folders(args.old_site, args.new_site, lang, sys.stdout, sys.stderr)
    if args.command == "version":
        lang = args.lang or default_lang(os.environ)
        return freeze(root, args.dataset, args.bump, sys.stdout, sys.stderr, args.note, lang)
    if args.command == "split":
        return split(root, args.table, args.all, sys.stdout, sys.stderr)
    site_dir = (getattr(args, "site", None) or root / "site").resolve()
    addresses = {}
    for setting, flag, variable in ADDRESSES:
        value, named = getattr(args, setting, None), flag
        if value is None and os.environ.get(variable):
            value, named = os.environ[variable], variable
        if value is None:
            continue
        if not value or not SITE_ADDRESS.match(value):
            print(f'Error: {named}: "{value}" must be {SITE_ADDRESS_FORM}', file=sys.stderr)
            return EXIT_USAGE
        addresses[setting] = value
    force = getattr(args, "force", False)
    lang = getattr(args, "lang", None) or default_lang(os.environ)
    return build(root, site_dir, sys.stderr, progress, force, addresses, lang)


def told_in(project: Project, issues: list[Issue], lang: str) -> list[Issue]:
    """The problems with their hints, in lang."""
    return [localize(i, lang) for i in add_hints(project, issues, lang)]


def report(
    issues: list[Issue],
    fmt: str,
    out: TextIO,
    lang: str = "en",
    masks: Masks | None = None,
    rows: bool = False,
) -> None:
    """Print problems; an identifier quoted in one (a mistyped "V-12.345.678" as a count) is
    left out, by the project's patterns when known, else the built-in ones, and so is every value
    of a record that is not public (`masks`, from masks_of(project)). `rows`: the
    problems are a spreadsheet's to import, told by row."""
    issues = masked(issues, masks or Masks(identifiers_of({})))
    if fmt == "json":
        out.write(as_json(issues))
    elif fmt == "github":
        out.write(as_github(issues, lang))
    else:
        out.write(as_text(issues, lang, rows))


# After problems that stopped the data from being read: that is not all there is to fix.
# (One problem, more.)
UNCHECKED = {
    "en": (
        "This stopped the data from being read, so its rules (values, references, privacy) were "
        "not checked yet: fix it and run the command again to see what else there is.",
        "These stopped the data from being read, so its rules (values, references, privacy) "
        "were not checked yet: fix them and run the command again to see what else there is.",
    ),
    "es": (
        "Este problema impidió leer los datos, así que sus reglas (valores, referencias, "
        "privacidad) aún no se comprobaron: corríjalo y vuelva a ejecutar la orden para ver si "
        "hay más.",
        "Estos problemas impidieron leer los datos, así que sus reglas (valores, referencias, "
        "privacidad) aún no se comprobaron: corríjalos y vuelva a ejecutar la orden para ver si "
        "hay más.",
    ),
}


def validate(
    root: Path,
    fmt: str,
    out: TextIO,
    lang: str = "en",
    environ: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Report every problem with its hint in lang; in GitHub Actions also write the job summary,
    in lang and then in the other language (reviewers and contributors may read either)."""
    return_freed_memory()
    project, issues = collect(root, progress, lean=True)  # nothing here needs every table at once
    found = add_columns(root, issues)
    issues = told_in(project, found, lang)
    masks = masks_of(project)
    report(issues, fmt, out, lang, masks)
    if project.unchecked and fmt != "json":  # advice, beside the report (as progress is)
        print(UNCHECKED[lang][len(issues) > 1], file=sys.stderr)
    summary_path = (environ or {}).get("GITHUB_STEP_SUMMARY")
    if summary_path:
        by_lang = {lang: masked(issues, masks)}
        for other in LANGUAGES:
            by_lang.setdefault(
                other,
                masked([localize(i, other) for i in add_hints(project, found, other)], masks),
            )
        try:
            with open(summary_path, "a", encoding="utf-8") as summary_file:
                summary_file.write(job_summary(by_lang))
        except OSError as error:
            print(
                f"Error: cannot write the job summary {summary_path}: {error.strerror}",
                file=sys.stderr,
            )
    return EXIT_INVALID if issues else EXIT_OK


def new_record(root: Path, table_name: str, lang: str, out: TextIO) -> int:
    """Print a ready-to-fill record for a table; an unknown table is a usage error."""
    refused = input_issues(root)
    if refused:  # a link or a pipe among the inputs is never read
        report(refused, "text", sys.stderr, lang)
        return EXIT_INVALID
    project, _ = load_project(root)
    try:
        record, guide = scaffold(project, table_name, lang)
    except UnknownTable as error:
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_USAGE
    # The guide goes to stderr, so `new TABLE > row.csv` holds only CSV.
    sys.stderr.write(guide)
    out.write(record)
    return EXIT_OK


def template(
    root: Path, table: str | None, every: bool, lang: str, out_path: Path | None, out: TextIO
) -> int:
    """Write the XLSX template of one table, or of every table into a folder."""
    if bool(table) == every:
        said = pick(lang, "name one TABLE, or give --all", "indique una TABLA, o --all")
        print(f"Error: {said}", file=sys.stderr)
        return EXIT_USAGE
    refused = input_issues(root)
    if refused:
        report(refused, "text", sys.stderr, lang)
        return EXIT_INVALID
    project, issues = load_project(root)
    if issues:
        report(sort_issues(issues), "text", sys.stderr, lang, masks=masks_of(project))
        return EXIT_INVALID
    names = sorted(project.tables()) if every else [table or ""]
    folder = (out_path or Path("templates")) if every else None
    try:
        paths = write_templates(project, names, lang, folder, None if every else out_path)
    except UnknownTable as error:
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in paths:
        out.write(pick(lang, f"Wrote {path}\n", f"Se escribió {path}\n"))
    return EXIT_OK


def import_sheet(
    root: Path, file: Path, table: str | None, lang: str, out: TextIO, log: TextIO
) -> int:
    """Check a filled sheet's records with the project's rules; write them into data/ only
    when every one is right (and the data with them still validates)."""
    shown = str(file)
    if not file.exists():  # before the table is told from its name: the file is the mistake
        missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
        log.write(f"Error: {os_error_words(missing, lang)}: {shown}\n")
        return EXIT_INVALID
    project, issues = collect(root)
    if issues:
        issues = told_in(project, add_columns(root, issues), lang)
        report(issues, "text", log, lang, masks=masks_of(project))
        log.write(NOT_IMPORTED[lang]["existing"])
        return EXIT_INVALID
    masks = masks_of(project)
    try:
        batches = read_sheet(file, shown, project, table, lang)
        for batch in batches:  # a withheld person's row is quoted no more than a record
            if masks.private is not None:
                masks.private.note_rows(batch.table, batch.rows)
        issues = check_batches(project, batches, dt.date.today())
        plans = [] if issues else plan(project, batches)
    except UnknownTable as error:
        print(f"Error: {error}; {pick(lang, 'give --table', 'indique --table')}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as error:
        issues = error.issues
    if issues:
        report(sheet_issues(project, issues, table, lang), "text", log, lang, masks, rows=True)
        log.write(NOT_IMPORTED[lang]["rows"])
        return EXIT_INVALID
    if not plans:
        out.write(WRITTEN[lang]["none"].format(file=shown) + "\n")
        return EXIT_OK
    done = apply(plans)
    _, after = collect(root)
    if after:  # never expected: the rows were checked with the same rules before writing
        undo(done)
        report(sort_issues(after), "text", log, lang)
        log.write(NOT_IMPORTED[lang]["rows"])
        return EXIT_INVALID
    out.write(written(plans, root, lang))
    return EXIT_OK


NOT_IMPORTED = {
    "en": {
        "existing": "The data has problems already; fix them first (build.py validate). "
        "Nothing was written.\n",
        "rows": "Nothing was written.\n",
    },
    "es": {
        "existing": "Los datos ya tienen problemas; corríjalos primero (build.py validate). "
        "No se escribió nada.\n",
        "rows": "No se escribió nada.\n",
    },
}


def sheet_issues(
    project: Project, issues: list[Issue], table: str | None, lang: str
) -> list[Issue]:
    """Issues with hints in lang: worked out as if each row were in its table's file (the hints
    look the field up there), then put back at their sheet and row."""
    tables = project.tables()
    out = []
    for issue in sort_issues(issues):
        sheet = issue.path.rsplit(":", 1)[-1]
        named = tables.get(table or sheet) or tables.get(Path(issue.path).stem)
        path = named.path if named and not issue.path.startswith("data/") else issue.path
        hinted = add_hints(project, [replace(issue, path=path)], lang)[0]
        out.append(localize(replace(hinted, path=issue.path), lang))
    return out


def fields(root: Path, out: TextIO) -> int:
    """Write the field reference from the schemas."""
    try:
        written = write_field_reference(root / "schemas", root / "docs")
    except DataError as error:
        report(sort_issues(error.issues), "text", sys.stderr)
        return EXIT_INVALID
    except UnsafeOutput as error:
        print(f"Error: {error}.", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(
            f"Error: cannot write the field reference: {error.strerror or error}: "
            f"{error.filename or ''}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    out.write("Wrote " + " and ".join(str(p.relative_to(root)) for p in written) + ".\n")
    return EXIT_OK


def build(
    root: Path,
    site_dir: Path,
    log: TextIO,
    progress: Progress | None = None,
    force: bool = False,
    addresses: dict[str, str] | None = None,
    lang: str | None = None,
) -> int:
    """Check, package, render, run MkDocs; site_dir is replaced only when every stage succeeds.
    Its messages are in `lang` (by default the locale's, default_lang)."""
    refused = output_problem(root, site_dir)
    if refused:
        log.write(
            f"Error: --site: {refused}; a build replaces its output folder whole, so choose a new "
            "or empty "
            "folder, or one an earlier build made.\n"
        )
        return EXIT_USAGE
    lang = lang or default_lang(os.environ)
    said = BUILD_SAID[lang]
    kept = said["stopped"].format(site=site_dir.name)
    try:
        return build_checked(root, site_dir, log, progress, force, addresses or {}, lang)
    except OutputBusy as busy:
        holder = said["process"].format(pid=busy.args[0]) if busy.args and busy.args[0] else ""
        log.write(said["busy"].format(site=site_dir.name, holder=holder) + kept)
        return EXIT_INVALID
    except DataError as error:
        report(sort_issues([localize(i, lang) for i in error.issues]), "text", log, lang)
        log.write(kept)
        return EXIT_INVALID
    except OSError as error:
        log.write(f"Error: {error.strerror or error}: {error.filename or ''}\n" + kept)
        return EXIT_INVALID
    except Interrupted:
        log.write(said["interrupted_live"].format(site=site_dir.name))
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        log.write(said["interrupted"].format(site=site_dir.name))
        return EXIT_INTERRUPTED


# What a build says, in the language of its problems (the locale: default_lang).
BUILD_SAID = {
    "en": {
        "stopped": "Build stopped; {site}/ was left as it was.\n",
        "busy": "Error: another build is writing {site}/ now{holder}; wait for it to finish, then "
        "build again.\n",
        "process": " (process {pid})",
        "interrupted": "Build interrupted; {site}/ was left as it was.\n",
        "interrupted_live": "Build interrupted after the new site was in place; {site}/ is the new "
        "build (the next build removes what is left of the previous one).\n",
        "current": "Nothing changed since the last build; {site} is up to date.\n",
        "built": "Built {site} from {datasets} datasets ({rows} rows) in {seconds} s.\n",
        "no_address": NO_ADDRESS,
    },
    "es": {
        "stopped": "Compilación detenida; {site}/ quedó como estaba.\n",
        "busy": "Error: otra compilación está escribiendo {site}/ ahora{holder}; espere a que "
        "termine y compile de nuevo.\n",
        "process": " (proceso {pid})",
        "interrupted": "Compilación interrumpida; {site}/ quedó como estaba.\n",
        "interrupted_live": "Compilación interrumpida con el sitio nuevo ya en su lugar; {site}/ "
        "es la compilación nueva (la próxima quita lo que quede de la anterior).\n",
        "current": "Nada cambió desde la última compilación; {site} está al día.\n",
        "built": "Sitio compilado en {site} a partir de {datasets} conjuntos de datos "
        "({rows} filas) en {seconds} s.\n",
        "no_address": NO_ADDRESS_ES,
    },
}


def build_checked(
    root: Path,
    site_dir: Path,
    log: TextIO,
    progress: Progress | None,
    force: bool,
    addresses: dict[str, str],
    lang: str = "en",
) -> int:
    """The build proper, for an output folder that may be replaced; `addresses` (from the
    command line or the environment) replace site.yaml's settings of the same names."""
    started = time.perf_counter()
    said = BUILD_SAID[lang]
    progress = progress or Progress(log, False, lang)
    # The output depends on the inputs, on SOURCE_DATE_EPOCH (dates of newly frozen versions) and
    # on the addresses given on the command line or in the environment.
    given = "".join(f"\0{k}={v}" for k, v in sorted(addresses.items()))
    digest = fingerprint(root, os.environ.get("SOURCE_DATE_EPOCH", "") + given)
    if not force and is_current(site_dir, digest):
        log.write(said["current"].format(site=site_dir))
        return EXIT_OK
    memo = Memo(cache_folder(site_dir), read=not force, salt=code_fingerprint())
    project, issues = collect(root, progress, memo=memo)
    if issues:
        report(
            told_in(project, issues, lang),
            "text",
            log,
            lang,
            masks=masks_of(project),
        )
        if project.unchecked:
            log.write(UNCHECKED[lang][len(issues) > 1] + "\n")
        log.write(said["stopped"].format(site=site_dir.name))
        return EXIT_INVALID
    project.settings = replace(project.settings, **addresses)
    public = redact(project)
    publish(
        site_dir,
        lambda staging, work: write_site(public, staging, work, progress, digest, site_dir, memo),
    )
    try:
        record_published(memo, site_dir / "data")
        rows = sum(len(t.rows) for t in project.tables().values())
        seconds = f"{time.perf_counter() - started:.1f}"
        log.write(
            said["built"].format(
                site=site_dir,
                datasets=len(project.datasets),
                rows=rows,
                seconds=seconds.replace(".", ",") if lang == "es" else seconds,
            )
        )
        if not project.settings.base_url:
            log.write(said["no_address"])
    except KeyboardInterrupt:
        raise Interrupted() from None
    return EXIT_OK


def diff(root: Path, base: str, out: TextIO, log: TextIO, lang: str = "en") -> int:
    """Print the Markdown diff of the working data against git revision `base`; personal values
    are masked by report/diff.py from both sides, so the project goes in as it is."""
    project: Project | None = None
    issues = input_issues(root)
    if not issues:
        project, issues = load_project(root)
    if issues or project is None:
        hinted = add_hints(project, sort_issues(issues), lang) if project else sort_issues(issues)
        report([localize(i, lang) for i in hinted], "text", log, lang, masks=masks_of(project))
        return EXIT_INVALID
    try:
        markdown = diff_against(root, base, project, lang)
    except DataError as error:  # git failing, or problems of the base revision's files
        # Only git's problem gets a hint: the base's files are another revision's, not to fix here.
        issues = sort_issues(error.issues)
        hinted = [i for i in issues if i.code == "git"]
        said = dict(zip(map(id, hinted), add_hints(project, hinted, lang), strict=True))
        told = [localize(said.get(id(i), i), lang) for i in issues]
        report(told, "text", log, lang)
        return EXIT_INVALID
    except (
        OSError
    ) as error:  # the base revision is written to a temporary folder, which may be full
        log.write(
            "Error: cannot write the base revision to a temporary folder "
            f"({error.strerror or error}); "
            "free space there or set TMPDIR to a folder with room.\n"
        )
        return EXIT_INVALID
    out.write(markdown)
    return EXIT_OK


def compare_site_folders(old: Path, new: Path, lang: str, out: TextIO, log: TextIO) -> int:
    """Print what the new built site changes against the old one; a missing folder is a usage
    error."""
    for folder in (old, new):
        if not folder.is_dir():
            log.write(f"Error: {folder} is not a folder (a site built by `build.py build`)\n")
            return EXIT_USAGE
    out.write(site_changes_markdown(compare_sites(old, new), lang))
    return EXIT_OK


# What `version` says, in the language of its problems.
FREEZE_SAID = {
    "en": {
        "leftover": "Removed {leftover}, left by an interrupted `version` run.\n",
        "no_clear": "Error: cannot remove what an interrupted `version` run left: {error}\n",
        "nothing": "Nothing was frozen.\n",
        "no_dataset": 'Error: no dataset "{name}"; the datasets are {names}\n',
        "no_write": "Error: cannot write the new version of {name}: {error}\n",
        "froze": "Froze {name} {version} into versions/{name}/{version}/ and set version: "
        "{version} in data/{name}/datapackage.yaml.\n",
        "interrupted": "Interrupted once version {version} was complete; it is frozen.\n",
    },
    "es": {
        "leftover": "Se eliminó {leftover}, que dejó una ejecución interrumpida de `version`.\n",
        "no_clear": "Error: no se puede eliminar lo que dejó una ejecución interrumpida de "
        "`version`: {error}\n",
        "nothing": "No se congeló nada.\n",
        "no_dataset": 'Error: no hay ningún conjunto "{name}"; los conjuntos son {names}\n',
        "no_write": "Error: no se puede escribir la nueva versión de {name}: {error}\n",
        "froze": "Se congeló {name} {version} en versions/{name}/{version}/ y se puso version: "
        "{version} en data/{name}/datapackage.yaml.\n",
        "interrupted": "Interrumpido cuando la versión {version} ya estaba completa; quedó "
        "congelada.\n",
    },
}


def dataset_named(name: str) -> str:
    """A dataset as a maintainer may type it: its folder name, or its path (data/x/)."""
    return name.strip().rstrip("/").removeprefix("./").removeprefix("data/")


def freeze(
    root: Path,
    name: str,
    bump: str | None,
    out: TextIO,
    log: TextIO,
    note: str = "",
    lang: str = "en",
) -> int:
    """Freeze one dataset as a new version, after the data and every frozen version check out;
    what an interrupted run left is removed first, and a failed write leaves nothing behind."""
    said = FREEZE_SAID[lang]
    name = dataset_named(name)
    try:
        for leftover in clear_leftovers(root):
            log.write(said["leftover"].format(leftover=leftover))
    except OSError as error:
        problem = f"{os_error_words(error, lang)}: {error.filename or ''}"
        log.write(said["no_clear"].format(error=problem))
        return EXIT_INVALID
    project, issues = collect(root)
    if issues:
        told = told_in(project, issues, lang)
        report(told, "text", log, lang, masks=masks_of(project))
        log.write(said["nothing"])
        return EXIT_INVALID
    if name not in project.datasets:
        log.write(said["no_dataset"].format(name=name, names=", ".join(project.datasets)))
        return EXIT_USAGE
    public = redact(project)
    interrupted = False
    try:
        # Ctrl-C waits for the whole freeze: a version half written, or written with the old
        # declared version, would stop every later command.
        with interrupts_held():
            day = source_date() or dt.date.today()
            version, problems = freeze_version(public, name, bump, day, note)
    except KeyboardInterrupt:
        interrupted = True
    except OSError as error:
        where = os.path.relpath(error.filename, root) if error.filename else ""
        problem = os_error_words(error, lang) + (f": {where}" if where else "")
        log.write(said["no_write"].format(name=name, error=problem) + said["nothing"])
        return EXIT_INVALID
    if problems:
        told = told_in(project, problems, lang)
        report(told, "text", log, lang)
        log.write(said["nothing"])
        return EXIT_INTERRUPTED if interrupted else EXIT_INVALID
    out.write(said["froze"].format(name=name, version=version))
    if interrupted:
        log.write(said["interrupted"].format(version=version))
        return EXIT_INTERRUPTED
    return EXIT_OK


def split(root: Path, name: str | None, every: bool, out: TextIO, log: TextIO) -> int:
    """Turn one table (or, with --all, every small one) into a folder of record files, once the
    data checks out; a table that cannot be split stops the run where it is."""
    if bool(name) == every:
        log.write("Error: name one table as DATASET/TABLE, or give --all\n")
        return EXIT_USAGE
    # The data must check out (a duplicate id would be one file for two records); the frozen
    # versions need not be checked again: splitting changes nothing under versions/.
    project: Project | None = None
    issues = input_issues(root)
    if not issues:
        project, issues = load_project(root)
    if not issues and project is not None:
        issues = check_project(project, today=dt.date.today())
    if issues or project is None:
        report(sort_issues(issues), "text", log, masks=masks_of(project))
        log.write("Nothing was split.\n")
        return EXIT_INVALID
    if name:
        table = find_table(project, name)
        if table is None:
            tables = ", ".join(f"{t.dataset}/{t.name}" for t in project.tables().values())
            log.write(f'Error: no table "{name}"; the tables are {tables}\n')
            return EXIT_USAGE
        planned = [(table, "")]
    else:
        planned = splittable(project)
    for table, kept in planned:
        if kept:
            out.write(f"Left {table.path} as it is: {kept} (name it to split it anyway).\n")
            continue
        interrupted = False
        try:
            # Ctrl-C waits for the table: a folder written with the old path still declared, or
            # beside the old file, would stop every later command.
            with interrupts_held():
                done = split_table(project, table)
        except KeyboardInterrupt:
            interrupted = True
        except DataError as error:
            report(sort_issues(error.issues), "text", log)
            log.write(f"{table.path} was not split.\n")
            return EXIT_INVALID
        except SplitRefused as error:
            log.write(f"Error: {error}; {table.path} was not split.\n")
            return EXIT_INVALID
        if done.skipped:
            out.write(f"Left {done.source} as it is: {done.skipped}.\n")
        else:
            files = f"{done.files} file{'' if done.files == 1 else 's'}"
            out.write(
                f"Split {done.source} into {files} in {done.folder}/ and set its path in "
                "datapackage.yaml.\n"
            )
        if interrupted:
            log.write(f"Interrupted once {done.source} was split; the tables after it were not.\n")
            return EXIT_INTERRUPTED
    if not planned:
        out.write("Nothing to split: every table is a folder of record files already.\n")
    return EXIT_OK
