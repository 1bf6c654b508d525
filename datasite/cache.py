"""Skip a build whose inputs have not changed: one content hash over everything a build reads."""
from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

STAMP = ".build-fingerprint"
# What a build reads, relative to the project root; folders are walked in full.
# CHANGELOG.md records withdrawn versions, which the frozen-version checks read.
INPUTS = ("data", "schemas", "site_templates", "mkdocs.yml", "versions", "CHANGELOG.md")
CODE = Path(__file__).resolve().parent
TOOLS = ("mkdocs", "mkdocs-material", "jinja2", "frictionless", "pyyaml", "polars", "openpyxl")


def fingerprint(root: Path, options: str = "") -> str:
    """sha256 over the names and bytes of every input file, the pipeline's code, the versions of
    the tools it runs and the options."""
    digest = hashlib.sha256(f"{options}\0{tool_versions()}".encode())
    sources = [(root / name, name) for name in INPUTS] + [(CODE, "<code>")]
    for base, label in sources:
        for path in walk(base):
            name = label + "/" + path.relative_to(base).as_posix() if path != base else label
            digest.update(f"\0{name}\0{path.stat().st_size}\0".encode())
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


def tool_versions() -> str:
    """An upgraded MkDocs, theme or template engine can change the output too."""
    found = []
    for name in TOOLS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return f"python={sys.version_info[:3]};" + ";".join(found)


def walk(base: Path) -> list[Path]:
    """Every file under base (or base itself), in a stable order; caches of Python are skipped."""
    if base.is_file():
        return [base]
    if not base.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [Path(dirpath) / f for f in sorted(filenames) if not f.endswith(".pyc")]
    return found


def is_current(site_dir: Path, expected: str) -> bool:
    """True when site_dir was built from exactly these inputs."""
    stamp = site_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="ascii").strip() == expected


def stamp(folder: Path, digest: str) -> None:
    """Record the inputs' fingerprint in a finished build (it is swapped in with the site)."""
    (folder / STAMP).write_text(digest + "\n", encoding="ascii")
