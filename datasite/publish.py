"""Run MkDocs for each language into a temporary folder and swap it into place only on success."""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .csp import content_security_policy, material_templates
from .inputs import copy_plain
from .issues import DataError, Issue
from .load import read_yaml_mapping

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    """Keeps MkDocs warnings so a strict-mode failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def staging_folder(site_dir: Path) -> Path:
    """A fresh folder beside site/, on the same file system so the final swap is a rename."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))


def run_mkdocs(
    config_file: Path, docs_dir: Path, out_dir: Path, nav: list, lang: str, assets: Path | None,
    settings_for_lang: dict | None = None,
) -> None:
    """One MkDocs build in strict mode; its warnings become one error."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if assets and assets.is_dir():
        copy_plain(assets, docs_dir / "assets")
    settings = read_yaml_mapping(config_file.parent, config_file)
    theme = dict(settings.get("theme") or {})
    theme["language"] = lang
    extra = dict(settings.get("extra") or {})
    custom = [config_file.parent / theme["custom_dir"]] if theme.get("custom_dir") else []
    extra["csp"] = content_security_policy([material_templates(), *custom])
    # Per-language settings (site name, the other languages' folders) on top of mkdocs.yml.
    extra_settings = dict(settings_for_lang or {})
    if "extra" in extra_settings:
        extra = {**extra, **extra_settings.pop("extra")}
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(
            config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(out_dir), nav=nav, theme=theme, extra=extra,
            **extra_settings,
        )
        build(config)
    except (MkDocsException, SystemExit) as error:
        detail = "; ".join(handler.messages) or str(error)
        raise DataError([Issue(config_file.name, 0, "mkdocs", f"MkDocs failed ({lang}): {detail}")]) from None
    finally:
        logger.removeHandler(handler)


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace site/ with the finished build in two renames; the old site is removed last."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site_dir.parent))
        os.rename(site_dir, old / "site")
    try:
        os.rename(staging, site_dir)
    except BaseException:
        if old is not None:
            os.rename(old / "site", site_dir)  # put the previous site back before reporting
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_stale(site_dir: Path) -> None:
    """Folders left by a killed build are never published and must not pile up."""
    if not site_dir.parent.is_dir():
        return
    for path in sorted(site_dir.parent.iterdir()):
        if not path.name.startswith((".site-build-", ".site-old-")) or not path.is_dir() or path.is_symlink():
            continue
        if path.name.startswith(".site-old-") and (path / "site").is_dir() and not site_dir.exists():
            os.rename(path / "site", site_dir)  # killed between the two renames: this is the published site
        shutil.rmtree(path, ignore_errors=True)


def publish(site_dir: Path, write: Callable[[Path], None]) -> None:
    """Call write(staging) to fill a temporary folder; swap it into site_dir only if it succeeds."""
    remove_stale(site_dir)
    staging = staging_folder(site_dir)
    try:
        write(staging)
        swap_into_place(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
