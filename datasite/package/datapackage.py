"""Write each dataset as a Frictionless Data Package: CSV and JSON per table, XLSX, SQLite,
changelog, citation, datapackage.json, a deterministic zip and SHA256SUMS. Each package carries
the rows it cites from other datasets. Frozen versions are published as they were frozen."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import polars as pl

from datasite.issues import Issue
from datasite.load.frames import FrameRows
from datasite.load.hashing import add_file, walk
from datasite.load.values import published_field
from datasite.model import Dataset, ForeignKey, Project, Row, Table, foreign_keys
from datasite.package.citations import citation
from datasite.package.frozen import CHANGELOG, check_frozen, read_records
from datasite.package.readme import readme_bytes
from datasite.package.reuse import (
    FORMATS,
    VERIFIED,
    Reuse,
    file_status,
    place,
    still_verified,
    table_digest,
    table_record,
    verified_key,
)
from datasite.package.versions import (
    BUMPS,
    VERSIONS_DIR,
    DatasetDiff,
    FrozenVersion,
    TableState,
    bump_between,
    bump_version,
    change,
    changelog_document,
    changelog_entry,
    changelog_lines,
    declared_version_text,
    diff_states,
    frozen_versions,
    meta_changes,
    parquet_copies,
    parse_version,
    read_lock,
    sha256_of,
    state_from_table,
    states_from_package,
    withdraw,
    write_snapshot,
)
from datasite.package.writers import (
    SCALARS,
    Database,
    Workbook,
    ZipMember,
    csv_bytes,
    csv_header,
    csv_lines,
    csv_rows,
    deflated_file,
    encoded,
    frame_chunk,
    json_bytes,
    json_cells,
    json_empty,
    json_fields,
    json_frame_records,
    json_records,
    parquet_bytes,
    split_notes,
    table_columns,
    text_cells,
    text_columns,
    text_frame,
    write_zip,
)

if TYPE_CHECKING:
    from datasite.load.memory import Memory as Memo

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
MEDIA = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".sqlite": "application/vnd.sqlite3",
    ".md": "text/markdown",
    ".bib": "application/x-bibtex",
    ".ris": "application/x-research-info-systems",
    ".txt": "text/plain",
    ".parquet": "application/vnd.apache.parquet",
}
FILE_DESCRIPTIONS = {
    ".xlsx": "Every table of {dataset} as a sheet of one Excel workbook, with a sheet describing "
    "the fields.",
    ".sqlite": "Every table of {dataset} in one SQLite database with typed columns, primary and "
    "foreign keys.",
    ".md": "What changed in each version of {dataset}, computed from the rows.",
    ".txt": "How to cite this version of {dataset}.",
    ".bib": "How to cite this version of {dataset}, as BibTeX.",
    ".ris": "How to cite this version of {dataset}, as RIS (for reference managers).",
    "README.md": "What this version of {dataset} holds, its licence, how to read and cite it, in "
    "English and Spanish.",
}


@dataclass
class FileInfo:
    """A published file: its name in the package folder, size and sha256."""

    name: str
    bytes: int
    sha256: str


@dataclass
class PackageInfo:
    """What was published for one dataset version."""

    dataset: str
    version: str
    folder: str
    files: list[FileInfo] = field(default_factory=list)
    descriptor: dict = field(default_factory=dict)
    created: str = ""
    preview: bool = False
    diff: DatasetDiff | None = None
    citation: dict = field(default_factory=dict)
    versions: list[PackageInfo] = field(default_factory=list)
    preview_package: PackageInfo | None = None
    key: str = ""  # a preview's input hash (package_key), "" when not known
    # per language (en, es): a sentence per table the XLSX workbook splits over several sheets
    workbook_notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The folder under data/<dataset>/ that holds this version."""
        return "preview" if self.preview else self.version

    @property
    def zip(self) -> FileInfo:
        """The package zip, by its name: no other file may pass for it."""
        return next(f for f in self.files if f.name == f"{self.dataset}-{self.version}.zip")


def build_packages(
    project: Project,
    out_dir: Path,
    source_date: dt.date | None = None,
    previous: Path | None = None,
    code: str = "",
    memo: Memo | None = None,
) -> list[PackageInfo]:
    """Publish every frozen version byte for byte, `latest/` (the newest), and a `preview/` of
    unfrozen changes; return one PackageInfo per dataset (the latest, else the preview).

    A preview whose inputs (its rows, schemas, metadata, settings, frozen versions, date and
    `code`, the build's own code and tools) hash to the key the previous build recorded for it in
    `previous` (the live site's data/ folder) is linked from there instead of written again. A
    preview written again takes its unchanged tables' files, entries and rows from the previous
    previews or this build's (package.reuse, with what `memo` recorded of them)."""
    recorded = read_package_keys(previous)
    reuse = Reuse(memo, previous, repr(project.settings)) if memo is not None else None
    packages = []
    for dataset in project.datasets.values():
        history = publish_frozen(dataset.name, project.root, out_dir / dataset.name)
        if history:
            publish_latest(history[-1], out_dir / dataset.name / "latest")
        last, diff = compare_with_frozen(project, dataset)
        preview = None
        if diff is None or diff.bump != "none":
            day = source_date or dt.date.fromisoformat(str(dataset.meta["created"]))
            label = f"{next_version(dataset, last, diff)}-preview"
            folder = out_dir / dataset.name / "preview"
            tables = package_tables(project, dataset)
            digests = [reuse.digest(t) if reuse else "" for t in tables]
            key = package_key(project, dataset, tables, label, day, code, digests) if code else ""
            old = previous / dataset.name / "preview" if previous is not None else None
            sums = (
                link_package(old, folder, memo)
                if key and old is not None and recorded.get(dataset.name) == key
                else None
            )
            if sums is not None:
                preview = linked_package(project, dataset, tables, folder, sums, label, day, diff)
                if reuse is not None:  # what was recorded of its tables stays for a later build
                    reuse.keep(digests, [d for n, d in sums.items() if n.endswith(".sqlite")])
                    reuse.linked(folder, sums)
            else:
                preview = write_package(
                    project, dataset, folder, label, day, diff, last, tables, reuse=reuse
                )
            preview.preview = True
            preview.key = key
        if reuse is not None:
            reuse.digests.clear()  # let go of this package's tables
        main = history[-1] if history else preview
        assert main is not None
        main.versions = list(reversed(history))
        main.preview_package = preview
        packages.append(main)
    if code:
        write_package_keys(out_dir, packages)
    return packages


def publish_frozen(name: str, root: Path, out_dir: Path) -> list[PackageInfo]:
    """Copy each frozen version as it is (checked beforehand by frozen_checks), oldest first: only
    the files its package lists, whatever else the folder holds."""
    infos: list[PackageInfo] = []
    previous: dict[str, TableState] | None = None
    earlier: tuple[FrozenVersion, dict] | None = None
    for frozen in frozen_versions(root, name):
        target = out_dir / frozen.version
        target.mkdir(parents=True)
        descriptor = frozen.descriptor()
        listed = {r["path"] for r in descriptor["resources"]}
        listed |= {"datapackage.json", "SHA256SUMS", f"{name}-{frozen.version}.zip"}
        listed |= {n for n in parquet_copies(descriptor) if (frozen.folder / n).is_file()}
        for file_name in sorted(listed):
            shutil.copyfile(frozen.folder / file_name, target / file_name)
        states = states_from_package(descriptor, frozen.read)
        info = PackageInfo(
            dataset=name, version=frozen.version, folder=target.as_posix(), descriptor=descriptor
        )
        info.created = str(descriptor.get("created", ""))[:10]
        for file_name, digest in sorted(read_lock(frozen.lock).items()):
            if file_name != "SHA256SUMS" and file_name in listed:
                info.files.append(
                    FileInfo(file_name, (frozen.folder / file_name).stat().st_size, digest)
                )
        if previous is not None and earlier is not None:
            info.diff = frozen_diff(name, (earlier, previous), (frozen, descriptor, states))
        info.citation = read_citation(frozen.folder)
        previous, earlier = states, (frozen, descriptor)
        infos.append(info)
    return infos


def frozen_diff(
    name: str,
    before: tuple[tuple[FrozenVersion, dict], dict[str, TableState]],
    after: tuple[FrozenVersion, dict, dict[str, TableState]],
) -> DatasetDiff:
    """What a frozen version changed from the one before: its rows, schemas, metadata and the
    kinds of file it added, as compare_with_frozen found them when it was frozen."""
    (old, old_descriptor), old_states = before
    new, new_descriptor, new_states = after
    diff = diff_states(name, old_states, new_states)
    diff.meta_changes = meta_changes(old_descriptor, new_descriptor)
    added = layout_of(read_lock(new.lock), new_descriptor, name, new.version) - layout_of(
        read_lock(old.lock), old_descriptor, name, old.version
    )
    if added:
        diff.meta_changes.append(change("patch", "files-added", files=sorted(added)))
    return diff


CITATION_FILES = (("text", "CITATION.txt"), ("bibtex", "CITATION.bib"), ("ris", "CITATION.ris"))


def publish_latest(newest: PackageInfo, latest: Path) -> None:
    """latest/: the newest version's files, its zip named without the version (<dataset>.zip)
    so the link never changes; its SHA256SUMS names the zip so, with the same hash (the bytes
    are the same). datapackage.json does not list the zip, so it is copied as it is."""
    shutil.copytree(newest.folder, latest)
    versioned, stable = newest.zip.name, f"{newest.dataset}.zip"
    (latest / versioned).rename(latest / stable)
    sums = (latest / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    (latest / "SHA256SUMS").write_text(
        "".join(
            (line[: -len(versioned)] + stable if line.endswith(f"  {versioned}") else line) + "\n"
            for line in sums
        ),
        encoding="utf-8",
    )


def read_citation(folder: Path) -> dict[str, str]:
    """A frozen version's citation files as they were frozen ("" for one it does not have:
    versions frozen before RIS was added have none)."""
    out = {}
    for key, file_name in CITATION_FILES:
        path = folder / file_name
        out[key] = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    return out


def working_states(project: Project, dataset: Dataset) -> dict[str, TableState]:
    """The working data as its package would hold it, for comparing with a frozen version."""
    return {
        t.name: state_from_table(t, public_schema(t.schema))
        for t in package_tables(project, dataset)
    }


def compare_with_frozen(
    project: Project, dataset: Dataset
) -> tuple[FrozenVersion | None, DatasetDiff | None]:
    """The newest frozen version and what the working data changes against it."""
    frozen = frozen_versions(project.root, dataset.name)
    if not frozen:
        return None, None
    last = frozen[-1]
    descriptor = last.descriptor()
    diff = diff_states(
        dataset.name, states_from_package(descriptor, last.read), working_states(project, dataset)
    )
    diff.meta_changes = meta_changes(descriptor, package_meta(dataset))
    missing = LAYOUT - layout_of(read_lock(last.lock), descriptor, dataset.name, last.version)
    if missing:  # an older layout: the next version carries the files readers now get
        diff.meta_changes.append(change("patch", "files-added", files=sorted(missing)))
    return last, diff


# Every file of a version, by pattern. A version frozen before a kind of file existed lacks it;
# the next freeze adds it (a patch), so readers get it without a change to the data. A test keeps
# this in step with what package_payload writes.
LAYOUT = frozenset(
    {
        "<table>.csv",
        "<table>.json",
        "<table>.parquet",
        "<dataset>.xlsx",
        "<dataset>.sqlite",
        "<dataset>-<version>.zip",
        "CHANGELOG.md",
        "CITATION.txt",
        "CITATION.bib",
        "CITATION.ris",
        "README.md",
        "datapackage.json",
    }
)


def layout_of(names: Iterable[str], descriptor: dict, dataset: str, version: str) -> set[str]:
    """The patterns of a version's file names (its tables named by its datapackage.json)."""
    tables = {r["name"] for r in descriptor.get("resources", []) if r.get("type") == "table"}
    out = set()
    for name in names:
        stem, _, suffix = name.rpartition(".")
        if name == f"{dataset}-{version}.zip":
            out.add("<dataset>-<version>.zip")
        elif stem in tables:
            out.add(f"<table>.{suffix}")
        elif stem == dataset:
            out.add(f"<dataset>.{suffix}")
        elif name != "SHA256SUMS":
            out.add(name)
    return out


def next_version(dataset: Dataset, last: FrozenVersion | None, diff: DatasetDiff | None) -> str:
    """The version the working data becomes: the declared one when ahead, else the needed bump."""
    declared = str(dataset.meta.get("version", ""))
    if last is None or diff is None:
        return declared
    if bump_between(last.version, declared) != "none":
        return declared
    return bump_version(last.version, diff.bump)


def version_line(root: Path, dataset: Dataset) -> tuple[str, int]:
    """Where the `version:` of a datapackage.yaml is, for messages."""
    where = f"{dataset.path}/datapackage.yaml"
    try:
        lines = (root / where).read_text(encoding="utf-8").splitlines()
    except OSError:
        return where, 0
    return where, next((i for i, line in enumerate(lines, 1) if line.startswith("version:")), 0)


def note_issues(root: Path, dataset: Dataset, languages: Sequence[str] = ()) -> list[Issue]:
    """A translated note (datapackage.yaml `version_notes`) that would never be shown: of a
    version that is not frozen (a mistyped number, a note written before its version), or in a
    language the site has no pages in, or in its first language (the frozen note's own)."""
    where = f"{dataset.path}/datapackage.yaml"
    frozen = {v.version for v in frozen_versions(root, dataset.name)}
    try:
        lines = (Path(root) / where).read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    issues = []
    known = ", ".join(sorted(frozen)) or "none"
    for lang, notes in (dataset.meta.get("version_notes") or {}).items():
        if languages and lang not in languages[1:]:
            line = next((n for n, text in enumerate(lines, 1) if text.strip() == f"{lang}:"), 0)
            others = ", ".join(languages[1:]) or "none"
            issues.append(
                Issue(
                    where,
                    line,
                    "config",
                    f'version_notes: "{lang}" is not a language the notes are translated into; '
                    f"the site's other languages are {others}",
                )
            )
            continue
        for version in notes or {}:
            if str(version) in frozen:
                continue
            line = next((n for n, text in enumerate(lines, 1) if f'"{version}":' in text), 0)
            issues.append(
                Issue(
                    where,
                    line,
                    "config",
                    f'version_notes.{lang}: "{version}" is not a frozen version of '
                    f"{dataset.name}; the frozen versions are {known}",
                )
            )
    return issues


def version_issues(
    project: Project, withheld: dict[str, Row] | None = None, today: dt.date | None = None
) -> list[Issue]:
    """Frozen versions unchanged and clean (frozen_checks); each declared version valid, not
    behind, and bumped enough. `withheld`: the working data's withheld names (see
    privacy.withheld_names)."""
    issues = check_frozen(project, withheld or {}, today or dt.date.today())
    if issues:
        return issues
    for dataset in project.datasets.values():
        issues += note_issues(project.root, dataset, project.settings.languages)
        where, line = version_line(project.root, dataset)
        declared = str(dataset.meta.get("version", ""))
        if not parse_version(declared):
            issues.append(
                Issue(
                    where,
                    line,
                    "version",
                    f'version "{declared}" must have the form MAJOR.MINOR.PATCH, like 1.2.0',
                    field="version",
                )
            )
            continue
        last, diff = compare_with_frozen(project, dataset)
        if last is None or diff is None:
            continue
        if parse_version(declared) < parse_version(last.version):  # type: ignore[operator]
            issues.append(
                Issue(
                    where,
                    line,
                    "version-behind",
                    f"version {declared} is older than the frozen version {last.version}",
                    field="version",
                )
            )
            continue
        have = bump_between(last.version, declared)
        if have != "none" and BUMPS.index(have) < BUMPS.index(diff.bump):
            why, why_es = (
                "; ".join(
                    item.lstrip("- ").rstrip(".").replace("`", "")
                    for item in changelog_lines(diff, lang)[:3]
                )
                for lang in ("en", "es")
            )
            issues.append(
                Issue(
                    where,
                    line,
                    "version-bump",
                    f"version {declared} is a {have} bump from the frozen {last.version}, but the "
                    f"changes need a {diff.bump} bump "
                    f"({bump_version(last.version, diff.bump)}): {why}",
                    field="version",
                    # The changes in Spanish, for report/messages.localize.
                    details={"words_es": {"why": {why: why_es}}},
                )
            )
    return issues


def freeze_version(
    project: Project, name: str, bump: str | None, day: dt.date, note: str = ""
) -> tuple[str, list[Issue]]:
    """Freeze a dataset's working data as a new version: snapshot, lock, and datapackage.yaml."""
    dataset = project.datasets[name]
    where, line = version_line(project.root, dataset)
    declared = str(dataset.meta.get("version", ""))
    last, diff = compare_with_frozen(project, dataset)
    if last is None or diff is None:
        if bump:
            return "", [
                Issue(
                    where,
                    line,
                    "version",
                    f"no version of {name} is frozen yet: the first one is the version in "
                    f"datapackage.yaml ({declared}); run without --bump",
                    details={"case": "first"},
                )
            ]
        version = declared
    elif diff.bump == "none":
        return "", [
            Issue(
                where,
                line,
                "version",
                f"nothing changed since the frozen version {last.version}; there is nothing to "
                "freeze",
                details={"case": "unchanged"},
            )
        ]
    elif bump:
        if BUMPS.index(bump) < BUMPS.index(diff.bump):
            return "", [
                Issue(
                    where,
                    line,
                    "version-bump",
                    f"a {bump} bump is too small: the changes since {last.version} need a "
                    f"{diff.bump} bump",
                )
            ]
        version = bump_version(last.version, bump)
    else:
        version = next_version(dataset, last, diff)
    if (project.root / VERSIONS_DIR / name / version).exists() or (
        project.root / VERSIONS_DIR / name / f"{version}.lock"
    ).exists():
        return "", [
            Issue(
                where,
                line,
                "version",
                f"version {version} of {name} is already frozen",
                details={"case": "frozen"},
            )
        ]
    withdrawn = read_records(project.root)[0].withdrawn.get((name, version))
    if withdrawn:
        return "", [
            Issue(
                where,
                line,
                "version",
                f"version {version} of {name} was withdrawn ({CHANGELOG}:{withdrawn}); a withdrawn "
                "version number is never used again: set a higher version in datapackage.yaml",
            )
        ]
    payload, _ = package_payload(project, dataset, version, day, diff, last, note)
    # The new datapackage.yaml is written first beside the old one: after the commit only renames
    # are left, which a full disk cannot stop.
    yaml_path = project.root / where
    handle, temp = tempfile.mkstemp(
        prefix=f".{yaml_path.name}.", suffix=".tmp", dir=yaml_path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as staged:
            staged.write(declared_version_text(yaml_path, version))
        os.chmod(temp, stat.S_IMODE(yaml_path.stat().st_mode))
        frozen = write_snapshot(project.root, name, version, payload)
        try:
            os.replace(temp, yaml_path)
        except BaseException:
            withdraw(frozen)
            raise
    finally:
        Path(temp).unlink(missing_ok=True)
    return version, []


def package_tables(project: Project, dataset: Dataset) -> list[Table]:
    """The dataset's tables, plus the rows of other tables they refer to (sources, actors, …)."""
    tables = project.tables()
    included: dict[str, Table] = dict(dataset.tables)
    wanted: dict[str, set] = {}
    # each table's keys per foreign key, looked up again on every pass until nothing changes
    seen: dict[tuple[int, tuple[str, ...]], tuple[Table, set[tuple]]] = {}
    changed = True
    while changed:
        changed = False
        for table in list(included.values()):
            for fk in table.foreign_keys:
                target = fk.resource
                if target in dataset.tables or target not in tables:
                    continue
                fields, target_fields = fk.fields, fk.target_fields
                keys = wanted.setdefault(target, set())
                before = len(keys)
                memo = (id(table), tuple(fields))
                if memo not in seen:  # the table is kept with its keys, so its id stays its own
                    seen[memo] = (table, table_keys(table, fields))
                keys.update(seen[memo][1])
                if len(keys) != before or target not in included:
                    source = tables[target]
                    included[target] = Table(
                        source.name,
                        source.dataset,
                        source.schema,
                        source.schema_path,
                        source.path,
                        rows_with_keys(source, target_fields, keys),
                    )
                    changed = True
    return list(included.values())


def table_keys(table: Table, fields: list[str]) -> set[tuple]:
    """keys_of the table's rows, from its columns when it holds them (no row made)."""
    frame = text_frame(table, fields) if len(fields) == 1 else None
    if frame is None:
        return keys_of(table.rows, fields)
    column = frame.get_column(fields[0])
    if (
        column.dtype == pl.List(pl.String)
        and not column.list.eval(pl.element().is_null().any()).list.first().any()
    ):  # every item of every list, once; no item null (a key of its own)
        return {(v,) for v in column.explode().drop_nulls().unique().to_list()}
    if column.dtype == pl.String:  # each value that is not empty, once
        return {(v,) for v in column.filter(column != "").unique().to_list()}
    keys: set[tuple] = set()
    for value in column.to_list():
        if isinstance(value, list):
            keys.update(zip(value))
        elif value:
            keys.add((value,))
    return keys


def rows_with_keys(table: Table, fields: list[str], keys: set[tuple]) -> Sequence[Row]:
    """The table's rows whose values of these fields are one of the keys, in order; of a table
    held as columns, only those rows are made."""
    frame = text_frame(table, fields)
    if frame is None:
        if len(fields) == 1:
            name = fields[0]
            return [r for r in table.rows if (r.values[name],) in keys]
        return [r for r in table.rows if tuple(r.values[f] for f in fields) in keys]
    columns = [frame.get_column(f).to_list() for f in fields]
    indices = [i for i, key in enumerate(zip(*columns, strict=True)) if key in keys]
    rows = table.rows
    if len(indices) == len(frame) or not isinstance(rows, FrameRows):
        return rows
    # still no row made; the kept rows' columns stay compact (the same text when cast back)
    return FrameRows(rows.compact[indices], rows.path, rows.names)


def keys_of(rows: Sequence[Row], fields: list[str]) -> set[tuple]:
    """Every key the rows refer to by these fields (referenced_keys of each row)."""
    if len(fields) != 1:
        return set().union(*(referenced_keys(row, fields) for row in rows))
    name, keys = fields[0], set()
    for value in [row.values[name] for row in rows]:
        if isinstance(value, list):
            keys.update(zip(value))
        elif value:
            keys.add((value,))
    return keys


def referenced_keys(row: Row, fields: list[str]) -> set[tuple]:
    if len(fields) == 1 and isinstance(row.values[fields[0]], list):
        return {(item,) for item in row.values[fields[0]]}
    key = tuple(row.values[f] for f in fields)
    return {key} if all(key) else set()


def new_info(
    dataset: Dataset, version: str, folder: Path, day: dt.date, diff: DatasetDiff | None
) -> PackageInfo:
    """A package's PackageInfo before its files are listed (written or linked)."""
    return PackageInfo(
        dataset=dataset.name,
        version=version,
        folder=folder.as_posix(),
        created=day.isoformat(),
        diff=diff,
    )


def write_package(
    project: Project,
    dataset: Dataset,
    folder: Path,
    version: str,
    day: dt.date,
    diff: DatasetDiff | None,
    last: FrozenVersion | None,
    tables: list[Table] | None = None,
    note: str = "",
    pool: ThreadPoolExecutor | None = None,
    reuse: Reuse | None = None,
) -> PackageInfo:
    """One package folder, written from scratch (`tables`: package_tables, when already made):
    tables, formats, changelog, citation, zip, sums. Each file goes to disk as it is made and is
    deflated for the zip and hashed by `pool` (threads) meanwhile; one table's cells are held at
    a time. An unchanged table's parts are taken from packages written before (`reuse`)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if pool is None:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="datasite-package") as own:
            return write_package(
                project, dataset, folder, version, day, diff, last, tables, note, own, reuse
            )
    info = new_info(dataset, version, folder, day, diff)
    prefix = f"{dataset.name}-{version}"
    memory = reuse.memo if reuse is not None else None  # a large file's deflated pieces
    files: dict[str, Future[ZipMember]] = {}

    def written(name: str, data: bytes | None = None) -> None:
        """A file of the folder (written first when its data is given) handed to the pool."""
        if data is not None:
            (folder / name).write_bytes(data)
        path = folder / name  # deflated into a spool beside the folder, not into memory
        files[name] = pool.submit(
            deflated_file, path, f"{prefix}/{name}", None, folder.parent, memory
        )

    tables = package_tables(project, dataset) if tables is None else tables
    when = dt.datetime(day.year, day.month, day.day)
    counts = [(t.name, len(t.rows)) for t in tables]
    workbook = Workbook(counts, when)
    database = Database({t.name for t in tables}, folder.parent)
    schemas = {}
    extra = [f"{dataset.name}.xlsx", f"{dataset.name}.sqlite"]
    # The sheets are made by a thread of their own (mostly polars, which lets go of the GIL)
    # while this one writes the next table's other formats; the database is written out by
    # that thread while this one finishes the workbook.
    digests = {t.name: reuse.digest(t) for t in tables} if reuse is not None else {}
    fresh: list[Table] = []  # the tables written here, not taken
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="datasite-sheets") as sheets:
        try:
            made: Future[None] | None = None
            for table in tables:
                parts = [(p.start, p.stop) for p in workbook.parts_of(table.name)]
                taken = (
                    reuse.take(table, digests[table.name], parts, folder.parent)
                    if reuse is not None
                    else None
                )
                if taken is not None:
                    for name, (path, member) in taken.files.items():
                        place(path, folder / name)
                        member.name = f"{prefix}/{name}"
                        files[name] = finished(member)
                    schemas[table.name] = public_schema(table.schema)
                    empty: list[list[str]] = [[] for _ in table.field_names]
                    database.add_table(table, empty, foreign_keys_of(table))
                    database.copy_rows(table, taken.database)
                    if made is not None:
                        made.result()
                    made = sheets.submit(workbook.add_deflated, taken.sheets)
                    continue
                fresh.append(table)
                texts = write_table(table, folder, database)
                written(f"{table.name}.csv")
                written(f"{table.name}.json")
                schemas[table.name] = public_schema(table.schema)
                written(f"{table.name}.parquet", parquet_bytes(schemas[table.name], texts))
                if made is not None:
                    made.result()
                made = sheets.submit(workbook.add_table, table, texts)
                del texts
            if made is not None:
                made.result()
        except BaseException:
            database.close()
            raise
        stored = sheets.submit(database.finish, folder / extra[1])
        with (folder / extra[0]).open("wb") as sink:
            workbook.finish(tables, lambda spec: spec.get("description", ""), sink)
        written(extra[0])
        stored.result()
    written(extra[1])
    title = str(dataset.meta.get("title", dataset.name))
    entry = changelog_entry(version, day.isoformat(), diff if last is not None else None, note)
    previous = (
        last.read("CHANGELOG.md").decode("utf-8")
        if last is not None and (last.folder / "CHANGELOG.md").is_file()
        else ""
    )
    written("CHANGELOG.md", changelog_document(title, entry, previous).encode("utf-8"))
    info.citation = citation(project, dataset, version, day)
    for key, name in CITATION_FILES:
        written(name, (info.citation[key] + "\n").encode("utf-8"))
    extra += ["CHANGELOG.md", *(name for _, name in CITATION_FILES), "README.md"]
    written(
        "README.md",
        readme_bytes(
            project, dataset, version, tables, sorted([*files, "README.md"]), info.citation
        ),
    )
    info.workbook_notes = {lang: split_notes(counts, lang) for lang in ("en", "es")}
    notes = info.workbook_notes["en"]
    resources = []
    for table in tables:
        name = f"{table.name}.csv"
        csv_file = files[name].result()
        resources.append(resource_entry(table.name, name, "csv", csv_file, schemas[table.name]))
        # The JSON copy is listed without a type (Data Package v2 allows no type but "table");
        # the Parquet copy is not listed at all (see versions.parquet_copies).
        resources.append(
            file_entry(
                f"{table.name}.json",
                files[f"{table.name}.json"].result(),
                f"The {table.name} table as a JSON array of objects, typed as in the {table.name} "
                "schema; an empty list is null, as in every other format.",
            )
        )
    for name in extra:
        described = FILE_DESCRIPTIONS.get(name) or FILE_DESCRIPTIONS[Path(name).suffix]
        described = described.format(dataset=dataset.name)
        if name.endswith(".xlsx") and notes:  # a table longer than a sheet is split over sheets
            described = " ".join([described, *notes])
        resources.append(file_entry(name, files[name].result(), described))
    descriptor = package_descriptor(project, dataset, resources, tables, version, day)
    cited = project.settings.sources_table
    document = descriptor_json(descriptor, memory, digests.get(cited, "") if reuse else "")
    written("datapackage.json", (document + "\n").encode())
    members = {name: files[name].result() for name in sorted(files)}
    digest = hashlib.sha256()
    with (folder / f"{prefix}.zip").open("wb") as sink:
        write_zip(Hashed(sink, digest), members.values(), day)
    size = (folder / f"{prefix}.zip").stat().st_size
    members = {name: ZipMember(name, [], 0, m.size, m.sha256) for name, m in members.items()}
    members[f"{prefix}.zip"] = ZipMember(f"{prefix}.zip", [], 0, size, digest.hexdigest())
    for name in sorted(members):
        info.files.append(FileInfo(name, members[name].size, members[name].sha256))
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in info.files)
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8", newline="")
    info.descriptor = descriptor
    if reuse is not None:
        records = {
            digests[t.name]: table_record(
                [(p.start, p.stop) for p in workbook.parts_of(t.name)],
                {fmt: files[f"{t.name}.{fmt}"].result() for fmt in FORMATS},
                workbook.sheets_of(t.name),
            )
            for t in fresh
        }
        reuse.written(folder, {f.name: f.sha256 for f in info.files}, digests, records)
    return info


def finished(member: ZipMember) -> Future[ZipMember]:
    done: Future[ZipMember] = Future()
    done.set_result(member)
    return done


# Rows of a table read from its columns and written at a time (65,536 held about 90 MiB more
# at the peak on a 350k-row table, for the same CPU time).
TABLE_CHUNK = 16_384


def write_table(table: Table, folder: Path, database: Database) -> list[pl.Series]:
    """The table's CSV and JSON files and its rows in the database, TABLE_CHUNK rows at a time
    (so that only that many rows are ever held as Python values); returns the CSV's cells as
    polars columns, for the Parquet file and the workbook. A table held as columns is written
    from polars columns throughout (frame_chunk), its cells never made Python values but for
    SQLite."""
    height = len(table.rows)
    specs = json_fields(table)
    pieces: list[list[pl.Series]] = [[] for _ in table.field_names]
    database.add_table(table, [[] for _ in table.field_names], foreign_keys_of(table))
    with (
        (folder / f"{table.name}.csv").open("wb") as csv_file,
        (folder / f"{table.name}.json").open("wb") as json_file,
    ):
        csv_file.write(csv_header(table.field_names))
        if not specs or not height:
            json_file.write(json_empty(height))
        else:
            json_file.write(b"[\n")
        for start in range(0, height, TABLE_CHUNK):
            stop = min(start + TABLE_CHUNK, height)
            sep = b",\n" if start else b""
            part = frame_chunk(table, start, stop) if table.field_names else None
            if part is not None:
                texts = [text_cells(table.field(n), part.get_column(n)) for n in table.field_names]
                csv_file.write(csv_lines(texts))
                json_file.write(sep + json_frame_records(specs, frame_json(specs, part, texts)))
                del part
            else:
                columns = table_columns(table, start, stop)
                lists = text_columns(table, columns)  # the CSV's cells, one list per field
                csv_file.write(csv_rows(lists, stop - start))
                if specs:
                    json_file.write(sep + json_records(specs, columns))
                del columns
                texts = [pl.Series(cells, dtype=pl.String) for cells in lists]
            database.add_rows(table, texts)
            for column, cells in zip(pieces, texts, strict=True):
                column.append(cells)
        if specs and height:
            json_file.write(b"\n]\n")
    whole = []
    for column in pieces:  # each column's pieces let go once joined: one column held twice
        whole.append(pl.concat(column, rechunk=True) if column else pl.Series([], dtype=pl.String))
        column.clear()
    return whole


def frame_json(
    specs: dict[str, dict], part: pl.DataFrame, texts: list[pl.Series]
) -> list[pl.Series]:
    """Each JSON field's encoded cells for a chunk of a table held as columns (field names
    unique: frame_chunk)."""
    at = {name: i for i, name in enumerate(part.columns)}
    return [
        json_cells(spec, part.get_column(name), texts[at[name]]) for name, spec in specs.items()
    ]


def foreign_keys_of(table: Table) -> list[ForeignKey]:
    """The table's foreign keys a SQLite database declares (not those on list fields)."""
    return [k for k in table.foreign_keys if not k.list_field]


class Hashed:
    """A file being written, hashed as it goes."""

    def __init__(self, sink: BinaryIO, digest: Any) -> None:
        self.sink, self.digest = sink, digest

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.sink.write(data)


def package_payload(
    project: Project,
    dataset: Dataset,
    version: str,
    day: dt.date,
    diff: DatasetDiff | None,
    last: FrozenVersion | None,
    note: str = "",
    tables: list[Table] | None = None,
) -> tuple[dict[str, bytes], PackageInfo]:
    """Every file of a version, in memory (write_package into a temporary folder, read back)."""
    with tempfile.TemporaryDirectory(prefix="datasite-package-") as work:
        folder = Path(work) / "package"
        info = write_package(project, dataset, folder, version, day, diff, last, tables, note)
        payload = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    info.folder = ""
    return payload, info


def file_entry(name: str, data: ZipMember, description: str) -> dict:
    """A file that is not a table resource: listed with its size and hash all the same, and no
    `type` (Data Package v2 knows only "table")."""
    suffix = Path(name).suffix
    return {
        "name": name.lower().replace(".", "-"),
        "path": name,
        "format": suffix.lstrip("."),
        "mediatype": MEDIA.get(suffix, "text/plain"),
        "description": description,
        "bytes": data.size,
        "hash": f"sha256:{data.sha256}",
    }


def resource_entry(name: str, path: str, fmt: str, data: ZipMember, schema: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": fmt,
        "mediatype": MEDIA["." + fmt],
        "encoding": "utf-8",
        "bytes": data.size,
        "hash": f"sha256:{data.sha256}",
        "schema": schema,
    }


SOURCES_MARK = "\x00sources\x00"  # stands for the sources list while the rest is encoded
SOURCES_KIND = "package-sources"  # a sources table's digest → its `sources` list, encoded


def descriptor_json(descriptor: dict, memory: Memo | None = None, made_from: str = "") -> str:
    """json.dumps(descriptor, ensure_ascii=False, indent=2): the json module encodes an indented
    document in Python, value by value, so its `sources` list (a record per source row the
    package carries, a hundred thousand at scale) is encoded apart, its texts all at once; and
    with `memory`, kept there under `made_from` (the digest of the table it is made from: see
    cited_sources), taken from there by the next build and by the next package carrying it."""
    sources = descriptor.get("sources")
    if not isinstance(sources, list):
        return json.dumps(descriptor, ensure_ascii=False, indent=2)
    text = json.dumps({**descriptor, "sources": SOURCES_MARK}, ensure_ascii=False, indent=2)
    mark = json.dumps(SOURCES_MARK)
    key = memory.key(SOURCES_KIND, made_from) if memory is not None and made_from else ""
    kept = memory.get(SOURCES_KIND, key) if memory is not None and key else None
    try:
        listed = kept.decode("utf-8") if kept is not None else None
    except UnicodeDecodeError:
        listed = None
    if listed is None:
        listed = records_json(sources, 1)
        if listed is not None and memory is not None and key:
            memory.put(SOURCES_KIND, key, listed.encode("utf-8"))
    if text.count(mark) != 1 or listed is None:
        return json.dumps(descriptor, ensure_ascii=False, indent=2)
    return text.replace(mark, listed)


def records_json(records: list, level: int) -> str | None:
    """A list of flat records (text keys, scalar values) as json.dumps with indent=2 writes it
    `level` levels deep; None for anything else."""
    if not records:
        return "[]"
    if not all(r.__class__ is dict for r in records):
        return None
    flat = [part for r in records for pair in r.items() for part in pair]
    if (
        not {k.__class__ for r in records for k in r} <= {str}
        or not set(map(type, flat)) <= SCALARS
    ):
        return None
    cells = iter(encoded(flat))
    outer, inner, field = "  " * level, "  " * (level + 1), "  " * (level + 2)
    out = []
    for record in records:
        if not record:
            out.append(inner + "{}")
            continue
        pairs = [f"{field}{next(cells)}: {next(cells)}" for _ in record]
        out.append(f"{inner}{{\n" + ",\n".join(pairs) + f"\n{inner}}}")
    return "[\n" + ",\n".join(out) + f"\n{outer}]"


def public_schema(schema: dict) -> dict:
    """The schema as published: build-only keys removed; foreign keys on list fields, which
    frictionless cannot check, moved to `listForeignKeys` (the build checks them)."""
    out = {k: v for k, v in schema.items() if k not in ("privacy", "foreignKeys")}
    # The CSV writes every boolean TRUE or FALSE (load.values.write), whatever the data's words.
    out["fields"] = [published_field(spec) for spec in schema.get("fields", [])]
    keys = foreign_keys(schema, "")
    plain = [fk.descriptor for fk in keys if not fk.list_field]
    on_lists = [fk.descriptor for fk in keys if fk.list_field]
    if plain:
        out["foreignKeys"] = plain
    if on_lists:
        out["listForeignKeys"] = on_lists
    return out


def package_meta(dataset: Dataset) -> dict:
    """The descriptive metadata a package carries from its datapackage.yaml."""
    meta = dataset.meta
    out: dict[str, Any] = {
        "title": meta.get("title", dataset.name),
        "description": meta.get("description", ""),
    }
    for key in ("i18n", "licenses", "contributors", "keywords", "homepage", "doi"):
        if meta.get(key):
            out[key] = meta[key]
    return out


def package_descriptor(
    project: Project,
    dataset: Dataset,
    resources: list[dict],
    tables: list[Table],
    version: str,
    day: dt.date,
) -> dict:
    """datapackage.json: `created` is the version's date, never the clock."""
    meta = package_meta(dataset)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": dataset.name,
        "title": meta.pop("title"),
        "description": meta.pop("description"),
        "version": version,
        "created": f"{day.isoformat()}T00:00:00Z",
        "languages": list(project.settings.languages),
    }
    if meta.get("doi"):
        descriptor["id"] = f"https://doi.org/{meta['doi']}"
    descriptor.update(meta)
    descriptor["sources"] = cited_sources(project, tables)
    descriptor["resources"] = resources
    return descriptor


def cited_sources(project: Project, tables: list[Table]) -> list[dict]:
    """The package-level `sources`: every source row the package carries, as title and path."""
    table = next((t for t in tables if t.name == project.settings.sources_table), None)
    if table is None:
        return []
    wanted = [n for n in ("id", "publisher", "title", "published", "url") if n in table.field_names]
    frame = text_frame(table, wanted)  # only these columns, without making rows
    height = len(table.rows)
    if frame is not None:
        columns = {name: frame.get_column(name).to_list() for name in wanted}
    else:
        columns = {name: [row.values[name] for row in table.rows] for name in wanted}
    empty = [""] * height
    out = []
    for key, publisher, title, published, url in zip(
        *(columns.get(n, empty) for n in ("id", "publisher", "title", "published", "url")),
        strict=True,
    ):
        named = " — ".join(p for p in (publisher, title, published) if p)
        entry = {"title": named or key}
        if url:
            entry["path"] = url
        out.append(entry)
    return out


def table_csv(table: Table) -> bytes:
    """UTF-8 CSV with the schema's field order; list fields joined by their delimiter."""
    return csv_bytes(table.field_names, text_columns(table, table_columns(table)), len(table.rows))


def table_json(table: Table) -> bytes:
    """The table as a JSON array of objects, with numbers, booleans and lists typed; an empty
    list is null."""
    return json_bytes(table, table_columns(table))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Partial rebuilds: a preview package linked from the previous build when its inputs are the same


PACKAGE_KEYS = ".build-packages.json"


def package_key(
    project: Project,
    dataset: Dataset,
    tables: list[Table],
    label: str,
    day: dt.date,
    code: str,
    digests: Sequence[str] = (),
) -> str:
    """sha256 over everything package_payload reads: the rows and schemas of the package's tables
    (foreign rows included), the dataset's metadata, the settings, its frozen versions, the
    version label, the date and the build's code and tools (`code`)."""
    digest = hashlib.sha256(f"{code}\0{dataset.name}\0{label}\0{day.isoformat()}\0".encode())
    digest.update(json.dumps(dataset.meta, sort_keys=True, default=str).encode())
    digest.update(repr(project.settings).encode())
    for table, known in zip(tables, digests or [""] * len(tables), strict=True):
        # package_tables: the dataset's own and the foreign rows it carries
        digest.update(f"\0{known or table_digest(table, repr(project.settings))}\0".encode())
    for path in walk(project.root / "versions" / dataset.name):
        digest.update(f"\0{path.relative_to(project.root).as_posix()}\0".encode())
        add_file(digest, path)
    return digest.hexdigest()


def read_package_keys(data: Path | None) -> dict[str, str]:
    """The keys a previous build recorded beside its packages; {} when none or unreadable."""
    if data is None:
        return {}
    try:
        keys = json.loads((data / PACKAGE_KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(keys, dict):
        return {}
    return {str(k): v for k, v in keys.items() if isinstance(v, str)}


def write_package_keys(out_dir: Path, packages: list[PackageInfo]) -> None:
    keys = {
        p.dataset: p.preview_package.key
        for p in packages
        if p.preview_package is not None and p.preview_package.key
    }
    (out_dir / PACKAGE_KEYS).write_text(json.dumps(keys, indent=1, sort_keys=True) + "\n")


def link_package(old: Path, new: Path, memo: Memo | None = None) -> dict[str, str] | None:
    """Link (or copy) a previous preview's files into `new` when every file is listed in its
    SHA256SUMS with a matching hash and nothing else is there, and return those sums (file name
    to sha256, in their order); None, with `new` absent, if not. A file whose status (device,
    inode, size, modification and change times) is what `memo` recorded when its hash was last
    checked is not read again: writing to it, or touching it, changes its change time."""
    try:
        lines = (old / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        listed = dict(reversed(line.split("  ", 1)) for line in lines)
        names = {p.name for p in old.iterdir()}
        if names != {*listed, "SHA256SUMS"} or any(
            not still_verified(old / name, digest, memo) and sha256_of(old / name) != digest
            for name, digest in listed.items()
        ):
            return None
        new.mkdir(parents=True)
        for name in sorted(names):
            try:
                os.link(old / name, new / name)
            except OSError:  # another file system, or links not allowed
                shutil.copyfile(old / name, new / name)
    except (OSError, ValueError):
        if new.exists():
            shutil.rmtree(new)
        return None
    return listed


def record_published(memo: Memo, data_dir: Path) -> None:
    """Once the new site is live and the previous one removed, note the status of each preview
    file, with the sha256 its SHA256SUMS gives (this build wrote or checked each), so the next
    build need not hash it again: not before, as linking a file into another package, and
    removing the previous site's links to it, change its status."""
    for folder in sorted(data_dir.glob("*/preview")):
        try:
            lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
            for digest, name in (line.split("  ", 1) for line in lines):
                path = folder / name
                memo.put_json(VERIFIED, verified_key(memo, path, digest), file_status(path))
        except (OSError, ValueError):
            continue


def linked_package(
    project: Project,
    dataset: Dataset,
    tables: list[Table],
    folder: Path,
    sums: dict[str, str],
    version: str,
    day: dt.date,
    diff: DatasetDiff | None,
) -> PackageInfo:
    """The PackageInfo write_package would return for the files now in `folder` (`sums`: their
    sha256 by name, as link_package verified them)."""
    info = new_info(dataset, version, folder, day, diff)
    for name, digest in sums.items():
        info.files.append(FileInfo(name, (folder / name).stat().st_size, digest))
    info.descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    info.citation = citation(project, dataset, version, day)
    counts = [(t.name, len(t.rows)) for t in tables]
    info.workbook_notes = {lang: split_notes(counts, lang) for lang in ("en", "es")}
    return info
