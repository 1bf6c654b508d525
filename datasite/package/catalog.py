"""Make the datasets findable: schema.org Dataset JSON-LD per dataset page, a DCAT catalog
(catalog.jsonld) and an Atom feed (feed.xml) of new versions and new records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from markupsafe import Markup

from datasite.model import Dataset, Project
from datasite.package.datapackage import MEDIA, FileInfo, PackageInfo

ATOM = "http://www.w3.org/2005/Atom"
# The files listed as distributions: tables, their XLSX and SQLite copies, and the whole zip.
FORMATS = {ext: MEDIA[ext] for ext in (".csv", ".json", ".zip", ".sqlite", ".xlsx")}


def site_url(project: Project, path: str, link: Callable[[str], str] | None = None) -> str:
    """An absolute URL when site.yaml sets base_url, else a link from the page (or the site root)."""
    base = project.settings.base_url
    if base:
        return f"{base.rstrip('/')}/{path}"
    return link(path) if link else path


def downloads(files: list[FileInfo]) -> list[tuple[FileInfo, str]]:
    """The files of a version listed as distributions, each with its media type."""
    return [
        (f, FORMATS[ext]) for f in files for ext in [f.name[f.name.rfind(".") :]] if ext in FORMATS
    ]


def licenses(meta: dict) -> list[str]:
    """A dataset's licences as URLs (or names when no path is given)."""
    return [lic.get("path") or lic.get("name") for lic in meta.get("licenses", [])]


def script_json(value: object) -> Markup:
    """JSON safe inside <script>: <, > and & escaped, so data cannot close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def temporal_coverage(dataset: Dataset, package: PackageInfo) -> str:
    """From the earliest to the latest date in the version's own date fields (those with a precision)."""
    import csv

    dates = []
    for resource in package.descriptor.get("resources", []):
        if resource.get("type") != "table" or resource["name"] not in dataset.tables:
            continue
        names = [f["name"] for f in resource["schema"].get("fields", []) if f.get("precisionField")]
        with open(Path(package.folder) / resource["path"], encoding="utf-8", newline="") as f:
            dates += [row[n] for row in csv.DictReader(f) for n in names if row.get(n)]
    dates.sort()
    return f"{dates[0]}/{dates[-1]}" if dates else ""


def dataset_jsonld(
    project: Project,
    dataset: Dataset,
    package: PackageInfo,
    link: Callable[[str], str] | None = None,
) -> dict:
    """A schema.org Dataset for one dataset's newest version (or its preview)."""
    meta = dataset.meta
    folder = f"data/{dataset.name}/{package.path}/"
    publisher = project.settings.publisher
    creators = [
        {"@type": "Organization", "name": c["title"]}
        for c in meta.get("contributors", [])
        if c.get("title")
    ]
    out: dict = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": meta.get("title", dataset.name),
        "description": meta.get("description", ""),
        "version": package.version,
        "url": site_url(project, f"datasets/{dataset.name}.html", link),
        "license": licenses(meta),
        "creator": creators or [{"@type": "Organization", "name": publisher}],
        "publisher": {"@type": "Organization", "name": publisher},
        "dateModified": package.created,
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f.name,
                "contentUrl": site_url(project, folder + f.name, link),
                "encodingFormat": media,
                "contentSize": f"{f.bytes} B",
                "sha256": f.sha256,
            }
            for f, media in downloads(package.files)
        ],
    }
    coverage = temporal_coverage(dataset, package)
    if coverage:
        out["temporalCoverage"] = coverage
    place = meta.get("spatialCoverage") or project.settings.spatial_coverage
    if place:
        out["spatialCoverage"] = {"@type": "Place", "name": place}
    if meta.get("doi"):
        out["identifier"] = f"https://doi.org/{meta['doi']}"
    if meta.get("keywords"):
        out["keywords"] = meta["keywords"]
    return out


def catalog(project: Project, packages: list[PackageInfo]) -> bytes:
    """A DCAT catalog of every dataset and every frozen version, in JSON-LD."""
    datasets = []
    for package in packages:
        dataset = project.datasets[package.dataset]
        versions = []
        for v in package.versions:
            versions.append(
                {
                    "@id": site_url(project, f"data/{v.dataset}/{v.version}/"),
                    "@type": "dcat:Dataset",
                    "dct:title": f"{dataset.meta.get('title', dataset.name)} {v.version}",
                    "dcat:version": v.version,
                    "dct:issued": v.created,
                    "dcat:distribution": [
                        {
                            "@type": "dcat:Distribution",
                            "dcat:downloadURL": site_url(
                                project, f"data/{v.dataset}/{v.version}/{f.name}"
                            ),
                            "dcat:mediaType": media,
                            "dcat:byteSize": f.bytes,
                            "spdx:checksum": {
                                "spdx:algorithm": "spdx:checksumAlgorithm_sha256",
                                "spdx:checksumValue": f.sha256,
                            },
                        }
                        for f, media in downloads(v.files)
                    ],
                }
            )
        entry = {
            "@id": site_url(project, f"datasets/{dataset.name}.html"),
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.name,
            "dct:title": dataset.meta.get("title", dataset.name),
            "dct:description": dataset.meta.get("description", ""),
            "dct:license": licenses(dataset.meta),
            "dcat:landingPage": site_url(project, f"datasets/{dataset.name}.html"),
            "dcat:hasVersion": versions,
        }
        coverage = temporal_coverage(dataset, package.versions[0]) if package.versions else ""
        if coverage:
            start, _, end = coverage.partition("/")
            entry["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": start,
                "dcat:endDate": end,
            }
        datasets.append(entry)
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "spdx": "http://spdx.org/rdf/terms#",
        },
        "@id": site_url(project, "catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": project.settings.title,
        "dct:description": project.settings.description,
        "dct:publisher": project.settings.publisher,
        "dcat:dataset": datasets,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def feed(project: Project, packages: list[PackageInfo]) -> bytes:
    """An Atom feed: one entry per frozen version, listing the records it added."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    entries = []
    for package in packages:
        title = project.datasets[package.dataset].meta.get("title", package.dataset)
        for v in package.versions:
            lines = []
            if v.diff is not None:
                for t in v.diff.changed_tables:
                    if t.added:
                        lines.append(
                            f"{t.table}: {len(t.added)} new records: "
                            + ", ".join("/".join(k) for k in t.added[:50])
                        )
                    if t.changed:
                        lines.append(f"{t.table}: {len(t.changed)} corrected records")
                    if t.removed:
                        lines.append(f"{t.table}: {len(t.removed)} removed records")
            summary = "; ".join(lines) if lines else "First published version."
            entries.append(
                (
                    f"{v.created}T00:00:00Z",
                    f"{title} {v.version}",
                    site_url(project, f"data/{v.dataset}/{v.version}/"),
                    f"urn:datasite:{v.dataset}:{v.version}",
                    summary,
                )
            )
    entries.sort(key=lambda e: (e[0], e[3]), reverse=True)
    updated = entries[0][0] if entries else "1970-01-01T00:00:00Z"
    for tag, text in (
        ("title", project.settings.title),
        ("id", "urn:datasite:feed"),
        ("updated", updated),
    ):
        ET.SubElement(root, f"{{{ATOM}}}{tag}").text = text
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = str(project.settings.publisher or "unknown")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=site_url(project, "feed.xml"))
    for when, title, link, ident, summary in entries:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = ident
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = when
        ET.SubElement(entry, f"{{{ATOM}}}link", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
