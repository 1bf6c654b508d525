"""Write each dataset as a Frictionless Data Package: CSV and JSON per table, datapackage.json,
a deterministic zip and SHA256SUMS. Each package carries the rows it cites from other datasets."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Dataset, Project, Row, Table

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TRUE_VALUES = ("true", "True", "TRUE", "1")
MEDIA = {".csv": "text/csv", ".json": "application/json", ".zip": "application/zip"}


@dataclass
class FileInfo:
    """A published file: its name in the package folder, size and sha256."""

    name: str
    bytes: int
    sha256: str

    @property
    def media_type(self) -> str:
        return MEDIA.get(Path(self.name).suffix, "text/plain")


@dataclass
class PackageInfo:
    """What was published for one dataset version."""

    dataset: str
    version: str
    folder: str
    files: list[FileInfo] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    descriptor: dict = field(default_factory=dict)

    @property
    def zip(self) -> FileInfo:
        return next(f for f in self.files if f.name.endswith(".zip"))


def build_packages(project: Project, out_dir: Path) -> list[PackageInfo]:
    """Write site/data/<dataset>/<version>/ and latest/ for every dataset."""
    packages = []
    for dataset in project.datasets.values():
        version = str(dataset.meta["version"])
        folder = out_dir / dataset.name / version
        info = write_package(project, dataset, folder)
        latest = out_dir / dataset.name / "latest"
        if latest.exists():
            shutil.rmtree(latest)
        shutil.copytree(folder, latest)
        packages.append(info)
    return packages


def package_tables(project: Project, dataset: Dataset) -> list[Table]:
    """The dataset's tables, plus the rows of other tables they refer to (sources, actors, …)."""
    tables = project.tables()
    included: dict[str, Table] = dict(dataset.tables)
    wanted: dict[str, set] = {}
    changed = True
    while changed:
        changed = False
        for table in list(included.values()):
            for fk in table.schema.get("foreignKeys", []):
                target = fk["reference"].get("resource") or table.name
                if target in dataset.tables or target not in tables:
                    continue
                fields = as_list(fk["fields"])
                target_fields = as_list(fk["reference"]["fields"])
                keys = wanted.setdefault(target, set())
                before = len(keys)
                for row in table.rows:
                    keys.update(referenced_keys(row, fields))
                if len(keys) != before or target not in included:
                    source = tables[target]
                    rows = [r for r in source.rows if tuple(r.values[f] for f in target_fields) in keys]
                    included[target] = Table(source.name, source.dataset, source.schema, source.schema_path, source.path, rows)
                    changed = True
    return list(included.values())


def referenced_keys(row: Row, fields: list[str]) -> set[tuple]:
    if len(fields) == 1 and isinstance(row.values[fields[0]], list):
        return {(item,) for item in row.values[fields[0]]}
    key = tuple(row.values[f] for f in fields)
    return {key} if all(key) else set()


def write_package(project: Project, dataset: Dataset, folder: Path) -> PackageInfo:
    """One package folder, written from scratch."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    version = str(dataset.meta["version"])
    info = PackageInfo(dataset=dataset.name, version=version, folder=folder.as_posix())
    resources = []
    payload: dict[str, bytes] = {}
    tables = package_tables(project, dataset)
    for table in tables:
        info.row_counts[table.name] = len(table.rows)
        csv_bytes = table_csv(table)
        json_bytes = table_json(table)
        payload[f"{table.name}.csv"] = csv_bytes
        payload[f"{table.name}.json"] = json_bytes
        schema = public_schema(table.schema)
        resources.append(resource_entry(table.name, f"{table.name}.csv", "csv", csv_bytes, schema))
        resources.append(json_entry(table.name, json_bytes))
    descriptor = package_descriptor(project, dataset, resources, tables)
    payload["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
    zip_name = f"{dataset.name}-{version}.zip"
    payload[zip_name] = deterministic_zip(payload, f"{dataset.name}-{version}", zip_timestamp(dataset))
    for name in sorted(payload):
        (folder / name).write_bytes(payload[name])
        info.files.append(FileInfo(name, len(payload[name]), sha256(payload[name])))
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in info.files).encode()
    (folder / "SHA256SUMS").write_bytes(sums)
    info.descriptor = descriptor
    return info


def resource_entry(name: str, path: str, fmt: str, data: bytes, schema: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": fmt,
        "mediatype": MEDIA["." + fmt],
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{sha256(data)}",
        "schema": schema,
    }


def json_entry(table: str, data: bytes) -> dict:
    """The JSON copy of a table, listed as a file (reading JSON as a table needs a frictionless extra)."""
    return {
        "name": f"{table}-json",
        "type": "file",
        "path": f"{table}.json",
        "format": "json",
        "mediatype": MEDIA[".json"],
        "description": f"The {table} table as a JSON array of objects, typed as in the {table} schema.",
        "bytes": len(data),
        "hash": f"sha256:{sha256(data)}",
    }


def public_schema(schema: dict) -> dict:
    """The schema as published: build-only keys removed; foreign keys on list fields, which
    frictionless cannot check, moved to `listForeignKeys` (the build checks them)."""
    lists = {f["name"] for f in schema.get("fields", []) if f.get("type") == "list"}
    out = {k: v for k, v in schema.items() if k not in ("privacy", "foreignKeys")}
    keys = schema.get("foreignKeys", [])
    plain = [fk for fk in keys if not set(as_list(fk["fields"])) & lists]
    on_lists = [fk for fk in keys if set(as_list(fk["fields"])) & lists]
    if plain:
        out["foreignKeys"] = plain
    if on_lists:
        out["listForeignKeys"] = on_lists
    return out


def package_descriptor(project: Project, dataset: Dataset, resources: list[dict], tables: list[Table]) -> dict:
    meta = dataset.meta
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": dataset.name,
        "title": meta.get("title", dataset.name),
        "description": meta.get("description", ""),
        "version": str(meta["version"]),
        "created": created_timestamp(dataset),
        "languages": project.site.get("languages", ["en"]),
    }
    for key in ("i18n", "licenses", "contributors", "keywords", "homepage"):
        if meta.get(key):
            descriptor[key] = meta[key]
    descriptor["sources"] = cited_sources(project, tables)
    descriptor["resources"] = resources
    return descriptor


def cited_sources(project: Project, tables: list[Table]) -> list[dict]:
    """The package-level `sources`: every source row the package carries, as title and path."""
    table = next((t for t in tables if t.name == project.site.get("sources_table")), None)
    if table is None:
        return []
    out = []
    for row in table.rows:
        v = row.values
        title = " — ".join(p for p in (v.get("publisher", ""), v.get("title", ""), v.get("published", "")) if p)
        entry = {"title": title or v.get("id", "")}
        if v.get("url"):
            entry["path"] = v["url"]
        out.append(entry)
    return out


def created_timestamp(dataset: Dataset) -> str:
    """`created` comes from the dataset's metadata, never from the clock."""
    day = dt.date.fromisoformat(str(dataset.meta["created"]))
    return f"{day.isoformat()}T00:00:00Z"


def zip_timestamp(dataset: Dataset) -> tuple:
    day = dt.date.fromisoformat(str(dataset.meta["created"]))
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def table_csv(table: Table) -> bytes:
    """UTF-8 CSV with the schema's field order; list fields joined by their delimiter."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    names = table.field_names
    writer.writerow(names)
    for row in table.rows:
        writer.writerow([cell_text(table.field(n), row.values[n]) for n in names])
    return buffer.getvalue().encode("utf-8")


def cell_text(spec: dict, value: Any) -> str:
    if isinstance(value, list):
        return spec.get("delimiter", ",").join(value)
    return value


def table_json(table: Table) -> bytes:
    """The table as a JSON array of objects, with numbers, booleans and lists typed."""
    specs = table.schema["fields"]
    records = [{f["name"]: typed(f, row.values[f["name"]]) for f in specs} for row in table.rows]
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def typed(spec: dict, value: Any) -> Any:
    if isinstance(value, list):
        return value
    if value == "":
        return None
    kind = spec.get("type", "string")
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "boolean":
        return value in TRUE_VALUES
    return value


def deterministic_zip(payload: dict[str, bytes], prefix: str, timestamp: tuple) -> bytes:
    """Same inputs, same bytes: fixed order, timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(payload):
            entry = zipfile.ZipInfo(f"{prefix}/{name}", date_time=timestamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, payload[name], compresslevel=9)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
