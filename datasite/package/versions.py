"""Frozen dataset versions: row-level diffs by primary key, the bump a change needs, changelogs,
and snapshots under versions/<dataset>/<version>/ checked against their lock of sha256 hashes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasite.issues import Issue
from datasite.load.values import write
from datasite.model import Table, as_list

BUMPS = ("none", "patch", "minor", "major")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
VERSIONS_DIR = "versions"
# Package metadata whose change is a correction to the package (a patch), not to its rows.
META_KEYS = (
    "title",
    "description",
    "licenses",
    "contributors",
    "keywords",
    "homepage",
    "i18n",
    "doi",
)
# The file types the generator writes; SHA256SUMS has none. Anything else (.html, .svg, .js…)
# could run on the site's origin, so it is never published.
ALLOWED_SUFFIXES = (
    ".csv",
    ".json",
    ".xlsx",
    ".sqlite",
    ".md",
    ".txt",
    ".bib",
    ".ris",
    ".zip",
    ".parquet",
)
PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")
LOCK_LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")
# What `version` writes before it commits:
# tempfile.mkdtemp(prefix=".<version>.", suffix=".staging").
STAGING = re.compile(r"^\.\d+\.\d+\.\d+\..*\.staging$")
# The rewritten datapackage.yaml before its rename (package.py): tempfile.mkstemp(prefix=
# ".datapackage.yaml.", suffix=".tmp") beside it, in data/<dataset>/.
DECLARED_TEMP = re.compile(r"^\.datapackage\.yaml\..+\.tmp$")
LENGTH_LIMITS = {
    "minimum": 1,
    "minLength": 1,
    "exclusiveMinimum": 1,
    "maximum": -1,
    "maxLength": -1,
    "exclusiveMaximum": -1,
}


@dataclass(frozen=True)
class Change:
    """One change to a table's schema or a package's metadata, kept as data: the bump it needs,
    its kind (a key of CHANGE_TEXT) and the values its message names; text(lang) words it."""

    bump: str
    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)

    def text(self, lang: str = "en") -> str:
        """The change in one language ("en" when there is no text in lang); the English text
        is what frozen CHANGELOG.md files hold, so it never changes."""
        lang = lang if lang in CHANGE_LANGUAGES else "en"
        template = CHANGE_TEXT[self.kind][lang]
        return template.format(**change_words(self.kind, self.values, lang))


def change(bump: str, kind: str, **values: Any) -> Change:
    """A Change, its lists kept as tuples so it stays hashable."""
    return Change(
        bump,
        kind,
        tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()),
    )


CHANGE_LANGUAGES = ("en", "es")
# One message per kind of change and language; {names} are filled by change_words. Field names,
# enum values, types and patterns are data and stay as they are.
CHANGE_TEXT: dict[str, dict[str, str]] = {
    "field-removed": {"en": 'field "{field}" removed', "es": 'campo "{field}" eliminado'},
    "field-added": {"en": 'field "{field}" added', "es": 'campo "{field}" añadido'},
    "required-field-added": {
        "en": 'required field "{field}" added',
        "es": 'campo obligatorio "{field}" añadido',
    },
    "fields-reordered": {"en": "fields reordered", "es": "campos reordenados"},
    "primary-key": {
        "en": "primary key changed from {before} to {after}",
        "es": "clave primaria cambiada de {before} a {after}",
    },
    "foreign-keys": {"en": "foreign keys changed", "es": "claves foráneas cambiadas"},
    "reworded": {
        "en": "titles or descriptions reworded ({what})",
        "es": "títulos o descripciones reescritos ({what})",
    },
    "type": {
        "en": 'field "{field}": type {before} → {after}',
        "es": 'campo "{field}": tipo {before} → {after}',
    },
    "now-required": {
        "en": 'field "{field}" is now required',
        "es": 'el campo "{field}" pasa a ser obligatorio',
    },
    "no-longer-required": {
        "en": 'field "{field}" is no longer required',
        "es": 'el campo "{field}" deja de ser obligatorio',
    },
    "enum-removed": {
        "en": 'field "{field}": enum removed',
        "es": 'campo "{field}": ya no se limita a una lista de valores',
    },
    "enum-set": {
        "en": 'field "{field}": now limited to {values}',
        "es": 'campo "{field}": ahora limitado a {values}',
    },
    "enum-values-removed": {
        "en": 'field "{field}": enum values removed: {values}',
        "es": 'campo "{field}": valores permitidos eliminados: {values}',
    },
    "enum-values-added": {
        "en": 'field "{field}": enum values added: {values}',
        "es": 'campo "{field}": valores permitidos añadidos: {values}',
    },
    "limit": {
        "en": 'field "{field}": {limit} {before} → {after}',
        "es": 'campo "{field}": {limit} {before} → {after}',
    },
    "pattern": {
        "en": 'field "{field}": pattern changed',
        "es": 'campo "{field}": patrón cambiado',
    },
    "boolean-words": {
        "en": 'field "{field}": written {true} and {false}',
        "es": 'campo "{field}": se escribe {true} y {false}',
    },
    # A rule between two fields (check/relations.py) in plain words: {other} is the other field.
    "rule-notAfter": {
        "en": 'field "{field}": not after "{other}"',
        "es": 'campo "{field}": no posterior a "{other}"',
    },
    "rule-upperOf": {
        "en": 'field "{field}": at least "{other}"',
        "es": 'campo "{field}": no menor que "{other}"',
    },
    "rule-filledWhen": {
        "en": 'field "{field}": filled when, and only when, "{other}" is {values}',
        "es": 'campo "{field}": lleno cuando, y solo cuando, "{other}" es {values}',
    },
    "rule-removed": {
        "en": 'field "{field}": rule {rule} removed',
        "es": 'campo "{field}": regla {rule} retirada',
    },
    "metadata": {"en": "{key} changed", "es": "{key}"},
    "files-added": {"en": "files added: {files}", "es": "archivos añadidos: {files}"},
}
# Words inside the messages above, in Spanish (English keeps the names as they are).
LIMITS_ES = {
    "minimum": "mínimo",
    "maximum": "máximo",
    "minLength": "longitud mínima",
    "maxLength": "longitud máxima",
    "exclusiveMinimum": "mínimo exclusivo",
    "exclusiveMaximum": "máximo exclusivo",
}
META_ES = {
    "title": "título cambiado",
    "description": "descripción cambiada",
    "licenses": "licencias cambiadas",
    "contributors": "colaboradores cambiados",
    "keywords": "palabras clave cambiadas",
    "homepage": "página principal cambiada",
    "i18n": "traducciones cambiadas",
    "doi": "DOI cambiado",
}
NONE_WORD = {"en": "none", "es": "ninguna"}
RELATION_KEYS = ("notAfter", "upperOf", "filledWhen")
NO_LIMIT_ES = "sin límite"
ONE_OF = {"en": "one of ", "es": "uno de "}
REWORDED_OWN = {"en": "the table's own", "es": "los de la propia tabla"}
REWORDED_OTHER = {"en": "other schema text", "es": "otro texto del esquema"}


def change_words(kind: str, values: dict[str, Any], lang: str) -> dict[str, str]:
    """A change's values as its message in lang shows them: lists joined, a missing key or
    limit named, a limit or metadata key in Spanish."""
    words = {k: ", ".join(map(str, v)) if isinstance(v, tuple) else v for k, v in values.items()}
    if kind == "primary-key":
        for side in ("before", "after"):
            words[side] = words[side] or NONE_WORD[lang]
    elif kind == "reworded":
        named = [REWORDED_OWN[lang]] * bool(values.get("own")) + list(values.get("fields", ()))
        words["what"] = ", ".join(named) or REWORDED_OTHER[lang]
    elif kind == "rule-filledWhen":
        allowed = values.get("values", ())
        words["values"] = (ONE_OF[lang] if len(allowed) > 1 else "") + words["values"]
    elif kind == "limit" and lang == "es":
        words["limit"] = LIMITS_ES.get(values["limit"], values["limit"])
        for side in ("before", "after"):
            words[side] = NO_LIMIT_ES if values[side] is None else values[side]
    elif kind == "metadata" and lang == "es":
        words["key"] = META_ES.get(values["key"], f"{values['key']} cambiado")
    return words


@dataclass
class TableState:
    """A table as compared between versions: its schema and its rows as text, by primary key."""

    name: str
    schema: dict
    rows: dict[tuple, dict[str, str]]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]


@dataclass
class TableDiff:
    """What changed in one table: rows added, removed and corrected, and schema changes."""

    table: str
    status: str = "same"  # same, added (a new table) or removed
    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    changed: list[tuple[tuple, list[tuple[str, str, str]]]] = field(default_factory=list)
    schema_changes: list[Change] = field(default_factory=list)

    @property
    def bump(self) -> str:
        needs = [
            "major" if self.status == "removed" else "minor" if self.status == "added" else "none"
        ]
        needs += [c.bump for c in self.schema_changes]
        needs += (
            ["minor"] * bool(self.added)
            + ["major"] * bool(self.removed)
            + ["patch"] * bool(self.changed)
        )
        return max(needs, key=BUMPS.index)

    @property
    def corrected_fields(self) -> list[str]:
        return sorted({name for _, changes in self.changed for name, _, _ in changes})

    @property
    def empty(self) -> bool:
        return self.bump == "none"


@dataclass
class DatasetDiff:
    """What changed in one dataset, table by table."""

    dataset: str
    tables: list[TableDiff] = field(default_factory=list)
    meta_changes: list[Change] = field(default_factory=list)

    @property
    def bump(self) -> str:
        needs = [t.bump for t in self.tables] + ["patch"] * bool(self.meta_changes)
        return max(needs + ["none"], key=BUMPS.index)

    @property
    def changed_tables(self) -> list[TableDiff]:
        return [t for t in self.tables if not t.empty]


def key_fields(schema: dict) -> list[str]:
    return as_list(schema.get("primaryKey"))


def keyed(schema: dict, records: Iterable[dict[str, str]]) -> dict[tuple, dict[str, str]]:
    """Rows by primary key (by the whole row when the table has none)."""
    names = [f["name"] for f in schema.get("fields", [])]
    key = key_fields(schema) or names
    return {tuple(r.get(k, "") for k in key): r for r in records}


def state_from_table(table: Table, schema: dict | None = None) -> TableState:
    """A loaded table as text rows, exactly as its CSV would hold them."""
    schema = schema if schema is not None else table.schema
    specs = table.schema.get("fields", [])
    records = [
        {f["name"]: write(f, row.values.get(f["name"], "")) for f in specs} for row in table.rows
    ]
    return TableState(table.name, schema, keyed(schema, records))


def states_from_package(descriptor: dict, read: Any) -> dict[str, TableState]:
    """The tables of a data package; read(path) returns a file's bytes."""
    states = {}
    for resource in descriptor.get("resources", []):
        if resource.get("type") != "table" or resource.get("format") != "csv":
            continue
        text = read(resource["path"]).decode("utf-8")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        schema = resource.get("schema", {})
        records = list(reader)
        # A boolean is compared by its value: an older version may write it true or false.
        for spec in schema.get("fields", []):
            if spec.get("type") == "boolean":
                for record in records:
                    record[spec["name"]] = write(spec, record.get(spec["name"], ""))
        states[resource["name"]] = TableState(resource["name"], schema, keyed(schema, records))
    return states


def parquet_copies(descriptor: dict) -> set[str]:
    """The Parquet copy of each table (<table>.parquet), which a package holds beside its CSV
    but does not list in datapackage.json: frictionless would read a listed Parquet file as a
    table, which it cannot without its parquet extra (pyarrow). SHA256SUMS lists them."""
    return {
        f"{resource['name']}.parquet"
        for resource in descriptor.get("resources", [])
        if resource.get("type") == "table" and isinstance(resource.get("name"), str)
    }


def diff_states(
    dataset: str, old: dict[str, TableState], new: dict[str, TableState]
) -> DatasetDiff:
    """Table by table, in the new order then the removed ones."""
    result = DatasetDiff(dataset)
    for name in list(new) + [n for n in old if n not in new]:
        result.tables.append(diff_table(old.get(name), new.get(name)))
    return result


def diff_table(old: TableState | None, new: TableState | None) -> TableDiff:
    """Rows added, removed and corrected by primary key, plus what the schema change implies."""
    name = (new or old).name  # type: ignore[union-attr]
    if old is None:
        assert new is not None
        return TableDiff(name, "added", added=list(new.rows))
    if new is None:
        return TableDiff(name, "removed", removed=list(old.rows))
    result = TableDiff(name)
    result.schema_changes = schema_changes(old.schema, new.schema)
    old_rows = old.rows
    if key_fields(old.schema) != key_fields(new.schema):
        # Re-key the old rows by the new key when they have its fields; else nothing can match.
        key = key_fields(new.schema) or new.field_names
        old_rows = keyed(new.schema, old.rows.values()) if set(key) <= set(old.field_names) else {}
        if not old_rows:
            result.removed = list(old.rows)
    common = [n for n in new.field_names if n in old.field_names]
    for key, row in new.rows.items():
        before = old_rows.get(key)
        if before is None:
            result.added.append(key)
            continue
        fields = [
            (n, before.get(n, ""), row.get(n, ""))
            for n in common
            if before.get(n, "") != row.get(n, "")
        ]
        if fields:
            result.changed.append((key, fields))
    if old_rows:
        result.removed = [k for k in old_rows if k not in new.rows]
    return result


def schema_changes(old: dict, new: dict) -> list[Change]:
    """Each schema change with the bump it needs: incompatible ones are major."""
    changes: list[Change] = []
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    for name in old_fields:
        if name not in new_fields:
            changes.append(change("major", "field-removed", field=name))
    for name, spec in new_fields.items():
        required = bool(spec.get("constraints", {}).get("required"))
        if name not in old_fields:
            changes.append(
                change("major", "required-field-added", field=name)
                if required
                else change("minor", "field-added", field=name)
            )
            continue
        changes += field_changes(name, old_fields[name], spec)
    common_old = [n for n in old_fields if n in new_fields]
    common_new = [n for n in new_fields if n in old_fields]
    if common_old != common_new:
        changes.append(change("major", "fields-reordered"))
    if key_fields(old) != key_fields(new):
        changes.append(
            change("major", "primary-key", before=key_fields(old), after=key_fields(new))
        )
    if old.get("foreignKeys", []) != new.get("foreignKeys", []) or old.get(
        "listForeignKeys", []
    ) != new.get("listForeignKeys", []):
        changes.append(change("minor", "foreign-keys"))
    if not changes and canonical(old) != canonical(new):
        reworded = [
            name
            for name in new_fields
            if canonical(old_fields.get(name)) != canonical(new_fields[name])
        ]
        own = any(
            canonical(old.get(key)) != canonical(new.get(key))
            for key in ("title", "description", "i18n")
        )
        changes.append(change("patch", "reworded", own=own, fields=reworded))
    return changes


def field_changes(name: str, old: dict, new: dict) -> list[Change]:
    """Changes to one field kept across versions: type, requiredness, enum, limits."""
    out = []
    if old.get("type", "string") != new.get("type", "string"):
        out.append(
            change(
                "major",
                "type",
                field=name,
                before=old.get("type", "string"),
                after=new.get("type", "string"),
            )
        )
    was, now = old.get("constraints", {}), new.get("constraints", {})
    if now.get("required") and not was.get("required"):
        out.append(change("major", "now-required", field=name))
    elif was.get("required") and not now.get("required"):
        out.append(change("minor", "no-longer-required", field=name))
    if "enum" in was or "enum" in now:
        before, after = was.get("enum"), now.get("enum")
        if before is not None and after is None:
            out.append(change("minor", "enum-removed", field=name))
        elif before is None:
            out.append(change("major", "enum-set", field=name, values=list(after)))
        else:
            gone = [v for v in before if v not in after]
            new_values = [v for v in after if v not in before]
            if gone:
                out.append(change("major", "enum-values-removed", field=name, values=gone))
            if new_values:
                out.append(change("minor", "enum-values-added", field=name, values=new_values))
    for limit, direction in LENGTH_LIMITS.items():
        if was.get(limit) == now.get(limit):
            continue
        before, after = was.get(limit), now.get(limit)
        tighter = before is None or (after is not None and (after - before) * direction > 0)
        out.append(
            change(
                "major" if tighter else "minor",
                "limit",
                field=name,
                limit=limit,
                before=before,
                after=after,
            )
        )
    if was.get("pattern") != now.get("pattern"):
        out.append(change("major", "pattern", field=name))
    # Rules between two fields of a row (check/relations.py): the build enforces them, other
    # readers ignore keys they do not know, so a data file they read stays valid for them.
    for rule in RELATION_KEYS:
        if canonical(old.get(rule)) != canonical(new.get(rule)):
            value = new.get(rule)
            other = value.get("field", "") if isinstance(value, dict) else value or ""
            allowed = value.get("values", []) if isinstance(value, dict) else []
            kind = f"rule-{rule}" if other else "rule-removed"
            out.append(
                change("minor", kind, field=name, rule=rule, other=str(other), values=allowed)
            )
    words = [(spec.get("trueValues"), spec.get("falseValues")) for spec in (old, new)]
    if old.get("type") == new.get("type") == "boolean" and words[0] != words[1]:
        true, false = words_of(new)
        out.append(change("patch", "boolean-words", field=name, true=true, false=false))
    return out


def words_of(spec: dict) -> list[str]:
    """The words a boolean field's CSV uses, true ones then false ones."""
    return [
        "/".join(spec.get(key) or default)
        for key, default in (("trueValues", ["true"]), ("falseValues", ["false"]))
    ]


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def meta_changes(old: dict, new: dict) -> list[Change]:
    """Package metadata that changed (a patch): title, description, licences, …"""
    return [
        change("patch", "metadata", key=key)
        for key in META_KEYS
        if canonical(old.get(key)) != canonical(new.get(key))
    ]


# Version numbers


def parse_version(text: str) -> tuple[int, int, int] | None:
    match = SEMVER.match(str(text))
    return tuple(int(p) for p in match.groups()) if match else None  # type: ignore[return-value]


def bump_version(version: str, bump: str) -> str:
    """The next version for a bump: 1.2.3 + minor = 1.3.0."""
    major, minor, patch = parse_version(version) or (0, 0, 0)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def bump_between(old: str, new: str) -> str:
    """The bump that takes old to new ("none" when equal or going backwards)."""
    a, b = parse_version(old), parse_version(new)
    if a is None or b is None or b <= a:
        return "none"
    return "major" if b[0] > a[0] else "minor" if b[1] > a[1] else "patch"


# Frozen snapshots


@dataclass
class FrozenVersion:
    """A frozen version on disk: versions/<dataset>/<version>/ and its lock file."""

    dataset: str
    version: str
    folder: Path
    lock: Path

    def descriptor(self) -> dict:
        return json.loads((self.folder / "datapackage.json").read_text(encoding="utf-8"))

    def read(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()


def frozen_versions(root: Path, dataset: str) -> list[FrozenVersion]:
    """Every frozen version of a dataset, oldest first (by lock file)."""
    base = Path(root) / VERSIONS_DIR / dataset
    if not base.is_dir():
        return []
    found = []
    for lock in base.glob("*.lock"):
        version = lock.name[: -len(".lock")]
        if parse_version(version):
            found.append(FrozenVersion(dataset, version, base / version, lock))
    return sorted(found, key=lambda v: parse_version(v.version))  # type: ignore[arg-type, return-value]


def plain_name(name: str) -> bool:
    """A file name the generator could have written: no folder, no `..`, nothing hidden."""
    return bool(PLAIN_NAME.match(name)) and ".." not in name


def read_lock(path: Path) -> dict[str, str]:
    """A lock in sha256sum format: `<sha256>  <file name>` per line."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if digest and name:
            out[name] = digest
    return out


def lock_text(payload: dict[str, bytes]) -> str:
    return "".join(f"{hashlib.sha256(payload[n]).hexdigest()}  {n}\n" for n in sorted(payload))


def kind_of(path: Path) -> str:
    """ "file", "folder", "link", "other" or "missing", by lstat: a link is never followed."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "other"


def leftover_of(entry: Path) -> bool:
    """What an interrupted `version` left: a staging folder, or a version folder with its lock."""
    if STAGING.match(entry.name):
        return True
    return (
        parse_version(entry.name) is not None
        and kind_of(entry) == "folder"
        and kind_of(entry.parent / f"{entry.name}.lock") == "missing"
        and kind_of(entry / f"{entry.name}.lock") == "file"
    )


def verify_frozen(root: Path, datasets: list[str]) -> list[Issue]:
    """Every frozen file must still match its lock: published versions never change."""
    issues: list[Issue] = [
        Issue(
            where,
            0,
            "frozen-interrupted",
            f"an interrupted `version` run left this; run "
            f"`python build.py version {where.split('/')[1]}` again, which removes it, or delete "
            "it",
        )
        for where in declared_temps(root)
    ]
    base = Path(root) / VERSIONS_DIR
    if kind_of(base) == "missing":
        return issues
    if kind_of(base) != "folder":
        return [
            Issue(
                VERSIONS_DIR,
                0,
                "unsafe-path",
                f"{VERSIONS_DIR} must be a folder, not a symbolic link or a special file",
            )
        ]
    for folder in sorted(base.iterdir()):
        where = f"{VERSIONS_DIR}/{folder.name}"
        if kind_of(folder) in ("link", "other"):
            issues.append(
                Issue(
                    where,
                    0,
                    "unsafe-path",
                    f"symbolic links and special files are not allowed in {VERSIONS_DIR}/",
                )
            )
            continue
        if kind_of(folder) != "folder":
            issues.append(
                Issue(
                    where,
                    0,
                    "frozen-file",
                    f"only one folder per dataset belongs in {VERSIONS_DIR}/",
                )
            )
            continue
        if folder.name not in datasets:
            issues.append(
                Issue(
                    where,
                    0,
                    "frozen-orphan",
                    f'no dataset "{folder.name}" in data/ for these frozen versions',
                )
            )
            continue
        issues += verify_dataset_folder(folder)
    return issues


def verify_dataset_folder(folder: Path) -> list[Issue]:
    """versions/<dataset>/ holds version folders and their locks, and nothing else."""
    issues: list[Issue] = []
    where = f"{VERSIONS_DIR}/{folder.name}"
    locked = {v.version for v in frozen_versions(folder.parent.parent, folder.name)}
    for entry in sorted(folder.iterdir()):
        name, kind = entry.name, kind_of(entry)
        if leftover_of(entry):
            issues.append(
                Issue(
                    f"{where}/{name}",
                    0,
                    "frozen-interrupted",
                    "an interrupted `version` run left this; run `python build.py version "
                    f"{folder.name}` again, "
                    "which removes it, or delete it",
                )
            )
        elif kind == "link" or kind == "other":
            issues.append(
                Issue(
                    f"{where}/{name}",
                    0,
                    "unsafe-path",
                    "symbolic links and special files are not allowed in versions/",
                )
            )
        elif kind == "folder" and parse_version(name) and name not in locked:
            issues.append(
                Issue(
                    f"{where}/{name}",
                    0,
                    "frozen-changed",
                    f"frozen version folder has no lock file {name}.lock",
                )
            )
        elif not (kind == "folder" and name in locked) and not (
            kind == "file" and name[: -len(".lock")] in locked
        ):
            issues.append(
                Issue(
                    f"{where}/{name}",
                    0,
                    "frozen-file",
                    f"only version folders and their .lock files belong in {where}/",
                )
            )
    for version in frozen_versions(folder.parent.parent, folder.name):
        issues += verify_version(version)
    return issues


def verify_version(version: FrozenVersion) -> list[Issue]:
    """The folder holds exactly the files its lock names, each with its sha256; every name is a
    plain file name, checked with lstat before anything is read."""
    where = f"{VERSIONS_DIR}/{version.dataset}/{version.version}"
    lock_where = f"{where}.lock"
    restore = "published versions never change; restore it with `git checkout`"
    if kind_of(version.lock) != "file":
        return [
            Issue(
                lock_where,
                0,
                "unsafe-path",
                "a lock must be a plain file, not a symbolic link or a folder",
            )
        ]
    if kind_of(version.folder) == "missing":
        return [
            Issue(
                lock_where, 0, "frozen-changed", f"the frozen folder {where}/ is missing; {restore}"
            )
        ]
    if kind_of(version.folder) != "folder":
        return [
            Issue(
                where,
                0,
                "unsafe-path",
                "a frozen version must be a plain folder, not a symbolic link",
            )
        ]
    try:
        lines = version.lock.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError):
        lines = ["?"]
    expected: dict[str, str] = {}
    issues = []
    for number, line in enumerate(lines, 1):
        match = LOCK_LINE.match(line)
        if not match:
            issues.append(
                Issue(
                    lock_where,
                    number,
                    "frozen-changed",
                    f"this line is not `<sha256>  <file name>`; {restore}",
                )
            )
        elif not plain_name(match.group(2)):
            issues.append(
                Issue(
                    lock_where,
                    number,
                    "unsafe-path",
                    f'"{match.group(2)[:80]}" must be a plain file name inside {where}/',
                )
            )
        else:
            expected[match.group(2)] = match.group(1)
    if issues:
        return issues
    for entry in sorted(version.folder.iterdir()):
        kind = kind_of(entry)
        if kind != "file":
            issues.append(
                Issue(
                    f"{where}/{entry.name}",
                    0,
                    "unsafe-path" if kind != "folder" else "frozen-file",
                    "symbolic links and special files are not allowed in versions/"
                    if kind != "folder"
                    else "a frozen version holds files only, no folders",
                )
            )
        elif entry.name not in expected:
            issues.append(
                Issue(
                    f"{where}/{entry.name}",
                    0,
                    "frozen-changed",
                    f"this file is not in {lock_where}; {restore}",
                )
            )
        elif not allowed_file(entry.name):
            issues.append(
                Issue(
                    f"{where}/{entry.name}",
                    0,
                    "frozen-file",
                    f"a {Path(entry.name).suffix or 'extensionless'} file is never published; a "
                    "version holds only "
                    f"{', '.join(ALLOWED_SUFFIXES)} files and SHA256SUMS",
                )
            )
    for name, digest in sorted(expected.items()):
        path = version.folder / name
        kind = kind_of(path)
        if kind == "missing":
            issues.append(
                Issue(
                    f"{where}/{name}",
                    0,
                    "frozen-changed",
                    f"this frozen file is missing; {restore}",
                )
            )
        elif kind == "file" and sha256_of(path) != digest:
            issues.append(
                Issue(
                    f"{where}/{name}",
                    0,
                    "frozen-changed",
                    f"this file no longer matches its sha256 in {lock_where}; {restore}",
                )
            )
    return issues


def allowed_file(name: str) -> bool:
    return name == "SHA256SUMS" or Path(name).suffix in ALLOWED_SUFFIXES


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_snapshot(
    root: Path, dataset: str, version: str, payload: dict[str, bytes]
) -> FrozenVersion:
    """Record a frozen version atomically: every file and the lock go into a staging folder, which
    is renamed into place; moving the lock out of it is the one rename that commits. On an error
    (a full disk) nothing is left behind."""
    base = Path(root) / VERSIONS_DIR / dataset
    base.mkdir(parents=True, exist_ok=True)
    folder, lock = base / version, base / f"{version}.lock"
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", suffix=".staging", dir=base))
    try:
        for name in sorted(payload):
            (staging / name).write_bytes(payload[name])
        (staging / lock.name).write_text(lock_text(payload), encoding="utf-8")
        staging.rename(folder)
        staging = folder
        (folder / lock.name).rename(lock)  # the commit: from here on the version exists
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return FrozenVersion(dataset, version, folder, lock)


def clear_leftovers(root: Path) -> list[str]:
    """Remove what interrupted `version` runs left (never a committed version); return what went."""
    removed = []
    for where in declared_temps(root):
        (Path(root) / where).unlink()
        removed.append(where)
    base = Path(root) / VERSIONS_DIR
    if kind_of(base) != "folder":
        return removed
    for folder in sorted(p for p in base.iterdir() if kind_of(p) == "folder"):
        for entry in sorted(folder.iterdir()):
            if leftover_of(entry) and kind_of(entry) == "folder":
                shutil.rmtree(entry)
                removed.append(f"{VERSIONS_DIR}/{folder.name}/{entry.name}")
    return removed


def declared_temps(root: Path) -> list[str]:
    """The datapackage.yaml rewrites an interrupted `version` run left in data/<dataset>/, as
    project paths: regular files only (a link is input_issues' to refuse, never removed here)."""
    data = Path(root) / "data"
    if kind_of(data) != "folder":
        return []
    return [
        f"data/{folder.name}/{entry.name}"
        for folder in sorted(data.iterdir())
        if kind_of(folder) == "folder"
        for entry in sorted(folder.iterdir())
        if DECLARED_TEMP.match(entry.name) and kind_of(entry) == "file"
    ]


def withdraw(version: FrozenVersion) -> None:
    """Undo a commit that could not be finished: the lock first, so no half version stays locked."""
    version.lock.unlink(missing_ok=True)
    shutil.rmtree(version.folder, ignore_errors=True)


def declared_version_text(path: Path, version: str) -> str:
    """A datapackage.yaml with its `version:` line rewritten, keeping its comments and layout."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^version:[^\n]*$", f"version: {version}", text, count=1)
    if not count:
        new = text.rstrip("\n") + f"\nversion: {version}\n"
    return new


# Text: changelogs and the pull-request diff


def key_text(key: tuple) -> str:
    return "/".join(str(k) for k in key)


def code(value: str, limit: int = 120) -> str:
    """Data shown in Markdown as an inline code span, so nothing in it is ever live."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return "(empty)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def keys_text(keys: list[tuple], limit: int = 20, lang: str = "en") -> str:
    shown = ", ".join(code(key_text(k)) for k in keys[:limit])
    more = changelog_words(lang)["more"]
    return shown + (more.format(n=len(keys) - limit) if len(keys) > limit else "")


# A changelog's words; the English ones are what frozen CHANGELOG.md files hold, so they never
# change. Each count is (one, many), with the Spanish participle agreeing with "fila(s)".
CHANGELOG_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "metadata": "- Package metadata: {what}.",
        "new table": "- `{table}`: new table with {rows}.",
        "table removed": "- `{table}`: table removed ({rows}).",
        "schema": "- `{table}` schema: {what} ({bump}).",
        "added": "- `{table}`: {rows}: {keys}.",
        "removed": "- `{table}`: {rows}: {keys}.",
        "corrected": "- `{table}`: {rows} ({fields}): {keys}.",
        "rows": ("{n} row", "{n} rows"),
        "rows added": ("{n} row added", "{n} rows added"),
        "rows removed": ("{n} row removed", "{n} rows removed"),
        "rows corrected": ("{n} row corrected", "{n} rows corrected"),
        "more": " and {n} more",
        "first": "- First published version.",
        "no changes": "- No changes to the rows.",
        "bumps": {"major": "major", "minor": "minor", "patch": "patch"},
    },
    "es": {
        "metadata": "- Metadatos del paquete: {what}.",
        "new table": "- `{table}`: tabla nueva con {rows}.",
        "table removed": "- `{table}`: tabla eliminada ({rows}).",
        "schema": "- Esquema de `{table}`: {what} ({bump}).",
        "added": "- `{table}`: {rows}: {keys}.",
        "removed": "- `{table}`: {rows}: {keys}.",
        "corrected": "- `{table}`: {rows} ({fields}): {keys}.",
        "rows": ("{n} fila", "{n} filas"),
        "rows added": ("{n} fila añadida", "{n} filas añadidas"),
        "rows removed": ("{n} fila eliminada", "{n} filas eliminadas"),
        "rows corrected": ("{n} fila corregida", "{n} filas corregidas"),
        "more": " y {n} más",
        "first": "- Primera versión publicada.",
        "no changes": "- Sin cambios en las filas.",
        "bumps": {"major": "mayor", "minor": "menor", "patch": "parche"},
    },
}


def changelog_words(lang: str) -> dict[str, Any]:
    return CHANGELOG_WORDS.get(lang, CHANGELOG_WORDS["en"])


def count_text(count: int, forms: tuple[str, str]) -> str:
    return forms[count != 1].format(n=count)


def changelog_lines(diff: DatasetDiff, lang: str = "en") -> list[str]:
    """One Markdown list item per change: rows added, removed, corrected (with fields), schema;
    in English as frozen changelogs hold it, or in another language for a page."""
    w = changelog_words(lang)
    lines = []
    if diff.meta_changes:
        what = ", ".join(c.text(lang) for c in diff.meta_changes)
        lines.append(w["metadata"].format(what=what))
    for t in diff.changed_tables:
        if t.status in ("added", "removed"):
            rows = count_text(len(t.added if t.status == "added" else t.removed), w["rows"])
            lines.append(
                w["new table" if t.status == "added" else "table removed"].format(
                    table=t.table, rows=rows
                )
            )
            continue
        for c in t.schema_changes:
            lines.append(
                w["schema"].format(
                    table=t.table, what=c.text(lang), bump=w["bumps"].get(c.bump, c.bump)
                )
            )
        for part in ("added", "removed"):
            keys = getattr(t, part)
            if keys:
                lines.append(
                    w[part].format(
                        table=t.table,
                        rows=count_text(len(keys), w[f"rows {part}"]),
                        keys=keys_text(keys, lang=lang),
                    )
                )
        if t.changed:
            lines.append(
                w["corrected"].format(
                    table=t.table,
                    rows=count_text(len(t.changed), w["rows corrected"]),
                    fields=", ".join(t.corrected_fields),
                    keys=keys_text([k for k, _ in t.changed], lang=lang),
                )
            )
    return lines


def change_strings(lang: str) -> list[str]:
    """The words this module writes on a page in lang, without Markdown, for the build's check
    that no page holds another language's interface text (render/words.py); the bump words are
    left out, as "mayor" and "minor" are words of both languages."""
    if lang not in CHANGE_LANGUAGES:
        return []
    texts = [texts[lang] for texts in CHANGE_TEXT.values()]
    texts += [REWORDED_OWN[lang], REWORDED_OTHER[lang], NONE_WORD[lang]]
    texts += list(LIMITS_ES.values()) + list(META_ES.values()) if lang == "es" else []
    for key, value in changelog_words(lang).items():
        if key != "bumps":
            texts += list(value) if isinstance(value, tuple) else [value]
    return [text.removeprefix("- ").replace("`", "") for text in texts]


def changelog_items(diff: DatasetDiff | None, lang: str = "en") -> list[str]:
    """A version's list of changes: the first version says so, a version with no change to its
    rows too."""
    w = changelog_words(lang)
    if diff is None:
        return [w["first"]]
    return changelog_lines(diff, lang) or [w["no changes"]]


def changelog_entry(version: str, date: str, diff: DatasetDiff | None, note: str = "") -> str:
    """The CHANGELOG.md section of one version, led by the maintainer's note (why) if any."""
    head = f"## {version} — {date}\n\n"
    # The note says why; the lines below it say what changed, row by row.
    why = f"{note.strip()}\n\n" if note.strip() else ""
    return head + why + "\n".join(changelog_items(diff)) + "\n"


def changelog_document(title: str, entry: str, previous: str = "") -> str:
    """A package's CHANGELOG.md: this version's entry, then every earlier one."""
    older = (
        previous.split("\n", 2)[2]
        if previous.startswith("# ") and previous.count("\n") >= 2
        else previous
    )
    return f"# Changelog: {title}\n\n{entry}" + (f"\n{older}" if older.strip() else "")
