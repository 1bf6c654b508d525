"""The GitHub workflows and the pre-commit hook, linted here so a typo fails locally and not on
GitHub."""

import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

from datasite.cli import parser
from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
SCHEMA = yaml.safe_load(
    (REPO / "tests/lint/github-workflow.schema.yaml").read_text(encoding="utf-8")
)
# Full version tags (not a moving major tag like v4) or a commit SHA.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def load_workflow(path: Path) -> dict:
    """A workflow as GitHub reads it: YAML 1.1 would turn the key `on` into True."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def lint(workflow: dict) -> list[str]:
    """What a maintainer would flag: schema, unpinned actions, wide permissions, injectable runs."""
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(workflow)
    ]
    if problems:
        return problems
    if "write" in str(workflow["permissions"]):
        problems.append("permissions: write access belongs on the job that needs it")
    for step in steps(workflow):
        if "uses" in step and not PINNED.match(step["uses"]):
            problems.append(f"{step['name']}: {step['uses']} is not pinned to a full version")
        if "${{" in step.get("run", ""):
            problems.append(f"{step['name']}: pass expressions to run through env, not inline")
    return problems


def test_there_are_two_workflows():
    assert [p.name for p in WORKFLOWS] == ["check-data.yml", "publish-site.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_the_lint(path: Path):
    assert lint(load_workflow(path)) == []


@pytest.mark.parametrize(
    "mistake, expected",
    [
        (
            lambda w: w["jobs"]["validate"].update({"run-on": "ubuntu-24.04"}),
            "jobs/validate: Additional properties are not allowed ('run-on' was unexpected)",
        ),
        (
            lambda w: w.update({"permissions": {"contents": "write"}}),
            "permissions: write access belongs on the job that needs it",
        ),
        (
            lambda w: w["jobs"]["validate"]["steps"][0].update({"uses": "actions/checkout@v4"}),
            "Check out with history (the diff reads the base branch): actions/checkout@v4 is "
            "not pinned to a full version",
        ),
        (
            lambda w: w["jobs"]["validate"]["steps"][3].update(
                {"run": "echo ${{ github.head_ref }}"}
            ),
            "Validate: pass expressions to run through env, not inline",
        ),
        (lambda w: w.pop("permissions"), ": 'permissions' is a required property"),
    ],
)
def test_the_lint_catches_mistakes(mistake, expected: str):
    workflow = load_workflow(REPO / ".github/workflows/check-data.yml")
    mistake(workflow)
    assert expected in lint(workflow)


def build_invocations(text: str) -> list[list[str]]:
    """Arguments of every `python build.py …` in a script, up to a redirection."""
    found = []
    for line in text.splitlines():
        if "python build.py" in line:
            words = shlex.split(line.split("python build.py", 1)[1].split(">>")[0])
            found.append(words)
    return found


def test_every_build_py_call_in_the_workflows_parses():
    calls = [
        args
        for path in WORKFLOWS
        for step in steps(load_workflow(path))
        for args in build_invocations(step.get("run", ""))
    ]
    assert [args[0] for args in calls] == ["validate", "diff", "build"]
    for args in calls:
        parser().parse_args(args)


def test_pull_requests_get_annotations_and_the_diff_in_the_summary():
    workflow = load_workflow(REPO / ".github/workflows/check-data.yml")
    assert workflow["on"] == {"pull_request": None} and workflow["permissions"] == {
        "contents": "read"
    }
    runs = [s.get("run", "") for s in steps(workflow)]
    assert "python build.py validate --format github --lang en" in runs
    assert 'python build.py diff --base "origin/${BASE_REF}" >> "$GITHUB_STEP_SUMMARY"' in runs


def test_pushes_to_main_deploy_to_pages_with_least_privilege():
    workflow = load_workflow(REPO / ".github/workflows/publish-site.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]} and workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]


def test_the_pages_build_takes_the_site_address_from_the_hosting_step():
    workflow = load_workflow(REPO / ".github/workflows/publish-site.yml")
    build_steps = workflow["jobs"]["build"]["steps"]
    (pages,) = [s for s in build_steps if s.get("uses", "").startswith("actions/configure-pages")]
    (build,) = [s for s in build_steps if "build.py build" in s.get("run", "")]
    assert build_steps.index(pages) < build_steps.index(build)
    expected = "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert build["env"]["DATASITE_BASE_URL"] == expected
    assert (
        build["env"]["DATASITE_REPOSITORY"] == "${{ github.server_url }}/${{ github.repository }}"
    )


def test_the_pre_commit_hook_runs_validate():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert (
        hook["entry"] == "python build.py validate"
        and hook["pass_filenames"] is False
        and hook["language"] == "system"
    )
    assert parser().parse_args(shlex.split(hook["entry"])[2:]).command == "validate"
    assert re.search(hook["files"], "data/releases/tallies.csv") and not re.search(
        hook["files"], "datasite/cli.py"
    )
