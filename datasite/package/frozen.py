"""Frozen versions pass the same checks as the working data, hold only their package's files, and
never change once committed: their tables are loaded from the schemas in their datapackage.json
and checked like data/, every other file is scanned, and each lock is compared with the first one
git recorded (a lock alone proves nothing: a pull request can rewrite a folder and its lock)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sqlite3
import struct
import subprocess
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from datasite.check.dates import check_dates
from datasite.check.privacy import (
    Identifiers,
    NameIndex,
    check_privacy,
    fold,
    identifiers_of,
    is_minor,
    may_publish,
    name_fields,
    personal_fields,
    redact_row,
    scan_names,
    scan_text,
)
from datasite.check.safety import FORMULA_START, check_safety
from datasite.check.tables import check_primary_key, check_table
from datasite.issues import DataError, Issue, field_prefix, line_of_text
from datasite.load.frames import rows_with_ids
from datasite.load.project import MAX_CSV_BYTES, check_schema, read_checked, read_csv_rows
from datasite.model import Dataset, Project, Row, Table
from datasite.package.versions import (
    VERSIONS_DIR,
    FrozenVersion,
    frozen_versions,
    parquet_copies,
    plain_name,
    verify_frozen,
)

# Every file but the tables is read whole; none the generator writes comes near this.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A zip (the package, or an XLSX workbook) may not unpack to more than this: no zip bombs.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
CHANGELOG = "CHANGELOG.md"
# SECURITY.md, "How a leaked record is removed", step 2: one line per withdrawn version. A
# reissue (a version rewritten before it was ever deployed) names the sha256 of its new lock.
WITHDRAWN = re.compile(r"^- Withdrawn: (?P<dataset>\S+) (?P<version>\S+) [—–-]+ (?P<reason>\S.*)$")
REISSUED = re.compile(
    r"^- Reissued: (?P<dataset>\S+) (?P<version>\S+) [—–-]+ (?P<reason>\S.*)\(lock sha256 "
    r"(?P<lock>[0-9a-f]{64})\)$"
)
# Anything that reads like a record, however written: list marker, indentation, quote, case.
RECORD_START = re.compile(
    r"^[\s>]*(?:[-*+]|\d+[.)])?\s*[*_]*(?P<kind>withdrawn|reissued)[*_]*\s*:", re.IGNORECASE
)
RECORDS_SECTION = "withdrawn and reissued versions"
HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:\s+(?P<title>.*?))?\s*#*\s*$")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
# A reason says why in words: "." or "x" is no reason.
MIN_REASON_LETTERS = 3
RECORD_FORMS = {
    "Withdrawn": "`- Withdrawn: <dataset> <version> — <reason>`",
    "Reissued": "`- Reissued: <dataset> <version> — <reason> (lock sha256 <sha256 of the lock>)`",
}
LOCK_PATH = re.compile(r"^versions/([^/]+)/(\d+\.\d+\.\d+)\.lock$")


def check_frozen(project: Project, withheld: dict[str, Row], today: dt.date) -> list[Issue]:
    """Every problem of the frozen versions: files and locks, history, then each version's content.

    `project` is the working data (its schemas lend the privacy rules); `withheld` are the working
    data's withheld names (privacy.withheld_names of the unredacted project)."""
    root = Path(project.root)
    issues = verify_frozen(root, list(project.datasets))
    records, record_issues = read_records(root)
    issues += record_issues
    issues += history_issues(root, records)
    if issues:
        return issues  # a folder that does not match its lock is not read any further
    index = NameIndex(withheld)
    scanner = Scanner(index, identifiers_of(project.site))  # one for all: versions share texts
    for name in project.datasets:
        for version in frozen_versions(root, name):
            issues += check_version(project, version, index, today, scanner)
    return issues


def published_names(project: Project) -> dict[str, Row]:
    """The names frozen versions published for records the working data now withholds, folded
    as privacy.withheld_names folds them, each with its working record.

    SECURITY.md's first step against a leak withholds the record and empties its name; the name
    is then known only from the versions that published it. Added to the withheld names, it is
    still found where it is spelled (the record's own id, the ids and notes of other records)
    and in every version that holds it, which must be withdrawn."""
    root = Path(project.root)
    out: dict[str, Row] = {}
    for dataset in project.datasets.values():
        versions = frozen_versions(root, dataset.name)
        for table in dataset.tables.values() if versions else ():
            fields, key = name_fields(table), table.primary_key
            if not fields or len(key) != 1:
                continue
            published: dict[str, set[str]] = {}  # id → the names versions published for it
            for version in versions:
                for values in frozen_rows(version, table.name):
                    if not may_publish(table, Row(values, "", 0)):
                        continue  # a name the version withheld is privacy-withheld's to report
                    names = {fold(values.get(name) or "") for name in fields}
                    names = {n for n in names if len(n.split()) >= 2}
                    if names:
                        published.setdefault(values.get(key[0], ""), set()).update(names)
            for row in rows_with_ids(table, key[0], set(published)):
                if not may_publish(table, row):
                    for folded in sorted(published[str(row.values.get(key[0], ""))]):
                        out.setdefault(folded, row)
    return out


def frozen_rows(version: FrozenVersion, table: str) -> list[dict[str, str]]:
    """A table's rows in a frozen version's CSV file, as text; none when the version has no such
    table or its files cannot be read (check_frozen reports what is wrong with them)."""
    try:
        descriptor = json.loads((version.folder / "datapackage.json").read_text(encoding="utf-8"))
        resource = next(r for r in descriptor["resources"] if r.get("name") == table)
        path = version.folder / resource["path"]
        if not plain_name(resource["path"]) or path.stat().st_size > MAX_CSV_BYTES:
            return []
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
            return list(csv.DictReader(f))
    except (OSError, ValueError, KeyError, TypeError, StopIteration, csv.Error):
        return []


# History: a committed lock never changes, and a removed one is a recorded withdrawal


@dataclass
class Records:
    """The `- Withdrawn:` and `- Reissued:` lines of the project's CHANGELOG.md."""

    withdrawn: dict[tuple[str, str], int] = field(default_factory=dict)  # (dataset, version) → line
    reissued: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # → sha256 of the lock


def read_records(root: Path) -> tuple[Records, list[Issue]]:
    """Withdrawals and reissues recorded in CHANGELOG.md: list items of its "Withdrawn and reissued
    versions" section, outside comments and code blocks, each with a reason in words. Any other
    line that reads like one is an issue (it would otherwise be silently ignored, or be honoured
    while the rendered changelog hides it)."""
    path = root / CHANGELOG
    records = Records()
    if not path.is_file() or path.is_symlink():
        return records, []
    issues = []
    section = 0  # the level of the records section's heading while inside it
    fence = ""
    comment = False
    for number, raw in enumerate(
        path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
    ):
        hidden = comment or bool(fence) or "<!--" in raw
        if fence:
            fence = (
                "" if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]) else fence
            )
        elif opening := FENCE.match(raw):
            fence, hidden = opening["fence"], True
        else:
            comment = comment_state(raw, comment)
        heading = HEADING.match(raw) if not hidden else None
        if heading:
            level = len(heading["level"])
            if section and level <= section:
                section = 0
            if (heading["title"] or "").strip().lower() == RECORDS_SECTION:
                section = level
            continue
        start = RECORD_START.match(raw.replace("<!--", "").strip())
        if not start:
            continue
        kind = start["kind"].capitalize()
        if hidden or not section or not raw.startswith(f"- {kind}:"):
            issues.append(
                Issue(
                    CHANGELOG,
                    number,
                    "frozen-withdrawn",
                    f'a `- {kind}:` line counts only as a list item of the "Withdrawn and '
                    'reissued versions" '
                    "section of CHANGELOG.md, outside comments and code blocks",
                )
            )
            continue
        line = raw.strip()
        match = WITHDRAWN.match(line) if kind == "Withdrawn" else REISSUED.match(line)
        if match is None:
            issues.append(
                Issue(
                    CHANGELOG,
                    number,
                    "frozen-withdrawn",
                    f"write a {kind.lower()} version as {RECORD_FORMS[kind]}",
                )
            )
        elif sum(ch.isalpha() for ch in match["reason"]) < MIN_REASON_LETTERS:
            issues.append(
                Issue(
                    CHANGELOG,
                    number,
                    "frozen-withdrawn",
                    f"write a {kind.lower()} version as {RECORD_FORMS[kind]}, with its reason in "
                    "words",
                )
            )
        elif kind == "Withdrawn":
            records.withdrawn.setdefault((match["dataset"], match["version"]), number)
        else:
            records.reissued.setdefault((match["dataset"], match["version"]), set()).add(
                match["lock"]
            )
    return records, issues


def comment_state(line: str, inside: bool) -> bool:
    """Whether an HTML comment is still open after the line."""
    position = 0
    while True:
        marker = "-->" if inside else "<!--"
        found = line.find(marker, position)
        if found < 0:
            return inside
        inside, position = not inside, found + len(marker)


def history_issues(root: Path, records: Records) -> list[Issue]:
    """Each lock equals the first one committed (or a recorded reissue); a committed lock that is
    gone was withdrawn in CHANGELOG.md; a withdrawn version number is never used again. Without
    git (a tarball) only the last."""
    issues = []
    for (dataset, version), line in sorted(records.withdrawn.items()):
        lock = f"{VERSIONS_DIR}/{dataset}/{version}.lock"
        if (root / lock).exists() or (root / lock).is_symlink():
            issues.append(
                Issue(
                    lock,
                    0,
                    "frozen-withdrawn",
                    f"version {version} of {dataset} was withdrawn ({CHANGELOG}:{line}); "
                    "a withdrawn version number is never used again: freeze the data as a new "
                    "version",
                )
            )
    try:
        added = lock_adds(root)
    except GitError as error:
        return issues + [
            Issue(
                VERSIONS_DIR,
                0,
                "frozen-history",
                f"git cannot read the history the frozen versions are compared with ({error}); "
                "fix the repository (`git status` tells what is wrong)",
            )
        ]
    for lock, adds in sorted((added or {}).items()):
        dataset, version = LOCK_PATH.match(lock).groups()  # type: ignore[union-attr]
        path = root / lock
        if (dataset, version) in records.withdrawn:
            continue
        commit = adds[0][0]
        if not path.exists() and not path.is_symlink():
            issues.append(
                Issue(
                    lock,
                    0,
                    "frozen-withdrawn",
                    f"this published version was removed; record it in {CHANGELOG} as "
                    f"`- Withdrawn: {dataset} {version} — <reason>` (SECURITY.md), or restore it "
                    "with "
                    f"`git checkout {commit[:12]} -- {VERSIONS_DIR}/{dataset}/{version} {lock}`",
                )
            )
            continue
        now = path.read_bytes() if path.is_file() and not path.is_symlink() else adds[0][1]
        if hashlib.sha256(now).hexdigest() in records.reissued.get((dataset, version), set()):
            continue
        # Every commit that ever added the lock counts, on any branch merged in: a side branch
        # with a backdated commit adding a forged lock cannot pass for the first.
        differing = [commit for commit, content in adds if content != now]
        if differing:
            commit = differing[0]
            issues.append(
                Issue(
                    lock,
                    0,
                    "frozen-changed",
                    f"this lock differs from the one first committed ({commit[:12]}); published "
                    "versions never change: "
                    f"restore the version with `git checkout {commit[:12]} -- "
                    f"{VERSIONS_DIR}/{dataset}/{version} {lock}`, "
                    f"or withdraw it ({CHANGELOG}, SECURITY.md)",
                )
            )
    return issues


class GitError(Exception):
    """git failed for another reason than the folder being no repository."""


def lock_adds(root: Path) -> dict[str, list[tuple[str, bytes]]] | None:
    """Every lock ever committed under versions/, with each commit that added it (against any
    parent, on any merged branch), oldest first in topological order, and its content then; None
    when the project is not in a git repository (a tarball). Two git calls."""
    log = git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "-m",
        "--topo-order",
        "--reverse",
        "--diff-filter=A",
        "--no-renames",
        "--format=commit %H",
        "--name-only",
        "--relative",
        "--",
        VERSIONS_DIR,
    )
    if log is None:
        return None
    adds: dict[str, list[str]] = {}
    commit = ""
    for line in log.decode("utf-8", "replace").splitlines():
        if line.startswith("commit "):
            commit = line[len("commit ") :]
        elif LOCK_PATH.match(line) and commit not in adds.setdefault(line, []):
            adds[line].append(commit)
    wanted = [(path, commit) for path in sorted(adds) for commit in adds[path]]
    if not wanted:
        return {}
    batch = git(
        root, "cat-file", "--batch", stdin="".join(f"{c}:./{p}\n" for p, c in wanted).encode()
    )
    if batch is None:
        return None
    out: dict[str, list[tuple[str, bytes]]] = {}
    position = 0
    for path, commit in wanted:
        end = batch.index(b"\n", position)
        header = batch[position:end].split()
        position = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out.setdefault(path, []).append((commit, batch[position : position + size]))
            position += size + 1
    return out


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """git's output; None when git is missing or the folder is no repository (or one without a
    commit). Any other failure (a repository of another user, a broken one) raises GitError: a
    check that cannot run must not pass."""
    # Inside a git hook GIT_DIR and friends point elsewhere; find the repository from root.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["LC_ALL"] = "C"  # git's messages in English, to tell "no repository" from a failure
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, env=env
        )
    except OSError:
        return None
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.decode("utf-8", "replace").strip()
    if "not a git repository" in said or "does not have any commits yet" in said:
        return None
    first = next(
        (line for line in said.splitlines() if line.strip()), f"exit status {done.returncode}"
    )
    raise GitError(first.removeprefix("fatal: ")[:200])


# Content: the same checks as the working data, and every other file scanned


def check_version(
    project: Project,
    version: FrozenVersion,
    withheld: NameIndex,
    today: dt.date,
    scanner: Scanner | None = None,
) -> list[Issue]:
    """A frozen version: its package holds together, its tables pass, its other files are clean."""
    where = f"{VERSIONS_DIR}/{version.dataset}/{version.version}"
    descriptor, issues = read_descriptor(version, where)
    if descriptor is None or issues:
        return issues
    resources = descriptor["resources"]
    files = {p.name for p in version.folder.iterdir()}
    zip_name = f"{version.dataset}-{version.version}.zip"
    listed = {r["path"] for r in resources} | {"datapackage.json", "SHA256SUMS", zip_name}
    copies = {name for name in parquet_copies(descriptor) if plain_name(name)} & files - listed
    for name in sorted(files - listed - copies):
        issues.append(
            Issue(
                f"{where}/{name}",
                0,
                "frozen-file",
                "this file is not listed in datapackage.json; a version holds only its package's "
                "files",
            )
        )
    for name in sorted(listed - files):
        issues.append(
            Issue(
                f"{where}/datapackage.json",
                0,
                "frozen-package",
                f"{name} is listed but not in {where}/",
            )
        )
    for name in sorted(n for n in listed - {zip_name} if n.lower().endswith(".zip")):
        issues.append(
            Issue(
                f"{where}/{name}",
                0,
                "frozen-file",
                f"a listed .zip file is never published; only the package zip {zip_name} may be a "
                "zip",
            )
        )
    if issues:
        return issues
    issues += package_issues(version, where, descriptor, files, zip_name)
    tables: list[Table] = []
    for resource in resources:
        if resource.get("type") == "table":
            table, problems = read_table(project, version, where, resource)
            issues += problems
            tables += [table] if table is not None else []
    issues += table_issues(project, where, tables, withheld, today)
    scanner = scanner or Scanner(withheld, identifiers_of(project.site))
    for resource in resources:
        if resource.get("type") != "table":
            issues += scan_file(version, where, resource["path"], scanner)
    for name in sorted(copies):
        issues += scan_file(version, where, name, scanner)
    issues += scan_file(version, where, "datapackage.json", scanner)
    return list(dict.fromkeys(issues))  # the privacy passes may both find one identifier


def read_descriptor(version: FrozenVersion, where: str) -> tuple[dict | None, list[Issue]]:
    """datapackage.json, with every resource path a plain file name of the folder."""
    path = f"{where}/datapackage.json"
    try:
        _, text = read_checked(
            root_of(version), version.folder / "datapackage.json", MAX_FILE_BYTES
        )
        descriptor = json.loads(text)
    except DataError as error:
        return None, error.issues
    except (OSError, ValueError, RecursionError) as error:
        return None, [
            Issue(
                path,
                0,
                "frozen-package",
                f"datapackage.json cannot be read ({type(error).__name__})",
            )
        ]
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        return None, [
            Issue(path, 0, "frozen-package", "datapackage.json needs a list of resources")
        ]
    issues = []
    for resource in resources:
        name = resource.get("path")
        if not isinstance(name, str) or not plain_name(name):
            issues.append(
                Issue(
                    path,
                    line_of_text(text, str(name)),
                    "unsafe-path",
                    f'resource path "{str(name)[:80]}" must be a plain file name inside {where}/',
                )
            )
        elif resource.get("type") == "table" and not (
            isinstance(resource.get("schema"), dict)
            and name.endswith(".csv")
            and isinstance(resource.get("name"), str)
        ):
            issues.append(
                Issue(
                    path,
                    line_of_text(text, name),
                    "frozen-package",
                    f"table resource {name} needs a name, a .csv path and a schema",
                )
            )
    if descriptor.get("name") != version.dataset or descriptor.get("version") != version.version:
        issues.append(
            Issue(
                path,
                0,
                "frozen-package",
                f"name and version must be {version.dataset} and {version.version}",
            )
        )
    return descriptor, issues


def package_issues(
    version: FrozenVersion, where: str, descriptor: dict, files: set[str], zip_name: str
) -> list[Issue]:
    """SHA256SUMS and the resources' hashes agree with the files; the zip holds exactly the
    package's files, byte for byte."""

    def digest(name: str) -> str:
        return hashlib.sha256((version.folder / name).read_bytes()).hexdigest()

    issues = []
    sums = {}
    for line in (
        (version.folder / "SHA256SUMS").read_text(encoding="utf-8", errors="replace").splitlines()
    ):
        value, _, name = line.partition("  ")
        sums[name] = value
    if sums != {name: digest(name) for name in files - {"SHA256SUMS"}}:
        issues.append(
            Issue(
                f"{where}/SHA256SUMS",
                0,
                "frozen-package",
                "SHA256SUMS must list every other file of the version with its sha256",
            )
        )
    for resource in descriptor["resources"]:
        if resource.get("hash") != f"sha256:{digest(resource['path'])}":
            issues.append(
                Issue(
                    f"{where}/datapackage.json",
                    0,
                    "frozen-package",
                    f"the hash of {resource['path']} must be sha256:<its sha256>",
                )
            )
    expected = {
        f"{version.dataset}-{version.version}/{n}": n for n in files - {"SHA256SUMS", zip_name}
    }
    problem = zip_problem(version.folder / zip_name, expected, version.folder)
    if problem:
        issues.append(Issue(f"{where}/{zip_name}", 0, "frozen-package", problem))
    return issues


def zip_problem(path: Path, expected: dict[str, str], folder: Path) -> str:
    """Why the zip does not hold exactly the expected members (member → file name), or ""."""
    if path.stat().st_size > MAX_UNPACKED_BYTES:
        return "the zip is larger than 512 MiB"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if archive.comment or any(m.comment for m in members):
                return (
                    "the zip or one of its members has a comment; "
                    "a package zip holds its files only"
                )
            offset = layout_gap(path.read_bytes(), archive)
            if offset is not None:
                return (
                    f"the zip holds bytes outside its members (offset {offset}); "
                    "a package zip holds its files only"
                )
            names = [m.filename for m in members]
            if sorted(names) != sorted(expected):
                extra = sorted(set(names) - set(expected)) or [
                    n for n in names if names.count(n) > 1
                ]
                missing = sorted(set(expected) - set(names))
                what = (
                    f"{extra[0][:80]} is not a file of the package"
                    if extra
                    else f"{missing[0]} is missing"
                )
                return f"the zip must hold exactly the package's files: {what}"
            for member in members:
                data = (folder / expected[member.filename]).read_bytes()
                if member.file_size != len(data) or archive.read(member) != data:
                    return f"{member.filename} in the zip differs from {expected[member.filename]}"
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as error:
        return f"the zip cannot be read ({type(error).__name__})"
    return ""


def layout_gap(data: bytes, archive: zipfile.ZipFile) -> int | None:
    """The offset where the zip stops being its members' local headers and data one after another
    from byte 0, then its central directory, then its end record; None when it is just that.
    zipfile reads the central directory only: a hidden entry before or between members, which
    other unzip tools may list, would pass it."""
    position = 0
    for member in sorted(archive.infolist(), key=lambda m: m.header_offset):
        if member.header_offset != position or data[position : position + 4] != b"PK\x03\x04":
            return position
        (flags,) = struct.unpack("<H", data[position + 6 : position + 8])
        name_length, extra_length = struct.unpack("<HH", data[position + 26 : position + 30])
        name = data[position + 30 : position + 30 + name_length]
        if flags & 0x08 or name != member.orig_filename.encode(
            "utf-8" if member.flag_bits & 0x800 else "cp437"
        ):
            return position  # a data descriptor, or a local name that is not the listed one
        position += 30 + name_length + extra_length + member.compress_size
    if archive.start_dir != position:
        return position
    end = len(data) - 22  # the end record, without a comment
    if end < position or data[end : end + 4] != b"PK\x05\x06":
        return position
    size, start = struct.unpack("<LL", data[end + 12 : end + 20])
    return None if start == position and start + size == end else position


def read_table(
    project: Project, version: FrozenVersion, where: str, resource: dict
) -> tuple[Table | None, list[Issue]]:
    """A table resource as rows with file:line, under the schema its datapackage.json gives."""
    name = resource["name"]
    schema = resource["schema"]
    root = Path(project.root)
    try:
        check_schema(root, version.folder / "datapackage.json", schema, translations=False)
    except DataError as error:
        return None, [
            Issue(i.path, i.line, i.code, f"table {name}: {i.message}") for i in error.issues
        ]
    except Exception as error:  # a hostile schema must end in an issue, never a traceback
        return None, [
            Issue(
                f"{where}/datapackage.json",
                0,
                "schema-invalid",
                f"table {name}: {type(error).__name__}",
            )
        ]
    table = Table(
        name, version.dataset, schema, f"{where}/datapackage.json", f"{where}/{resource['path']}"
    )
    try:
        _, text = read_checked(root, version.folder / resource["path"], MAX_CSV_BYTES)
        if "\x00" in text:
            return None, [
                Issue(
                    table.path,
                    text.count("\n", 0, text.index("\x00")) + 1,
                    "csv-syntax",
                    "the file contains a NUL byte",
                )
            ]
        table.rows = read_csv_rows(table.path, text, table)
    except DataError as error:
        return None, error.issues
    return table, []


def table_issues(
    project: Project, where: str, tables: list[Table], withheld: NameIndex, today: dt.date
) -> list[Issue]:
    """Types, keys, dates, privacy (with the working data's rules and withheld names) and safety."""
    issues: list[Issue] = []
    for table in tables:
        issues += check_table(table) + check_primary_key(table) + check_dates(table, today)
    working = project.tables()
    # Every text is scanned whatever a forged schema claims: no enum or type hides a cell.
    scanned = view(tables, lambda t: scan_schema(t.schema))
    # The working project's identifier patterns: a frozen version's own settings hold none.
    identifiers = identifiers_of(project.site)
    issues += check_privacy(scanned, withheld=withheld, identifiers=identifiers)
    ruled = view(tables, lambda t: privacy_schema(t.schema, working.get(t.name)))
    issues += check_privacy(ruled, withheld=NameIndex({}), identifiers=identifiers)
    for table in ruled.tables().values():
        issues += withheld_details(table)
    safe = view(
        tables, lambda t: {**t.schema, "fields": [without_enum(f) for f in t.schema["fields"]]}
    )
    # check_safety's version and date checks are about data/<dataset>/datapackage.yaml: not here.
    issues += [i for i in check_safety(safe) if not i.path.endswith("datapackage.yaml")]
    return issues


def view(tables: list[Table], schema_of: Any) -> Project:
    """The tables (one frozen version) under other schemas, as a project the checks take."""
    dataset = Dataset("frozen", {"version": "0.0.0", "created": "2000-01-01"}, "frozen")
    for table in tables:
        dataset.tables[table.name] = Table(
            table.name, table.dataset, schema_of(table), table.schema_path, table.path, table.rows
        )
    return Project(Path("."), {}, {"frozen": dataset})


def scan_schema(schema: dict) -> dict:
    """Every field as free text (lists stay lists), links excepted as in the working data."""
    fields = []
    for spec in schema["fields"]:
        kind = "list" if spec.get("type") == "list" else "string"
        out: dict[str, Any] = {"name": spec["name"], "type": kind}
        if kind == "list":
            out["delimiter"] = spec.get("delimiter", ",")
        if spec.get("format") == "uri" and kind == "string":
            out["format"] = "uri"  # check_safety allows only http(s) links there
        fields.append(out)
    return {"fields": fields}


def privacy_schema(schema: dict, working: Table | None) -> dict:
    """The frozen schema with the working schema's privacy rules and personal fields, which a
    published schema does not carry, where the frozen table has every field they name."""
    if working is None:
        return schema
    names = {f["name"] for f in schema["fields"]}
    personal = set(personal_fields(working))
    fields = [{**f, "personal": True} if f["name"] in personal else f for f in schema["fields"]]
    out = {**schema, "fields": fields}
    rules = working.schema.get("privacy") or {}
    named = [rules.get(k) for k in ("levelField", "minorField", "pseudonymField") if rules.get(k)]
    spec = rules.get("singlingOut") or {}
    named += [spec[k] for k in ("person", "place", "date") if k in spec]
    if rules and set(named) <= names:
        out["privacy"] = rules
        if spec and spec["date"] in names:
            precision = next(
                (f for f in working.schema["fields"] if f["name"] == spec["date"]), {}
            ).get("precisionField")
            if precision not in names:
                out["privacy"] = {k: v for k, v in rules.items() if k != "singlingOut"}
    return out


def without_enum(spec: dict) -> dict:
    constraints = {k: v for k, v in (spec.get("constraints") or {}).items() if k != "enum"}
    return {**spec, "constraints": constraints}


def withheld_details(table: Table) -> list[Issue]:
    """A frozen version holds what the site may publish: no personal field of a withheld record
    (a minor's is reported by check_privacy), no pseudonym of a withheld one."""
    personal = personal_fields(table)
    if not personal or not table.schema.get("privacy"):
        return []
    issues = []
    for row in table.rows:
        if may_publish(table, row):
            continue
        public = redact_row(table, row, personal)
        for name in table.field_names:
            if public.values.get(name) != row.values.get(name) and not (
                is_minor(table, row) and name in personal
            ):
                issues.append(
                    Issue(
                        row.path,
                        row.line_of(name),
                        "privacy-withheld",
                        f"{field_prefix(name)}is filled in a record whose publish level withholds "
                        "it; "
                        "a frozen version holds only what the site may publish",
                        field=name,
                    )
                )
    return issues


# Every other file: each string scanned for identifiers, withheld names and (in data) formulas


def scan_file(version: FrozenVersion, where: str, name: str, scanner: Scanner) -> list[Issue]:
    path = version.folder / name
    shown = f"{where}/{name}"
    try:
        data = (
            read_checked(root_of(version), path, MAX_FILE_BYTES)[0]
            if path.suffix not in (".xlsx", ".sqlite", ".parquet")
            else limited_bytes(path, shown)
        )
    except DataError as error:
        return error.issues
    suffix = path.suffix
    if suffix == ".json":
        return scan_json(shown, data, scanner, formulas=name != "datapackage.json")
    if suffix == ".xlsx":
        return scan_xlsx(shown, data, scanner)
    if suffix == ".sqlite":
        return scan_sqlite(shown, data, scanner)
    if suffix == ".parquet":
        return scan_parquet(shown, data, scanner)
    if (
        suffix == ".csv"
    ):  # a CSV listed as a plain file, not a table: every cell, as a spreadsheet opens it
        reader = csv.reader(io.StringIO(data.decode("utf-8", "replace"), newline=""))
        try:
            cells = [(reader.line_num, "", cell) for row in reader for cell in row]
        except csv.Error:
            return [Issue(shown, reader.line_num, "csv-syntax", "this file is not valid CSV")]
        return scanner.strings(shown, cells, formulas=True)
    if suffix in (".md", ".txt", ".bib", ".ris"):
        text = data.decode("utf-8", "replace")
        return scanner.strings(
            shown,
            ((number, "", line) for number, line in enumerate(text.splitlines(), 1)),
            formulas=False,
        )
    return []


def root_of(version: FrozenVersion) -> Path:
    """The project folder: versions/<dataset>/<version>/ is three levels down."""
    return version.folder.parent.parent.parent


def limited_bytes(path: Path, shown: str) -> bytes:
    """A binary file's bytes, capped in size."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(
            [
                Issue(
                    shown,
                    0,
                    "file-too-large",
                    f"{size:,} bytes is over the limit of {MAX_FILE_BYTES:,} bytes",
                )
            ]
        )
    return path.read_bytes()


# A resource's `hash` in datapackage.json: hex digits, with the algorithm's name or without.
HASH = re.compile(r"(?:(?:md5|sha1|sha256|sha512):)?[0-9a-f]{32,128}")


class Scanner:
    """Strings through the identifier, withheld-name and formula checks; a text found clean once
    is not searched again (a version holds each value in its CSV, JSON, XLSX and SQLite)."""

    def __init__(self, withheld: NameIndex, identifiers: Identifiers):
        self.withheld = withheld
        self.identifiers = identifiers
        self.clean: set[str] = set()

    def strings(
        self, where: str, items: Iterable[tuple[int, str, str]], formulas: bool
    ) -> list[Issue]:
        """(line, label, text) items; the label names the field or cell in the message."""
        issues: list[Issue] = []
        for line, label, text in items:
            if not text:
                continue
            if formulas and text.startswith(FORMULA_START):
                issues.append(
                    Issue(
                        where,
                        line,
                        "formula",
                        f"{field_prefix(label)}starts with = + - or @, which a spreadsheet would "
                        "run as a formula; "
                        "start the text with a word",
                        field=label,
                    )
                )
            if text in self.clean:
                continue  # links too, whole and percent-decoded, as in the working data
            row = Row({label: text}, where, line)
            found = scan_text(row, label, self.identifiers)
            found += scan_names(row, label, self.withheld)
            if not found:
                self.clean.add(text)
            issues += found
        return issues


def scan_json(where: str, data: bytes, scanner: Scanner, formulas: bool) -> list[Issue]:
    """Every string of a JSON file, keys too, at the line where it is written."""
    try:
        text = data.decode("utf-8")
        value = json.loads(text)
    except (ValueError, RecursionError):
        return [Issue(where, 0, "frozen-package", "this file is not valid JSON")]
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        label, item = stack.pop()
        if isinstance(item, str):
            found.append((label, item))
        elif isinstance(item, list):
            stack += [(label, v) for v in item]
        elif isinstance(item, dict):
            for key, v in item.items():
                found.append(("", key))
                stack.append((key, v))
    issues = []
    for label, item in found:
        if label == "hash" and HASH.fullmatch(item):
            continue  # hex digits can spell a phone number: a file's hash holds no one's data
        problems = scanner.strings(where, [(0, label, item)], formulas)
        if problems:  # the line is looked up only for the few strings refused
            line = line_of_text(text, item)
            issues += [Issue(i.path, line, i.code, i.message, field=i.field) for i in problems]
    return issues


def scan_parquet(where: str, data: bytes, scanner: Scanner) -> list[Issue]:
    """Every value of every column as text (a list's items one by one), the column names and the
    file's key-value metadata; a column no value of which reads as text (a struct, a binary) is
    refused rather than left unread. Line n is the table's row n, as in its CSV (header first)."""
    import polars as pl

    try:
        frame = pl.read_parquet(io.BytesIO(data))
        metadata = pl.read_parquet_metadata(io.BytesIO(data))
    except Exception as error:  # polars raises its own errors on a damaged file
        return [
            Issue(
                where,
                0,
                "frozen-package",
                f"this file is not valid Parquet ({type(error).__name__})",
            )
        ]
    texts: list[tuple[int, str, str]] = [(0, "", f"{k} {v}") for k, v in metadata.items()]
    others: list[tuple[int, str, str]] = []  # numbers, booleans, dates: no formula, only signs
    for column in frame.columns:
        texts.append((1, "", column))
        series = frame[column]
        kind = series.dtype
        if isinstance(kind, pl.List) and kind.inner == pl.String:
            rows = [(i, item) for i, row in enumerate(series.to_list()) for item in row or []]
            texts += [(i + 2, column, text) for i, text in rows if text]
        elif kind == pl.String:
            texts += [(i + 2, column, t) for i, t in enumerate(series.to_list()) if t]
        elif kind.is_numeric() or kind in (pl.Boolean, pl.Date, pl.Null):
            cells = series.cast(pl.String).to_list()
            others += [(i + 2, column, t) for i, t in enumerate(cells) if t]
        else:
            return [
                Issue(
                    where,
                    0,
                    "frozen-package",
                    f'column "{column[:80]}" is of type {kind}, which no package holds',
                )
            ]
    return scanner.strings(where, texts, formulas=True) + scanner.strings(
        where, others, formulas=False
    )


def scan_xlsx(where: str, data: bytes, scanner: Scanner) -> list[Issue]:
    """Every cell of every sheet, and the text and attribute values of every other part (any
    name: sheet names, properties, comments, drawings, link targets…), every part that is not
    XML as text; a formula anywhere (cell, conditional format, data validation) is refused
    outright. Read as XML (the workbook is only looked at): faster than openpyxl, and nothing of
    a hostile workbook is interpreted."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(m.file_size for m in archive.infolist()) > MAX_UNPACKED_BYTES:
                return [
                    Issue(where, 0, "frozen-package", "this workbook unpacks to more than 512 MiB")
                ]
            parts = {m.filename: m for m in archive.infolist() if not m.is_dir()}
            shared = [text_of(si) for si in elements(archive, parts, "xl/sharedStrings.xml", "si")]
            sheets = sheet_titles(archive, parts)
            issues: list[Issue] = []
            items: list[tuple[int, str, str]] = []
            others: list[tuple[int, str, str]] = [(0, "", name) for name in parts]
            for name in sorted(parts):
                if name in sheets:
                    cells = sheet_cells(archive, parts[name], sheets[name], shared)
                    issues += [
                        Issue(
                            where,
                            0,
                            "formula",
                            f"{field_prefix(label)}is a spreadsheet formula; "
                            "a frozen workbook holds values only",
                            field=label,
                        )
                        for label, text in cells
                        if text is None
                    ]
                    items += [(0, label, text) for label, text in cells if text is not None]
                texts, formula = part_texts(archive.read(parts[name]), sheet=name in sheets)
                if formula:
                    issues.append(
                        Issue(
                            where,
                            0,
                            "formula",
                            f"{field_prefix(name)}holds a spreadsheet formula ({formula}); "
                            "a frozen workbook holds values only",
                            field=name,
                        )
                    )
                others += [(0, "", text) for text in texts]
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ElementTree.ParseError,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        IndexError,
        KeyError,
    ) as error:
        return [
            Issue(
                where, 0, "frozen-package", f"this workbook cannot be read ({type(error).__name__})"
            )
        ]
    return (
        issues
        + scanner.strings(where, items, formulas=True)
        + scanner.strings(where, others, formulas=False)
    )


FORMULA_TAGS = {"f", "formula", "formula1", "formula2"}


def part_texts(data: bytes, sheet: bool) -> tuple[list[str], str]:
    """Every element text and attribute value of an XML part (unescaped), or a part that is no
    XML as its text; and the tag of a formula element other than a sheet's cell formulas
    (sheet_cells reports those by cell), or ""."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return [data.decode("utf-8", "replace")], ""
    cell_formulas = (
        {id(f) for c in root.iter(f"{MAIN}c") for f in c.findall(f"{MAIN}f")} if sheet else set()
    )
    texts: list[str] = []
    formula = ""
    for element in root.iter():
        tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if tag in FORMULA_TAGS and id(element) not in cell_formulas and not formula:
            formula = tag
        texts += [t for t in (element.text, element.tail) if t and t.strip()]
        texts += [v for v in element.attrib.values() if v]
    return texts, formula


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def elements(
    archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], name: str, tag: str
) -> list[ElementTree.Element]:
    """The elements of one XML part with a local tag name (every element for ""), or none."""
    if name not in parts:
        return []
    root = ElementTree.fromstring(archive.read(parts[name]))
    return [e for e in root.iter() if not tag or e.tag.rpartition("}")[2] == tag]


def text_of(element: ElementTree.Element) -> str:
    """The text of a string item: its <t>, or its rich-text runs' <t> joined (no phonetic runs)."""
    phonetic = {id(t) for run in element.iter(f"{MAIN}rPh") for t in run.iter(f"{MAIN}t")}
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t") if id(t) not in phonetic)


def sheet_titles(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """Worksheet part names with their titles; an unnamed worksheet keeps its part name."""
    targets = {
        r.get("Id"): "xl/" + r.get("Target", "").lstrip("/").removeprefix("xl/")
        for r in elements(archive, parts, "xl/_rels/workbook.xml.rels", "Relationship")
    }
    titles = {
        targets.get(s.get(f"{DOC_RELS}id")): s.get("name", "")
        for s in elements(archive, parts, "xl/workbook.xml", "sheet")
    }
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    return {n: titles.get(n) or n for n in sheets}


def sheet_cells(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, title: str, shared: list[str]
) -> list[tuple[str, str | None]]:
    """(sheet!cell, text) for each text cell, and (sheet!cell, None) for each formula cell."""
    out: list[tuple[str, str | None]] = []
    for cell in ElementTree.fromstring(archive.read(part)).iter(f"{MAIN}c"):
        label = f"{title}!{cell.get('r', '?')}"
        kind = cell.get("t", "n")
        value = cell.find(f"{MAIN}v")
        if cell.find(f"{MAIN}f") is not None:
            out.append((label, None))
        elif kind == "s" and value is not None:
            out.append((label, shared[int(value.text or "")]))
        elif kind == "inlineStr" and cell.find(f"{MAIN}is") is not None:
            out.append((label, text_of(cell.find(f"{MAIN}is"))))  # type: ignore[arg-type]
        elif kind == "str" and value is not None:
            out.append((label, value.text or ""))
    return out


def scan_sqlite(where: str, data: bytes, scanner: Scanner) -> list[Issue]:
    """Every value of every table (text, and blobs read as text), the schema (names and SQL of
    tables, columns, indexes, views, triggers), and the file's raw bytes read as text: a deleted
    row stays in the file until it is vacuumed. Read from memory: nothing is written to disk, so a
    full $TMPDIR cannot stop the check and SQLite cannot write beside the file."""
    items: list[tuple[int, str, str]] = []
    others: list[tuple[int, str, str]] = []
    try:
        db = sqlite3.connect(":memory:")
        try:
            db.deserialize(in_memory_form(data))
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA query_only = ON")
            schema = list(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
            others += [
                (0, f"sqlite_master ({kind} {name})", str(value))
                for kind, name, *values in schema
                for value in (name, *values)
                if value
            ]
            tables = [name for kind, name, _, _ in schema if kind == "table"]
            for table in tables:
                cursor = db.execute(f'SELECT rowid, * FROM "{table.replace(chr(34), chr(34) * 2)}"')
                columns = [d[0] for d in cursor.description][1:]
                others += [(0, f"{table} (columns)", c) for c in columns]
                for values in cursor:
                    items += [
                        (
                            0,
                            f"{table}.{c} (row {values[0]})",
                            v if isinstance(v, str) else bytes(v).decode("utf-8", "replace"),
                        )
                        for c, v in zip(columns, values[1:], strict=True)
                        if isinstance(v, (str, bytes))
                    ]
        finally:
            db.close()
    except (sqlite3.Error, OverflowError, MemoryError) as error:
        return [
            Issue(
                where, 0, "frozen-package", f"this database cannot be read ({type(error).__name__})"
            )
        ]
    # The raw file: its runs of text between the binary bytes of pages and records.
    raw = [
        (0, "(file bytes)", run)
        for run in RAW_RUNS.split(data.decode("utf-8", "replace"))
        if len(run) >= 4
    ]
    return scanner.strings(where, items, formulas=True) + scanner.strings(
        where, others + raw, formulas=False
    )


def in_memory_form(data: bytes) -> bytes:
    """The database as SQLite can read it from memory: a write-ahead-log file is marked as a
    plain one (bytes 18 and 19 of the header), since memory has no -wal file beside it."""
    if data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        return data[:18] + b"\x01\x01" + data[20:]
    return data


# What separates the texts in a database file: control bytes and bytes that are no UTF-8.
RAW_RUNS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffd]+")
