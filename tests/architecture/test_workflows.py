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


HEAD_SHA = "${{ github.event.pull_request.head.sha }}"


def lint(workflow: dict) -> list[str]:
    """What a maintainer would flag: schema, unpinned actions, wide permissions, injectable runs,
    and a pull request's code given a token, a secret or the merge commit."""
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(workflow)
    ]
    # It runs with the base's secrets and a write token on a fork's request: never, whatever the
    # schema lets through.
    if "pull_request_target" in workflow.get("on", {}):
        problems.append("on: pull_request_target gives a fork's pull request a write token")
    if problems:
        return problems
    if "write" in str(workflow["permissions"]):
        problems.append("permissions: write access belongs on the job that needs it")
    for step in steps(workflow):
        if "uses" in step and not PINNED.match(step["uses"]):
            problems.append(f"{step['name']}: {step['uses']} is not pinned to a full version")
        if "${{" in step.get("run", ""):
            problems.append(f"{step['name']}: pass expressions to run through env, not inline")
    for name, job in workflow["jobs"].items():
        if job.get("container", {}).get("image", "").endswith(":latest"):
            problems.append(f"{name}: the container image is not pinned to a version")
    if "pull_request" in workflow["on"]:
        problems += pull_request_problems(workflow)
    return problems


def pull_request_problems(workflow: dict) -> list[str]:
    """A pull request's code runs with read access only and no secret, on its own commit: from a
    fork, a token or a secret in reach is the fork's to use."""
    problems = []
    text = yaml.safe_dump(workflow)
    for name, job in workflow["jobs"].items():
        if "write" in str(job.get("permissions", "")):
            problems.append(f"{name}: a pull request's job gets no write permission")
    for secret in ("secrets.", "github.token", "GITHUB_TOKEN"):
        if secret in text:
            problems.append(f"a pull request's job gets no token or secret ({secret})")
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            given = step.get("with", {})
            if given.get("ref") != HEAD_SHA:
                problems.append(f"{step['name']}: check out the contributor's commit ({HEAD_SHA})")
            if given.get("persist-credentials") is not False:
                problems.append(f"{step['name']}: set persist-credentials: false")
    return problems


def test_there_are_two_workflows():
    assert [p.name for p in WORKFLOWS] == ["check-data.yml", "publish-site.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_the_lint(path: Path):
    assert lint(load_workflow(path)) == []


def set_on(workflow: dict, on: dict) -> None:
    workflow["on"] = on


def checkout(workflow: dict) -> dict:
    return workflow["jobs"]["validate"]["steps"][0]


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
            lambda w: checkout(w).update({"uses": "actions/checkout@v4"}),
            "Check out the contributor's commit with history (the diff reads the base branch): "
            "actions/checkout@v4 is not pinned to a full version",
        ),
        (
            lambda w: w["jobs"]["validate"]["steps"][3].update(
                {"run": "echo ${{ github.head_ref }}"}
            ),
            "Validate: pass expressions to run through env, not inline",
        ),
        (lambda w: w.pop("permissions"), ": 'permissions' is a required property"),
        (
            lambda w: set_on(w, {"pull_request_target": None}),
            "on: pull_request_target gives a fork's pull request a write token",
        ),
        (
            lambda w: w["jobs"]["tests"].update({"permissions": {"pull-requests": "write"}}),
            "tests: a pull request's job gets no write permission",
        ),
        (
            lambda w: w["jobs"]["preview"].update({"env": {"TOKEN": "${{ secrets.PAGES }}"}}),
            "a pull request's job gets no token or secret (secrets.)",
        ),
        (
            lambda w: w["jobs"]["preview"].update({"env": {"TOKEN": "${{ github.token }}"}}),
            "a pull request's job gets no token or secret (github.token)",
        ),
        (
            lambda w: checkout(w)["with"].pop("ref"),
            "Check out the contributor's commit with history (the diff reads the base branch): "
            "check out the contributor's commit (${{ github.event.pull_request.head.sha }})",
        ),
        (
            lambda w: checkout(w)["with"].pop("persist-credentials"),
            "Check out the contributor's commit with history (the diff reads the base branch): "
            "set persist-credentials: false",
        ),
        (
            lambda w: w["jobs"]["tests"]["container"].update({"image": "python:latest"}),
            "tests: the container image is not pinned to a version",
        ),
        (
            lambda w: w["jobs"]["tests"]["container"].update({"image": "python"}),
            "jobs/tests/container/image: 'python' does not match",
        ),
    ],
)
def test_the_lint_catches_mistakes(mistake, expected: str):
    workflow = load_workflow(REPO / ".github/workflows/check-data.yml")
    assert lint(workflow) == []
    mistake(workflow)
    assert any(problem.startswith(expected) for problem in lint(workflow)), lint(workflow)


def build_invocations(text: str) -> list[list[str]]:
    """Arguments of every `python build.py …` in a script, up to a redirection."""
    found = []
    for line in text.splitlines():
        if "python build.py" in line:
            # The language variable holds es unless the repository sets en; $other the other one.
            command = line.split("python build.py", 1)[1]
            command = command.replace("$DATASITE_LANG", "es").replace("$other", "en")
            words = shlex.split(command.split(">>")[0])
            found.append(words)
    return found


def test_every_build_py_call_in_the_workflows_parses():
    calls = [
        args
        for path in WORKFLOWS
        for step in steps(load_workflow(path))
        for args in build_invocations(step.get("run", ""))
    ]
    assert [args[0] for args in calls] == [
        "validate",
        "diff",
        "diff",
        "build",
        "build",
        "compare-sites",
        "build",
    ]
    for args in calls:
        parser().parse_args(args)


def pull_request_workflow() -> dict:
    return load_workflow(REPO / ".github/workflows/check-data.yml")


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_pull_requests_get_annotations_and_the_diff_in_the_summary():
    workflow = pull_request_workflow()
    assert workflow["on"] == {"pull_request": None} and workflow["permissions"] == {
        "contents": "read"
    }
    validate = workflow["jobs"]["validate"]
    assert 'python build.py validate --format github --lang "$DATASITE_LANG"' in runs(validate)
    [diff] = [run for run in runs(validate) if "build.py diff" in run]
    # The diff in both languages, the repository's first (as the validation summary).
    assert diff.splitlines()[1:] == [
        f'python build.py diff --base "$MERGE_BASE" --lang "{lang}" >> "$GITHUB_STEP_SUMMARY"'
        for lang in ("$DATASITE_LANG", "$other")
    ]
    assert diff.splitlines()[0] == 'other=en; if [ "$DATASITE_LANG" = en ]; then other=es; fi'


def test_the_annotations_speak_the_repositorys_language_spanish_unless_set():
    assert pull_request_workflow()["env"]["DATASITE_LANG"] == "${{ vars.DATASITE_LANG || 'es' }}"


def test_every_pull_request_job_checks_out_the_contributors_commit():
    workflow = pull_request_workflow()
    assert sorted(workflow["jobs"]) == ["preview", "tests", "validate"]
    for job in workflow["jobs"].values():
        first = job["steps"][0]
        assert first["uses"].startswith("actions/checkout@")
        assert first["with"] == {"ref": HEAD_SHA, "fetch-depth": 0, "persist-credentials": False}


def test_the_diff_and_the_page_comparison_start_from_the_merge_base():
    jobs = pull_request_workflow()["jobs"]
    merge_base = 'git merge-base "origin/${BASE_REF}" HEAD'
    (base,) = [s for s in jobs["validate"]["steps"] if s.get("id") == "base"]
    assert merge_base in base["run"] and base["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    (diff,) = [s for s in jobs["validate"]["steps"] if "build.py diff" in s.get("run", "")]
    assert diff["env"] == {"MERGE_BASE": "${{ steps.base.outputs.sha }}"}
    (site,) = [s for s in jobs["preview"]["steps"] if s.get("id") == "base_site"]
    assert merge_base in site["run"] and "--site" in site["run"]


def test_every_pull_request_runs_the_tests_as_ci_does():
    tests = pull_request_workflow()["jobs"]["tests"]
    assert tests["container"] == {"image": "python:3.11-bookworm"}
    assert runs(tests)[-1] == ".ci/run"


def test_every_pull_request_gets_a_preview_artifact_and_its_changed_pages():
    preview = pull_request_workflow()["jobs"]["preview"]
    (upload,) = [s for s in preview["steps"] if s.get("uses", "").startswith("actions/upload-")]
    assert upload["uses"] == "actions/upload-artifact@v4.6.2"
    assert upload["with"] == {
        "name": "site-preview-pr-${{ github.event.pull_request.number }}",
        "path": "${{ runner.temp }}/site-pr",
        "retention-days": 5,
        "if-no-files-found": "error",
    }
    assert 'python build.py build --site "$RUNNER_TEMP/site-pr"' in runs(preview)
    assert (
        'python build.py compare-sites "$RUNNER_TEMP/site-base" "$RUNNER_TEMP/site-pr" --lang '
        '"$DATASITE_LANG" >> "$GITHUB_STEP_SUMMARY"'
    ) in runs(preview)
    # Both sites carry one date: the preview downloads are dated by it.
    assert 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct HEAD)" >> "$GITHUB_ENV"' in runs(
        preview
    )


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
