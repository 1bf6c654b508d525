"""One file per record (issue 16.3): `split` turns the shipped tables into folders, two branches
adding records to the same table merge in git without a conflict, and the packages stay the same."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from datasite.check.privacy import redact
from datasite.load import split as split_module
from datasite.load.project import load_project
from datasite.package.datapackage import build_packages
from tests.conftest import REPO, edit, make_project, run_main, tree_hashes

TALLIES = "data/prisoner-releases/tallies"
EVENTS = "data/detention-facilities/facility_events"
STAGES = "data/amnesty-law/legal_stages"
SOURCES = "data/references/sources"
# A record of each kind of table: born in a CSV file, in a YAML list, and in a folder already.
TEMPLATES = {
    TALLIES: "foro-penal-2025-12-29-detained",
    EVENTS: "el-helicoide-2026-01-06-closure-announced",
    STAGES: "amnesty-law-2026-announced",
    SOURCES: "rtve-2026-01-01-madres-87-released",
}
GIT = [
    "git",
    "-c",
    "user.name=Test Contributor",
    "-c",
    "user.email=contributor@example.org",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "init.defaultBranch=main",
]


def shipped(target: Path) -> Path:
    """A copy of the shipped project: its data, schemas, frozen versions, templates, settings."""
    target.mkdir(parents=True)
    for name in ("data", "schemas", "versions", "site_templates"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def joined(root: Path) -> Path:
    """The project with every table folder written back as one CSV file, in the rows' order:
    the layout `split` starts from, whichever layout the shipped data is in."""
    project, issues = load_project(root)
    assert issues == []
    for table in project.tables().values():
        folder = root / table.path
        if not folder.is_dir():
            continue
        lists = {f["name"]: f.get("delimiter", ",") for f in table.schema["fields"]}
        with open(folder.with_suffix(".csv"), "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(table.field_names)
            for row in table.rows:
                writer.writerow(
                    [lists[n].join(v) if isinstance(v, list) else v for n, v in row.values.items()]
                )
        shutil.rmtree(folder)
        edit(
            folder.parent / "datapackage.yaml", f"path: {folder.name},", f"path: {folder.name}.csv,"
        )
    return root


def split_all(root: Path, capsys) -> str:
    code, out, err = run_main(root, "split", "--all", capsys=capsys)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    """The shipped project with every table in one file (read only)."""
    return joined(shipped(tmp_path_factory.mktemp("layout") / "before"))


@pytest.fixture(scope="module")
def after(before: Path, tmp_path_factory) -> Path:
    """The shipped project split with `split --all`, once for the module (read only)."""
    from datasite.cli import main

    root = tmp_path_factory.mktemp("layout") / "after"
    shutil.copytree(before, root)
    assert main(["split", "--all"], root=root) == 0
    return root


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["HOME"] = str(root)  # no user configuration (hooks, signing) reaches the repository
    done = subprocess.run(
        [*GIT, *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def repository(source: Path, target: Path) -> Path:
    """A git repository holding a copy of `source`, committed on main."""
    shutil.copytree(source, target)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "the project")
    return target


def add_record(root: Path, folder: str, template: str, suffix: str) -> str:
    """What a contributor does: copy a record file, give the copy a new id (its file name) and
    change what makes it a new fact."""
    text = (root / folder / f"{template}.yaml").read_text(encoding="utf-8")
    new_id = f"{template}-{suffix}"
    text = text.replace(f"id: {template}\n", f"id: {new_id}\n", 1)
    if folder == TALLIES:  # a claim is the same claim when its value is the same
        text = text.replace("value: '863'", f"value: '{800 + len(suffix) + ord(suffix[0])}'")
    (root / folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return new_id


def test_split_writes_one_file_per_record_named_by_its_id(before: Path, after: Path):
    assert not (after / "data/prisoner-releases/tallies.csv").exists()
    assert (
        (after / TALLIES / "foro-penal-2025-12-29-detained.yaml")
        .read_text(encoding="utf-8")
        .startswith("id: foro-penal-2025-12-29-detained\nmeasure: still-detained\nvalue: '863'\n")
    )
    for meta in (after / "data").glob("*/datapackage.yaml"):
        old = (before / meta.relative_to(after)).read_text(encoding="utf-8")
        assert meta.read_text(encoding="utf-8") == re.sub(
            r"path: (\w+)\.(csv|yaml),", r"path: \1,", old
        )
    for path in (after / "data").rglob("*"):
        assert (
            path.is_dir()
            or path.name in ("site.yaml", "datapackage.yaml")
            or (path.suffix == ".yaml" and path.parent.parent.parent.name == "data")
        ), path


def test_a_yaml_list_record_keeps_its_own_text(project: Path):
    from datasite.cli import main

    listed = (project / "data/places/facility_events.yaml").read_text(encoding="utf-8")
    assert main(["split", "places/facility_events"], root=project) == 0
    alone = (project / "data/places/facility_events/fort-one-closure-announced.yaml").read_text(
        encoding="utf-8"
    )
    assert alone.startswith('id: fort-one-closure-announced\nfacility_id: fort-one\ndate: "2026')
    assert "- " + alone.replace("\n", "\n  ").rstrip() + "\n" == listed


def test_split_gives_the_same_rows_in_the_same_order(before: Path, after: Path):
    old, issues = load_project(before)
    assert issues == []
    new, issues = load_project(after)
    assert issues == []
    assert list(new.tables()) == list(old.tables())
    for name, table in old.tables().items():
        assert [r.values for r in new.tables()[name].rows] == [r.values for r in table.rows], name
    rows = new.tables()["tallies"].rows
    assert rows[0].path == f"{TALLIES}/foro-penal-2025-12-29-detained.yaml"
    assert rows[0].line_of("value") == 3


def test_split_is_deterministic_and_runs_once(before: Path, after: Path, tmp_path: Path, capsys):
    again = tmp_path / "again"
    shutil.copytree(before, again)
    out = split_all(again, capsys)
    assert "Split data/prisoner-releases/tallies.csv into 104 files in " in out
    assert tree_hashes(again / "data") == tree_hashes(after / "data")
    assert split_all(again, capsys) == (
        "Nothing to split: every table is a folder of record files already.\n"
    )
    assert tree_hashes(again / "data") == tree_hashes(after / "data")


def test_packages_stay_byte_for_byte_the_same(before: Path, after: Path, tmp_path: Path):
    """With the shipped data (copies of the frozen versions) and with a changed value, which
    makes every dataset a preview written from the rows: same files, same bytes."""
    trees = []
    for source in (before, after):
        root = tmp_path / source.name
        shutil.copytree(source, root)
        edit(
            root / "data/prisoner-releases/tallies.csv"
            if source is before
            else root / TALLIES / "foro-penal-2026-01-08-detained.yaml",
            "Count at the time of the 8 Jan release announcement",
            "Count on the day of the 8 Jan release announcement",
        )
        project, issues = load_project(root)
        assert issues == []
        out = tmp_path / f"{source.name}-packages"
        build_packages(redact(project), out, dt.date(2026, 12, 1))
        trees.append(tree_hashes(out))
    assert "prisoner-releases/preview/tallies.csv" in trees[0]
    assert "prisoner-releases/2.0.1/tallies.csv" in trees[0]
    assert trees[0] == trees[1]


def test_new_records_follow_the_published_ones_by_file_name(after: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(after, root)
    add_record(root, TALLIES, "efe-2026-01-10-released", "b")
    add_record(root, TALLIES, TEMPLATES[TALLIES], "a")
    project, issues = load_project(root)
    assert issues == []
    ids = [r.values["id"] for r in project.tables()["tallies"].rows]
    assert ids[:3] == [
        "foro-penal-2025-12-29-detained",
        "foro-penal-2026-01-08-detained",
        "clippve-2026-01-09-detained-el-helicoide",
    ]
    assert ids[-2:] == ["efe-2026-01-10-released-b", "foro-penal-2025-12-29-detained-a"]


def test_two_branches_adding_records_to_the_same_tables_merge_cleanly(
    after: Path, tmp_path: Path, capsys
):
    root = repository(after, tmp_path / "repo")
    for branch in ("first", "second"):
        git(root, "checkout", "-q", "-b", branch, "main")
        for folder, template in TEMPLATES.items():
            add_record(root, folder, template, branch)
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"records from the {branch} contributor")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "first")
    merged = git(root, "merge", "--no-edit", "second", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    code, out, err = run_main(root, "validate", capsys=capsys)
    assert (code, out) == (0, "The data is valid.\n"), err
    project, _ = load_project(root)
    for folder, template in TEMPLATES.items():
        table = Path(folder).name
        ids = {r.values["id"] for r in project.tables()[table].rows}
        assert {f"{template}-first", f"{template}-second"} <= ids, table


def test_the_same_two_records_in_one_file_conflict(before: Path, tmp_path: Path):
    """The layout the folders replace: both contributors append to tallies.csv."""
    root = repository(before, tmp_path / "repo")
    tallies = root / "data/prisoner-releases/tallies.csv"
    last = tallies.read_text(encoding="utf-8").splitlines()[-1]
    for branch in ("first", "second"):
        git(root, "checkout", "-q", "-b", branch, "main")
        with open(tallies, "a", encoding="utf-8") as f:
            f.write(last.replace(last.split(",")[0], f"fictional-{branch}", 1) + "\n")
        git(root, "commit", "-qam", branch)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "first")
    assert git(root, "merge", "--no-edit", "second", check=False).returncode != 0


def test_a_conflict_inside_a_record_file_is_named(after: Path, tmp_path: Path, capsys):
    root = repository(after, tmp_path / "repo")
    record = f"{TALLIES}/foro-penal-2026-01-08-detained.yaml"
    for branch, word in (("first", "On the day"), ("second", "At the hour")):
        git(root, "checkout", "-q", "-b", branch, "main")
        edit(root / record, "Count at the time of", f"{word} of")
        git(root, "commit", "-qam", branch)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "first")
    assert git(root, "merge", "--no-edit", "second", check=False).returncode != 0
    code, out, _ = run_main(root, "validate", capsys=capsys)
    assert code == 1
    lines = (root / record).read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if line.startswith("<<<<<<<"))
    assert out.startswith(f"{record}:{first}: conflict-markers: git conflict markers"), out
    assert out.count("conflict-markers") == 1


@pytest.fixture
def folder_project(project: Path) -> Path:
    """The fictional mini project with its facility events as a folder of record files."""
    from datasite.cli import main

    assert main(["split", "places/facility_events"], root=project) == 0
    return project


def test_split_one_table_of_the_mini_project(folder_project: Path):
    folder = folder_project / "data/places/facility_events"
    assert not (folder_project / "data/places/facility_events.yaml").exists()
    assert sorted(p.name for p in folder.iterdir())[:1] == ["fort-one-closure-announced.yaml"]
    assert "path: facility_events," in (folder_project / "data/places/datapackage.yaml").read_text(
        encoding="utf-8"
    )


def validate(root: Path, capsys) -> list[str]:
    code, out, _ = run_main(root, "validate", capsys=capsys)
    assert code == 1
    return out.splitlines()


def test_a_stray_file_in_a_folder_is_reported(folder_project: Path, capsys):
    (folder_project / "data/places/facility_events/notes.txt").write_text("x\n", encoding="utf-8")
    assert validate(folder_project, capsys)[0] == (
        "data/places/facility_events/notes.txt: unknown-file: only .yaml files belong in a "
        "one-record-per-file folder"
    )


def test_a_record_file_must_be_named_by_its_id(folder_project: Path, capsys):
    folder = folder_project / "data/places/facility_events"
    (folder / "fort-one-closure-announced.yaml").rename(folder / "new-record.yaml")
    assert validate(folder_project, capsys)[0] == (
        "data/places/facility_events/new-record.yaml:1: record-file-name: the file is named "
        'new-record.yaml but the record\'s id is "fort-one-closure-announced": rename the file '
        "to fort-one-closure-announced.yaml"
    )


def test_checks_run_across_the_files_of_a_folder(folder_project: Path, capsys):
    """A copy under another file name (one id in two files), then a reference to no facility."""
    folder = folder_project / "data/places/facility_events"
    first = folder / "fort-one-closure-announced.yaml"
    copy = folder / "fort-one-closure-announced-copy.yaml"
    shutil.copy(first, copy)
    where = "data/places/facility_events/fort-one-closure-announced"
    lines = validate(folder_project, capsys)
    # Told that the id is its original's, never to rename the copy onto the original.
    assert (
        f'{where}-copy.yaml:1: record-file-name: the record\'s id "fort-one-closure-announced" is '
        "already that of fort-one-closure-announced.yaml beside it: give this record its own id, "
        "and name the file after it" in lines
    )
    copy.unlink()  # each file is named by its id, so no id can be in two files of a folder
    edit(first, "facility_id: fort-one", "facility_id: camp-nine")
    lines = validate(folder_project, capsys)
    assert any(
        line.startswith(f"{where}.yaml:2: foreign-key: ") and "camp-nine" in line for line in lines
    ), lines


def test_split_refuses_data_that_does_not_check_out(project: Path, capsys):
    edit(project / "data/places/facility_events.yaml", "facility_id: fort-one", "facility_id: x")
    before = tree_hashes(project / "data")
    code, out, err = run_main(project, "split", "places/facility_events", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.endswith("Nothing was split.\n")
    assert tree_hashes(project / "data") == before


def test_split_usage(project: Path, capsys):
    assert run_main(project, "split", capsys=capsys)[0] == 2
    code, _, err = run_main(project, "split", "nowhere", capsys=capsys)
    assert code == 2 and err.startswith('Error: no table "nowhere"; the tables are ')
    (project / "data/places/facility_events").mkdir()
    (project / "data/places/facility_events/x.yaml").write_text("id: x\n", encoding="utf-8")
    code, _, err = run_main(project, "split", "facility_events", capsys=capsys)
    assert code == 1
    # The folder beside the table's file is refused as data before anything is split.
    assert err == (
        "data/places/facility_events: unknown-file: the table facility_events is read from "
        "facility_events.yaml, never from this; keep one of the two\n"
        "1 problem in 1 file.\nNothing was split.\n"
    )


def test_split_all_leaves_large_tables_as_one_file(
    project: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(split_module, "FRAME_MIN_BYTES", 500)
    big = project / "data/releases/tallies.csv"
    assert big.stat().st_size >= 500
    out = split_all(project, capsys)
    assert f"Left data/releases/tallies.csv as it is: {big.stat().st_size:,} bytes; a large " in out
    assert big.is_file() and (project / "data/places/facility_events").is_dir()
    assert load_project(project)[1] == []


def test_single_file_tables_still_load_as_before(tmp_path: Path):
    root = make_project(tmp_path / "mini")
    project, issues = load_project(root)
    assert issues == []
    assert project.tables()["tallies"].rows[0].path == "data/releases/tallies.csv"


def test_privacy_checks_run_inside_record_files(project: Path, capsys):
    from datasite.cli import main

    for table in ("releases/tallies", "releases/persons"):
        assert main(["split", table], root=project) == 0
    tally = project / "data/releases/tallies/alpha-2026-01-09-released.yaml"
    edit(tally, "note: Fictional count.", "note: Withheld Fictional-Secretname was freed.")
    person = project / "data/releases/persons/person-withheld-1.yaml"
    edit(person, 'minor: "false"', 'minor: "true"')
    lines = validate(project, capsys)
    note = (
        tally.read_text(encoding="utf-8")
        .splitlines()
        .index("note: Withheld Fictional-Secretname was freed.")
    )
    assert any(
        line.startswith(f"data/releases/tallies/{tally.name}:{note + 1}: privacy-name: ")
        for line in lines
    ), lines
    assert any(
        line.startswith("data/releases/persons/person-withheld-1.yaml:3: privacy-minor: ")
        for line in lines
    ), lines


def test_a_composite_key_names_its_file_with_its_values_joined(tmp_path: Path):
    from datasite.issues import DataError
    from datasite.load.project import load_rows
    from datasite.model import Table

    table = Table(
        name="counts",
        dataset="d",
        schema={"fields": [{"name": "place"}, {"name": "day"}], "primaryKey": ["place", "day"]},
        schema_path="schemas/counts.schema.yaml",
        path="data/d/counts",
    )
    folder = tmp_path / "data/d/counts"
    folder.mkdir(parents=True)
    (folder / "north--2026-01-02.yaml").write_text("place: north\nday: 2026-01-02\n")
    (folder / "b.yaml").write_text("place: south\nday: 2026-01-01\n")
    with pytest.raises(DataError) as raised:
        load_rows(tmp_path, folder, table)
    assert [str(i) for i in raised.value.issues] == [
        "data/d/counts/b.yaml:1: record-file-name: the file is named b.yaml but the record's "
        'place and day is "south--2026-01-01": rename the file to south--2026-01-01.yaml'
    ]
    (folder / "b.yaml").rename(folder / "south--2026-01-01.yaml")
    rows = load_rows(tmp_path, folder, table)
    assert [r.values["place"] for r in rows] == ["north", "south"]


def test_a_table_in_a_subfolder_is_split_in_place(project: Path, capsys):
    places = project / "data/places"
    (places / "tables").mkdir()
    (places / "facilities.yaml").rename(places / "tables/facilities.yaml")
    edit(places / "datapackage.yaml", "path: facilities.yaml", "path: tables/facilities.yaml")
    assert run_main(project, "split", "places/facilities", capsys=capsys)[0] == 0
    assert "path: tables/facilities," in (places / "datapackage.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (places / "tables").iterdir()) == ["facilities"]
    assert run_main(project, "validate", capsys=capsys)[:2] == (0, "The data is valid.\n")
