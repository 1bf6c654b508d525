"""Load a project: site settings, datasets, schemas, and CSV/YAML rows with file:line provenance.

Every contributed file is treated as hostile: size-capped, strictly UTF-8, YAML composed (never
constructed) so no tag can build an object, aliases refused, duplicate keys refused.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from datasite.issues import DataError, Issue, field_prefix
from datasite.load.frames import (
    LINE,
    NO_FIELD_LINES,
    FrameRows,
    compact,
    gc_paused,
    list_fields,
    normalize_frame,
    read_csv_frame,
)
from datasite.load.identifiers import identifier_issues
from datasite.load.links import config_link_issues
from datasite.load.memory import NOTHING_KEPT, Memory, canonical
from datasite.load.records import (
    FILE_STEM,
    RECORD_SUFFIX,
    frozen_order,
    misplaced_records,
    published_order,
    record_stem,
)
from datasite.load.settings import DATASET_SETTINGS, check_shape, read_settings
from datasite.load.spill import Holder, SpilledRows
from datasite.load.values import read_list
from datasite.model import SLUG, Dataset, Project, Row, Table

# Documented in SECURITY.md and README.md.
MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_YAML_BYTES = 32 * 1024 * 1024
TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
NULL_TAG = "tag:yaml.org,2002:null"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A cell may be as large as its file: the csv module's own limit (128 KiB unless some import
# raised it) would make reading depend on what was imported before.
csv.field_size_limit(MAX_CSV_BYTES)
# Smaller CSV files are read row by row: polars pays off only on large ones.
FRAME_MIN_BYTES = 256 * 1024
UTF8_SLICE = 1024 * 1024  # bytes decoded at a time when checking a large file's encoding


def load_project(
    root: Path, lean: bool = False, memory: Memory = NOTHING_KEPT
) -> tuple[Project, list[Issue]]:
    """Read data/site.yaml, every data/<dataset>/datapackage.yaml, its schemas and its rows.

    `lean` (for a run that reads each table only a few times, as validate does): large CSV
    tables hold their columns only while in use (spill.SpilledRows), at the cost of parsing
    them again. `memory` (a build's memo) spares re-reading checks of large files unchanged
    since it was filled (read_csv)."""
    root = Path(root)
    holder = Holder() if lean else None
    issues: list[Issue] = []
    data_dir, schema_dir = root / "data", root / "schemas"
    issues += find_symlinks(root, [data_dir, schema_dir])
    project = Project(root=root, site={})
    site_path = data_dir / "site.yaml"
    try:
        project.site = read_yaml_mapping(root, site_path)
    except DataError as error:
        return project, issues + error.issues
    site_text = read_text(root, site_path, MAX_YAML_BYTES)
    project.settings, problems = read_settings(project.site, site_text)
    issues += problems + identifier_issues(project.site, site_text)
    table_names: dict[str, str] = {}
    # data/ holds site.yaml and one folder per dataset: a record saved there is never read.
    issues += [
        Issue(
            rel(root, item),
            0,
            "unknown-file",
            "only site.yaml and the datasets' folders belong in data/, so this is never read; "
            "move a record into its table's folder or file",
        )
        for item in sorted(data_dir.iterdir())
        if item.is_file()
        and not item.is_symlink()
        and item.name != "site.yaml"
        and not item.name.startswith(".")
    ]
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.is_symlink()):
        try:
            dataset = load_dataset(root, folder, schema_dir, table_names, memory)
        except DataError as error:
            issues += error.issues
            continue
        project.datasets[dataset.name] = dataset
        issues += stray_files(root, folder, dataset)
        for table in dataset.tables.values():
            try:
                with gc_paused():
                    table.rows = load_rows(root, root / table.path, table, holder, memory)
            except DataError as error:
                issues += error.issues
    return project, misplaced_records(root, project.tables(), issues)


def find_symlinks(root: Path, folders: list[Path]) -> list[Issue]:
    """A symbolic link could point outside the repository: refuse every one."""
    issues = []
    for folder in folders:
        if folder.is_symlink():
            issues.append(Issue(rel(root, folder), 0, "symlink", "symbolic links are not allowed"))
            continue
        if not folder.is_dir():
            issues.append(Issue(rel(root, folder), 0, "file-missing", "folder not found"))
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if path.is_symlink():
                    issues.append(
                        Issue(rel(root, path), 0, "symlink", "symbolic links are not allowed")
                    )
    return issues


def load_dataset(
    root: Path,
    folder: Path,
    schema_dir: Path,
    seen: dict[str, str],
    memory: Memory = NOTHING_KEPT,
) -> Dataset:
    """One dataset folder: its datapackage.yaml and the schema of each declared resource."""
    meta_path = folder / "datapackage.yaml"
    where = rel(root, meta_path)
    if not meta_path.is_file():
        raise DataError(
            [Issue(where, 0, "file-missing", "every dataset folder needs a datapackage.yaml")]
        )
    meta = read_yaml_mapping(root, meta_path)
    text = read_text(root, meta_path, MAX_YAML_BYTES)
    problems = check_shape(meta, text, DATASET_SETTINGS, where, open_top=True).issues
    name = str(meta.get("name", ""))
    if not SLUG.match(name):
        problems.append(
            Issue(
                where,
                1,
                "unsafe-name",
                f'dataset name "{name}" must be a lowercase slug like prisoner-releases',
            )
        )
    elif name != folder.name:
        problems.append(
            Issue(
                where, 1, "config", f'dataset name "{name}" must match its folder "{folder.name}"'
            )
        )
    resources = meta.get("resources")
    if not isinstance(resources, list) or not resources:
        problems.append(Issue(where, 1, "config", "datapackage.yaml needs a list of resources"))
        resources = []
    dataset = Dataset(name=name, meta=meta, path=rel(root, folder))
    for resource in resources:
        try:
            table = declare_table(root, folder, schema_dir, dataset, resource, memory)
        except DataError as error:
            problems += error.issues
            continue
        if table.name in seen:
            problems.append(
                Issue(
                    where,
                    0,
                    "config",
                    f'table "{table.name}" is already declared in {seen[table.name]}',
                )
            )
            continue
        seen[table.name] = where
        dataset.tables[table.name] = table
    if problems:
        raise DataError(problems)
    return dataset


# Suffixes of files that hold data: a hidden one of these is reported, not passed over.
DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".json")


def stray_files(root: Path, folder: Path, dataset: Dataset) -> list[Issue]:
    """Files and folders of a dataset folder that are neither its datapackage.yaml nor a declared
    table: a record saved beside its table's folder would otherwise never be read or published.
    Hidden files (.gitkeep, .DS_Store) and symbolic links (refused on their own) are left alone."""
    base = rel(root, folder)
    files = {Path(t.path).relative_to(base).parts[0]: t for t in dataset.tables.values()}
    by_stem = {Path(name).stem: name for name in files}
    tables = ", ".join(sorted(files))
    issues = []
    for item in sorted(folder.iterdir()):
        if item.name in files or item.name == "datapackage.yaml" or item.name.startswith("."):
            continue
        if item.is_symlink():
            continue
        twin = by_stem.get(item.stem) if item.stem != item.name or item.is_dir() else None
        if twin and twin != item.name:
            message = (
                f"the table {files[twin].name} is read from {twin}, never from this; keep one of "
                "the two"
            )
        else:
            message = (
                f"this is not a table of the dataset, so it is never read: its tables are "
                f"{tables}; move a record into its table's folder or file"
            )
        issues.append(Issue(rel(root, item), 0, "unknown-file", message))
    return issues


def declare_table(
    root: Path,
    folder: Path,
    schema_dir: Path,
    dataset: Dataset,
    resource: Any,
    memory: Memory = NOTHING_KEPT,
) -> Table:
    """A resource entry: a safe table name, a path inside the dataset folder, a known schema."""
    where = rel(root, folder / "datapackage.yaml")
    if not isinstance(resource, dict):
        raise DataError(
            [
                Issue(
                    where, 0, "config", "each resource must be a mapping with name, path and schema"
                )
            ]
        )
    name, path, schema = (str(resource.get(k, "")) for k in ("name", "path", "schema"))
    if not TABLE_NAME.match(name):
        raise DataError(
            [
                Issue(
                    where,
                    0,
                    "unsafe-name",
                    f'table name "{name}" must be lowercase letters, digits and _',
                )
            ]
        )
    target = (folder / path).resolve()
    if not path or Path(path).is_absolute() or folder.resolve() not in target.parents:
        raise DataError(
            [
                Issue(
                    where,
                    0,
                    "unsafe-path",
                    f'table "{name}": path "{path}" must stay inside {rel(root, folder)}',
                )
            ]
        )
    if not TABLE_NAME.match(schema):
        raise DataError(
            [
                Issue(
                    where,
                    0,
                    "unsafe-name",
                    f'table "{name}": schema "{schema}" must be a schema name like {name}',
                )
            ]
        )
    schema_path = next(
        (
            schema_dir / f"{schema}.schema{ext}"
            for ext in (".yaml", ".json")
            if (schema_dir / f"{schema}.schema{ext}").is_file()
        ),
        None,
    )
    if schema_path is None:
        raise DataError(
            [
                Issue(
                    where,
                    0,
                    "file-missing",
                    f'table "{name}": no schema schemas/{schema}.schema.yaml',
                )
            ]
        )
    descriptor = read_yaml_mapping(root, schema_path)
    check_schema(root, schema_path, descriptor, memory=memory)
    return Table(
        name=name,
        dataset=dataset.name,
        schema=descriptor,
        schema_path=rel(root, schema_path),
        path=rel(root, folder / path),
    )


def check_schema(
    root: Path,
    path: Path,
    descriptor: dict,
    translations: bool = True,
    memory: Memory = NOTHING_KEPT,
) -> None:
    """Let frictionless say whether the Table Schema itself is valid; `translations` also lints
    its i18n (for schemas being written, not for those frozen in a published version). A schema
    `memory` found valid before, word for word, is valid (frictionless is then not even loaded)."""
    key = ""
    if memory is not NOTHING_KEPT:
        key = memory.key("schema valid", canonical(descriptor), str(translations))
        if memory.get_json("schemas", key) is True:
            return
    schema_problems(root, path, descriptor, translations)
    if key:
        memory.put_json("schemas", key, True)


def schema_problems(root: Path, path: Path, descriptor: dict, translations: bool) -> None:
    """check_schema's checks: a DataError for the first kind of problem found."""
    from frictionless import FrictionlessException, Schema

    try:
        Schema.from_descriptor(descriptor)
    except FrictionlessException as error:
        raise DataError(
            [Issue(rel(root, path), 0, "schema-invalid", str(error.error.message))]
        ) from None
    names = [f.get("name") for f in descriptor.get("fields", []) if isinstance(f, dict)]
    if len(set(names)) != len(names):
        raise DataError([Issue(rel(root, path), 0, "schema-invalid", "field names must be unique")])
    problems = schema_rule_problems(descriptor) + (
        translation_problems(descriptor) if translations else []
    )
    if problems:
        raise DataError(
            [Issue(rel(root, path), 0, "schema-invalid", problem) for problem in problems]
        )


def schema_rule_problems(descriptor: dict) -> list[str]:
    """What frictionless lets through but the checks cannot work with: patterns Python cannot
    compile, odd list fields, dates, keys and privacy rules that name the wrong fields."""
    fields = {f["name"]: f for f in descriptor.get("fields", [])}
    lists = {name for name, f in fields.items() if f.get("type") == "list"}
    problems = []
    for name, spec in fields.items():
        pattern = (spec.get("constraints") or {}).get("pattern")
        if pattern is not None:
            try:
                re.compile(f"^{pattern}$")
            except (re.error, TypeError) as error:
                problems.append(
                    f'field "{name}": pattern {pattern!r} is not a regular expression Python can '
                    f"read ({error})"
                )
        if name in lists and (
            not spec.get("delimiter", ",") or spec.get("format", "default") != "default"
        ):
            problems.append(
                f'field "{name}": a list needs a delimiter of one or more characters and no format'
            )
        precision = spec.get("precisionField")
        if precision is not None and (
            precision == name or precision not in fields or precision in lists or name in lists
        ):
            problems.append(
                f'field "{name}": precisionField must name another field that is not a list, on a '
                "field that is not a list"
            )
        problems += translation_field_problems(name, spec, fields)
        problems += relation_problems(name, spec, fields)
    claim = descriptor.get("claimKey")
    if claim is not None and (
        not isinstance(claim, list)
        or not claim
        or not all(isinstance(n, str) and n in fields and n not in lists for n in claim)
    ):
        problems.append("claimKey must list fields of the table that are not lists")
    key = descriptor.get("primaryKey") or []
    if set([key] if isinstance(key, str) else key) & lists:
        problems.append("primaryKey may not use a list field")
    for fk in descriptor.get("foreignKeys") or []:
        names = fk.get("fields") if isinstance(fk, dict) else None
        names = [names] if isinstance(names, str) else names or []
        if len(names) > 1 and set(names) & lists:
            problems.append("a foreign key of several fields may not use a list field")
    privacy = descriptor.get("privacy")
    if privacy is not None:
        problems += privacy_rule_problems(privacy, fields)
    return problems


def relation_problems(name: str, spec: dict, fields: dict[str, dict]) -> list[str]:
    """What is wrong with a field's relations to another (check/relations.py): `notAfter` and
    `upperOf` name another field that is not a list, `upperOf` between number fields,
    `filledWhen` a mapping of another field and the texts it may hold."""
    lists = {n for n, f in fields.items() if f.get("type") == "list"}
    usable = set(fields) - lists - {name}
    problems = []
    if "notAfter" in spec and (spec["notAfter"] not in usable or name in lists):
        problems.append(f'field "{name}": notAfter must name another field that is not a list')
    if "upperOf" in spec and (
        spec["upperOf"] not in usable
        or spec.get("type") not in ("integer", "number")
        or fields[spec["upperOf"]].get("type") not in ("integer", "number")
    ):
        problems.append(
            f'field "{name}": upperOf must name another number field, on a number field'
        )
    if "filledWhen" in spec:
        rule = spec["filledWhen"]
        if not (
            isinstance(rule, dict)
            and set(rule) == {"field", "values"}
            and rule["field"] in usable
            and isinstance(rule["values"], list)
            and rule["values"]
            and all(isinstance(v, str) for v in rule["values"])
        ):
            problems.append(
                f'field "{name}": filledWhen must be a mapping of field (another field, not a '
                "list) and values (a list of texts)"
            )
    return problems


def translation_field_problems(name: str, spec: dict, fields: dict[str, dict]) -> list[str]:
    """`translationFields` maps each language to the field holding this text in it: another
    field of the table, of the same type (site pages show it to readers of that language);
    `languageField` names the field that gives the language this one is written in."""
    named = spec.get("languageField")
    if named is not None and (named == name or named not in fields):
        return [f'field "{name}": languageField must name another field of the table']
    pairs = spec.get("translationFields")
    if pairs is None:
        return []
    if isinstance(pairs, dict) and all(
        isinstance(other, str)
        and other != name
        and other in fields
        and fields[other].get("type") == spec.get("type")
        for other in pairs.values()
    ):
        return []
    return [
        f'field "{name}": translationFields must map each language to another field of the '
        "table, of the same type"
    ]


TRANSLATED = ("title", "description")
# A translation under half its English length has almost surely lost words (an unquoted comma in
# a one-line YAML mapping once cut 59 Spanish descriptions short).
SHORTEST_TRANSLATION = 0.5


def translation_problems(descriptor: dict) -> list[str]:
    """Each `i18n` holds only titles and descriptions, for every language any part of the schema
    translates, none of them much shorter than its English."""
    parts = [("", descriptor)] + [
        (field_prefix(str(f["name"])), f) for f in descriptor.get("fields", [])
    ]
    languages = sorted(
        {lang for _, part in parts if isinstance(part.get("i18n"), dict) for lang in part["i18n"]}
    )
    problems = []
    for lead, part in parts:
        i18n = part.get("i18n", {})
        if not isinstance(i18n, dict) or not all(isinstance(v, dict) for v in i18n.values()):
            problems.append(f"{lead}i18n must map each language to a title and a description")
            continue
        for lang in languages:
            texts = i18n.get(lang, {})
            for key in texts:
                if key not in TRANSLATED:
                    problems.append(
                        f'{lead}i18n {lang} has an unknown key "{str(key)[:40]}"; only title and '
                        "description "
                        "belong there (put a translation that holds a comma in quotes)"
                    )
            for key in TRANSLATED:
                english, translated = part.get(key), texts.get(key)
                if isinstance(english, str) and english and not translated:
                    problems.append(f"{lead}the {key} has no {lang} translation under i18n")
                elif (
                    isinstance(english, str)
                    and isinstance(translated, str)
                    and len(translated) < SHORTEST_TRANSLATION * len(english)
                ):
                    problems.append(
                        f"{lead}the {lang} {key} is less than half as long as the English one; is "
                        "it cut short?"
                    )
    return problems


def privacy_rule_problems(privacy: Any, fields: dict[str, dict]) -> list[str]:
    """`privacy` is a mapping whose field names name single-value fields of the table."""
    if not isinstance(privacy, dict):
        return ["privacy must be a mapping (levelField, publicLevels, minorField, singlingOut…)"]
    for key in ("publicLevels", "pseudonymLevels"):
        levels = privacy.get(key, [])
        if not isinstance(levels, list) or not all(isinstance(v, str) for v in levels):
            return [
                f"privacy: {key} must be a list of publish levels, like [public_figure, consented]"
            ]
    named = [
        (key, privacy[key])
        for key in ("levelField", "minorField", "pseudonymField")
        if key in privacy
    ]
    singling = privacy.get("singlingOut")
    if singling is not None:
        if not isinstance(singling, dict) or not all(
            k in singling for k in ("person", "place", "date")
        ):
            return ["privacy: singlingOut must be a mapping with person, place and date"]
        named += [
            (f"singlingOut {k}", singling[k]) for k in ("person", "date", "count") if k in singling
        ]
        if not isinstance(singling["place"], str) or singling["place"] not in fields:
            return [f'privacy: singlingOut place "{singling["place"]}" is not a field of the table']
        if not isinstance(singling.get("minGroup", 2), int) or isinstance(
            singling.get("minGroup", 2), bool
        ):
            return ["privacy: singlingOut minGroup must be a whole number"]
    return [
        f'privacy: {key} "{value}" must name a field of the table that is not a list'
        for key, value in named
        if not isinstance(value, str) or value not in fields or fields[value].get("type") == "list"
    ]


def load_rows(
    root: Path,
    path: Path,
    table: Table,
    holder: Holder | None = None,
    memory: Memory = NOTHING_KEPT,
) -> list[Row] | FrameRows:
    """Rows of a table from a CSV file, a YAML list, or a folder of one-record YAML files (a
    large CSV file's columns held by `holder` when one is given; `memory`: see read_csv)."""
    if path.is_dir():
        rows, issues = [], []
        for item in sorted(path.iterdir()):
            if item.name.startswith(".") and item.suffix not in DATA_SUFFIXES:
                continue  # .gitkeep, .DS_Store: no record, nothing to say
            if item.suffix != RECORD_SUFFIX or not item.is_file() or item.name.startswith("."):
                message = "only .yaml files belong in a one-record-per-file folder"
                if item.is_dir():
                    message = "a folder inside a table's folder is never read; move its records up"
                elif item.name.startswith("."):
                    message = "a hidden file is never read; remove the dot at the start of its name"
                elif item.suffix.lower() in (".yml", ".yaml"):  # .yml, .YAML, .Yaml
                    message = f"a record file ends in .yaml: rename it to {item.stem}.yaml"
                issues.append(Issue(rel(root, item), 0, "unknown-file", message))
                continue
            try:
                row = read_yaml_record(root, item, table)
            except DataError as error:
                issues += error.issues
                continue
            misnamed = file_name_issue(item, row, table)
            if misnamed:
                issues.append(misnamed)
            rows.append(row)
        if issues:
            raise DataError(issues)
        return published_order(rows, frozen_order(root, table), table.primary_key)
    if not path.is_file():
        raise DataError(
            [Issue(rel(root, path), 0, "file-missing", f'table "{table.name}": file not found')]
        )
    if path.suffix == ".csv":
        return read_csv(root, path, table, holder, memory)
    if path.suffix in (".yaml", ".yml"):
        return read_yaml_table(root, path, table)
    raise DataError(
        [
            Issue(
                rel(root, path),
                0,
                "unknown-file",
                "tables are .csv or .yaml files, or a folder of .yaml files",
            )
        ]
    )


def file_name_issue(item: Path, row: Row, table: Table) -> Issue | None:
    """A record file is named by its primary key, so two new records never share a file (and
    two files holding one key are a git conflict, not a silent duplicate)."""
    key = table.primary_key
    values = [str(row.values.get(name, "")) for name in key]
    if not key or not all(values):
        return None  # no key to name it by, or an empty one: the required check reports that
    stem = record_stem(row.values, key)
    if item.stem == stem:
        return None
    pattern = table.field(key[0]).get("constraints", {}).get("pattern") if len(key) == 1 else ""
    if pattern and not re.fullmatch(pattern, values[0]):
        return None  # its pattern check says what an id looks like, with one made of it
    named = " and ".join(key)
    if not FILE_STEM.match(stem):
        return Issue(
            row.path,
            row.line_of(key[0]),
            "record-file-name",
            f'the {named} "{stem}" cannot name a file: use letters, digits, ".", "_" and "-"',
            field=key[0],
        )
    if (item.parent / f"{stem}{item.suffix}").is_file():
        # A copy of a record kept its original's id: renaming would overwrite the original.
        message = (
            f'the record\'s {named} "{stem}" is already that of {stem}{item.suffix} beside it: '
            f"give this record its own {named}, and name the file after it"
        )
    else:
        message = (
            f'the file is named {item.name} but the record\'s {named} is "{stem}": rename the '
            f"file to {stem}{item.suffix}"
        )
    return Issue(row.path, row.line_of(key[0]), "record-file-name", message, field=key[0])


def read_text(root: Path, path: Path, limit: int) -> str:
    """A file's text: capped in size, strict UTF-8 (a BOM is allowed and dropped)."""
    return read_checked(root, path, limit)[1]


def read_checked(root: Path, path: Path, limit: int) -> tuple[bytes, str]:
    """A file's bytes and text: capped in size, strict UTF-8 (a BOM is allowed and dropped)."""
    data = read_capped(root, path, limit)
    return data, decoded(rel(root, path), data)


def read_capped(root: Path, path: Path, limit: int) -> bytes:
    """A file's bytes, capped in size."""
    where = rel(root, path)
    size = path.stat().st_size
    if size > limit:
        raise DataError(
            [
                Issue(
                    where,
                    0,
                    "file-too-large",
                    f"{size:,} bytes is over the limit of {limit:,} bytes",
                )
            ]
        )
    return path.read_bytes()


def check_utf8(where: str, data: bytes) -> None:
    """decoded()'s check, a slice at a time: no text of the whole file is made (for a file with
    accents, that would be two or four bytes a character), unless to word the problem."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), UTF8_SLICE):
            decoder.decode(view[start : start + UTF8_SLICE], final=start + UTF8_SLICE >= len(data))
    except UnicodeDecodeError:
        decoded(where, data)  # raises the same problem, at the same line
        raise


def decoded(where: str, data: bytes) -> str:
    """A file's text: strict UTF-8, a BOM allowed and dropped; else an `encoding` Issue."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataError(
            [
                Issue(
                    where,
                    line,
                    "encoding",
                    f"byte {data[error.start]:#04x} is not UTF-8; save the file as UTF-8",
                )
            ]
        ) from None


def read_csv(
    root: Path,
    path: Path,
    table: Table,
    holder: Holder | None = None,
    memory: Memory = NOTHING_KEPT,
) -> list[Row] | FrameRows:
    """A CSV table; every row keeps the line it starts on. Large files are read into columns
    when that surely gives the same rows (frames.read_csv_frame), else row by row; `memory`
    keeps, by the sha256 of a large file's bytes, that they are UTF-8 and read back exactly."""
    where = rel(root, path)
    data = read_capped(root, path, MAX_CSV_BYTES)
    text = decoded(where, data) if len(data) < FRAME_MIN_BYTES else None
    digest = key = ""
    faithful = False
    kept = None
    if text is None and memory is not NOTHING_KEPT:
        digest = hashlib.sha256(data).hexdigest()
        key = memory.key("columns read back", digest)
        # These very bytes were found UTF-8, and read by polars as the csv module reads them.
        faithful = memory.get_json("loads", key) is True
        if faithful:
            kept = kept_columns(memory, digest, table)
    if text is None and not faithful:  # a large file's text is not made: polars reads the bytes
        check_utf8(where, data)
    structural = structural_problem(where, data, table)
    if structural:
        raise DataError([structural])
    if text is not None:
        return read_csv_rows(where, text, table)
    if kept is not None:  # the columns these bytes and this schema gave last time
        header, frame = kept
        del data
    else:
        raw = read_csv_frame(data, table, read_back=not faithful)
        if raw is None:
            return read_csv_rows(where, data.decode("utf-8-sig"), table)
        if not faithful:
            memory.put_json("loads", key, True)
        del data  # not held while the columns are made
        header = [name.strip() for name in raw.columns]
        frame = None
    issues = check_header(where, header, table)
    if issues:
        raise DataError(issues)
    if frame is None:
        frame = compact(normalize_frame(raw, header, table))
        keep_columns(memory, digest, table, header, frame)
    if holder is not None:
        return SpilledRows(frame, where, table.field_names, holder, digest, compacted=True)
    return FrameRows(frame, where, table.field_names, digest, compacted=True)


def columns_key(memory: Memory, digest: str, table: Table) -> str:
    """What a table's columns are made from: the file's bytes, its schema, the code."""
    return memory.key("columns", digest, canonical(table.schema))


def keep_columns(
    memory: Memory, digest: str, table: Table, header: list[str], frame: pl.DataFrame
) -> None:
    """Keep a large file's header and compact columns (Arrow IPC, lz4) for the next build."""
    if memory is NOTHING_KEPT:
        return
    written = io.BytesIO()
    frame.write_ipc(written, compression="lz4")
    head = json.dumps(header).encode("ascii")  # ASCII: no newline inside
    memory.put("columns", columns_key(memory, digest, table), head + b"\n" + written.getvalue())


def kept_columns(
    memory: Memory, digest: str, table: Table
) -> tuple[list[str], pl.DataFrame] | None:
    """The header and compact columns keep_columns kept for these bytes and this schema, or None
    when there are none or they cannot be read as such."""
    data = memory.get("columns", columns_key(memory, digest, table))
    if data is None or b"\n" not in data:
        return None
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        frame = pl.read_ipc(io.BytesIO(body))
    except Exception:  # a corrupt entry is a miss, whatever the reader raises
        return None
    if (
        not isinstance(header, list)
        or not all(isinstance(name, str) for name in header)
        or frame.columns != [*table.field_names, LINE]
    ):
        return None
    return header, frame


def structural_problem(where: str, data: bytes, table: Table) -> Issue | None:
    """A NUL byte, git conflict markers or a header split by another delimiter, looked for in
    the bytes of a file known to be UTF-8 (a newline or a NUL is one byte there, never part of
    another character): the text of the whole file is made only when markers may be in it."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return Issue(where, line, "csv-syntax", "the file contains a NUL byte")
    if b"<<<<<<<" in data and b">>>>>>>" in data:
        marked = conflict_markers(where, data.decode("utf-8-sig"))
        if marked:
            return marked
    end = data.find(b"\n")
    return wrong_delimiter(where, (data if end < 0 else data[:end]).decode("utf-8-sig"), table)


def read_csv_rows(where: str, text: str, table: Table) -> list[Row]:
    """The reference reader: Python's csv module, row by row, with exact syntax errors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    issues: list[Issue] = []
    rows: list[Row] = []
    lines = text.split("\n")
    pasted: list[int] = []
    previous = 0  # the last line of the last row read whole
    try:
        header = next(reader, None)
        if not header:
            raise DataError([Issue(where, 1, "csv-header", "the file has no header row")])
        header = [h.strip() for h in header]
        issues += check_header(where, header, table)
        if issues:
            raise DataError(issues)
        previous = reader.line_num
        values_of = csv_normalizer(header, table)
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if not "".join(cells).strip():
                continue
            if len(cells) != len(header):
                if start == previous <= len(lines) and yaml_line(lines[start - 1], table):
                    pasted.append(start)
                    continue
                issues.append(
                    Issue(
                        where,
                        start,
                        "csv-ragged",
                        f"row has {len(cells)} cells but the header has {len(header)}",
                        details={"header": header, "cells": cells},
                    )
                )
                continue
            rows.append(Row(values_of(cells), where, start, NO_FIELD_LINES))
    except csv.Error as error:
        # The row being read starts after the last one read whole: a quote left open there
        # is found lines below, where the reader gives up.
        line = previous + 1 if previous else reader.line_num
        issues.append(Issue(where, line, "csv-syntax", csv_error(str(error))))
    if pasted:
        issues.insert(0, yaml_in_csv(where, pasted))
    if issues:
        raise DataError(issues)
    return rows


# A git conflict's marker lines: `<<<<<<< ours`, `=======`, `>>>>>>> theirs`.
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)")
# A YAML `field: value` line, or a list item `- field: value`, as pasted into a CSV file.
YAML_LINE = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?:\s|$)")
DELIMITERS = {";": "semicolons (;)", "\t": "tabs"}


def conflict_markers(where: str, text: str) -> Issue | None:
    """A git merge's conflict markers left in a file (both an opening and a closing one)."""
    if "<<<<<<<" not in text or ">>>>>>>" not in text:
        return None  # no line can start with both kinds: the file is not split into lines
    lines = [n for n, line in enumerate(text.split("\n"), 1) if CONFLICT_MARKER.match(line)]
    marks = {text.split("\n")[n - 1][0] for n in lines}
    if not {"<", ">"} <= marks:
        return None
    shown = ", ".join(map(str, lines[:9])) + (" …" if len(lines) > 9 else "")
    return Issue(
        where,
        lines[0],
        "conflict-markers",
        f"git conflict markers (<<<<<<<, =======, >>>>>>>) on lines {shown}: a merge left two "
        "versions of the lines between them",
        details={"lines": lines},
    )


def wrong_delimiter(where: str, text: str, table: Table) -> Issue | None:
    """A header split by ; or tab instead of commas (a spreadsheet's own separator)."""
    first = text.split("\n", 1)[0]
    if "," in first:
        return None
    for delimiter, name in DELIMITERS.items():
        names = [n.strip().strip('"') for n in first.split(delimiter)]
        if len(names) > 1 and set(names) & set(table.field_names):
            return Issue(
                where,
                1,
                "csv-delimiter",
                f"the columns are separated by {name}, not commas",
                details={"delimiter": delimiter},
            )
    return None


def missing_dash(where: str, text: str, line: int) -> Issue | None:
    """A `field: value` line where the list expected its next `- ` item."""
    lines = text.split("\n")
    match = YAML_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if not match or lines[line - 1].lstrip().startswith("-"):
        return None
    key = match.group("key")
    return Issue(
        where,
        line,
        "yaml-missing-dash",
        f'"{key}" on line {line} starts a new record but has no "- " before it',
        field=key,
    )


def yaml_line(line: str, table: Table) -> bool:
    """Whether a CSV line reads as YAML `field: value` for one of the table's fields."""
    match = YAML_LINE.match(line)
    return bool(match) and match.group("key") in table.field_names


def yaml_in_csv(where: str, lines: list[int]) -> Issue:
    """One problem for the YAML lines found in a CSV file."""
    shown = ", ".join(map(str, lines[:9])) + (" …" if len(lines) > 9 else "")
    return Issue(
        where,
        lines[0],
        "csv-yaml",
        f"lines {shown} are YAML (field: value), not CSV rows",
        details={"lines": lines},
    )


def check_header(where: str, header: list[str], table: Table) -> list[Issue]:
    """Header names must be unique and known; required columns must be there."""
    issues = []
    known = set(table.field_names)
    seen: set[str] = set()
    # One copy for every problem: a copy each took 12.6 GB for a header of 40,000 unknown names.
    allowed, present = table.field_names, list(header)
    for index, name in enumerate(header):
        repeated = name in seen and name != ""  # each nameless column is told as one below
        seen.add(name)
        if repeated:
            issues.append(
                Issue(
                    where,
                    1,
                    "csv-duplicate-header",
                    f'column "{name}" appears twice',
                    field=name,
                    column=index + 1,
                )
            )
        elif name not in known:
            issues.append(
                Issue(
                    where,
                    1,
                    "unknown-field",
                    f'column "{name}" is not a field of {table.name}'
                    if name
                    else f"column {index + 1} has no name in the header",
                    field=name,
                    column=index + 1,
                    details={"allowed": allowed, "present": present},
                )
            )
    for f in table.schema.get("fields", []):
        if f.get("constraints", {}).get("required") and f["name"] not in header:
            issues.append(
                Issue(
                    where,
                    1,
                    "missing-column",
                    f'required column "{f["name"]}" is missing',
                    field=f["name"],
                )
            )
    return issues


def csv_normalizer(header: list[str], table: Table) -> Callable[[list[str]], dict[str, Any]]:
    """`normalize` for one CSV header, compiled once: the per-row work of a large file."""
    names = table.field_names
    lists = list_fields(table).items()
    missing = [n for n in names if n not in header]
    order = [n for n in names if n in header]

    def values_of(cells: list[str]) -> dict[str, Any]:
        values = dict(zip(header, map(str.strip, cells), strict=True))
        for name in missing:
            values[name] = ""
        for name, delimiter in lists:
            values[name] = read_list(delimiter, values[name])
        return values if header == order else {n: values[n] for n in names}

    return values_of


def normalize(values: dict[str, Any], table: Table) -> dict[str, Any]:
    """Every schema field present: strings stripped, list fields as lists of strings."""
    out: dict[str, Any] = {}
    for f in table.schema.get("fields", []):
        name = f["name"]
        value = values.get(name, "")
        if f.get("type") == "list":
            value = (
                read_list(f.get("delimiter", ","), value)
                if isinstance(value, str)
                else [v.strip() for v in value if v.strip()]
            )
        elif isinstance(value, str):
            value = value.strip()
        out[name] = value
    return out


def first_alias_line(text: str) -> int:
    """Where the first alias is used (composed nodes only know where their anchor was)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 0


OPEN_QUOTE = "a quoted value opened on this line is never closed; add the closing quote"
AFTER_QUOTE = (
    "text follows the closing quote on this line; put the whole value inside the quotes, or the "
    "rest on a line of its own"
)
TAB = "this line has a tab where YAML reads only spaces; use spaces instead"
STRAY_ITEM = (
    'a list item ("- ") follows a field that already has a value; put it under a field with '
    "nothing after its colon, or remove the dash"
)
RESERVED_START = (
    "a value on this line starts with a character YAML reserves (@, ` or %); put the whole "
    "value in double quotes"
)
# What the YAML parser says of the mistakes people make by hand, in plain words, at the line to
# fix: (words of its context, words of its problem, the line to point at, the message).
PLAIN_YAML_ERRORS = (
    ("while scanning a quoted scalar", "", "context", OPEN_QUOTE),
    ("", "found character '\\t'", "problem", TAB),
    ("", "found a tab character", "problem", TAB),
    (
        "while scanning a block scalar",
        "",
        "context",
        "a value on this line starts with | or >, which YAML reads as the start of a block of "
        "text; put the whole value in double quotes",
    ),
    (
        "expected a single document",
        "",
        "problem",
        "a second document starts here (---); keep one record per file",
    ),
    (
        "while scanning a simple key",
        "",
        "context",
        'this line has no ": " after a field name; write field: value, or put the line back '
        "in the value above it",
    ),
    (
        "while parsing a flow sequence",
        "",
        "context",
        "a list opened with [ on this line is not closed with ]",
    ),
    (
        "while parsing a flow mapping",
        "",
        "context",
        "a mapping opened on this line with a curly bracket is never closed",
    ),
    (
        "",
        "mapping values are not allowed",
        "problem",
        'a second ": " on this line, or a line indented under a value; put a value that '
        'contains ": " in double quotes, and start each field at the left margin',
    ),
)


# A line that starts a field ("as_of_note_es: a las 21:30"), as a hand-written record holds them.
FIELD_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*):(?:\s|$)")
QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?[^\s:#'"][^:#]*:\s+(['"])(.*?)\s*$""")


def closing_quote(quote: str, rest: str) -> int:
    """Where in `rest` (the text after an opening quote) the value's closing quote stands, or
    -1: '' inside single quotes is one quote, and \\" inside double quotes is escaped."""
    at = 0
    while at < len(rest):
        if quote == '"' and rest[at] == "\\":
            at += 2
            continue
        if rest[at] == quote:
            if quote == "'" and rest[at + 1 : at + 2] == "'":
                at += 2
                continue
            return at
        at += 1
    return -1


def quote_mistake(text: str, before: int) -> tuple[int, str] | None:
    """The first line, up to `before`, whose quoted value is never closed on it ("value: '56")
    or is followed by more text ('note: "exact" más'): where a broken file most likely went
    wrong, though the parser reports the place a later quote made it fail; None for none."""
    for number, line in enumerate(text.splitlines()[:before], 1):
        found = QUOTED_VALUE.match(line)
        if found is None:
            continue
        quote, rest = found.groups()
        closing = closing_quote(quote, rest)
        if closing < 0:
            return number, OPEN_QUOTE
        after = rest[closing + 1 :].strip()
        if after and not after.startswith("#"):
            return number, AFTER_QUOTE
    return None


def misplaced_mark(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """A mistake told by the character the parser stopped at, which its words do not name:
    a list item ("- a") where the record expects a field ("did not find expected key"), or a
    tab, @, ` or % where a value starts ("found character that cannot start any token")."""
    mark, problem = error.problem_mark, str(error.problem or "")
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    if "did not find expected key" in problem:
        stray = line.strip() == "-" or line.strip().startswith("- ")
        return (mark.line + 1, STRAY_ITEM) if stray else None
    if "cannot start any token" in problem:
        char = line[mark.column : mark.column + 1]
        message = TAB if char == "\t" else RESERVED_START if char and char in "@`%" else None
        return (mark.line + 1, message) if message else None
    return None


BARE_ITEM = (
    'this line has no "- " before it, and the line above is an item of a list: write "- " '
    "before it too"
)


def bare_item(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """A list's item typed without its dash ("- a" then "b"): the parser finds no "field:"."""
    mark = error.context_mark
    if "while scanning a simple key" not in str(error.context or "") or mark is None:
        return None
    lines = text.splitlines()
    here = lines[mark.line] if mark.line < len(lines) else ""
    above = [line for line in lines[: mark.line] if line.strip()]
    if ":" in here or not here.strip() or not above or not above[-1].lstrip().startswith("- "):
        return None
    return mark.line + 1, BARE_ITEM


def plain_yaml_error(error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """(line, message) in plain words for a mistake PLAIN_YAML_ERRORS knows, else None."""
    for context, problem, at, message in PLAIN_YAML_ERRORS:
        if context and context not in str(error.context or ""):
            continue
        if problem and problem not in str(error.problem or ""):
            continue
        mark = error.context_mark if at == "context" else error.problem_mark
        if mark is None:
            continue
        return mark.line + 1, message
    return None


def compose(root: Path, path: Path) -> tuple[yaml.Node | None, str]:
    """Parse YAML into nodes only: nothing is constructed, so no tag can run code."""
    where = rel(root, path)
    text = read_text(root, path, MAX_YAML_BYTES)
    markers = conflict_markers(where, text)
    if markers:
        raise DataError([markers])
    try:
        return yaml.compose(text, Loader=_Loader), text
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        message = " ".join(str(p) for p in (error.context, error.problem) if p)
        dashless = "expected '-' indicator" in message and mark and missing_dash(where, text, line)
        if dashless:
            raise DataError([dashless]) from None
        # A quoting mistake first: the parser stumbles further on, where an open quote ran
        # into a later one, and names no quote for text after a closing one.
        plain = (
            quote_mistake(text, line)
            or misplaced_mark(error, text)
            or bare_item(error, text)
            or plain_yaml_error(error)
        )
        if plain:
            line, message = plain
        raise DataError([Issue(where, line, "yaml-syntax", message or "not valid YAML")]) from None
    except yaml.YAMLError as error:
        raise DataError([Issue(where, 0, "yaml-syntax", str(error).splitlines()[0])]) from None
    except RecursionError:
        raise DataError([Issue(where, 0, "yaml-syntax", "nesting is too deep")]) from None


class _Walker:
    """Turns composed YAML nodes into plain values, refusing aliases and unsafe tags."""

    def __init__(self, where: str, text: str = ""):
        self.where = where
        self.text = text
        self.lines: list[str] | None = None  # the text's lines, made when first needed
        self.seen: set[int] = set()

    def fail(
        self, node: yaml.Node, code: str, message: str, field: str = "", **details: Any
    ) -> DataError:
        line = node.start_mark.line + 1
        return DataError([Issue(self.where, line, code, message, field=field, details=details)])

    def visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:
            line = first_alias_line(self.text) or node.start_mark.line + 1
            raise DataError(
                [
                    Issue(
                        self.where,
                        line,
                        "yaml-alias",
                        "anchors and aliases (&, *) are not allowed; write the value out",
                    )
                ]
            )
        self.seen.add(id(node))
        if node.tag not in SAFE_TAGS:
            raise self.fail(node, "yaml-tag", f"tag {node.tag} is not allowed; remove it")

    def scalar(self, node: yaml.Node, what: str) -> str:
        self.visit(node)
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(
                node, "yaml-shape", f"{what} must be a single value, not a list or mapping"
            )
        return "" if node.tag == NULL_TAG else node.value

    def whole(
        self, node: yaml.ScalarNode, settings: bool = False, field: str = "", item: bool = False
    ) -> None:
        """A plain value followed by " #" on its line lost the rest of the line to a comment
        ("note: report #12 of Foro Penal" reads as "report"): refused, never cut silently. In a
        settings file, which may comment its values ("# why"), only a "#" run into its text
        ("#12", "#ForoPenal") is taken for words of the value."""
        if node.style not in (None, "") or not node.value or not self.text:
            return
        end = node.end_mark
        if self.lines is None:
            self.lines = self.text.splitlines()
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        comment = rest.lstrip()
        if settings and comment[1:2] in ("", " ", "\t", "#"):
            return
        if rest[:1] in (" ", "\t") and comment.startswith("#"):
            raise self.fail(
                node,
                "yaml-comment",
                'the text after " #" is read as a comment and dropped from the value; put the '
                "whole value in double quotes, or the comment on a line of its own",
                field=field,
                item=item,
            )

    def value(self, node: yaml.Node, name: str) -> Any:
        """A record's value: a fact, so one cut short by a comment is refused (whole); the
        settings files may carry comments after their values (see whole)."""
        if isinstance(node, yaml.SequenceNode):
            self.visit(node)
            items = [self.scalar(item, f"an item of {name}") for item in node.value]
            for item in node.value:
                self.whole(item, field=name, item=True)
            return items
        value = self.scalar(node, f'field "{name}"')
        self.whole(node, field=name)
        return value

    def swallowed(self, node: yaml.Node, table: Table) -> Issue | None:
        """A quoted value left open that YAML closed at a later line's quote: the fields between
        ("as_of_note: 'as of 21:30" above "as_of_note_es: a las 21:30'") were read into it as
        text, and the file stayed valid YAML."""
        if not isinstance(node, yaml.ScalarNode) or node.style not in ("'", '"') or not self.text:
            return None
        start, end = node.start_mark.line, node.end_mark.line
        if end == start:
            return None
        if self.lines is None:
            self.lines = self.text.splitlines()
        for number in range(start + 1, min(end, len(self.lines) - 1) + 1):
            found = FIELD_LINE.match(self.lines[number])
            if found and found.group(1) in table.field_names:
                return Issue(
                    self.where,
                    start + 1,
                    "yaml-syntax",
                    f"the quote opened on this line closes only on line {end + 1}, so "
                    f'"{found.group(1)}:" on line {number + 1} was read into this value; close '
                    "the quote on this line",
                    field=found.group(1),
                )
        return None

    def missing_dash(self, key: str, line: int, start: int) -> Issue:
        return Issue(
            self.where,
            line,
            "yaml-missing-dash",
            f'"{key}" on line {line} starts a new record but has no "- " before it, so it was '
            f"read as part of the record on line {start}",
            field=key,
        )

    def record(self, node: yaml.Node, table: Table, listed: bool = False) -> Row:
        self.visit(node)
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(
                node, "yaml-shape", f"a {table.name} record must be a mapping of field: value"
            )
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        problems = []
        first = node.value[0][0].value if node.value else None  # read only: visit() marks nodes
        for key_node, value_node in node.value:
            key = self.scalar(key_node, "a key")
            line = key_node.start_mark.line + 1
            if listed and key == first and len(values) > 1:
                # the first field again, after others: a record lost its "- " and joined this one
                problems = [self.missing_dash(key, line, node.start_mark.line + 1)]
                break
            if key in values:
                problems.append(
                    Issue(
                        self.where,
                        line,
                        "yaml-duplicate-key",
                        f"{field_prefix(key)}appears twice in this record (first at line "
                        f"{lines[key]})",
                        field=key,
                    )
                )
                continue
            if key not in table.field_names:
                problems.append(
                    Issue(
                        self.where,
                        line,
                        "unknown-field",
                        f'"{key}" is not a field of {table.name}',
                        field=key,
                        details={
                            "allowed": table.field_names,
                            "present": [str(k.value) for k, _ in node.value],
                        },
                    )
                )
            elif (
                isinstance(value_node, yaml.SequenceNode) and table.field(key).get("type") != "list"
            ):
                problems.append(
                    Issue(
                        self.where,
                        line,
                        "yaml-shape",
                        f"{field_prefix(key)}must be a single value, not a list",
                        field=key,
                        details={"list": True},
                    )
                )
            swallowed = self.swallowed(value_node, table)
            if swallowed:
                problems.append(swallowed)
            values[key] = self.value(value_node, key)
            lines[key] = line
        if problems:
            raise DataError(problems)
        return Row(
            values=normalize(values, table),
            path=self.where,
            line=node.start_mark.line + 1,
            field_lines=lines,
        )


def csv_error(said: str) -> str:
    """Python's words for a CSV it cannot read, in a contributor's words."""
    if re.fullmatch(r"'.' expected after '\"'", said):
        return (
            'text follows the quote (") that closes a value; a quote inside a value is written '
            'twice ("")'
        )
    if said == "unexpected end of data":
        return 'a quote (") that opens a value is never closed before the file ends'
    return "this file is not valid CSV"


def read_yaml_table(root: Path, path: Path, table: Table) -> list[Row]:
    """A YAML file holding a list of records."""
    where = rel(root, path)
    node, text = compose(root, path)
    if node is None:
        return []
    walker = _Walker(where, text)
    walker.visit(node)
    if not isinstance(node, yaml.SequenceNode):
        raise walker.fail(
            node,
            "yaml-shape",
            f"the file must be a list of {table.name} records (each starting with '- ')",
        )
    rows, issues = [], []
    for item in node.value:
        try:
            rows.append(walker.record(item, table, listed=True))
        except DataError as error:
            issues += error.issues
    if issues:
        raise DataError(issues)
    return rows


def read_yaml_record(root: Path, path: Path, table: Table) -> Row:
    """A YAML file holding one record."""
    node, text = compose(root, path)
    if node is None:
        raise DataError([Issue(rel(root, path), 1, "yaml-shape", "the file is empty")])
    return _Walker(rel(root, path), text).record(node, table)


def read_record_text(where: str, text: str, table: Table) -> Row:
    """One record from YAML text (as `split` cuts it out of a list), read as a record file is."""
    markers = conflict_markers(where, text)
    if markers:
        raise DataError([markers])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        raise DataError([Issue(where, 0, "yaml-syntax", "not valid YAML")]) from None
    if node is None:
        raise DataError([Issue(where, 1, "yaml-shape", "the file is empty")])
    return _Walker(where, text).record(node, table)


def read_yaml_mapping(root: Path, path: Path) -> dict:
    """A settings file (site.yaml, datapackage.yaml, a schema) as plain nested values."""
    where = rel(root, path)
    if not path.is_file():
        raise DataError([Issue(where, 0, "file-missing", "file not found")])
    node, text = compose(root, path)
    walker = _Walker(where, text)
    if not isinstance(node, yaml.MappingNode):
        raise DataError([Issue(where, 1, "yaml-shape", "the file must be a mapping of key: value")])
    try:
        value = plain(walker, node)
    except RecursionError:
        raise DataError([Issue(where, 0, "yaml-syntax", "nesting is too deep")]) from None
    links = config_link_issues(where, text, value)
    if links:
        raise DataError(links)
    return value


def plain(walker: _Walker, node: yaml.Node) -> Any:
    """Settings values keep their YAML types (numbers, booleans), unlike data rows."""
    walker.visit(node)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = walker.scalar(key_node, "a key")
            if key in out:
                raise walker.fail(key_node, "yaml-duplicate-key", f'key "{key}" appears twice')
            out[key] = plain(walker, value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [plain(walker, item) for item in node.value]
    walker.whole(node, settings=True)
    if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return node.value
    return yaml.safe_load(node.value) if node.value else None


def rel(root: Path, path: Path) -> str:
    """A path as the contributor sees it: relative to the project, with forward slashes."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return Path(path).as_posix()
