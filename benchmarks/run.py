"""`make bench`: validate and build generated corpora, against `frictionless validate` in the same
run.

Each measured command runs in its own process; its wall time and peak memory (ru_maxrss from
wait4) are taken for that process alone. Other work on the machine moves absolute times, so the
ratios, measured side by side in one run, are what to compare.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CODES = {"missing-source": "required", "unknown-source": "foreign-key", "maximum": "maximum"}
CONSTRAINTS = {
    "required": "required",
    "enum": "enum",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min-length",
    "maxLength": "max-length",
}
FRICTIONLESS_KINDS = {
    "type",
    "required",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "min-length",
    "max-length",
    "duplicate-key",
    "foreign-key",
}


# On Linux a process's ru_maxrss starts at its parent's resident size at fork and survives exec,
# and this process holds generated corpora: a small launcher starts each command instead, so the
# peak is the command's own (at least the launcher's own, about 15 MB).
LAUNCHER = """import os, subprocess, sys, time
started = time.perf_counter()
log = open(os.environ["BENCH_STDERR"], "wb") if os.environ.get("BENCH_STDERR") else None
child = subprocess.Popen(sys.argv[1:], stderr=log or subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss // 1024, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(
    command: list[str], cwd: Path, stderr: Path | None = None
) -> tuple[float, int, str, int]:
    """(seconds, peak resident MB, stdout, exit code) of one command in a fresh process; its
    stderr goes to `stderr` when given. The peak is the largest of the command's processes (a
    build's forked MkDocs child included), as wait4 reports it, not their sum."""
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        # English messages whatever the machine's locale: stage_seconds reads the progress lines.
        env={**os.environ, "LC_ALL": "C.UTF-8", "BENCH_STDERR": str(stderr) if stderr else ""},
    )
    seconds, megabytes = launched.stderr.split()
    return float(seconds), int(megabytes), launched.stdout, launched.returncode


def ours(issues: list[dict], pk_fields: dict[str, str]) -> set[tuple]:
    """Our findings of the kinds frictionless also checks, as (file, line, field, kind)."""
    found = set()
    for issue in issues:
        kind = CODES.get(issue["code"], issue["code"])
        if kind in FRICTIONLESS_KINDS:
            found.add((issue["path"], issue["line"], issue["field"], kind))
    return found


def theirs(report: dict, paths: dict[str, str], pk_fields: dict[str, str]) -> set[tuple]:
    """frictionless's findings as (file, row number = CSV line, field, kind)."""
    found = set()
    for task in report.get("tasks", []):
        path = paths[task["name"]]
        for error in task["errors"]:
            kind, field = error["type"], error.get("fieldName", "")
            if kind == "type-error":
                kind = "type"
            elif kind == "constraint-error":
                kind = CONSTRAINTS.get(
                    re.search(r'constraint "(\w+)"', error["note"]).group(1), "constraint"
                )
            elif kind == "primary-key":
                kind, field = "duplicate-key", pk_fields[task["name"]]
            elif kind == "foreign-key":
                field = error["fieldNames"][0]
            found.add((path, error.get("rowNumber", 0), field, kind))
    return found


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def largest_page(site: Path) -> tuple[int, str]:
    """The biggest HTML page of a built site: its size in bytes and its path in the site (no
    page should grow with the data, so this stays flat across corpus sizes)."""
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    return max(pages, default=(0, ""))


def bench_size(rows: int, errors: int, work: Path, build: bool) -> dict:
    """One corpus size: validate (ours, frictionless) on data with errors; build on clean data."""
    result: dict = {"rows": rows}
    corpus = generate(work / f"errors-{rows}", rows, errors)
    result["generated_rows"] = corpus.total_rows
    descriptor = json.loads((corpus.root / "datapackage.json").read_text())
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    pk_fields = {r["name"]: r["schema"]["primaryKey"][0] for r in descriptor["resources"]}
    seconds, memory, out, _ = measure(
        [
            sys.executable,
            str(REPO / "build.py"),
            "--root",
            str(corpus.root),
            "validate",
            "--format",
            "json",
        ],
        REPO,
    )
    report = json.loads(out)
    result.update(validate_s=seconds, validate_mb=memory, issues=report["count"])
    mine = ours(report["issues"], pk_fields)
    seconds, memory, out, _ = measure(
        [
            str(BIN / "frictionless"),
            "validate",
            "datapackage.json",
            "--json",
            "--limit-errors",
            "1000000000",
        ],
        corpus.root,
    )
    result.update(frictionless_s=seconds, frictionless_mb=memory)
    reference = theirs(json.loads(out), paths, pk_fields)
    result["same_findings"] = mine == reference
    result["injected_found"] = {(p, line, f) for p, line, f, _ in corpus.expected} <= {
        (i["path"], i["line"], i["field"]) for i in report["issues"]
    }
    shutil.rmtree(corpus.root)
    if build:
        result.update(build_bench(generate(work / f"clean-{rows}", rows, 0).root, work))
    return result


STAGE = re.compile(r"^\[\s*([0-9.]+) s\] (.+?)(?: \(.*)?…$")


def stage_seconds(log: str, total: float) -> dict[str, float]:
    """Seconds per stage from a build's `--progress` lines ("[  12.3 s] Writing data packages…"),
    each stage until the next one starts, the last until `total`."""
    starts = [
        (float(m[1]), re.sub(r"[\d,]+ rows", "N rows", m[2]))  # one name at every size
        for line in log.splitlines()
        if (m := STAGE.match(line))
    ]
    out: dict[str, float] = {}
    for (start, name), end in zip(starts, [s for s, _ in starts[1:]] + [total], strict=True):
        out[name] = out.get(name, 0.0) + round(end - start, 2)
    return out


def build_bench(root: Path, work: Path) -> dict:
    """A clean build (with where its time goes), a no-op rebuild, two one-cell changes (a small
    file every dataset cites, then one dataset's own file), and the partial rebuild compared
    byte for byte with a clean build of the same data."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build"]
    log = work / "build.log"
    seconds, memory, _, code = measure([*command, "--progress"], REPO, log)
    site = root / "site"
    result: dict = {
        "build_s": seconds,
        "build_mb": memory,
        "build_ok": code == 0,
        "stages": stage_seconds(log.read_text(encoding="utf-8"), seconds),
        "site_mb": folder_bytes(site) / 1e6 if code == 0 else 0.0,
        "pages": len(list(site.rglob("*.html"))) if code == 0 else 0,
    }
    result["largest_page_bytes"], result["largest_page"] = (
        largest_page(site) if code == 0 else (0, "")
    )
    result["rebuild_s"] = measure(command, REPO)[0]
    for key, path, old, new in (
        ("change_s", "references/actors.csv", "An invented actor.", "An edited actor."),
        # A value changes in the data, its downloads and its data browser (a blank added to a
        # cell, as before 2026-12-01, loads as the same data: cells are stripped on reading).
        (
            "change_own_s",
            "places/facility_events.csv",
            "closure_announced,,",
            "closure_announced,An edited use,",
        ),
    ):
        file = root / "data" / path  # one cell of one file
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        seconds, _, _, code = measure(command, REPO)
        result[key] = seconds if code == 0 else None
    clean = root / "site-clean"
    measure([*command, "--site", str(clean)], REPO)
    result["partial_is_clean"] = tree_digest(site) == tree_digest(clean)
    shutil.rmtree(root)
    return result


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with its sha256, but the fingerprint (it names the output)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".build-fingerprint"
    }


def table(results: list[dict]) -> str:
    """The results as Markdown: one row per size, then where each clean build's time went."""
    lines = [
        "| rows | validate s | frictionless s | ratio | same findings | validate MB | "
        "frictionless MB | build s | build ÷ frictionless | build MB | no-op rebuild s | "
        "change: actors.csv s | change: facility_events.csv s | partial = clean | site MB "
        "| HTML pages | largest page bytes | largest page |",
        "|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|:---|",
    ]
    for r in results:
        build = "— | — | — | — | — | — | — | — | — | — | —"
        if r.get("build_ok"):
            changes = [
                f"{r[key]:.1f}" if r.get(key) is not None else "failed"
                for key in ("change_s", "change_own_s")
            ]
            build = (
                f"{r['build_s']:.1f} | {r['build_s'] / r['frictionless_s']:.1f}× | "
                f"{r['build_mb']} | {r['rebuild_s']:.2f} | {changes[0]} | {changes[1]} | "
                f"{'yes' if r['partial_is_clean'] else 'NO'} | {r['site_mb']:.1f} | {r['pages']} | "
                f"{r['largest_page_bytes']:,} | `{r['largest_page']}`"
            )
        lines.append(
            f"| {r['generated_rows']:,} | {r['validate_s']:.2f} | {r['frictionless_s']:.2f} | "
            f"1/{r['frictionless_s'] / r['validate_s']:.1f} | "
            f"{'yes' if r['same_findings'] and r['injected_found'] else 'NO'} | "
            f"{r['validate_mb']} | {r['frictionless_mb']} | {build} |"
        )
    built = [r for r in results if r.get("stages")]
    if built:
        stages = list(dict.fromkeys(name for r in built for name in r["stages"]))
        lines += [
            "",
            "| stage (s) | " + " | ".join(f"{r['generated_rows']:,} rows" for r in built) + " |",
            "|---|" + "---:|" * len(built),
        ]
        for name in stages:
            cells = [f"{r['stages'][name]:.1f}" if name in r["stages"] else "—" for r in built]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description="Benchmark validate and build on generated corpora.")
    p.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "10000,100000,1000000"))
    p.add_argument("--errors", type=int, default=3, help="errors of each kind injected (default 3)")
    p.add_argument("--no-build", action="store_true", help="only validate")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="datasite-bench-") as work:
        for rows in (int(s) for s in args.sizes.split(",")):
            print(f"… {rows:,} rows", file=sys.stderr, flush=True)
            results.append(bench_size(rows, args.errors, Path(work), not args.no_build))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n")
    largest = results[-1]
    same = all(r["same_findings"] and r["injected_found"] for r in results)
    print(
        f"bench: {largest['generated_rows']:,} rows validated in {largest['validate_s']:.1f} s, "
        f"1/{largest['frictionless_s'] / largest['validate_s']:.1f} of frictionless "
        f"({largest['frictionless_s']:.1f} s); "
        f"findings {'the same' if same else 'DIFFERENT'} at every size"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
