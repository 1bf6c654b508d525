"""Skip a build whose inputs have not changed: one content hash over everything a build reads."""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

from datasite.load.hashing import add_file, walk
from datasite.load.inputs import INPUTS

STAMP = ".build-fingerprint"
CODE = Path(__file__).resolve().parent.parent  # the whole datasite package
TOOLS = ("mkdocs", "mkdocs-material", "jinja2", "frictionless", "pyyaml", "polars", "openpyxl")


def fingerprint(root: Path, options: str = "") -> str:
    """sha256 over the names and bytes of every input file, the pipeline's code, the versions of
    the tools it runs and the options."""
    digest = hashlib.sha256(f"{options}\0{tool_versions()}".encode())
    sources = [(root / name, name) for name in INPUTS] + [(CODE, "<code>")]
    for base, label in sources:
        for path in walk(base):
            name = label + "/" + path.relative_to(base).as_posix() if path != base else label
            digest.update(f"\0{name}\0".encode())
            add_file(digest, path)
    return digest.hexdigest()


def code_fingerprint() -> str:
    """sha256 over the pipeline's code and the versions of the tools it runs: what, besides the
    data, decides a package's bytes (datapackage.package_key)."""
    digest = hashlib.sha256(tool_versions().encode())
    for path in walk(CODE):
        digest.update(f"\0{path.relative_to(CODE).as_posix()}\0".encode())
        add_file(digest, path)
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


def is_current(site_dir: Path, expected: str) -> bool:
    """True when site_dir was built from exactly these inputs."""
    stamp = site_dir / STAMP
    return stamp.is_file() and stamp.read_text(encoding="ascii").strip() == expected


def stamp(folder: Path, digest: str) -> None:
    """Record the inputs' fingerprint in a finished build (it is swapped in with the site)."""
    (folder / STAMP).write_text(digest + "\n", encoding="ascii")
