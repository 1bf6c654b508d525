"""A file in a dataset folder that is no declared table is reported, never silently skipped: a
record saved beside its table's folder, or as .yml, was left out of the site without a word."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import run_main

STAGES = "data/law/legal_stages"
RECORD = f"{STAGES}/example-law-announced.yaml"


def test_a_record_beside_its_table_is_reported_at_its_path(project: Path, capsys):
    shutil.copy(project / RECORD, project / "data/law/example-law-announced-copy.yaml")
    (project / "data/law/.gitkeep").write_text("", encoding="utf-8")  # hidden: left alone
    code, out, err = run_main(project, "validate", capsys=capsys)
    assert code == 1 and "Traceback" not in err
    assert out.splitlines()[0] == (
        "data/law/example-law-announced-copy.yaml: unknown-file: this is not a table of the "
        "dataset, so it is never read: its tables are legal_instruments.yaml, legal_stages; move "
        "a record into its table's folder or file"
    )
    assert out.count("unknown-file") == 1
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert "esto no es una tabla del conjunto de datos, así que nunca se lee" in out


def test_a_record_saved_as_yml_is_reported_with_its_new_name(project: Path, capsys):
    shutil.move(project / RECORD, project / f"{STAGES}/example-law-announced.yml")
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{STAGES}/example-law-announced.yml: unknown-file: a record file ends in .yaml: rename "
        "it to example-law-announced.yaml"
    )


def test_the_declared_tables_alone_pass(project: Path, capsys):
    assert run_main(project, "validate", capsys=capsys)[0] == 0


def test_files_in_data_itself_and_odd_entries_of_a_table_folder_are_reported(project: Path, capsys):
    shutil.copy(project / RECORD, project / "data/example-law-announced.yaml")
    (project / "data/.DS_Store").write_bytes(b"\0")  # hidden, no data: left alone
    (project / f"{STAGES}/.gitkeep").write_text("", encoding="utf-8")  # the same
    (project / f"{STAGES}/old").mkdir()
    shutil.copy(project / RECORD, project / f"{STAGES}/.example-law-announced.yaml")
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    assert [line for line in out.splitlines() if not line.startswith("    ")] == [
        "data/example-law-announced.yaml: unknown-file: only site.yaml and the datasets' folders "
        "belong in data/, so this is never read; move a record into its table's folder or file",
        f"{STAGES}/.example-law-announced.yaml: unknown-file: a hidden file is never read; "
        "remove the dot at the start of its name",
        f"{STAGES}/old: unknown-file: a folder inside a table's folder is never read; move its "
        "records up",
        "3 problems in 3 files.",
    ]
