"""Published downloads: every format matches the CSV, builds are reproducible, metadata is
findable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from datasite.cli import main
from tests.conftest import make_project

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def frozen_site(tmp_path_factory) -> Path:
    """The mini project with releases frozen at 1.2.0, then one more row: a version, a preview."""
    root = make_project(tmp_path_factory.mktemp("frozen") / "project")
    assert main(["version", "releases"], root=root) == 0
    with (root / "data/releases/tallies.csv").open("a", encoding="utf-8") as f:
        f.write(
            "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,verified,,"
            "daily-2026-01-10,One more fictional count.,Ficticio.\n"
        )
    assert main(["build"], root=root) == 0
    return root


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_every_version_latest_and_preview_are_published(frozen_site: Path):
    data = frozen_site / "site/data/releases"
    assert sorted(p.name for p in data.iterdir()) == ["1.2.0", "latest", "preview"]
    frozen = frozen_site / "versions/releases/1.2.0"
    for path in frozen.iterdir():
        assert (data / "1.2.0" / path.name).read_bytes() == path.read_bytes()
        # latest/ names the zip without its version; SHA256SUMS names it so, with its same hash
        stable = "releases.zip" if path.name == "releases-1.2.0.zip" else path.name
        expected = path.read_bytes()
        if path.name == "SHA256SUMS":
            expected = expected.replace(b"  releases-1.2.0.zip\n", b"  releases.zip\n")
            assert expected != path.read_bytes()
        assert (data / "latest" / stable).read_bytes() == expected
    assert not (data / "latest/releases-1.2.0.zip").exists()
    preview = json.loads((data / "preview/datapackage.json").read_text())
    assert preview["version"] == "1.3.0-preview"
    assert (data / "preview/releases-1.3.0-preview.zip").is_file()


def test_every_file_is_listed_with_bytes_and_sha256(frozen_site: Path):
    folder = frozen_site / "site/data/releases/preview"
    descriptor = json.loads((folder / "datapackage.json").read_text())
    listed = {r["path"]: r for r in descriptor["resources"]}
    sums = dict(
        reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines()
    )
    # datapackage.json cannot hold its own hash, nor the zip that contains it, nor SHA256SUMS;
    # it leaves out the Parquet copies, which frictionless reads only with an extra.
    parquet = {f"{r['name']}.parquet" for r in descriptor["resources"] if r.get("type") == "table"}
    assert len(parquet) == 7 and set(sums) - set(listed) == {
        "datapackage.json",
        "releases-1.3.0-preview.zip",
        *parquet,
    }
    assert set(listed) == {p.name for p in folder.iterdir()} - {
        "datapackage.json",
        "releases-1.3.0-preview.zip",
        "SHA256SUMS",
        *parquet,
    }
    for name, resource in listed.items():
        assert resource["bytes"] == (folder / name).stat().st_size
        assert resource["hash"] == f"sha256:{sums[name]}"


def test_xlsx_and_sqlite_hold_what_the_csv_holds(frozen_site: Path):
    from openpyxl import load_workbook

    folder = frozen_site / "site/data/releases/preview"
    book = load_workbook(folder / "releases.xlsx")
    db = sqlite3.connect(folder / "releases.sqlite")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    assert book.sheetnames == [t["name"] for t in tables] + ["fields"]
    for table in tables:
        rows = csv_rows(folder / table["path"])
        sheet = [
            [sheet_text(v) for v in row] for row in book[table["name"]].iter_rows(values_only=True)
        ]
        assert sheet == rows
        header = rows[0]
        # SQLite has no boolean type: TRUE/FALSE are stored as 1/0.
        booleans = [
            i for i, f in enumerate(table["schema"]["fields"]) if f.get("type") == "boolean"
        ]
        expected = [
            [
                {"TRUE": "1", "FALSE": "0"}.get(v, v) if i in booleans else v
                for i, v in enumerate(row)
            ]
            for row in rows[1:]
        ]
        cursor = db.execute(
            f'SELECT {", ".join(chr(34) + h + chr(34) for h in header)} FROM "{table["name"]}"'
        )
        assert [["" if v is None else str(v) for v in row] for row in cursor] == expected
    kinds = {row[1]: row[2] for row in db.execute("PRAGMA table_info(tallies)")}
    assert kinds["value"] == "INTEGER" and kinds["id"] == "TEXT"
    assert ("actors", "claimed_by", "id") in {
        (r[2], r[3], r[4]) for r in db.execute("PRAGMA foreign_key_list(tallies)")
    }
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def sheet_text(value: object) -> str:
    """A typed sheet cell as the CSV writes it: a boolean TRUE or FALSE, a date YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def test_two_builds_in_two_folders_give_identical_downloads(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    sites = []
    for name in ("one", "two"):
        root = make_project(tmp_path / name / "project")
        assert main(["version", "references"], root=root) == 0
        assert main(["build"], root=root) == 0
        sites.append(root / "site")
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    downloads = [
        f for f in files if f.parts[0] == "data" or f.name in ("feed.xml", "catalog.jsonld")
    ]
    assert len(downloads) > 40
    for path in downloads:
        assert (sites[0] / path).read_bytes() == (sites[1] / path).read_bytes(), path
    assert (
        json.loads((sites[0] / "data/places/preview/datapackage.json").read_text())["created"]
        == "2026-01-01T00:00:00Z"
    )


def test_dataset_page_has_schema_org_json_ld(frozen_site: Path):
    html = (frozen_site / "site/datasets/releases.html").read_text()
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1
    data = json.loads(found[0])
    assert data["@type"] == "Dataset" and data["version"] == "1.2.0"
    for key in ("name", "description", "license", "creator", "temporalCoverage", "distribution"):
        assert data[key], key
    assert (
        data["temporalCoverage"] == "2025-12/2026-01-19"
    )  # the frozen rows, not the preview row of 2026-02-01
    assert data["spatialCoverage"] == {"@type": "Place", "name": "Fictionland"}
    formats = {d["encodingFormat"] for d in data["distribution"]}
    assert {"text/csv", "application/zip", "application/vnd.sqlite3"} <= formats
    assert all(d["contentUrl"].startswith("../data/releases/1.2.0/") for d in data["distribution"])


def test_json_ld_cannot_be_broken_out_of():
    from datasite.package.catalog import script_json

    assert (
        str(script_json({"a": "</script><b>&"}))
        == '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    )


def test_feed_is_atom_and_catalog_lists_versions(frozen_site: Path):
    root = ET.parse(frozen_site / "site/feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Fictional releases 1.2.0"]
    for entry in entries:
        for tag in ("id", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
    graph = json.loads((frozen_site / "site/catalog.jsonld").read_text())["@graph"]
    assert graph[0]["@type"] == "dcat:Catalog"
    releases = next(n for n in graph if n.get("dct:identifier") == "releases")
    versions = [n for n in graph if n.get("dcat:inSeries") == {"@id": releases["@id"]}]
    assert [v["dcat:version"] for v in versions] == ["1.2.0"]


def test_page_lists_versions_preview_and_citation(frozen_site: Path):
    html = (frozen_site / "site/datasets/releases.html").read_text()
    assert "Preview (not a version)" in html
    assert "<code>tallies</code>: 1 row added, 0 rows removed, 0 rows corrected" in html
    assert "Test publisher (" in html and "@misc{releases_1_2_0," in html
    es = (frozen_site / "site/es/datasets/releases.html").read_text()
    assert "Vista previa (no es una versión)" in es


def test_every_published_package_is_valid_for_frictionless(frozen_site: Path):
    from frictionless import Package

    folders = sorted(p.parent for p in (frozen_site / "site/data").glob("*/*/datapackage.json"))
    assert len(folders) == 6  # three previews; releases 1.2.0, latest and preview
    for folder in folders:
        report = Package(str(folder / "datapackage.json")).validate()
        assert report.valid, (folder, report.flatten(["type", "note"]))


def test_xlsx_keeps_formula_like_text_as_text():
    """Validation refuses such text (see SECURITY.md); the workbook writer is a second guard."""
    import datetime as dt

    from openpyxl import load_workbook

    from datasite.model import Table
    from datasite.package.writers import xlsx_bytes

    table = Table("notes", "d", {"fields": [{"name": "note", "type": "string"}]}, "", "")
    data = xlsx_bytes([table], {"notes": [["=1+1"]]}, lambda spec: "", dt.datetime(2026, 2, 1))
    cell = load_workbook(io.BytesIO(data))["notes"]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
