"""The command line: the only place that prints or decides exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

from .cache import fingerprint, is_current, stamp
from .check import check_project
from .issues import DataError, Issue, sort_issues
from .load import load_project
from .model import Project
from .package import build_packages
from .privacy import redact
from .progress import Progress
from .publish import publish, run_mkdocs
from .render import Page, render_site

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Check the data and build the open-data site.")
    p.add_argument("--root", type=Path, help="project folder (default: the folder of build.py)")
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="check the data, then build the site into site/ (the default)")
    b.add_argument("--site", type=Path, help="output folder (default: <root>/site)")
    b.add_argument("--force", action="store_true", help="build even when no input changed since the last build")
    v = sub.add_parser("validate", help="check all data and print every problem as path:line: code: message")
    v.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    for command in (b, v):
        command.add_argument("--progress", action="store_true", help="show progress lines on stderr even when it is not a terminal")
        command.add_argument("--quiet", action="store_true", help="no progress lines, even on a terminal")
    return p


def main(argv: list[str], root: Path) -> int:
    """Run one command; return the exit code (0 ok, 1 invalid data or failed build, 2 wrong usage)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as error:
        return EXIT_OK if error.code == 0 else EXIT_USAGE
    root = (args.root or root).resolve()
    if not (root / "data").is_dir():
        print(f"Error: {root} has no data/ folder; use --root to name the project folder", file=sys.stderr)
        return EXIT_USAGE
    progress = Progress.choose(sys.stderr, getattr(args, "progress", False), getattr(args, "quiet", False))
    if args.command == "validate":
        return validate(root, args.format, sys.stdout, progress)
    site_dir = (getattr(args, "site", None) or root / "site").resolve()
    return build(root, site_dir, sys.stderr, progress, force=getattr(args, "force", False))


def collect(root: Path, progress: Progress | None = None) -> tuple[Project, list[Issue]]:
    """Load, and check only when loading went clean (a broken file would cascade into noise)."""
    progress = progress or Progress(sys.stderr, False)
    progress.step("Loading the data…")
    project, issues = load_project(root)
    if not issues:
        rows = sum(len(t.rows) for t in project.tables().values())
        progress.step(f"Checking {rows:,} rows in {len(project.tables())} tables…")
        issues = check_project(project, today=dt.date.today())
    return project, sort_issues(issues)


def report(issues: list[Issue], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps({"valid": not issues, "count": len(issues), "issues": [issue_dict(i) for i in issues]}, ensure_ascii=False, indent=2) + "\n")
        return
    for issue in issues:
        out.write(f"{issue}\n")
    out.write(summary(issues) + "\n")


def issue_dict(issue: Issue) -> dict:
    return {"path": issue.path, "line": issue.line, "column": issue.column, "code": issue.code, "field": issue.field, "message": issue.message}


def summary(issues: list[Issue]) -> str:
    if not issues:
        return "The data is valid."
    files = len({i.path for i in issues})
    return f"{len(issues)} problem{'s' if len(issues) != 1 else ''} in {files} file{'s' if files != 1 else ''}."


def validate(root: Path, fmt: str, out: TextIO, progress: Progress | None = None) -> int:
    _, issues = collect(root, progress)
    report(issues, fmt, out)
    return EXIT_INVALID if issues else EXIT_OK


def build(root: Path, site_dir: Path, log: TextIO, progress: Progress | None = None, force: bool = False) -> int:
    """Check, package, render, run MkDocs; site_dir is replaced only when every stage succeeds."""
    started = time.perf_counter()
    progress = progress or Progress(log, False)
    digest = fingerprint(root)
    if not force and is_current(site_dir, digest):
        log.write(f"Nothing changed since the last build; {site_dir} is up to date.\n")
        return EXIT_OK
    project, issues = collect(root, progress)
    if issues:
        report(issues, "text", log)
        log.write(f"Build stopped; {site_dir.name}/ was left as it was.\n")
        return EXIT_INVALID
    public = redact(project)
    try:
        publish(site_dir, lambda staging: write_site(public, staging, progress, digest))
    except DataError as error:
        report(sort_issues(error.issues), "text", log)
        log.write(f"Build stopped; {site_dir.name}/ was left as it was.\n")
        return EXIT_INVALID
    rows = sum(len(t.rows) for t in project.tables().values())
    log.write(f"Built {site_dir} from {len(project.datasets)} datasets ({rows} rows) in {time.perf_counter() - started:.1f} s.\n")
    return EXIT_OK


def write_site(project: Project, staging: Path, progress: Progress, digest: str = "") -> None:
    """Every stage that writes: packages, pages per language, MkDocs; all inside staging."""
    templates = project.root / "site_templates"
    languages = project.site.get("languages", ["en"])
    with tempfile.TemporaryDirectory(prefix="datasite-") as work:
        work_dir = Path(work)
        progress.step("Writing data packages…")
        packages = build_packages(project, work_dir / "data")
        for index, lang in enumerate(languages):
            progress.step(f"Rendering pages ({lang})…")
            docs = work_dir / "docs" / lang
            pages = render_site(project, packages, templates, docs, lang)
            out = staging if index == 0 else staging / lang
            progress.step(f"Running MkDocs ({lang}, {len(pages)} pages)…")
            run_mkdocs(project.root / "mkdocs.yml", docs, out, navigation(pages), lang, templates / "assets")
        (work_dir / "data").rename(staging / "data")
    if digest:
        stamp(staging, digest)


def navigation(pages: list[Page]) -> list:
    """A short explicit nav (MkDocs cost grows with nav size): top pages and section indexes."""
    nav: list = []
    sections: dict[str, list] = {}
    for page in pages:
        if not page.section:
            nav.append({page.title: page.path})
        elif page.path.endswith("/index.md") or page.path.startswith("datasets/"):
            if page.section not in sections:
                sections[page.section] = []
                nav.append({page.section: sections[page.section]})
            sections[page.section].append({page.title: page.path})
    return nav
