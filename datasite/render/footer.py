"""What every page's footer says, in one language: the datasets' versions and dates, their
licences, the feed and catalog, the repository and how to report an error or a privacy problem.
MkDocs renders it (site_templates/overrides/partials/copyright.html) from `extra.footer`."""

from __future__ import annotations

from pathlib import Path

from datasite.load.project import read_yaml_mapping
from datasite.model import Project
from datasite.package.datapackage import PackageInfo
from datasite.render.pages import Site


def footer_settings(
    project: Project, packages: list[PackageInfo], templates: Path, lang: str
) -> dict:
    """The MkDocs `extra` setting that carries one language's footer."""
    strings = read_yaml_mapping(project.root, templates / "i18n" / f"{lang}.yaml")
    site = Site(project, strings, lang)
    not_found = {key: site.t(f"not_found_{key}") for key in ("title", "text", "home")}
    return {"footer": footer(project, packages, site), "not_found": not_found}


def footer(project: Project, packages: list[PackageInfo], site: Site) -> dict:
    """The footer's texts and links; links to pages are from the language's root (the feed and
    catalog come from `extra.site_links`, render/languages.py)."""
    datasets = []
    for package in packages:
        dataset = project.datasets[package.dataset]
        datasets.append(
            {
                "title": site.meta(dataset.meta, "title") or dataset.name,
                "version": site.t("preview_label") if package.preview else package.version,
                "date": site.date(package.created),
                "page": f"datasets/{dataset.name}.html",
            }
        )
    licences: dict[str, str] = {}
    for dataset in project.datasets.values():
        for licence in dataset.meta.get("licenses", []):
            licences.setdefault(
                licence.get("title") or licence.get("name", ""), licence.get("path")
            )
    newest = max((p.created for p in packages if not p.preview), default="")
    repository = project.settings.repository.rstrip("/")
    return {
        "updated": site.t("footer_updated") + " " + site.date(newest) if newest else "",
        "datasets": datasets,
        "licences": [{"title": t, "url": u or ""} for t, u in licences.items()],
        "licence_label": site.t("license"),
        "feed": site.t("footer_feed"),
        "catalog": site.t("footer_catalog"),
        "repository": repository,
        "repository_label": site.t("footer_repository"),
        "report": site.t("footer_report"),
        "privacy": site.t("footer_privacy"),
        "report_fallback": site.t("footer_report_fallback"),
        # Not the footer's, but per language like it: the skip link (overrides/main.html).
        "skip": site.t("skip_link"),
    }
