"""The code passes ruff with the project's rule set and is formatted by ruff (pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def ruff(*args: str) -> subprocess.CompletedProcess:
    """Ruff from the project's venv (as `make test` installs it), else the one on PATH."""
    found = shutil.which("ruff", path=str(REPO / ".venv/bin")) or shutil.which("ruff")
    command = [found] if found else [sys.executable, "-m", "ruff"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False, cwd=REPO)


def test_ruff_check_finds_nothing():
    result = ruff("check", "--output-format", "concise", str(REPO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = ruff("format", "--check", str(REPO))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "command", [["check", "--output-format", "concise"], ["format", "--check"]]
)
def test_each_ruff_step_fails_on_a_file_that_breaks_the_rules(tmp_path: Path, command: list[str]):
    bad = tmp_path / "bad.py"
    bad.write_text("x = [1,2]  # " + "a" * 100 + "\n", encoding="utf-8")
    result = ruff(*command, "--config", str(REPO / "pyproject.toml"), str(bad))
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("E501" if command[0] == "check" else "would be reformatted") in result.stdout
