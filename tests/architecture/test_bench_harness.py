"""The benchmark harness measures each command's own peak memory, not the harness's, and reports
the largest HTML page of each build."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.run import largest_page, measure, stage_seconds, table
from tests.conftest import REPO


def test_a_command_started_by_a_large_harness_reports_its_own_peak_memory():
    held = bytearray(400 * 1024 * 1024)
    held[::4096] = b"\1" * len(held[::4096])  # touch every page, so the harness really holds 400 MB
    _, megabytes, out, code = measure(
        [sys.executable, "-c", "print(bytearray(80 * 1024 * 1024).count(0))"], REPO
    )
    assert (code, out) == (0, f"{80 * 1024 * 1024}\n")
    assert 80 <= megabytes < 300
    del held


def test_the_largest_page_is_the_biggest_html_file_anywhere_in_the_site(tmp_path: Path):
    (tmp_path / "es" / "facilities").mkdir(parents=True)
    (tmp_path / "index.html").write_text("x" * 100)
    (tmp_path / "es" / "facilities" / "f-1.html").write_text("x" * 250)
    (tmp_path / "data.csv").write_text("x" * 1000)  # not a page
    assert largest_page(tmp_path) == (250, "es/facilities/f-1.html")
    assert largest_page(tmp_path / "es" / "missing") == (0, "")


def test_the_table_reports_the_largest_page_at_each_size():
    measured = {
        "validate_s": 1.0,
        "frictionless_s": 2.0,
        "same_findings": True,
        "injected_found": True,
        "validate_mb": 100,
        "frictionless_mb": 50,
        "build_ok": True,
        "build_s": 5.0,
        "build_mb": 140,
        "rebuild_s": 0.2,
        "change_s": 5.1,
        "change_own_s": 1.5,
        "partial_is_clean": True,
        "site_mb": 20.0,
        "pages": 234,
    }
    rows = [
        dict(
            measured, generated_rows=9_998, largest_page_bytes=80_123, largest_page="sources.html"
        ),
        dict(
            measured, generated_rows=99_998, largest_page_bytes=81_004, largest_page="timeline.html"
        ),
        dict(measured, generated_rows=999_998, build_ok=False),
    ]
    lines = table(rows).splitlines()
    assert lines[0].endswith("| HTML pages | largest page bytes | largest page |")
    assert lines[1].count("|") == lines[0].count("|")
    assert lines[2].endswith("| 20.0 | 234 | 80,123 | `sources.html` |")
    assert lines[3].endswith("| 81,004 | `timeline.html` |")
    assert lines[4].endswith("| — | — | — | — | — | — | — | — | — | — | — |")
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_stage_seconds_are_read_from_the_progress_lines():
    log = (
        "[    0.0 s] Loading the data…\n"
        "[    1.5 s] Checking 9,999 rows in 10 tables…\n"
        "[    2.0 s] Rendering pages (en)…\n"
        "[    3.0 s] Rendering pages (es)…\n"
        "Built site from 4 datasets (9999 rows) in 4.2 s.\n"
    )
    assert stage_seconds(log, 5.0) == {
        "Loading the data": 1.5,
        "Checking N rows in 10 tables": 0.5,
        "Rendering pages": 3.0,
    }


def test_the_table_shows_both_changes_and_whether_the_partial_build_is_the_clean_one():
    result = {
        "generated_rows": 9998,
        "validate_s": 0.5,
        "frictionless_s": 1.0,
        "same_findings": True,
        "injected_found": True,
        "validate_mb": 100,
        "frictionless_mb": 50,
        "build_ok": True,
        "build_s": 4.0,
        "build_mb": 200,
        "rebuild_s": 0.2,
        "change_s": 3.5,
        "change_own_s": None,
        "partial_is_clean": False,
        "site_mb": 20.0,
        "pages": 232,
        "largest_page_bytes": 1000,
        "largest_page": "index.html",
        "stages": {"Loading the data": 1.0},
    }
    text = table([result])
    assert (
        "| 9,998 | 0.50 | 1.00 | 1/2.0 | yes | 100 | 50 | 4.0 | 4.0× | 200 | 0.20 | 3.5 | failed "
        "| NO |" in text
    )
    assert "| Loading the data | 1.0 |" in text
