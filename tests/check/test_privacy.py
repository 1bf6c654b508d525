"""Privacy: withheld names and identifiers never reach site/, and every breach is an error at
file:line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from datasite.cli import main
from tests.conftest import edit, fixture_identifiers, freeze_all, make_project, problems

# The shipped data's identifier patterns by label (the mini fixture declares them too).
IDENTIFIERS = {kind.label: compiled for kind, compiled in fixture_identifiers().compiled}

# Every case that checks or builds a project of its own holds with CSV files read row by row
# and read into columns (conftest.both_readers); the sites built once per module or session are
# read once.
READERS = pytest.mark.usefixtures("both_readers")

PERSONS = "data/releases/persons.yaml"
RELEASES = "data/releases/release_events.csv"
# Fictional people: one withheld (with a pseudonym that must not show), one pseudonymous.
MORE_PERSONS = """- id: person-0002
  publish_level: pseudonymous
  name: Rosalind Fictional-Hiddenperson
  pseudonym: Witness R
  minor: "false"
  role: Fictional schoolteacher
  source_id: daily-2026-01-10
- id: person-0003
  publish_level: withheld
  name: Quentin Madeup-Secretson
  pseudonym: Witness Q
  minor: "false"
  source_id: daily-2026-01-10
"""
MORE_RELEASES = (
    "release-0003,2026-01-09,day,,release,1,exact,,person-0003,fort-one,,ngo-alpha,"
    "daily-2026-01-10,,\n"
    "release-0002,2026-01,month,,release,1,exact,,person-0002,camp-two,,ngo-alpha,"
    "daily-2026-01-10,,\n"
)
WITHHELD = [
    "Withheld Fictional-Secretname",
    "Fictional-Secretname",
    "Rosalind Fictional-Hiddenperson",
    "Hiddenperson",
    "Quentin Madeup-Secretson",
    "Secretson",
    "Witness Q",
    "Fictional private citizen",
    "Fictional schoolteacher",
]


def with_more_people(root: Path) -> Path:
    with (root / PERSONS).open("a", encoding="utf-8") as f:
        f.write(MORE_PERSONS)
    with (root / RELEASES).open("a", encoding="utf-8") as f:
        f.write(MORE_RELEASES)
    return root


def file_texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """A file as text; a zip (the package, an XLSX workbook) member by member, recursively."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from file_texts(f"{name}!{member}", archive.read(member))
    else:
        yield name, data.decode("utf-8", errors="replace")  # SQLite keeps text as UTF-8 bytes


def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """Every file under site/ as text, including every member of every zip and workbook."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield from file_texts(path.relative_to(site).as_posix(), path.read_bytes())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = with_more_people(make_project(tmp_path_factory.mktemp("privacy") / "project"))
    freeze_all(root)
    assert main(["build"], root=root) == 0
    return root / "site"


def test_no_withheld_name_or_identifier_anywhere_under_site(built: Path):
    texts = dict(site_texts(built))
    assert "search/en.js" in texts and "es/search/es.js" in texts
    assert any(name.endswith(".zip!releases-1.2.0/persons.csv") for name in texts)
    leaks = [
        (name, secret)
        for name, text in texts.items()
        for secret in WITHHELD
        if secret.lower() in text.lower()
    ]
    assert leaks == []
    # Not the build's fingerprint: a sha256 of the inputs and code, which starts "e976569554…"
    # as often as one build in 300 and reads as a national ID number.
    data = {
        name: text
        for name, text in texts.items()
        if "assets/" not in name and name != ".build-fingerprint"
    }
    hits = [
        (name, label)
        for name, text in data.items()
        for label, pattern in IDENTIFIERS.items()
        if pattern.search(text)
    ]
    assert hits == []


def test_public_figures_are_named_and_pseudonyms_shown_only_for_pseudonymous_records(built: Path):
    persons = (built / "data/releases/latest/persons.csv").read_text(encoding="utf-8").splitlines()
    assert persons == [
        "id,publish_level,name,pseudonym,minor,role,role_es,source_id,basis_source_ids,consent_ref",
        "person-zed,public_figure,Zed Fictional-Publicfigure,,,Fictional opposition "
        "figure,Figura opositora ficticia,daily-2026-01-10,bulletin-2026-01-20,",
        "person-withheld-1,withheld,,,FALSE,,,daily-2026-01-10,,",
        "person-0002,pseudonymous,,Witness R,FALSE,,,daily-2026-01-10,,",
        "person-0003,withheld,,,FALSE,,,daily-2026-01-10,,",
    ]


@READERS
def test_the_fixture_with_more_people_is_clean(project: Path):
    assert problems(with_more_people(project)) == []


@READERS
@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "release-0003,2026-01-09,day,,release,1,exact,,person-0003,fort-one,",
            "release-0003,2026-01-10,day,,release,1,exact,,person-0003,fort-one,",
            f'{RELEASES}:4: privacy-singling-out: field "date": a withheld person released '
            'alone at "fort-one" on 2026-01-10 could be identified; set date_precision to '
            "month or leave out the place",
        ),
        (
            "release-0002,2026-01,month,",
            "release-0002,2026-01-20,day,",
            f'{RELEASES}:5: privacy-singling-out: field "date": a withheld person released '
            'alone at "camp-two" on 2026-01-20 could be identified; set date_precision to '
            "month or leave out the place",
        ),
        (
            "Fictional count.",
            "Quentin  MADEUP-secretson was released",
            'data/releases/tallies.csv:2: privacy-name: field "note": contains the name of a '
            f"person whose name is withheld ({PERSONS}:21); remove it",
        ),
        (
            "pseudonym: Witness R",
            "pseudonym: Rosalind R",
            f'{PERSONS}:17: privacy-name: field "pseudonym": repeats part of the withheld '
            "name; choose an unrelated pseudonym",
        ),
    ],
)
def test_privacy_breaches_point_at_the_line(project: Path, old: str, new: str, expected: str):
    root = with_more_people(project)
    target = (
        RELEASES
        if old.startswith("release-")
        else ("data/releases/tallies.csv" if "count." in old else PERSONS)
    )
    edit(root / target, old, new)
    assert problems(root) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "V-12.345.678",
        "v12345678",
        "E-1.234.567",
        "E 123.456",
        "C.I. 12.345.678",
        "cédula N° 9.876.543",
        "CI: V-7654321",
        "0414-555-12-34",
        "(0212) 555 1234",
        "+58 414 5551234",
        "+1 202 555 0143",
        "someone@example.org",
        "a.b+c@mail.example.co.ve",
        "V 12 345 681",
        "V-1234-5678",
        "cédula de identidad número 12345678",
        "C.I. Nro. 12.345.678",
        "CI #12345678",
        "0414 1234 568",
        "0414-123.45.68",
        "(0414) 1234568",
        "58-414-1234568",
    ],
)
def test_identifiers_are_found(text: str):
    assert any(p.search(f"Contact: {text}.") for p in IDENTIFIERS.values())


@pytest.mark.parametrize(
    "text",
    [
        "7,365 released",
        "18,824 detained",
        "at least 1.200 people",
        "2026-01-09",
        "9 de enero de 2026",
        "10/01/2026",
        "https://news.example.org/2026/01/10/releases-7365",
        "Decree 5.123 of 2026",
        "V-12345",
        "E-1.234",
        "page 0412",
        "@ForoPenal reported",
        "between 300 and 45000",
        "Article 29 e 1234567890123",
        "12,233 requests",
        "7,727",
        "Gaceta Oficial N° 6.860",
        "Decreto N° 5.123 del 2026-01-09",
        "Title V 2026-01-09",
        "1.200.000 personas",
        "https://x.example.org/?id=12345678",
        "https://x.example.org/watch?v=16880123",
        "https://www.example.org/noticias/20260101/excarceladas-87-personas/16880123.shtml",
        "C.I. 1.234",
        "cédula 2026-01-09",
        "0414 123",
        "page 0412 of 2026",
        "ci 12,233",
        "The government did not disclose the identity of more than 100,000 detainees.",
        "Sin revelar su identidad; la ONG estima 120.000 casos desde 2014.",
        "Los excarcelados recibieron su cédula; el SAIME tramitó 150.000 documentos.",
        "Capítulo V 2.500.000 bolívares de multa",
        "Título V. 123.456 personas",
        "Chapter V 1.234.567",
        "Sección V: 12.345.678 votos",
        "anexo v 1234567",
        "released at 10.30",
        "look at example dot",
    ],
)
def test_ordinary_numbers_dates_and_links_are_not_identifiers(text: str):
    assert [label for label, p in IDENTIFIERS.items() if p.search(text)] == []


@READERS
def test_a_withheld_records_id_may_not_spell_its_name(project: Path):
    root = with_more_people(project)
    edit(root / PERSONS, "id: person-0003", "id: quentin-secretson")
    edit(root / RELEASES, ",person-0003,", ",quentin-secretson,")
    assert problems(root) == [
        f'{PERSONS}:21: privacy-name: field "id": spells the withheld name; use an id that '
        "says nothing about the person"
    ]
