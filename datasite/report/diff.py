"""The project as it was at a git revision, and the row-level diff of the working data from it."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from datasite.check.privacy import (
    NameIndex,
    basis_rules,
    cited_sources,
    fold,
    identifiers_of,
    is_minor,
    may_publish,
    may_publish_pseudonym,
    personal_fields,
    personal_text_fields,
    withheld_names,
)
from datasite.issues import DataError, Issue
from datasite.load import project as load
from datasite.load.project import load_project
from datasite.model import Project, Row, Table
from datasite.package.frozen import CHANGELOG
from datasite.package.versions import (
    VERSIONS_DIR,
    DatasetDiff,
    TableDiff,
    bump_version,
    code,
    diff_states,
    key_text,
    meta_changes,
    parse_version,
    state_from_table,
)


def git(root: Path, *args: str) -> bytes:
    """Run git in the project folder; a failure becomes an Issue, never a traceback."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as error:
        raise DataError([Issue("git", 0, "git", f"cannot run git: {error}")]) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DataError(
            [
                Issue(
                    "git",
                    0,
                    "git",
                    f"git {args[0]} failed: {message[-1] if message else done.returncode}",
                )
            ]
        )
    return done.stdout


FOLDERS = ("data", "schemas")  # what load_project reads
DATA_SUFFIXES = (".csv", ".yaml", ".yml", ".json")  # what it may read there


def project_at(root: Path, base: str, target: Path) -> Project:
    """Write data/ and schemas/ as they were at `base` into target, file by file, and load
    them; a file over the loader's size limits is never read, and a file that does not load is
    a problem."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except DataError:
        raise DataError(
            [Issue("--base", 0, "git", f'"{base}" is not a commit of the git repository at {root}')]
        ) from None
    prefix = git(root, "rev-parse", "--show-prefix").decode().strip()
    tree = f"{base}:{prefix}" if prefix else base
    # --full-tree: paths from the top of `tree`, wherever in the repository the project is.
    listing = git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", tree, "--", *FOLDERS)
    links = linked_paths(listing)
    if links:  # skipping one would show its table as new, every row added, or as missing
        raise DataError(
            [
                Issue(f"{base}:{path}", 0, "symlink", "symbolic links are not allowed")
                for path in links
            ]
        )
    blobs, too_large = plain_blobs(listing)
    if too_large:
        raise DataError(
            [
                Issue(
                    f"{base}:{blob.path}",
                    0,
                    "file-too-large",
                    f"{blob.size:,} bytes is over the limit of {limit:,} bytes",
                )
                for blob, limit in too_large
            ]
        )
    target.mkdir(parents=True, exist_ok=True)
    write_blobs(root, blobs, target)
    for folder in FOLDERS:
        (target / folder).mkdir(exist_ok=True)
    if not (target / "data" / "site.yaml").is_file():
        (target / "data" / "site.yaml").write_text("{}\n", encoding="utf-8")
    project, issues = load_project(target)
    if issues:  # a table that did not load would show as every row added (or removed)
        raise DataError([dataclasses.replace(i, path=f"{base}:{i.path}") for i in issues])
    return project


@dataclass(frozen=True)
class Blob:
    """A regular file of the revision: its path, git object id and size in bytes."""

    path: str
    oid: str
    size: int


def linked_paths(listing: bytes) -> list[str]:
    """From `git ls-tree -r -z`: every symbolic link (mode 120000) inside data/ or schemas/, or
    data or schemas itself; never followed, only named."""
    paths = []
    for record in listing.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        if meta.split()[:1] == [b"120000"]:
            path = os.fsdecode(name)
            if PurePosixPath(path).parts[:1] and PurePosixPath(path).parts[0] in FOLDERS:
                paths.append(path)
    return paths


def plain_blobs(listing: bytes) -> tuple[list[Blob], list[tuple[Blob, int]]]:
    """From `git ls-tree -r -l -z`: the regular files inside data/ and schemas/ to write, and those
    over the loader's limit for their kind. Links, submodules and paths that would leave the
    target are skipped, as the loader would refuse them anyway; other files over the limit are
    skipped too, as the loader never reads them."""
    blobs, too_large = [], []
    for record in listing.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or fields[0] not in (b"100644", b"100755") or fields[1] != b"blob":
            continue
        path = PurePosixPath(os.fsdecode(name))
        if (
            path.is_absolute()
            or ".." in path.parts
            or not path.parts
            or path.parts[0] not in FOLDERS
        ):
            continue
        blob = Blob(path.as_posix(), fields[2].decode("ascii"), int(fields[3]))
        limit = load.MAX_CSV_BYTES if path.suffix == ".csv" else load.MAX_YAML_BYTES
        if blob.size <= limit:
            blobs.append(blob)
        elif path.suffix in DATA_SUFFIXES:
            too_large.append((blob, limit))
    return blobs, too_large


def write_blobs(root: Path, blobs: list[Blob], target: Path) -> None:
    """Stream each blob from one `git cat-file --batch` into its file under target, a block at a
    time: no file is ever held whole in memory."""
    try:
        process = subprocess.Popen(
            ["git", "-C", str(root), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:
        raise DataError([Issue("git", 0, "git", f"cannot run git: {error}")]) from None
    assert process.stdin is not None and process.stdout is not None
    with process:
        try:
            for blob in blobs:
                # One object asked at a time, its answer read before the next: no pipe fills up.
                process.stdin.write(blob.oid.encode("ascii") + b"\n")
                process.stdin.flush()
                header = process.stdout.readline().split()
                if header != [blob.oid.encode("ascii"), b"blob", str(blob.size).encode("ascii")]:
                    raise DataError(
                        [
                            Issue(
                                "git",
                                0,
                                "git",
                                f"git cat-file failed: {blob.path} could not be read",
                            )
                        ]
                    )
                destination = target / blob.path
                destination.parent.mkdir(parents=True, exist_ok=True)
                with open(destination, "wb") as out:
                    copy_exactly(process.stdout, out, blob)
                process.stdout.read(1)  # the newline after each object
        except BaseException:
            process.kill()
            raise
        finally:
            process.stdin.close()


def copy_exactly(source: BinaryIO, out: BinaryIO, blob: Blob) -> None:
    """Copy blob.size bytes from source to out in blocks of at most 1 MiB."""
    remaining = blob.size
    while remaining:
        block = source.read(min(remaining, 1 << 20))
        if not block:
            raise DataError(
                [Issue("git", 0, "git", f"git cat-file failed: {blob.path} ended early")]
            )
        out.write(block)
        remaining -= len(block)


def diff_projects(old: Project, new: Project) -> list[DatasetDiff]:
    """Per dataset (its own tables), what changed from old to new."""
    diffs = []
    names = list(new.datasets) + [n for n in old.datasets if n not in new.datasets]
    for name in names:
        before, after = old.datasets.get(name), new.datasets.get(name)
        old_states = {t.name: state_from_table(t) for t in before.tables.values()} if before else {}
        new_states = {t.name: state_from_table(t) for t in after.tables.values()} if after else {}
        diff = diff_states(name, old_states, new_states)
        if before and after:
            diff.meta_changes = meta_changes(before.meta, after.meta)
        diffs.append(diff)
    return diffs


def diff_against(root: Path, base: str, project: Project, lang: str = "en") -> str:
    """The Markdown diff of the working project against git revision `base` in one language,
    then what it changes in the published versions. Both sides are read as they are; what a
    reviewer may see of a person is decided here (review_markdown), never by the base's level."""
    with tempfile.TemporaryDirectory(prefix="datasite-base-") as work:
        old = project_at(root, base, Path(work))
    diffs = diff_projects(old, project)
    return review_markdown(old, project, diffs, base, lang) + versions_markdown(root, base, lang)


# Every word of the diff in both languages; data and schema texts are shown as they are.
WORDS = {
    "en": {
        "lang": "en",  # the language schema and metadata changes are written in (Change.text)
        "title": "Data changes against {base}",
        "none": "No changes to the data.",
        "columns": "| dataset | table | added | removed | changed | bump |",
        "new table": " (new)",
        "removed table": " (removed)",
        "totals": "**Totals:** {added}, {removed}, {changed}.",
        "counted": (
            ("row added", "rows added"),
            ("row removed", "rows removed"),
            ("row changed", "rows changed"),
        ),
        "needs": " — needs a **{bump}** version",
        "metadata": "Package metadata: {what} (patch)",
        "table added": " (new table)",
        "table removed": " (table removed)",
        "schema": "Schema: {what} ({bump})",
        "added": "Added",
        "removed": "Removed",
        "changed": "Changed",
        "more changed": "… and {n} more changed rows",
        "and more": " and {n} more",
        "not public": "{n} not public (ids not shown)",
        "empty": "(empty)",
        "mask": "••• ({level})",
        "previous": "••• (previous value not shown)",
        "removed text": "••• (removed text not shown: it held personal data)",
        "level": {
            "withheld": "withheld",
            "pseudonymous": "pseudonymous",
            "minor": "minor",
            "private": "not public",
        },
        "second": "For a second reviewer: records named on the site",
        "second intro": (
            "Each record below is published with a name ({levels}). A second reviewer checks "
            "that the person is one the level allows and that its basis holds: sources from "
            "independent outlets, or a consent record in the private register."
        ),
        "was": "was {level}",
        "new record": "added",
        "changed record": "changed",
        "sources": "sources",
        "consent": "consent record",
        "bumps": {"major": "major", "minor": "minor", "patch": "patch", "none": "none"},
        "versions": "Published versions",
        "lock": {"A": "frozen (new version)", "M": "**changed**", "D": "**removed**"},
        "records": (
            "**New records in {file}** (a published version is rewritten or removed only with "
            "one; check each):"
        ),
    },
    "es": {
        "lang": "es",
        "title": "Cambios en los datos respecto de {base}",
        "none": "No hay cambios en los datos.",
        "columns": "| conjunto | tabla | añadidas | eliminadas | cambiadas | versión |",
        "new table": " (nueva)",
        "removed table": " (eliminada)",
        "totals": "**Totales:** {added}, {removed}, {changed}.",
        "counted": (  # the participle agrees with the count: 1 fila cambiada, 2 filas cambiadas
            ("fila añadida", "filas añadidas"),
            ("fila eliminada", "filas eliminadas"),
            ("fila cambiada", "filas cambiadas"),
        ),
        "needs": " — requiere una versión **{bump}**",
        "metadata": "Metadatos del paquete: {what} (parche)",
        "table added": " (tabla nueva)",
        "table removed": " (tabla eliminada)",
        "schema": "Esquema: {what} ({bump})",
        "added": "Añadidas",
        "removed": "Eliminadas",
        "changed": "Cambiada",
        "more changed": "… y {n} filas cambiadas más",
        "and more": " y {n} más",
        "not public": "{n} no públicas (sin mostrar sus ids)",
        "empty": "(vacío)",
        "mask": "••• ({level})",
        "previous": "••• (no se muestra el valor anterior)",
        "removed text": "••• (no se muestra el texto eliminado: contenía datos personales)",
        "level": {
            "withheld": "reservado",
            "pseudonymous": "seudónimo",
            "minor": "menor de edad",
            "private": "no público",
        },
        "second": "Para un segundo revisor: registros que el sitio nombra",
        "second intro": (
            "Cada registro de abajo se publica con nombre ({levels}). Un segundo revisor "
            "comprueba que la persona es de las que el nivel permite y que su fundamento se "
            "sostiene: fuentes de medios independientes o un registro de consentimiento en el "
            "registro privado."
        ),
        "was": "antes {level}",
        "new record": "añadido",
        "changed record": "cambiado",
        "sources": "fuentes",
        "consent": "registro de consentimiento",
        "bumps": {"major": "mayor", "minor": "menor", "patch": "de parche", "none": "ninguna"},
        "versions": "Versiones publicadas",
        "lock": {"A": "congelada (versión nueva)", "M": "**cambiada**", "D": "**eliminada**"},
        "records": (
            "**Registros nuevos en {file}** (una versión publicada solo se reescribe o elimina "
            "con uno; revise cada uno):"
        ),
    },
}
LANGUAGES = tuple(WORDS)
CUT = 120  # a value longer than this is shown as a word-level diff, never cut
CONTEXT = 3  # unchanged words shown each side of a change
MASK = "•••"


def words_for(lang: str) -> dict:
    return WORDS.get(lang, WORDS["en"])


class People:
    """What a reviewer may see of each record of a table with personal fields, from both sides:
    a personal value (and a pseudonym) only when the record is public on every side it is on,
    a removed one never."""

    def __init__(self, old: Project, new: Project, name: str):
        self.new = new
        self.old_table = old.table(name) if name in old.tables() else None
        self.new_table = new.table(name) if name in new.tables() else None
        table = self.new_table or self.old_table
        self.personal = set(personal_fields(table)) if table else set()
        rules = (table.schema.get("privacy") or {}) if table else {}
        self.level_field = str(rules.get("levelField", ""))
        self.pseudonym = str(rules.get("pseudonymField", ""))
        self.public_levels = list(rules.get("publicLevels", []))
        self.old_rows = rows_by_key(self.old_table)
        self.new_rows = rows_by_key(self.new_table)

    def __bool__(self) -> bool:
        return bool(self.personal)

    def sides(self, key: tuple) -> list[tuple[Table, Row]]:
        out = []
        for table, rows in ((self.old_table, self.old_rows), (self.new_table, self.new_rows)):
            if table is not None and key in rows:
                out.append((table, rows[key]))
        return out

    def public(self, key: tuple, name: str = "") -> bool:
        """True when the field (any personal one by default) may be shown for the record."""
        sides = self.sides(key)
        allowed = may_publish_pseudonym if name and name == self.pseudonym else may_publish
        return bool(sides) and all(allowed(table, row) for table, row in sides)

    def hides(self, name: str) -> bool:
        return name in self.personal or (bool(self.pseudonym) and name == self.pseudonym)

    def level(self, key: tuple) -> str:
        """The level a masked value is shown with: the first side that is not public."""
        for table, row in reversed(self.sides(key)):
            if is_minor(table, row):
                return "minor"
            if not may_publish(table, row):
                value = str(row.values.get(self.level_field, ""))
                return value if value in ("withheld", "pseudonymous") else "private"
        return "private"


def rows_by_key(table: Table | None) -> dict[tuple, Row]:
    if table is None:
        return {}
    key = table.schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    return {tuple(write_value(row.values.get(k, "")) for k in key): row for row in table.rows}


def write_value(value: object) -> str:
    return ";".join(str(v) for v in value) if isinstance(value, list) else str(value)


class Sensitive:
    """Whether an old text held personal data: an identifier, or the name of a person who is
    not public on either side. Removed text that did is never printed."""

    def __init__(self, old: Project, new: Project):
        self.identifiers = identifiers_of(new.site)
        names = {**withheld_names(old), **withheld_names(new)}
        # A person public at the base who is not public now (or whose record is gone): a leak
        # being fixed, whose name the notes must not show either.
        for table in old.tables().values():
            personal = personal_text_fields(table)
            if not personal:
                continue
            now = rows_by_key(new.table(table.name) if table.name in new.tables() else None)
            for key, row in rows_by_key(table).items():
                later = now.get(key)
                if later is not None and may_publish(new.table(table.name), later):
                    continue
                for name in personal:
                    folded = fold(str(row.values.get(name, "")))
                    if len(folded.split()) >= 2:
                        names[folded] = row
        self.names = NameIndex(names)

    def __call__(self, text: str) -> bool:
        if not text:
            return False
        if self.identifiers.kinds([text]):
            return True
        return bool(self.names) and self.names.person_in([text]) is not None


def review_markdown(
    old: Project, new: Project, diffs: list[DatasetDiff], base: str, lang: str = "en"
) -> str:
    """The reviewer's summary in one language: totals, the bump each dataset needs, every change
    by row (personal values masked, long text as a word diff), then the records named on the
    site for a second reviewer."""
    w = words_for(lang)
    out = [f"## {w['title'].format(base=code(base))}", ""]
    changed = [d for d in diffs if d.bump != "none"]
    if not changed:
        return "\n".join(out + [w["none"], ""])
    totals = [
        sum(len(getattr(t, part)) for d in changed for t in d.changed_tables)
        for part in ("added", "removed", "changed")
    ]
    out += [w["columns"], "|---|---|---:|---:|---:|---|"]
    for d in changed:
        for t in d.changed_tables:
            label = md(t.table) + {
                "added": w["new table"],
                "removed": w["removed table"],
            }.get(t.status, "")
            out.append(
                f"| {md(d.dataset)} | {label} | {len(t.added)} | {len(t.removed)} "
                f"| {len(t.changed)} | {w['bumps'].get(t.bump, t.bump)} |"
            )
    out += ["", totals_line(totals, w), ""]
    sensitive = Sensitive(old, new)
    versions = {name: str(d.meta.get("version", "")) for name, d in old.datasets.items()}
    for d in changed:
        current = versions.get(d.dataset, "")
        needs = w["needs"].format(bump=w["bumps"].get(d.bump, d.bump)) + (
            f" ({current} → {bump_version(current, d.bump)})" if parse_version(current) else ""
        )
        out += [f"### {md(d.dataset)}{needs}", ""]
        if d.meta_changes:
            what = ", ".join(c.text(w["lang"]) for c in d.meta_changes)
            out += [f"- {w['metadata'].format(what=md(what))}", ""]
        for t in d.changed_tables:
            out += table_review(t, People(old, new, t.table), sensitive, w)
    out += second_review(old, new, diffs, w)
    return "\n".join(out)


def totals_line(totals: list[int], w: dict) -> str:
    """Rows added, removed and changed, each count with its words in agreement (1 fila cambiada)."""
    rows = [f"{n} {words[n != 1]}" for n, words in zip(totals, w["counted"], strict=True)]
    return w["totals"].format(added=rows[0], removed=rows[1], changed=rows[2])


def table_review(t: TableDiff, people: People, sensitive: Sensitive, w: dict) -> list[str]:
    """One table's changes: schema, rows added (persons with their level and fields), removed
    (ids of records that were not public left out) and changed (field by field)."""
    heading = {"added": w["table added"], "removed": w["table removed"]}.get(t.status, "")
    out = [f"#### {md(t.table)}{heading}", ""]
    for c in t.schema_changes:
        what, bump = md(c.text(w["lang"])), w["bumps"].get(c.bump, c.bump)
        out.append(f"- {w['schema'].format(what=what, bump=bump)}")
    if t.added and people:
        out += [f"- {w['added']}: {record_text(people, key, w)}" for key in t.added[:50]]
        if len(t.added) > 50:
            out.append(f"- {w['and more'].format(n=len(t.added) - 50).strip()}")
    elif t.added:
        out.append(f"- {w['added']}: {keys_list(t.added, w)}")
    if t.removed:
        shown = [k for k in t.removed if not people or people.public(k)]
        hidden = len(t.removed) - len(shown)
        text = keys_list(shown, w) if shown else ""
        if hidden:
            text += ("; " if text else "") + w["not public"].format(n=hidden)
        out.append(f"- {w['removed']}: {text}")
    for key, fields in t.changed[:100]:
        changes = "; ".join(
            f"{md(name)}: {change_text(people, key, name, old, new, sensitive, w)}"
            for name, old, new in fields
        )
        out.append(f"- {w['changed']} {code(key_text(key))}: {changes}")
    if len(t.changed) > 100:
        out.append(f"- {w['more changed'].format(n=len(t.changed) - 100)}")
    return out + [""]


def keys_list(keys: list[tuple], w: dict, limit: int = 50) -> str:
    shown = ", ".join(code(key_text(k)) for k in keys[:limit])
    return shown + (w["and more"].format(n=len(keys) - limit) if len(keys) > limit else "")


def masked(people: People, key: tuple, w: dict) -> str:
    level = people.level(key)
    return w["mask"].format(level=w["level"].get(level, level))


def record_text(people: People, key: tuple, w: dict) -> str:
    """An added record of a table with personal fields: its key, then every filled field, the
    personal ones masked unless the record is public."""
    row = people.new_rows.get(key)
    parts = [code(key_text(key))]
    if row is None:
        return parts[0]
    table = people.new_table
    assert table is not None
    keys = set(table.schema.get("primaryKey") or [])
    for spec in table.schema.get("fields", []):
        name = spec["name"]
        value = write_value(row.values.get(name, ""))
        if name in keys or not value:
            continue
        shown = (
            masked(people, key, w)
            if people.hides(name) and not people.public(key, name)
            else code(value)
        )
        parts.append(f"{md(name)} {shown}")
    return " — ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if parts[2:] else "")


def change_text(
    people: People, key: tuple, name: str, old: str, new: str, sensitive: Sensitive, w: dict
) -> str:
    """One field's change. A personal value (or pseudonym) that was there is never printed, and
    a new one only for a record public on both sides; a long text is a word diff; removed text
    that held personal data is never printed."""
    empty = w["empty"]
    if people and people.hides(name):
        before = w["previous"] if old else empty
        after = (
            empty if not new else code(new) if people.public(key, name) else masked(people, key, w)
        )
        return f"{before} → {after}"
    hide_old = sensitive(old)
    if max(len(old), len(new)) > CUT and old and new:
        return word_diff(old, new, w["removed text"] if hide_old else "")
    before = (w["previous"] if hide_old else code(old)) if old else empty
    return f"{before} → {code(new) if new else empty}"


# The characters that can start something live in GitHub's Markdown inside a line (code,
# emphasis, strikethrough, a link or image, a table cell, math, a mention), escaped with a
# backslash; <, > and & become character references, so no tag or entity from the data is live.
# Data never starts a line here (it follows a label), so block syntax (#, -, 1.) stays inert.
MARKDOWN_ACTIVE = frozenset("\\`*_~[]|$@")
REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(text: str) -> str:
    """Data as plain Markdown text on one line: nothing in it is ever live."""
    out = []
    for ch in str(text).replace("\r", " ").replace("\n", " "):
        if ch in REFERENCES:
            out.append(REFERENCES[ch])
        elif ch in MARKDOWN_ACTIVE:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def word_diff(old: str, new: str, hide_removed: str = "") -> str:
    """The change from old to new word by word: ~~removed~~ **added**, CONTEXT unchanged words
    each side of each change and … for the rest. With `hide_removed`, removed words are never
    printed: that text stands in for them."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[str] = []
    last = len(ops) - 1
    for i, (op, a1, a2, b1, b2) in enumerate(ops):
        if op == "equal":
            same = a[a1:a2]
            first, final = i == 0, i == last
            if first and final:
                pieces.append(" ".join(md(x) for x in same))
            elif first:
                pieces.append(("… " if len(same) > CONTEXT else "") + plain(same[-CONTEXT:]))
            elif final:
                pieces.append(plain(same[:CONTEXT]) + (" …" if len(same) > CONTEXT else ""))
            elif len(same) > 2 * CONTEXT:
                pieces.append(f"{plain(same[:CONTEXT])} … {plain(same[-CONTEXT:])}")
            else:
                pieces.append(plain(same))
            continue
        if op in ("delete", "replace"):
            pieces.append(f"~~{md(hide_removed) if hide_removed else plain(a[a1:a2])}~~")
        if op in ("insert", "replace"):
            pieces.append(f"**{plain(b[b1:b2])}**")
    return " ".join(p for p in pieces if p)


def plain(words: list[str]) -> str:
    return " ".join(md(word) for word in words)


def second_review(old: Project, new: Project, diffs: list[DatasetDiff], w: dict) -> list[str]:
    """Records published with a name that this change adds or changes, each with its basis."""
    lines = []
    levels: set[str] = set()
    for d in diffs:
        for t in d.changed_tables:
            people = People(old, new, t.table)
            if not people or people.new_table is None:
                continue
            table = people.new_table
            levels |= set(people.public_levels)
            touched = [(k, w["new record"]) for k in t.added]
            touched += [(k, w["changed record"]) for k, _ in t.changed]
            for key, how in touched:
                row = people.new_rows.get(key)
                if row is None or not may_publish(table, row):
                    continue
                lines.append(public_record(people, key, row, how, w))
    if not lines:
        return []
    listed = ", ".join(sorted(levels))
    return [f"### {w['second']}", "", w["second intro"].format(levels=listed), "", *lines, ""]


def public_record(people: People, key: tuple, row: Row, how: str, w: dict) -> str:
    """`key` (added): level; name `…`; sources: `id` (outlet), …; consent record `…`."""
    table = people.new_table
    assert table is not None
    level = str(row.values.get(people.level_field, ""))
    before = people.old_rows.get(key)
    was = ""
    if before is not None and people.old_table is not None:
        old_level = str(before.values.get(people.level_field, ""))
        if old_level != level:
            was = f" ({w['was'].format(level=md(old_level))})"
    parts = [f"{code(key_text(key))} ({how}): {md(level)}{was}"]
    for name in sorted(people.personal):
        value = write_value(row.values.get(name, ""))
        if value and people.public(key, name):
            parts.append(f"{md(name)} {code(value)}")
        elif value:
            parts.append(f"{md(name)} {masked(people, key, w)}")
    sources = cited_sources(people.new, table, row)
    if sources:
        parts.append(
            f"{w['sources']}: "
            + ", ".join(f"{code(sid)} ({md(outlet)})" for sid, outlet in sources)
        )
    consent = basis_rules(table).get("consentField", "")
    if consent and row.values.get(consent):
        parts.append(f"{w['consent']} {code(str(row.values[consent]))}")
    return "- " + "; ".join(parts)


RECORD = re.compile(r"^- (?:Withdrawn|Reissued):.*$", re.MULTILINE)


def versions_markdown(root: Path, base: str, lang: str = "en") -> str:
    """Every lock the working tree adds, changes or removes against `base`, and every withdrawal
    or reissue record it adds to CHANGELOG.md: the build accepts a rewritten or removed version
    only with such a record, so a reviewer must see each one."""
    changed = git(
        root, "diff", "--no-renames", "--name-status", "-z", base, "--", f"{VERSIONS_DIR}/*.lock"
    ).split(b"\0")
    locks = [
        (status.decode(), path.decode("utf-8", "replace"))
        for status, path in zip(changed[::2], changed[1::2], strict=False)
        if path
    ]
    try:
        before = set(
            RECORD.findall(
                git(root, "show", f"{base}:./{CHANGELOG}")[: 8 << 20].decode("utf-8", "replace")
            )
        )
    except DataError:
        before = set()
    path = root / CHANGELOG
    now = (
        path.read_text(encoding="utf-8", errors="replace")
        if path.is_file() and not path.is_symlink()
        else ""
    )
    records = [line for line in RECORD.findall(now) if line not in before]
    if not locks and not records:
        return ""
    w = words_for(lang)
    out = ["", f"### {w['versions']}", ""]
    out += [f"- {code(lock)}: {w['lock'].get(status[:1], status)}" for status, lock in locks]
    if records:
        out += ["", w["records"].format(file=CHANGELOG), ""]
        out += [f"- {code(line[2:], 400)}" for line in records]
    return "\n".join(out) + "\n"
