"""The privacy scan cannot be dodged by spelling: invisible characters, look-alike letters, other
dashes and spaces, digit groupings, words between "cédula" and its number, percent-escapes in
links; and it reads every published text (data, links, site, dataset and schema settings).
Fictional people and numbers only."""

from __future__ import annotations

import contextlib
import io
import tempfile
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasite.check import screen as columnar
from datasite.check.privacy import (
    LOOKALIKES,
    NameIndex,
    check_privacy,
    fold,
    identifier_kinds,
    normalise,
)
from datasite.check.tables import check_project
from datasite.cli import main
from datasite.load.project import load_project
from datasite.model import Project, Row
from datasite.report.messages import localize
from tests.conftest import TODAY, edit, fixture_identifiers, make_project, problems

# The shipped data's patterns, which the mini fixture declares too.
SHIPPED = fixture_identifiers()

# Cases on a fixture project run twice: CSV read row by row, and read into columns and screened.
both_readers = pytest.mark.usefixtures("both_readers")
screened = pytest.mark.usefixtures("columns_reader")

TALLIES = "data/releases/tallies.csv"
SOURCES = "data/references/sources.csv"
NAME = "Withheld Fictional-Secretname"  # withheld in the fixture, at data/releases/persons.yaml:8
NAME_AT = "data/releases/persons.yaml:8"
NAME_FOUND = (
    f'{TALLIES}:2: privacy-name: field "note": contains the name of a person whose name is '
    f"withheld ({NAME_AT}); remove it"
)


def found(path: str, line: int, field: str, label: str) -> str:
    return (
        f'{path}:{line}: privacy-identifier: field "{field}": looks like a {label}; '
        "personal identifiers are never published"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ｖ－１２３", "v-123"),  # fullwidth
        (
            "V\u201312\u2011345\u2014678\u2212",
            "v-12-345-678-",
        ),  # en dash, non-breaking hyphen, em dash, minus
        (
            "a\u00a0b\u202fc\u2009d\u3000e\u2007f",
            "a b c d e f",
        ),  # no-break, narrow, thin, ideographic, figure
        (
            "Se\u200bcr\u00ade\u2060t\ufeffn\u034fa\u200dm\ufe0fe",
            "secretname",
        ),  # invisible characters
        ("Ѕесrеtnаmе", "secretname"),  # Cyrillic look-alikes
        ("ΒΕΤΑ", "beta"),  # Greek capitals
        ("٠١٢۳", "0123"),  # other digits
        ("𝐒𝐞𝐜𝐫𝐞𝐭", "secret"),  # mathematical bold
        ("Cédula ÑANDÚ", "cédula ñandú"),  # accents stay; case folds
        ("V\u0308-1\u03012\u0301", "v-12"),  # combining marks on a letter and on digits
        ("N\u0483a\u0483m\u0483e\u0483", "name"),  # Cyrillic titlo on every letter
        ("ᏙᎬ Ꮩ Ꮃ Ꮪ ꮩ", "ve v w s v"),  # Cherokee capitals and a small letter
        ("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz"),  # small capitals
        ("ꓟꓮꓣꓲꓮ ɱ", "maria m"),  # Lisu; a Latin m with a hook
        ("➀➁➂ ⓸", "123 4"),  # dingbat and circled digits
    ],
)
def test_text_is_normalised_before_matching(text: str, expected: str):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "note, label",
    [
        ("V\u201312.345.678", "national ID number"),  # en dash
        ("V\u201112.345.678", "national ID number"),  # non-breaking hyphen
        ("V 12 345 681", "national ID number"),
        ("V\u00a012\u00a0345\u00a0681", "national ID number"),
        ("V-12.345.681", "national ID number"),
        ("cédula de identidad número 12345678", "national ID number"),
        ("C.I. Nro. 12.345.678", "national ID number"),
        ("C.I.N° 12345678", "national ID number"),
        ("CI #12345678", "national ID number"),
        ("Ｖ－１２３４５６７８", "national ID number"),
        ("V\u200b-1234\u200b5678", "national ID number"),
        ("0414 1234 568", "phone number"),
        ("0414-123.45.68", "phone number"),
        ("(0414) 1234568", "phone number"),
        ("+58 414 1234568", "phone number"),
        ("58-414-1234568", "phone number"),
        ("0\u2060414\u2013123\u201345\u201368", "phone number"),
        ("ana\uff20example\uff0eorg", "e-mail address"),
        ("V\u0308-12.345.678", "national ID number"),  # a combining diaeresis on the V
        ("\u1e7c-12.345.678", "national ID number"),  # a V with a tilde, precomposed
        ("V-1\u03012\u0301.3\u03014\u03015\u0301.6\u03017\u03018\u0301", "national ID number"),
        ("\u13d9-12.345.678", "national ID number"),  # Cherokee
        ("\u1d20-12.345.678", "national ID number"),  # small capital
        ("V-➀➁.➂➃➄.➅➆➇", "national ID number"),  # dingbat circled digits
        ("V-12·345·678", "national ID number"),
        ("V-12'345'678", "national ID number"),
        ("V-12/345/678", "national ID number"),
        ("V-12_345_678", "national ID number"),
        ("V-12~345~678", "national ID number"),
        ("V- 12 . 345 . 678", "national ID number"),
        ("V-&#49;2.345.678", "national ID number"),  # an HTML character reference
        ("cédula de identidad N° V-12.345.678", "national ID number"),
        ("identity card no. 12345678", "national ID number"),
        ("(414) 123-4567", "phone number"),
        ("0416/123/45/68", "phone number"),
        ("0 4 1 4 1 2 3 4 5 6 7", "phone number"),
        (
            "(0414)) 1001010",
            "phone number",
        ),  # a doubled bracket, a slip that still reads as the number
        ("ana(at)example.com", "e-mail address"),
        ("ana [at] example [dot] com", "e-mail address"),
        ("ana arroba example punto com", "e-mail address"),
        ("ana at example dot com", "e-mail address"),
        ("ana&#64;example.com", "e-mail address"),
        ("ana&commat;example.com", "e-mail address"),
    ],
)
@screened
def test_identifiers_in_other_spellings_are_refused_at_the_line(
    project: Path, note: str, label: str
):
    edit(project / TALLIES, "Fictional count.", f"Released; {note}.")
    assert problems(project) == [found(TALLIES, 2, "note", label)]


@pytest.mark.parametrize(
    "note",
    [
        "Withheld Fictional\u200b-Secret\u00adname was released",  # zero-width space, soft hyphen
        "With\u2060held Fic\u2060tional-Secretname",  # word joiners
        "Withhеld Fictionаl-Sеcretname",  # Cyrillic е and а
        "WΙTHHELD FΙCTΙONAL SECRETNAME",  # Greek capital iota
        "withheld\u00a0fictional\u2011secretname",  # no-break space, non-breaking hyphen
        "Wíthhéld Fictiónal—Secrétname",  # accents, an em dash
        "ＷＩＴＨＨＥＬＤ Ｆｉｃｔｉｏｎａｌ Ｓｅｃｒｅｔｎａｍｅ",  # fullwidth
        "Withheld\u200bFictional-Secretname",  # a zero-width space instead of the space
        "Withheld\u2060Fictional\u200b-\u200bSecretname was released",  # word joiner between words
        # Cyrillic titlo
        "W\u0483i\u0483t\u0483h\u0483h\u0483e\u0483l\u0483d\u0483 Fictional-Se\u0483cretname",
        "Withheld J. Fictional-Secretname was released",  # a middle initial
        "Fictional-Secretname; Withheld was released",  # surname first
        "Secretname Withheld de Fictional",  # any order, a short word between
        "\u13b3ithheld Fictional-Secretname",  # Cherokee W
        "\u1d21ithheld Fictional-Secretname",  # small capital W
    ],
)
@screened
def test_withheld_names_in_disguise_are_refused(project: Path, note: str):
    edit(project / TALLIES, "Fictional count.", note)
    assert problems(project) == [NAME_FOUND]


@pytest.mark.parametrize(
    "note",
    [
        # the words too far apart
        "Withheld was seen; the family of a Fictional-Secretname relative asked",
        "Withheld Fictional",  # not the whole name
    ],
)
@both_readers
def test_words_of_a_withheld_name_far_apart_are_not_the_name(project: Path, note: str):
    edit(project / TALLIES, "Fictional count.", note)
    assert problems(project) == []


def test_the_name_index_checks_a_text_only_against_names_sharing_two_rare_words():
    def word(n: int) -> str:  # 3,000 different surnames of letters only: aaa, aab, …
        return "".join(chr(ord("a") + n // 26**k % 26) for k in (2, 1, 0))

    names = {fold(f"María {word(n)} Pérez"): Row({}, "p.yaml", n) for n in range(3000)}
    index = NameIndex(names)
    assert max(len(pairs) for pairs in index.by_key.values()) == 1  # "maría pérez" keys no name
    assert [row.line for _, row in index.find(fold(f"Pérez, María {word(42)} salió"))] == [42]
    assert index.find(fold("María Pérez salió")) == []


@pytest.mark.parametrize(
    "url, label",
    [
        ("https://news.example.org/r?cedula=V-12345678", "national ID number"),
        ("https://news.example.org/r?c=V%2D12.345.678", "national ID number"),
        ("https://news.example.org/r?tel=%2B58+414+1234568", "phone number"),
        ("https://news.example.org/r?contact=ana%40example.org", "e-mail address"),
        ("https://ana@news.example.org/r", "e-mail address"),
    ],
)
@both_readers
def test_links_are_scanned_whole_and_decoded(project: Path, url: str, label: str):
    edit(project / SOURCES, "https://news.example.org/2026/01/10/releases", url)
    assert problems(project) == [found(SOURCES, 2, "url", label)]


@both_readers
def test_a_withheld_name_in_a_link_is_refused(project: Path):
    edit(
        project / SOURCES,
        "https://news.example.org/2026/01/10/releases",
        "https://news.example.org/2026/withheld-fictional%2Dsecretname",
    )
    assert problems(project) == [
        f'{SOURCES}:2: privacy-name: field "url": contains the name of a person whose name is '
        f"withheld ({NAME_AT}); remove it"
    ]


@pytest.mark.parametrize(
    "path, old, new, expected",
    [
        (
            "data/site.yaml",
            "description: Fictional data for tests.",
            "description: Call 0414\u00a01234\u00a0568.",
            found("data/site.yaml", 5, "description", "phone number"),
        ),
        (
            "data/site.yaml",
            "description: Datos ficticios para pruebas.",
            "description: Escriba a ana@example.org",
            found("data/site.yaml", 4, "i18n.es.description", "e-mail address"),
        ),
        (
            "data/releases/datapackage.yaml",
            "description: Fictional counts and release events.",
            f"description: Fictional counts; ask {NAME.replace('e', 'е')}.",  # Cyrillic е
            'data/releases/datapackage.yaml:3: privacy-name: field "description": contains the '
            "name of a person whose name "
            f"is withheld ({NAME_AT}); remove it",
        ),
        (
            "data/releases/datapackage.yaml",
            "title: Excarcelaciones ficticias",
            "title: Cédula número 12.345.678",
            found("data/releases/datapackage.yaml", 4, "i18n.es.title", "national ID number"),
        ),
        (
            "data/releases/datapackage.yaml",
            'path: "https://creativecommons.org/licenses/by/4.0/"',
            'path: "https://creativecommons.org/licenses/by/4.0/?ci=V%2012345678"',
            found(
                "data/releases/datapackage.yaml", 8, "licenses.CC-BY-4.0.path", "national ID number"
            ),
        ),
        (
            "schemas/tallies.schema.yaml",
            "description: Stable identifier of the claim, a lowercase slug.",
            "description: Stable identifier of the claim, like V\u201312.345.678.",
            found("schemas/tallies.schema.yaml", 16, "fields.id.description", "national ID number"),
        ),
        (
            "schemas/tallies.schema.yaml",
            "description: Cifras sobre presos políticos",
            "description: Cifras de E 12 345 678 sobre presos políticos",
            found("schemas/tallies.schema.yaml", 8, "i18n.es.description", "national ID number"),
        ),
    ],
)
@both_readers
def test_site_dataset_and_schema_texts_are_scanned_at_the_line(
    project: Path, path: str, old: str, new: str, expected: str
):
    edit(project / path, old, new)
    assert problems(project) == [expected]


HIDDEN = (
    "a text direction control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) can make it "
    "show other than it reads; remove it"
)


@pytest.mark.parametrize(
    "path, old, new, expected",
    [
        (
            TALLIES,
            "Fictional count.",
            "\u202e876.543.21-V",  # shows as V-12.345.678
            [f'{TALLIES}:2: hidden-text: field "note": {HIDDEN}'],
        ),
        (
            TALLIES,
            "Fictional count.",
            "\u202eemanterceS-lanoitciF dlehhtiW",  # shows the withheld name
            [f'{TALLIES}:2: hidden-text: field "note": {HIDDEN}'],
        ),
        (
            TALLIES,
            "Fictional count.",
            "Call \u202e86.54.321.4140\u202c today",  # shows 0414.123.45.68
            [f'{TALLIES}:2: hidden-text: field "note": {HIDDEN}'],
        ),
        (
            TALLIES,
            "Fictional count.",
            "\u2067Released\u2069 \u200f\u200e\u061c",
            [f'{TALLIES}:2: hidden-text: field "note": {HIDDEN}'],
        ),
        (
            SOURCES,
            "https://news.example.org/2026/01/10/releases",
            "https://news.example.org/\u202ereleases",
            [f'{SOURCES}:2: hidden-text: field "url": {HIDDEN}'],
        ),
        (
            "data/site.yaml",
            "description: Fictional data for tests.",
            "description: Fictional \u202edata.",
            [f'data/site.yaml:5: hidden-text: field "description": {HIDDEN}'],
        ),
    ],
)
@both_readers
def test_text_direction_controls_are_refused_everywhere(
    project: Path, path: str, old: str, new: str, expected: list[str]
):
    edit(project / path, old, new)
    assert problems(project) == expected


def test_hidden_text_reads_in_spanish(project: Path):
    edit(project / TALLIES, "Fictional count.", "\u202e876.543.21-V")
    project_, issues = load_project(project)
    [issue] = check_project(project_, TODAY)
    assert str(localize(issue, "es")) == (
        f'{TALLIES}:2: hidden-text: campo "note": un control de dirección del texto '
        "(U+202A-U+202E, U+2066-U+2069, "
        "U+200E, U+200F, U+061C) puede hacer que se vea distinto de lo que dice; elimínelo"
    )


def test_settings_findings_read_in_spanish(project: Path):
    edit(
        project / "data/site.yaml",
        "description: Fictional data for tests.",
        "description: Call 0414 1234 568.",
    )
    project_, issues = load_project(project)
    assert issues == []
    [issue] = check_project(project_, TODAY)
    assert str(localize(issue, "es")) == (
        'data/site.yaml:5: privacy-identifier: campo "description": parece un número de teléfono; '
        "nunca se publican identificadores personales"
    )


@pytest.mark.parametrize(
    "text",
    [
        "7,727 released",
        "12,233 requests",
        "Gaceta Oficial N° 6.860 of 2026-01-09",
        "Decreto N° 5.123",
        "Title V 2026-01-09",
        "1.200.000 personas",
        "page 0412 and 2026",
        "between 300 and 45000",
        "Article 29 e 1234567890123",
        "V-12345",
        "https://www.example.org/noticias/20260101/excarceladas-87-personas/16880123.shtml",
        "https://x.example.org/watch?v=16880123",
        "https://x.example.org/?id=12345678",
        "@ForoPenal 10/01/2026",
        "C.I. 1.234",
        "cédula 2026-01-09",
        "0414 123",
        "The government did not disclose the identity of more than 100,000 detainees.",
        "Sin revelar su identidad; la ONG estima 120.000 casos desde 2014.",
        "Los excarcelados recibieron su cédula; el SAIME tramitó 150.000 documentos.",
        "Capítulo V 2.500.000 bolívares de multa",
        "Título V. 123.456 personas",
        "Artículo V 1.234.567",
        "released at 10.30",
        "look at example dot",
        "0 250 500 750 1.000",
        "Café Ṽ 2026",
    ],
)
def test_ordinary_text_is_no_identifier_in_any_spelling(text: str):
    for variant in (text, text.replace(" ", "\u00a0"), text.replace("-", "\u2013"), text.upper()):
        assert identifier_kinds([variant], SHIPPED) == [], variant


# --- Properties: every disguise of a withheld name or an identifier is refused.

INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\u00ad",
    "\ufeff",
    "\u034f",
    "\u180e",
    "\ufe0f",
    "\U000e0041",
]
SPACES = [" ", "\u00a0", "\u202f", "\u2009", "\u3000", "\u2002", "\u205f", "  "]
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"]
# Latin letter -> look-alikes in other scripts, from the normaliser's own table.
SHAPES: dict[str, list[str]] = {}
for _other, _latin in LOOKALIKES.items():
    if _latin.isascii():
        SHAPES.setdefault(_latin, []).append(_other)


@st.composite
def disguised_letter(draw, letter: str) -> str:
    out = letter
    choice = draw(st.sampled_from(["same", "case", "accent", "shape", "fullwidth"]))
    if choice == "case":
        out = letter.swapcase()
    elif choice == "accent":
        out = unicodedata.normalize(
            draw(st.sampled_from(["NFC", "NFD"])),
            letter + draw(st.sampled_from(["\u0301", "\u0308", "\u0300"])),
        )
    elif choice == "shape" and SHAPES.get(letter):
        out = draw(st.sampled_from(SHAPES[letter]))
    elif choice == "fullwidth" and letter.isascii() and letter.isalpha():
        out = chr(ord(letter) + 0xFEE0)
    if draw(st.integers(0, 3)) == 0:
        out += draw(st.sampled_from(INVISIBLE))
    return out


@st.composite
def disguised_name(draw, name: str = NAME) -> str:
    out = []
    for ch in name:
        if ch == " ":
            out.append(draw(st.sampled_from(SPACES)))
        elif ch == "-":
            out.append(draw(st.sampled_from(DASHES + SPACES)))
        else:
            out.append(draw(disguised_letter(ch)))
    return "".join(out)


def digit_groups(digits: str) -> st.SearchStrategy[str]:
    """A number as people group it: plain, or in threes from the right with one separator."""

    def grouped(sep: str) -> str:
        head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3 :]
        return sep.join([head] + [rest[i : i + 3] for i in range(0, len(rest), 3)])

    return st.sampled_from(["", ".", " ", "\u00a0", "-", "\u2013", "·", "/", " . ", "_"]).map(
        grouped
    )


def number(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(str)


CEDULA = st.one_of(
    st.tuples(
        st.sampled_from(["V", "E", "v", "e", "Ｖ"]),
        st.sampled_from(["", "-", ".", " ", ". ", "\u2013", "\u2011", "\u00a0", ".-"]),
        number(1_000_000, 99_999_999).flatmap(digit_groups),
    ).map("".join),
    st.tuples(
        st.sampled_from(["cédula", "Cédula", "CEDULA", "cedula", "C.I.", "CI", "C.I.N°", "c. i."]),
        st.sampled_from(["", " de identidad", " venezolana", " de identidad del detenido"]),
        st.sampled_from([" ", ": ", " Nro. ", " número ", " No. ", " N° ", " # ", " nº: "]),
        st.sampled_from(["", "V-", "E ", "V\u2013"]),
        number(1_000_000, 99_999_999).flatmap(digit_groups),
    ).map("".join),
)
PHONE = st.tuples(
    st.sampled_from(["0", "+58 ", "+58-", "58-", "+58 (", "(0", "0058 "]),
    st.sampled_from(["414", "412", "416", "424", "426", "212", "261"]),
    st.sampled_from(["", " ", "-", ") ", ".", "\u2013", "\u00a0"]),
    number(100, 999),
    st.sampled_from(["", " ", "-", ".", "\u2011"]),
    number(10, 99),
    st.sampled_from(["", " ", "-", "."]),
    number(10, 99),
).map(
    lambda parts: (
        "".join(parts)
        .replace("+58 (0", "+58 (")
        .replace("(0414", "(0414)")
        .replace("(0412", "(0412)")
    )
)
E_MAIL = st.tuples(
    st.sampled_from(["ana", "a.b+c", "bo_sample"]),
    st.sampled_from(["@", "\uff20"]),
    st.sampled_from(["example.org", "correo.example.com.ve"]),
).map("".join)


@st.composite
def with_invisibles(draw, text: st.SearchStrategy[str]) -> str:
    """The text with invisible characters slipped in between some of its characters."""
    plain = draw(text)
    return "".join(
        ch + (draw(st.sampled_from(INVISIBLE)) if draw(st.integers(0, 5)) == 0 else "")
        for ch in plain
    )


IDENTIFIER = st.one_of(with_invisibles(CEDULA), with_invisibles(PHONE), with_invisibles(E_MAIL))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Project:
    project, issues = load_project(make_project(tmp_path_factory.mktemp("spellings") / "project"))
    assert issues == []
    return project


def with_note(project: Project, note: str) -> Project:
    """The project with the first tally's note replaced."""

    def rows(table):
        if table.name != "tallies":
            return None
        first = table.rows[0]
        return [
            Row({**first.values, "note": note}, first.path, first.line, first.field_lines),
            *table.rows[1:],
        ]

    return project.with_rows(rows)


def test_every_disguise_of_a_withheld_name_is_refused_by_check_privacy(loaded: Project):
    @settings(max_examples=50, deadline=None)
    @given(
        name=disguised_name(),
        before=st.sampled_from(["", "Freed: ", "¿"]),
        after=st.sampled_from(["", " left.", "?"]),
    )
    def check(name: str, before: str, after: str):
        issues = check_privacy(with_note(loaded, before + name + after))
        assert [str(i) for i in issues] == [NAME_FOUND], ascii(name)

    check()


def test_every_spelling_of_an_identifier_is_refused_by_check_privacy(loaded: Project):
    @settings(max_examples=60, deadline=None)
    @given(
        text=IDENTIFIER,
        before=st.sampled_from(["", "Contact: ", "(", "Released, "]),
        after=st.sampled_from(["", ".", ")", " today"]),
    )
    def check(text: str, before: str, after: str):
        issues = check_privacy(with_note(loaded, before + text + after))
        assert [i.code for i in issues] == ["privacy-identifier"], ascii(text)
        assert "12345678" not in issues[0].message and "@" not in issues[0].message

    check()


@both_readers
def test_disguises_are_refused_by_validate_on_a_fixture_project():
    """The same disguises through the command line (build.py validate), the CSV read both ways."""
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder) / "project")
        original = (root / TALLIES).read_text(encoding="utf-8")

        @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(text=st.one_of(disguised_name(), IDENTIFIER))
        def check(text: str):
            (root / TALLIES).write_text(
                original.replace("Fictional count.", '"' + text.replace('"', '""') + '"'),
                encoding="utf-8",
            )
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["validate"], root=root)
            assert code == 1, ascii(text)
            assert f"{TALLIES}:2: privacy-" in out.getvalue() + err.getvalue(), ascii(text)

        check()


# --- The screen (columnar.py) keeps every text the new rules could reject.


def identifier_screen(texts: list[str]) -> list[bool]:
    return columnar.identifier_mask(pl.Series(texts, dtype=pl.String), SHIPPED).to_list()


def test_the_screen_keeps_every_disguised_identifier():
    @settings(max_examples=250, deadline=None)
    @given(texts=st.lists(st.one_of(IDENTIFIER, st.text(max_size=20)), min_size=1, max_size=20))
    def check(texts: list[str]):
        for text, kept in zip(texts, identifier_screen(texts), strict=True):
            if identifier_kinds([text], SHIPPED):
                assert kept, ascii(text)

    check()


def test_the_name_screen_keeps_every_disguised_name():
    index = NameIndex({fold(NAME): Row({}, "p.yaml", 8)})

    @settings(max_examples=40, deadline=None)
    @given(
        texts=st.lists(st.one_of(disguised_name(), st.text(max_size=20)), min_size=1, max_size=10)
    )
    def check(texts: list[str]):
        kept = columnar.names_mask(pl.Series(texts, dtype=pl.String), index.keys()).to_list()
        for text, keep in zip(texts, kept, strict=True):
            if index.person_in([text]):
                assert keep, ascii(text)

    check()


def test_the_screen_drops_plain_text():
    assert (
        identifier_screen(
            ["7,727 released", "Decreto N° 5.123", "Excarcelación en Caracas", "Ñandú"]
        )
        == [False] * 4
    )


@pytest.mark.parametrize(
    "path, old, new",
    [
        (TALLIES, "Fictional count.", "Withheld Fictional\u200b-Secret\u00adname"),
        (TALLIES, "Fictional count.", "Withhеld Fictionаl-Sеcretname"),
        (TALLIES, "Fictional count.", "V\u201312.345.678"),
        (TALLIES, "Fictional count.", "cédula de identidad número 12345678"),
        (TALLIES, "Fictional count.", "0\u200b414 1234 568"),
        (TALLIES, "Fictional count.", "ana\uff20example\uff0eorg"),
        (
            SOURCES,
            "https://news.example.org/2026/01/10/releases",
            "https://news.example.org/r?c=V%2D12345678",
        ),
        (
            SOURCES,
            "https://news.example.org/2026/01/10/releases",
            "https://news.example.org/withheld-fictional%2Dsecretname",
        ),
        (TALLIES, "Fictional count.", "Fictional-Secretname; Withheld"),
        (TALLIES, "Fictional count.", "Withheld J. Fictional-Secretname"),
        (TALLIES, "Fictional count.", "V\u0308-12.345.678"),
        (TALLIES, "Fictional count.", "\u1e7c-12.345.678"),
        (TALLIES, "Fictional count.", "V-➀➁.➂➃➄.➅➆➇"),
        (TALLIES, "Fictional count.", "V- 12 . 345 . 678"),
        (TALLIES, "Fictional count.", "0 4 1 4 1 2 3 4 5 6 7"),
        (TALLIES, "Fictional count.", "ana [at] example [dot] com"),
        (TALLIES, "Fictional count.", "ana&#64;example.com"),
        (TALLIES, "Fictional count.", "\u202e876.543.21-V"),
    ],
)
def test_the_screen_on_and_off_finds_the_same_disguises(
    tmp_path: Path, monkeypatch, path: str, old: str, new: str
):
    monkeypatch.setattr("datasite.load.project.FRAME_MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "DISTINCT_LIMIT", 0)  # the polars expressions, not value by value
    root = make_project(tmp_path / "project")
    edit(root / path, old, new)
    project, issues = load_project(root)
    assert issues == []
    screened = sorted(check_project(project, TODAY))
    assert [i.code for i in screened] in (["privacy-identifier"], ["privacy-name"], ["hidden-text"])
    assert screened == sorted(check_project(project, TODAY, screen=False))
