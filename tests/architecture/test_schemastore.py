"""The workflow files and issue forms against SchemaStore's schemas (the ones editors and
GitHub's own tooling use), as vendored by check-jsonschema: no download at test time. The
project's stricter rules are in tests/architecture/test_workflows.py and test_issue_forms.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CHECKS = {
    "vendor.github-workflows": sorted((REPO / ".github/workflows").glob("*.yml")),
    "vendor.github-issue-forms": sorted((REPO / ".github/ISSUE_TEMPLATE").glob("*.yml")),
}


def check(schema: str, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("schema", sorted(CHECKS))
def test_the_github_files_follow_schemastore(schema: str):
    files = CHECKS[schema]
    assert files, schema
    result = check(schema, files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schemas_catch_a_broken_workflow_and_form(tmp_path: Path):
    workflow = tmp_path / "broken.yml"
    workflow.write_text("on: [push]\njobs:\n  build:\n    steps:\n      - run: make test\n")
    assert check("vendor.github-workflows", [workflow]).returncode == 1  # no runs-on
    form = tmp_path / "form.yml"
    form.write_text("name: x\ndescription: y\nbody:\n  - type: textbox\n")
    assert check("vendor.github-issue-forms", [form]).returncode == 1  # no such input type
