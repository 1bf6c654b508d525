"""Make the datasets findable: schema.org Dataset JSON-LD per dataset page and language, a
DCAT-AP 3.0 catalog (catalog.jsonld, and one per dataset), an Atom feed (feed.xml) of new
versions, corrections and withdrawals, and a sitemap of every page in every language."""

from __future__ import annotations

import csv
import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import polars as pl
from markupsafe import Markup

from datasite.model import Dataset, Project
from datasite.package.datapackage import MEDIA, FileInfo, PackageInfo

ATOM = "http://www.w3.org/2005/Atom"
# The files listed as distributions: tables, their XLSX and SQLite copies, and the whole zip.
FORMATS = {
    ext: MEDIA[ext]
    for ext in (".csv", ".json", ".parquet", ".zip", ".sqlite", ".xlsx")
    if ext in MEDIA  # Parquet copies are listed once the packages carry them
}


def site_url(project: Project, path: str, link: Callable[[str], str] | None = None) -> str:
    """An absolute URL if site.yaml sets base_url, else a link from the page (or the site root)."""
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
    """From the earliest to the latest date in the version's date fields (those with precision)."""
    sums = {f.name: f.sha256 for f in package.files}
    spans = []
    for resource in package.descriptor.get("resources", []):
        if resource.get("type") != "table" or resource["name"] not in dataset.tables:
            continue
        names = [f["name"] for f in resource["schema"].get("fields", []) if f.get("precisionField")]
        path = Path(package.folder) / resource["path"]
        digest = sums.get(resource["path"], "")
        if not digest:
            spans.append(date_span(path, names))
            continue
        key = (digest, tuple(names))
        if key not in _SPANS:
            _SPANS[key] = date_span(path, names)
        spans.append(_SPANS[key])
    found = [s for s in spans if s]
    if not found:
        return ""
    return f"{min(s[0] for s in found)}/{max(s[1] for s in found)}"


# A file's (earliest, latest) dates by its sha256 and date fields: the pages of every language,
# each version page and both catalogs ask for the same files' spans, read once a process.
_SPANS: dict[tuple[str, tuple[str, ...]], tuple[str, str] | None] = {}


def date_span(path: Path, names: list[str]) -> tuple[str, str] | None:
    """The earliest and the latest non-empty value of the named columns of a CSV file (text
    order, as dates in ISO form sort); None when it has none."""
    with open(path, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f), [])
    wanted = [n for n in dict.fromkeys(names) if n in header]
    plain = len(set(header)) == len(header) and not (header and header[0].startswith("\ufeff"))
    if not wanted:
        return None
    if plain:  # columns by polars (the file is the package's own, RFC 4180); else row by row
        try:
            frame = pl.read_csv(path, columns=wanted, infer_schema=False)
        except pl.exceptions.PolarsError:
            frame = None
        if frame is not None:
            values = pl.concat([frame.get_column(n) for n in wanted]).drop_nulls()
            values = values.filter(values != "")
            return (values.min(), values.max()) if len(values) else None
    return csv_date_span(path, names)


def csv_date_span(path: Path, names: list[str]) -> tuple[str, str] | None:
    """date_span row by row, with Python's csv module (a column named twice: its last one)."""
    low = high = None
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        at = {name: i for i, name in enumerate(header)}
        columns = [at[n] for n in names if n in at]
        for row in reader:
            for i in columns:
                if i < len(row) and row[i]:
                    value = row[i]
                    if low is None or value < low:
                        low = value
                    if high is None or value > high:
                        high = value
    return (low, high) if low is not None and high is not None else None


def page_in(project: Project, lang: str, path: str) -> str:
    """The path in the site of a page in one language (the first language's pages are at the
    root, the others' under their folder)."""
    folder = project.settings.language_folder(lang)
    return f"{folder}/{path}" if folder else path


def dataset_jsonld(
    project: Project,
    dataset: Dataset,
    package: PackageInfo,
    link: Callable[[str], str] | None = None,
    lang: str = "",
) -> dict:
    """A schema.org Dataset for one dataset's newest version (or its preview), in the language of
    the page that carries it; the same page in the other languages is its translation."""
    languages = project.settings.languages
    lang = lang or languages[0]
    meta = dataset.meta
    translated = (meta.get("i18n") or {}).get(lang, {})
    folder = f"data/{dataset.name}/{package.path}/"
    publisher = project.settings.publisher
    creators = [
        {"@type": "Organization", "name": c["title"]}
        for c in meta.get("contributors", [])
        if c.get("title")
    ]
    page = f"datasets/{dataset.name}.html"

    def here(path: str) -> str:
        # Relative links go from the dataset page of this language (which is where link() is
        # from); link() itself only reaches the pages of its own language.
        if project.settings.base_url or link is None:
            return site_url(project, path)
        return relative(project, lang, path)

    url = here(page_in(project, lang, page))
    others = [here(page_in(project, other, page)) for other in languages if other != lang]
    out: dict = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": url,
        "name": translated.get("title") or meta.get("title", dataset.name),
        "description": translated.get("description") or meta.get("description", ""),
        "inLanguage": lang,
        "version": package.version,
        "url": url,
        "sameAs": others,
        "license": licenses(meta),
        "creator": creators or [{"@type": "Organization", "name": publisher}],
        "publisher": {"@type": "Organization", "name": publisher},
        "dateModified": package.created,
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f.name,
                "contentUrl": here(folder + f.name),
                "encodingFormat": media,
                "contentSize": f"{f.bytes} B",
                "sha256": f.sha256,
            }
            for f, media in downloads(package.files)
        ],
    }
    # The first language's page is the original; the others are its translations.
    if lang == languages[0]:
        out["workTranslation"] = [{"@id": other} for other in others]
    else:
        out["translationOfWork"] = {"@id": here(page_in(project, languages[0], page))}
    if package.citation.get("text"):
        out["citation"] = package.citation["text"]
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


def relative(project: Project, lang: str, path: str) -> str:
    """A link from a dataset page of lang (datasets/<name>.html) to a path of the whole site."""
    start = posixpath.dirname(page_in(project, lang, "datasets/x.html"))
    return posixpath.relpath(path, start)


def dataset_catalog(name: str) -> str:
    """Where a dataset's own DCAT document is published in the site."""
    return f"catalog/{name}.jsonld"


# DCAT-AP 3.0.0 in JSON-LD: every link an IRI ({"@id": …}), every date typed, every text tagged
# with its language. Classes are stated on each node (foaf:Agent, dct:LicenseDocument, …) because
# the profile's range shapes check them and a harvester has no ontology to infer them from.
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#",
    "adms": "http://www.w3.org/ns/adms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
Link = Callable[[str], str]  # a path in the site -> a link from the document being written
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGES = "http://publications.europa.eu/resource/authority/language/"
LANGUAGE_CODES = {"en": "ENG", "es": "SPA", "fr": "FRA", "pt": "POR"}


def node_id(project: Project, path: str) -> str:
    """A node's IRI: under the site address when one is set, else a stable URN that no reader
    resolves against the folder the file was opened from (a relative id would become file://)."""
    if project.settings.base_url:
        return site_url(project, path)
    return f"urn:datasite:{path}"


def typed_date(text: str) -> dict:
    """A date literal with the XSD type its precision calls for (year, month, day or time)."""
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(text), "dateTime")
    return {"@value": text, "@type": f"xsd:{kind}"}


def texts(project: Project, meta: dict, key: str, default: str) -> list[dict]:
    """A property in every site language that has it, each tagged with its language (a language
    without a translation is left out rather than given the English text)."""
    first = project.settings.languages[0]
    out = []
    for lang in project.settings.languages:
        value = meta.get(key) if lang == first else (meta.get("i18n") or {}).get(lang, {}).get(key)
        if lang == first and not value:
            value = default
        if value:
            out.append({"@value": str(value), "@language": lang})
    return out


def media_type(media: str) -> dict:
    """A media type as its IANA IRI, typed as the profile asks."""
    return {"@id": IANA + media, "@type": "dct:MediaType"}


def distributions(
    project: Project, dataset: Dataset, version: PackageInfo, page: str, at: Link
) -> list[dict]:
    """A version's files as DCAT distributions: a download link, the page listing them, a
    media type and the dataset's licence on each (a harvester reads the licence there)."""
    folder = f"data/{dataset.name}/{version.path}/"
    # The profile allows one licence per distribution, and only as an IRI (not a bare name).
    licence = [lic for lic in licenses(dataset.meta) if "://" in str(lic)][:1]
    out = []
    for f, media in downloads(version.files):
        item: dict = {
            "@type": "dcat:Distribution",
            "dct:title": f.name,
            "dcat:downloadURL": {"@id": at(folder + f.name)},
            "dcat:accessURL": {"@id": at(page)},
            "dcat:mediaType": media_type(media),
            "dcat:byteSize": {"@value": str(f.bytes), "@type": "xsd:decimal"},
            "dct:issued": typed_date(version.created),
        }
        if licence:
            item["dct:license"] = {"@id": licence[0], "@type": "dct:LicenseDocument"}
        out.append(item)
    return out


def common(project: Project, dataset: Dataset, coverage: str) -> dict:
    """What a dataset and each of its versions share: keywords, publisher, place and period."""
    meta = dataset.meta
    out: dict = {"dct:publisher": {"@id": node_id(project, "index.html#publisher")}}
    if meta.get("keywords"):
        out["dcat:keyword"] = [str(k) for k in meta["keywords"]]
    place = meta.get("spatialCoverage") or project.settings.spatial_coverage
    if place:
        out["dct:spatial"] = {"@type": "dct:Location", "locn:geographicName": str(place)}
    if coverage:
        start, _, end = coverage.partition("/")
        out["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": typed_date(start),
            "dcat:endDate": typed_date(end),
        }
    return out


def version_node(
    project: Project, dataset: Dataset, version: PackageInfo, series: str, at: Link
) -> dict:
    """One frozen version: a dataset in the series, with its own page, files, period and notes."""
    page = f"datasets/{dataset.name}/{version.version}.html"
    meta = dataset.meta
    titles = [
        {**t, "@value": f"{t['@value']} {version.version}"}
        for t in texts(project, meta, "title", dataset.name)
    ]
    out = {
        "@id": node_id(project, f"data/{dataset.name}/{version.version}/"),
        "@type": "dcat:Dataset",
        "dct:identifier": f"{dataset.name}-{version.version}",
        "dct:title": titles,
        "dct:description": texts(project, meta, "description", titles[0]["@value"]),
        "dcat:version": version.version,
        "dct:issued": typed_date(version.created),
        "dcat:inSeries": {"@id": series},
        "dcat:isVersionOf": {"@id": series},
        "dcat:landingPage": {"@id": at(page), "@type": "foaf:Document"},
        "adms:versionNotes": {"@value": change_summary(version), "@language": "en"},
        "dcat:distribution": distributions(project, dataset, version, page, at),
        **common(project, dataset, temporal_coverage(dataset, version)),
    }
    return out


def dataset_nodes(project: Project, package: PackageInfo, at: Link) -> list[dict]:
    """A dataset as a DCAT dataset series of its frozen versions (newest first), each version a
    dataset of its own; a dataset with no version yet is a dataset without files."""
    dataset = project.datasets[package.dataset]
    page = f"datasets/{dataset.name}.html"
    series = node_id(project, f"data/{dataset.name}/")
    versions = package.versions
    coverage = temporal_coverage(dataset, versions[0]) if versions else ""
    node: dict = {
        "@id": series,
        "@type": ["dcat:Dataset", "dcat:DatasetSeries"] if versions else "dcat:Dataset",
        "dct:identifier": dataset.name,
        "dct:title": texts(project, dataset.meta, "title", dataset.name),
        "dct:description": texts(
            project, dataset.meta, "description", str(dataset.meta.get("title", dataset.name))
        ),
        "dcat:landingPage": {"@id": at(page), "@type": "foaf:Document"},
        **common(project, dataset, coverage),
    }
    members = [version_node(project, dataset, v, series, at) for v in versions]
    if versions:
        newest = versions[0]
        node["dct:issued"] = typed_date(versions[-1].created)
        node["dct:modified"] = typed_date(newest.created)
        node["dcat:version"] = newest.version
        # The series' own files are the newest version's, so a harvester that reads only the
        # series still finds the data (and its licence).
        node["dcat:distribution"] = distributions(project, dataset, newest, page, at)
        node["dcat:hasVersion"] = [{"@id": m["@id"]} for m in members]
        node["dcat:seriesMember"] = [{"@id": m["@id"]} for m in members]
        node["dcat:first"] = {"@id": members[-1]["@id"]}
        node["dcat:last"] = {"@id": members[0]["@id"]}
        for newer, older in zip(members, members[1:], strict=False):
            newer["dcat:prev"] = {"@id": older["@id"]}
            older["dcat:next"] = {"@id": newer["@id"]}
    return [node, *members]


def catalog(project: Project, packages: list[PackageInfo], path: str = "catalog.jsonld") -> bytes:
    """A DCAT-AP 3.0 catalog, in JSON-LD, of the given datasets and every frozen version; path is
    where it is published (its own id)."""
    settings = project.settings
    start = posixpath.dirname(path) or "."

    def at(target: str) -> str:
        # Relative links go from where this document is published.
        return site_url(project, target, lambda p: posixpath.relpath(p, start))

    title = {"title": settings.title, "description": settings.description, "i18n": settings.i18n}
    publisher = str(settings.publisher or settings.title)
    datasets = [node for package in packages for node in dataset_nodes(project, package, at)]
    document = {
        "@context": DCAT_CONTEXT,
        "@graph": [
            {
                "@id": node_id(project, path),
                "@type": "dcat:Catalog",
                "dct:title": texts(project, title, "title", publisher),
                "dct:description": texts(project, title, "description", settings.title),
                "dct:publisher": {"@id": node_id(project, "index.html#publisher")},
                "foaf:homepage": {"@id": at("index.html"), "@type": "foaf:Document"},
                "dct:language": [
                    {"@id": EU_LANGUAGES + LANGUAGE_CODES[lang], "@type": "dct:LinguisticSystem"}
                    for lang in settings.languages
                    if lang in LANGUAGE_CODES
                ],
                "dcat:dataset": [{"@id": d["@id"]} for d in datasets],
            },
            {
                "@id": node_id(project, "index.html#publisher"),
                "@type": "foaf:Agent",
                "foaf:name": publisher,
            },
            *datasets,
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# The feed's words by language; a language without its own gets English.
FEED_WORDS = {
    "en": {
        "first": "First published version.",
        "none": "No records changed.",
        "schema": "schema changed",
        "added": ("{n} record added", "{n} records added"),
        "changed": ("{n} record corrected", "{n} records corrected"),
        "removed": ("{n} record removed", "{n} records removed"),
        "new": "new records",
        "corrections": "corrected records",
        "withdrawals": "removed records",
    },
    "es": {
        "first": "Primera versión publicada.",
        "none": "Ningún registro cambió.",
        "schema": "cambió el esquema",
        "added": ("{n} registro añadido", "{n} registros añadidos"),
        "changed": ("{n} registro corregido", "{n} registros corregidos"),
        "removed": ("{n} registro retirado", "{n} registros retirados"),
        "new": "registros nuevos",
        "corrections": "registros corregidos",
        "withdrawals": "registros retirados",
    },
}


def counted(words: dict, kind: str, n: int) -> str:
    """ "1 record added", "2 records added": the feed's count of one kind of change."""
    one, many = words[kind]
    return (one if n == 1 else many).format(n=n)


def change_summary(version: PackageInfo, lang: str = "en") -> str:
    """What a version changed, in one line of lang (the changelog says it at length)."""
    words = FEED_WORDS.get(lang, FEED_WORDS["en"])
    if version.diff is None:
        return words["first"]
    lines = []
    for t in version.diff.changed_tables:
        counts = [(len(t.added), "added"), (len(t.changed), "changed"), (len(t.removed), "removed")]
        said = ", ".join(counted(words, kind, n) for n, kind in counts if n)
        lines.append(f"{t.table}: {said or words['schema']}")
    return "; ".join(lines) or words["none"]


def feed_path(project: Project, lang: str) -> str:
    """Where a language's Atom feed is in the site: feed.xml in its language's folder."""
    return page_in(project, lang, "feed.xml")


def feed(project: Project, packages: list[PackageInfo], lang: str = "") -> bytes:
    """A language's Atom feed: per frozen version an entry for the version, one for its corrected
    records and one for its removed records, each linking to the version's page in that
    language. Entry ids are built from the dataset and version only (and the language, but for
    the first language's feed), so a rebuild never makes a reader see an entry twice."""
    languages = project.settings.languages
    lang = lang or languages[0]
    words = FEED_WORDS.get(lang, FEED_WORDS["en"])
    own = "" if lang == languages[0] else f"{lang}:"
    folder = posixpath.dirname(feed_path(project, lang))

    def link(path: str) -> str:  # from the feed (in its language's folder) to a page of lang
        return site_url(
            project, page_in(project, lang, path), lambda p: posixpath.relpath(p, folder or ".")
        )

    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    entries = []
    for package in packages:
        meta = project.datasets[package.dataset].meta
        title = ((meta.get("i18n") or {}).get(lang) or {}).get("title") or meta.get(
            "title", package.dataset
        )
        for v in package.versions:
            ident = f"urn:datasite:{own}{v.dataset}:{v.version}"
            page = link(f"datasets/{v.dataset}/{v.version}.html")
            when = f"{v.created}T00:00:00Z"
            tables = v.diff.changed_tables if v.diff is not None else []
            added = [
                f"{t.table}: {words['new']} " + ", ".join("/".join(k) for k in t.added[:50])
                for t in tables
                if t.added
            ]
            summary = "; ".join([change_summary(v, lang), *added])
            entries.append((when, f"{title} {v.version}", page, ident, summary))
            # Corrected and removed records are counted, never named: a record can be withdrawn
            # because naming it put someone at risk.
            for kind, ident_kind in (("changed", "corrections"), ("removed", "withdrawals")):
                lines = [
                    f"{t.table}: {counted(words, kind, len(getattr(t, kind)))}"
                    for t in tables
                    if getattr(t, kind)
                ]
                if lines:
                    entries.append(
                        (
                            when,
                            f"{title} {v.version}: {words[ident_kind]}",
                            page,
                            f"{ident}:{ident_kind}",
                            "; ".join(lines),
                        )
                    )
    entries.sort(key=lambda e: (e[0], e[3]), reverse=True)
    updated = entries[0][0] if entries else "1970-01-01T00:00:00Z"
    for tag, text in (
        ("title", project.settings.text("title", lang)),
        ("id", "urn:datasite:feed" + (f":{lang}" if own else "")),
        ("updated", updated),
    ):
        ET.SubElement(root, f"{{{ATOM}}}{tag}").text = text
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = str(project.settings.publisher or "unknown")
    self_link = site_url(project, feed_path(project, lang), lambda p: posixpath.basename(p))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=self_link)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=link("index.html"))
    for when, title, link, ident, summary in entries:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = ident
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = when
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(project: Project, pages: list[str]) -> bytes:
    """A sitemap of every page (paths from a language's root) in every language, each with its
    translations; search engines take only absolute addresses, so base_url must be set."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    languages = project.settings.languages
    for page in pages:
        copies = [(lang, site_url(project, page_in(project, lang, page))) for lang in languages]
        for _, address in copies:
            url = ET.SubElement(root, f"{{{SITEMAP}}}url")
            ET.SubElement(url, f"{{{SITEMAP}}}loc").text = address
            for lang, other in [*copies, ("x-default", copies[0][1])]:
                ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=lang, href=other)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
