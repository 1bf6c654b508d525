"""The DCAT catalogs as harvesters read them: valid against the DCAT-AP 3.0.0 SHACL shapes, and
readable the way CKAN's DCAT parser reads a dataset (title, description, licence, files)."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SH, XSD

from tests.conftest import VERSIONED_BASE as BASE

SHAPES = Path(__file__).parent / "dcat_ap_3"
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT lacks the DCAT 3 terms


def shapes() -> Graph:
    """The DCAT-AP 3.0.0 shapes kept as test data (see dcat_ap_3/README.md)."""
    graph = Graph()
    for name in ("shapes.ttl", "range.ttl", "deprecateduris.ttl"):
        graph.parse(SHAPES / name, format="turtle")
    # range.ttl as published holds one empty property shape (no sh:path) under PeriodOfTime,
    # which SHACL validators refuse to run; it constrains nothing, so it is left out.
    for shape, prop in list(graph.subject_objects(SH.property)):
        if (prop, SH.path, None) not in graph:
            graph.remove((shape, SH.property, prop))
    return graph


def violations(document: Path) -> list[str]:
    """What pyshacl finds wrong in a catalog (warnings included), one line each."""
    from pyshacl import validate

    data = Graph().parse(document, format="json-ld")
    _, report, _ = validate(data, shacl_graph=shapes(), inference="none")
    return sorted(
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: "
        f"{report.value(r, SH.resultMessage)}"
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


def catalogs(site: Path) -> list[Path]:
    return [site / "catalog.jsonld", *sorted((site / "catalog").glob("*.jsonld"))]


def test_the_shapes_find_what_the_old_catalog_got_wrong(tmp_path: Path):
    """The validator is live: a distribution without accessURL and with a plain-text licence,
    and a dataset without a description, are each reported."""
    document = tmp_path / "bad.jsonld"
    document.write_text(
        json.dumps(
            {
                "@context": {"dcat": str(DCAT), "dct": str(DCTERMS)},
                "@id": "https://example.org/d",
                "@type": "dcat:Dataset",
                "dct:title": "A dataset",
                "dcat:distribution": {
                    "@type": "dcat:Distribution",
                    "dcat:downloadURL": {"@id": "https://example.org/d.csv"},
                    "dct:license": "CC-BY-4.0",
                },
            }
        )
    )
    found = violations(document)
    assert len(found) == 3, found
    assert any("http://www.w3.org/ns/dcat#accessURL" in v for v in found)
    assert any("http://purl.org/dc/terms/description" in v for v in found)
    assert any("http://purl.org/dc/terms/license" in v for v in found)


@pytest.mark.parametrize("which", ["relative_site", "absolute_site"])
def test_every_catalog_is_valid_dcat_ap_3(which: str, request):
    site = request.getfixturevalue(which)
    found = catalogs(site)
    assert [p.name for p in found] == [
        "catalog.jsonld",
        "law.jsonld",
        "places.jsonld",
        "references.jsonld",
        "releases.jsonld",
    ]
    for document in found:
        assert violations(document) == [], document


def records(document: Path) -> tuple[Graph, list]:
    """The dataset records a harvester makes of a catalog: CKAN's RDFParser takes every subject
    typed dcat:Dataset (series and versions alike)."""
    graph = Graph().parse(document, format="json-ld")
    return graph, sorted(graph.subjects(RDF.type, DCAT.Dataset))


def ckan_dataset(graph: Graph, ref) -> dict:
    """The fields ckanext-dcat's euro_dcat_ap profiles read (profiles/euro_dcat_ap_base.py,
    _parse_dataset_base): title, notes, url, the licence taken from the distributions, and per
    distribution its access and download URLs, name, media type and licence."""
    resources = []
    for dist in graph.objects(ref, DCAT.distribution):
        resources.append(
            {
                "access_url": graph.value(dist, DCAT.accessURL),
                "download_url": graph.value(dist, DCAT.downloadURL),
                "name": graph.value(dist, DCTERMS.title),
                "license": graph.value(dist, DCTERMS.license),
                "mimetype": graph.value(dist, DCAT.mediaType),
            }
        )
    return {
        "uri": ref,
        "title": {t.language: str(t) for t in graph.objects(ref, DCTERMS.title)},
        "notes": {d.language: str(d) for d in graph.objects(ref, DCTERMS.description)},
        "url": graph.value(ref, DCAT.landingPage),
        "version": graph.value(ref, DCAT.version),
        "license_id": {r["license"] for r in resources},
        "resources": resources,
    }


def test_ckan_reads_every_record_with_files_licence_and_description(absolute_site: Path):
    graph, refs = records(absolute_site / "catalog.jsonld")
    releases = [ckan_dataset(graph, ref) for ref in refs if "/releases/" in str(ref)]
    assert [str(r["uri"]) for r in releases] == [
        BASE + "data/releases/",
        BASE + "data/releases/1.2.0/",
        BASE + "data/releases/2.0.0/",
    ]
    for record in releases:
        assert record["title"]["en"].startswith("Fictional releases"), record["uri"]
        assert set(record["title"]) == {"en", "es"}
        assert record["notes"]["en"] and set(record["notes"]) == {"en", "es"}
        assert record["license_id"] == {URIRef("https://creativecommons.org/licenses/by/4.0/")}
        assert len(record["resources"]) >= 5
        for resource in record["resources"]:
            assert isinstance(resource["download_url"], URIRef)
            assert isinstance(resource["access_url"], URIRef)
            # A version's own files; the series carries the newest version's.
            series_uri = BASE + "data/releases/"
            newest = BASE + "data/releases/2.0.0/"
            expected = newest if str(record["uri"]) == series_uri else str(record["uri"])
            assert str(resource["download_url"]).startswith(expected)
            assert str(resource["mimetype"]).startswith("https://www.iana.org/assignments/")
    series, old, new = releases
    assert str(old["url"]) == BASE + "datasets/releases/1.2.0.html"
    assert str(old["resources"][0]["access_url"]) == BASE + "datasets/releases/1.2.0.html"
    assert str(series["url"]) == BASE + "datasets/releases.html"
    assert (str(series["version"]), str(new["version"])) == ("2.0.0", "2.0.0")
    # No record is keyed by the path the catalog happened to be read from.
    assert not [s for s in graph.all_nodes() if str(s).startswith("file:")]


def test_without_a_site_address_ids_are_urns_and_links_relative(relative_site: Path):
    for document in catalogs(relative_site):
        graph = Graph().parse(document, format="json-ld")
        ids = set(graph.subjects(RDF.type, DCAT.Dataset)) | set(
            graph.subjects(RDF.type, DCAT.Catalog)
        )
        assert ids and all(str(i).startswith("urn:datasite:") for i in ids), document
    raw = json.loads((relative_site / "catalog/releases.jsonld").read_text())
    series = next(n for n in raw["@graph"] if n.get("dct:identifier") == "releases")
    assert series["dcat:landingPage"]["@id"] == "../datasets/releases.html"
    # Every relative link resolves to a file of the site, from where its document is (version
    # pages included).
    missing = set()
    for document in catalogs(relative_site):
        for url in json.dumps(json.loads(document.read_text())).split('"@id": "')[1:]:
            url = url.split('"', 1)[0].split("#", 1)[0]
            if not url.startswith(("urn:", "http:", "https:")):
                if not (document.parent / url).exists():
                    missing.add(posixpath.normpath(posixpath.join(document.parent.name, url)))
    assert missing == set()


def test_versions_form_a_series_with_typed_dates_and_a_publisher(absolute_site: Path):
    graph = Graph().parse(absolute_site / "catalog.jsonld", format="json-ld")
    series = URIRef(BASE + "data/releases/")
    old, new = URIRef(BASE + "data/releases/1.2.0/"), URIRef(BASE + "data/releases/2.0.0/")
    assert (series, RDF.type, DCAT.DatasetSeries) in graph
    assert set(graph.objects(series, DCAT.hasVersion)) == {old, new}
    assert graph.value(new, DCAT.inSeries) == series and graph.value(old, DCAT.inSeries) == series
    assert (graph.value(series, DCAT.first), graph.value(series, DCAT.last)) == (old, new)
    assert graph.value(new, DCAT.prev) == old
    issued = graph.value(new, DCTERMS.issued)
    assert isinstance(issued, Literal) and issued.datatype == XSD.date
    period = graph.value(series, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2025-12", datatype=XSD.gYearMonth)
    publisher = graph.value(series, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(graph.value(publisher, FOAF.name)) == "Test publisher"
    notes = str(graph.value(new, URIRef("http://www.w3.org/ns/adms#versionNotes")))
    assert notes == "tallies: 1 record added, 1 record corrected, 1 record removed"
    # A dataset with no frozen version is listed, without files, and is not a series.
    law = URIRef(BASE + "data/law/")
    assert (law, RDF.type, DCAT.Dataset) in graph
    assert (law, RDF.type, DCAT.DatasetSeries) not in graph
    assert list(graph.objects(law, DCAT.distribution)) == []


def test_each_dataset_page_advertises_its_catalog(absolute_site: Path, relative_site: Path):
    link = '<link rel=" alternate" type="application/ld+json" title="DCAT (dataset)" href="{}">'
    page = (absolute_site / "es/datasets/releases.html").read_text()
    assert link.format(BASE + "catalog/releases.jsonld") in page
    page = (relative_site / "es/datasets/releases.html").read_text()
    assert link.format("../../catalog/releases.jsonld") in page
    page = (relative_site / "datasets/releases.html").read_text()
    assert link.format("../catalog/releases.jsonld") in page
    assert '<a href="../catalog/releases.jsonld" type="application/ld+json">' in page
