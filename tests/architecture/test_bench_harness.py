"""The benchmark harness measures each command's own peak memory, not the harness's."""

from __future__ import annotations

import sys

from benchmarks.run import measure, stage_seconds, table
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
        "Checking 9,999 rows in 10 tables": 0.5,
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
        "stages": {"Loading the data": 1.0},
    }
    text = table([result])
    assert (
        "| 9,998 | 0.50 | 1.00 | 1/2.0 | yes | 100 | 50 | 4.0 | 4.0× | 200 | 0.20 | 3.5 | failed "
        "| NO |" in text
    )
    assert "| Loading the data | 1.0 |" in text
