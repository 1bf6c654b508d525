"""The benchmark harness measures each command's own peak memory, not the harness's."""

from __future__ import annotations

import sys

from benchmarks.run import measure
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
