"""Downloads that open right everywhere: Data Package v2 descriptors, stable latest/ links, a
README in every new version, Parquet copies, booleans R reads, typed XLSX cells, one empty list."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from datasite.cli import main
from datasite.load.values import sheet_value
from tests.conftest import REPO, fixture_identifiers, make_project

PROFILES = Path(__file__).parent / "profiles" / "datapackage-2.0"
PROFILE_URL = "https://datapackage.org/profiles/2.0/datapackage.json"
NEW_ROW = (
    "alpha-2026-02-01-released,released,20,,at_least,ngo-alpha,2026-02-01,day,,,not_stated,,"
    "verified,,daily-2026-01-10,One more fictional count.,Ficticio.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The mini project: releases frozen at 1.2.0 by this code, then one more row (a preview)."""
    root = make_project(tmp_path_factory.mktemp("open") / "project")
    assert main(["version", "releases"], root=root) == 0
    with (root / "data/releases/tallies.csv").open("a", encoding="utf-8") as f:
        f.write(NEW_ROW)
    assert main(["build"], root=root) == 0
    return root


def new_packages(root: Path) -> list[Path]:
    """Folders written by this code: the new version 1.2.0 and every preview."""
    data = root / "site/data"
    return [data / "releases/1.2.0", *sorted(data.glob("*/preview"))]


def profile_errors(descriptor: dict) -> list:
    """Errors of a descriptor against the Data Package 2.0 profile, read from the local copy: its
    `$schema` URL resolves to the file under tests/, so nothing is downloaded."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource

    profile = json.loads((PROFILES / "datapackage.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(PROFILE_URL, Resource.from_contents(profile))
    resolved = registry.resolver().lookup(descriptor["$schema"]).contents
    return list(Draft7Validator(resolved, registry=registry).iter_errors(descriptor))


def is_list_field_gap(error, descriptor: dict) -> bool:
    """The one gap of the 2.0 profile: it has no `list` field type, which the 2.0 standard defines
    (frictionlessdata/datapackage#1089, fixed for 2.1)."""
    path = list(error.absolute_path)
    if len(path) != 5 or path[0] != "resources" or path[2:4] != ["schema", "fields"]:
        return False
    spec = descriptor["resources"][path[1]]["schema"]["fields"][path[4]]
    return error.validator == "oneOf" and spec.get("type") == "list"


def test_the_profile_is_the_v2_one_copied_whole():
    text = (PROFILES / "datapackage.json").read_text(encoding="utf-8")
    assert len(text) == 158692
    profile = json.loads(text)
    resource = profile["properties"]["resources"]["items"]["properties"]
    assert resource["type"]["enum"] == ["table"]  # v2: a resource is a table or has no type
    assert "MIT License" in (PROFILES / "LICENSE.md").read_text(encoding="utf-8")


def test_new_versions_and_previews_are_valid_data_package_v2(site: Path):
    # Frozen versions published before this change are copied as they are (their companion files
    # say "type": "file"); every package this code writes, frozen or preview, is checked here.
    folders = new_packages(site)
    assert len(folders) == 5  # releases 1.2.0 and four previews
    for folder in folders:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert descriptor["$schema"] == PROFILE_URL
        errors = profile_errors(descriptor)
        gaps = [e for e in errors if is_list_field_gap(e, descriptor)]
        assert [e.message for e in errors if e not in gaps] == [], folder
        lists = [
            (i, n)
            for i, r in enumerate(descriptor["resources"])
            for n, f in enumerate(r.get("schema", {}).get("fields", []))
            if f.get("type") == "list"
        ]
        assert sorted((e.absolute_path[1], e.absolute_path[4]) for e in gaps) == sorted(lists)
        assert {r.get("type") for r in descriptor["resources"]} == {"table", None}


def test_the_profile_check_fails_on_a_companion_typed_file(site: Path):
    folder = site / "site/data/releases/preview"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    companion = next(r for r in descriptor["resources"] if "type" not in r)
    companion["type"] = "file"
    errors = [e for e in profile_errors(descriptor) if not is_list_field_gap(e, descriptor)]
    assert [e.message for e in errors] == ["'file' is not one of ['table']"]


def test_latest_names_its_zip_without_the_version_and_its_sums_hold(site: Path):
    data = site / "site/data/releases"
    latest, frozen = data / "latest", data / "1.2.0"
    assert (latest / "releases.zip").read_bytes() == (frozen / "releases-1.2.0.zip").read_bytes()
    sums = [line.split("  ") for line in (latest / "SHA256SUMS").read_text().splitlines()]
    assert {name for _, name in sums} == {p.name for p in latest.iterdir()} - {"SHA256SUMS"}
    for digest, name in sums:
        assert hashlib.sha256((latest / name).read_bytes()).hexdigest() == digest, name
    # datapackage.json never lists the zip that holds it, so it is the version's own
    assert (latest / "datapackage.json").read_bytes() == (frozen / "datapackage.json").read_bytes()
    html = (site / "site/datasets/releases.html").read_text(encoding="utf-8")
    assert 'href="../data/releases/latest/releases.zip"' in html
    assert 'href="../data/releases/latest/tallies.csv"' in html
    assert 'href="../data/releases/1.2.0/releases-1.2.0.zip"' in html


def test_every_new_version_and_its_zip_hold_a_bilingual_readme(site: Path):
    folder = site / "site/data/releases/1.2.0"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in descriptor["resources"]}
    assert "type" not in listed["README.md"] and listed["README.md"]["format"] == "md"
    sums = dict(
        reversed(line.split("  "))
        for line in (folder / "SHA256SUMS").read_text().split("\n")
        if line
    )
    digest = hashlib.sha256(readme.encode("utf-8")).hexdigest()
    assert sums["README.md"] == digest and listed["README.md"]["hash"] == f"sha256:{digest}"
    with zipfile.ZipFile(folder / "releases-1.2.0.zip") as archive:
        assert archive.read("releases-1.2.0/README.md").decode("utf-8") == readme
    english, spanish = readme.split("\n## Español\n")
    assert "## English" in english and "### Archivos" in spanish
    rows = len(list(csv.reader(io.StringIO((folder / "tallies.csv").read_text())))) - 1
    assert f"| `tallies.csv` | the `tallies` table, {rows} rows: " in english
    assert f"| `tallies.csv` | la tabla `tallies`, {rows} filas: " in spanish
    for name in sums:  # every file of the version but the README's own zip is described
        if name != "releases-1.2.0.zip":
            assert f"| `{name}` |" in english and f"| `{name}` |" in spanish, name
    citation = (folder / "CITATION.txt").read_text(encoding="utf-8").strip()
    assert english.count(citation) == 1 and spanish.count(citation) == 1
    assert "### Counts conflict" in english and "### Las cifras no coinciden" in spanish
    assert "same measure over the same window" in english
    assert "sha256sum -c SHA256SUMS" in english and "sha256sum -c SHA256SUMS" in spanish
    licence = descriptor["licenses"][0]
    assert f"{licence['title']} ({licence['name']}): <{licence['path']}>" in english


def test_a_dataset_without_counts_gets_no_caveat_on_counts(site: Path):
    readme = (site / "site/data/places/preview/README.md").read_text(encoding="utf-8")
    assert "Counts conflict" not in readme and "## Español" in readme


def test_the_readme_cites_the_site_address_when_one_is_set(tmp_path: Path):
    root = make_project(tmp_path / "project")
    site_yaml = root / "data/site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8") + "\nbase_url: https://example.org/presos/\n",
        encoding="utf-8",
    )
    assert main(["build"], root=root) == 0
    folder = root / "site/data/releases/preview"
    citation = (folder / "CITATION.txt").read_text(encoding="utf-8").strip()
    assert "https://example.org/presos/" in citation
    assert citation in (folder / "README.md").read_text(encoding="utf-8")


def test_parquet_holds_typed_columns(site: Path):
    folder = site / "site/data/releases/preview"
    tallies = pl.read_parquet(folder / "tallies.parquet")
    assert tallies.schema["value"] == pl.Int64 and tallies.schema["as_of"] == pl.String
    assert tallies.schema["source_ids"] == pl.List(pl.String)
    rows = list(csv.DictReader(io.StringIO((folder / "tallies.csv").read_text())))
    assert tallies["id"].to_list() == [r["id"] for r in rows]
    assert tallies["value"].to_list() == [int(r["value"]) if r["value"] else None for r in rows]
    assert tallies["source_ids"].to_list() == [r["source_ids"].split(";") for r in rows]
    persons = pl.read_parquet(folder / "persons.parquet")
    assert persons.schema["minor"] == pl.Boolean and persons["minor"].to_list() == [None, False]
    facilities = pl.read_parquet(folder / "facilities.parquet")
    assert facilities.schema["latitude"] == pl.Float64


def test_a_date_field_is_a_date_in_parquet_and_a_partial_date_stays_text():
    from datasite.package.writers import parquet_bytes

    fields = [
        {"name": "day", "type": "date"},
        {"name": "when", "type": "string", "precisionField": "p"},
        {"name": "tags", "type": "list", "delimiter": ";"},
        {"name": "big", "type": "integer"},
    ]
    texts = [["2026-01-09", "2026-01", "a;b", "1"], ["", "2026-01-10", "", "99999999999999999999"]]
    columns = [list(column) for column in zip(*texts, strict=True)]
    frame = pl.read_parquet(io.BytesIO(parquet_bytes({"fields": fields}, columns)))
    assert frame.schema["day"] == pl.Date and frame["day"].to_list() == [dt.date(2026, 1, 9), None]
    assert frame["when"].to_list() == ["2026-01", "2026-01-10"]
    assert frame["tags"].to_list() == [["a", "b"], None]
    # an integer beyond 64 bits keeps its column as text rather than lose a digit
    assert frame.schema["big"] == pl.String and frame["big"][1] == "99999999999999999999"


def test_parquet_bytes_are_the_same_in_another_process(site: Path, tmp_path: Path):
    code = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from datasite.cli import main\n"
        "from tests.conftest import make_project\n"
        "root = make_project(Path(sys.argv[1]))\n"
        "assert main(['version', 'releases'], root=root) == 0\n"
        "p = root / 'versions/releases/1.2.0/tallies.parquet'\n"
        "print(hashlib.sha256(p.read_bytes()).hexdigest())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "again")],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    first = site / "versions/releases/1.2.0/tallies.parquet"
    assert out.stdout.split()[-1] == hashlib.sha256(first.read_bytes()).hexdigest()


def test_booleans_are_true_and_false_words_r_reads_and_the_schema_declares(site: Path):
    folder = site / "site/data/releases/preview"
    rows = list(csv.DictReader(io.StringIO((folder / "persons.csv").read_text())))
    assert [r["minor"] for r in rows] == ["", "FALSE"]  # zed's minor is not recorded
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    persons = next(r for r in descriptor["resources"] if r["name"] == "persons")
    minor = next(f for f in persons["schema"]["fields"] if f["name"] == "minor")
    assert (minor["trueValues"], minor["falseValues"]) == (["TRUE"], ["FALSE"])
    assert json.loads((folder / "persons.json").read_text())[1]["minor"] is False


def test_the_new_boolean_words_are_a_patch_not_a_correction_of_every_row(site: Path):
    from datasite.package.versions import schema_changes, states_from_package

    frozen = site / "site/data/releases/1.2.0"
    descriptor = json.loads((frozen / "datapackage.json").read_text())
    persons = next(r for r in descriptor["resources"] if r["name"] == "persons")
    new_schema = json.loads(json.dumps(persons["schema"]))
    # an older version wrote its booleans in lowercase, with the default words
    for spec in persons["schema"]["fields"]:
        spec.pop("trueValues", None), spec.pop("falseValues", None)
    older = (frozen / "persons.csv").read_text().replace(",FALSE,", ",false,")
    assert ",false," in older
    states = states_from_package(descriptor, lambda name: older.encode())
    assert {row["minor"] for row in states["persons"].rows.values()} == {"", "FALSE"}
    assert [(c.bump, c.text()) for c in schema_changes(persons["schema"], new_schema)] == [
        ("patch", 'field "minor": written TRUE and FALSE')
    ]


def test_xlsx_cells_are_typed(site: Path):
    folder = site / "site/data/releases/preview"
    book = load_workbook(folder / "releases.xlsx")
    header, *rows = [list(r) for r in book["tallies"].iter_rows(values_only=True)]
    cells = [dict(zip(header, row, strict=False)) for row in rows]
    texts = list(csv.DictReader(io.StringIO((folder / "tallies.csv").read_text())))
    for cell, text in zip(cells, texts, strict=True):
        assert cell["value"] == (int(text["value"]) if text["value"] else None)
        # A partial-date field is text in every row, whole days too: one column, one type
        # (frictionless infers a sheet's types and refuses "2026-02" in a column of dates).
        assert cell["as_of"] == (text["as_of"] or None)
    assert any(len(t["as_of"]) == 10 for t in texts) and any(len(t["as_of"]) == 7 for t in texts)
    persons = [list(r) for r in book["persons"].iter_rows(values_only=True)]
    # Booleans are cells of type bool; the fixture's public figure has no `minor` recorded.
    assert [row[persons[0].index("minor")] for row in persons[1:]] == [None, False]


def test_an_empty_list_is_no_value_in_every_format(site: Path):
    folder = site / "site/data/releases/preview"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    empty = [
        (r["name"], f["name"], i)
        for r in descriptor["resources"]
        if r.get("type") == "table"
        for f in r["schema"]["fields"]
        if f.get("type") == "list"
        for i, row in enumerate(csv.DictReader(io.StringIO((folder / r["path"]).read_text())))
        if row[f["name"]] == ""
    ]
    assert empty, "the fixture has an empty list"
    db = sqlite3.connect(folder / "releases.sqlite")
    book = load_workbook(folder / "releases.xlsx")
    try:
        for table, field, i in empty:
            assert json.loads((folder / f"{table}.json").read_text())[i][field] is None
            assert pl.read_parquet(folder / f"{table}.parquet")[field][i] is None
            cells = [r[0] for r in db.execute(f'SELECT "{field}" FROM "{table}"')]
            assert cells[i] is None
            header, *rows = [list(r) for r in book[table].iter_rows(values_only=True)]
            assert rows[i][header.index(field)] is None
    finally:
        db.close()


def test_frictionless_reads_the_workbook_rows_whole(site: Path):
    # Without its <dimension> a read-only reader cuts each row at its last value: frictionless
    # then reports missing cells in a workbook listed without a type.
    from frictionless import Resource

    folder = site / "site/data/releases/preview"
    resource = Resource(path="releases.xlsx", basepath=str(folder))
    rows = resource.read_rows()
    assert rows and all(len(row) == len(resource.schema.fields) for row in rows)


def test_a_frozen_parquet_copy_is_scanned_like_every_other_file():
    from datasite.check.privacy import NameIndex
    from datasite.package.frozen import Scanner, scan_parquet

    scanner = Scanner(NameIndex({}), fixture_identifiers())
    phone = "+58 414 123 4567"
    assert fixture_identifiers().search(phone)

    def parquet(frame: pl.DataFrame) -> bytes:
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()

    clean = pl.DataFrame({"id": ["a"], "n": [-3], "tags": [["x"]]})
    assert scan_parquet("t.parquet", parquet(clean), scanner) == []
    hidden = pl.DataFrame({"id": ["a", "b"], "tags": [["x"], ["y", f"call {phone}"]]})
    found = scan_parquet("t.parquet", parquet(hidden), scanner)
    assert [(i.code, i.line, i.field) for i in found] == [("privacy-identifier", 3, "tags")]
    formula = scan_parquet("t.parquet", parquet(pl.DataFrame({"id": ["=1+1"]})), scanner)
    assert [i.code for i in formula] == ["formula"]
    nested = pl.DataFrame({"s": [{"a": "b"}]})
    [refused] = scan_parquet("t.parquet", parquet(nested), scanner)
    assert refused.message.startswith('column "s" is of type Struct')
    [broken] = scan_parquet("t.parquet", b"PAR1 not a parquet file", scanner)
    assert broken.message.startswith("this file is not valid Parquet (")


def test_a_date_field_is_a_date_cell_from_1900_and_text_before():
    date = {"name": "day", "type": "date"}
    partial = {"name": "as_of", "type": "string", "precisionField": "p"}
    assert sheet_value(date, "2026-02-24") == dt.date(2026, 2, 24)
    assert sheet_value(date, "1899-12-31") == "1899-12-31"  # Excel counts days from 1900
    assert sheet_value(partial, "2026-02-24") == "2026-02-24"
    assert sheet_value(partial, "2026-02") == "2026-02"
