"""Version pages, the "Cite this" boxes and a stable anchor with a citation for every record."""

from __future__ import annotations

import html as htmlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_EPOCH, freeze_all, make_project

BASE = "https://example.org/presos/"
ID = re.compile(r'\sid="([^"]*)"')
# A release of a withheld person, dated to the month only (a day would single them out).
WITHHELD_RELEASE = (
    "gamma-2026-01-withheld,2026-01,month,,release,1,exact,,person-withheld-1,fort-one,,"
    "ngo-alpha,daily-2026-01-10,,\n"
)


def build(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from datasite.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    freeze_all(root)
    assert main(["build"], root=root) == 0
    return root / "site"


@pytest.fixture(scope="module")
def based_site(tmp_path_factory) -> Path:
    """The mini project built with a public address (with a sub-path) in site.yaml."""
    root = make_project(tmp_path_factory.mktemp("based") / "project")
    with (root / "data/site.yaml").open("a", encoding="utf-8") as site:
        site.write(f"base_url: {BASE}\n")
    with pytest.MonkeyPatch.context() as patch:
        return build(root, patch)


@pytest.fixture(scope="module")
def grown_site(tmp_path_factory) -> Path:
    """The mini project with one more release event (a withheld person's), built."""
    root = make_project(tmp_path_factory.mktemp("grown") / "project")
    with (root / "data/releases/release_events.csv").open("a", encoding="utf-8") as rows:
        rows.write(WITHHELD_RELEASE)
    with pytest.MonkeyPatch.context() as patch:
        return build(root, patch)


def body(path: Path) -> str:
    """The generated part of a built page."""
    text = path.read_text(encoding="utf-8")
    return text[text.index('<div class="ds-page">') : text.index("</article>")]


def plain(fragment: str) -> str:
    return htmlib.unescape(re.sub(r"<[^>]+>", "", fragment))


def page_ids(site: Path) -> dict[str, list[str]]:
    """Every id of every built page, in page order."""
    return {
        p.relative_to(site).as_posix(): ID.findall(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
    }


def test_a_page_per_frozen_version_in_both_languages(built_mini: Path):
    site = built_mini / "site"
    for prefix in ("", "es/"):
        assert (site / f"{prefix}datasets/releases/1.2.0.html").is_file()
        assert (site / f"{prefix}datasets/law/1.0.0.html").is_file()
    page = body(site / "datasets/releases/1.2.0.html")
    assert "<h1>Fictional releases — version 1.2.0</h1>" in page
    assert "<dt>Published</dt><dd>1 February 2026</dd>" in page
    descriptor = json.loads((site / "data/releases/1.2.0/datapackage.json").read_text())
    listed = [r["path"] for r in descriptor["resources"]]
    assert "CITATION.ris" in listed
    sums = (site / "data/releases/1.2.0/SHA256SUMS").read_text().splitlines()
    for line in sums:
        digest, name = line.split("  ")
        size = (site / "data/releases/1.2.0" / name).stat().st_size
        assert (
            f'<tr><td><a href="../../data/releases/1.2.0/{name}" download>{name}</a></td>'
            f'<td class="ds-size" data-label="Size">{size:,} B</td>'
            f'<td data-label="SHA-256"><code class="ds-hash">{digest}</code></td></tr>'
        ) in page
    assert (  # the checksums' own row says what it is, where it had two empty cells
        '<td data-label="SHA-256">The SHA-256 of each file above; check them all in the '
        "downloaded folder with <code>sha256sum -c SHA256SUMS</code></td></tr>"
    ) in page
    assert '<h2 id="changes">What changed in this version</h2>' in page
    assert '<ul class="ds-changes">\n<li>First published version.</li>\n</ul>' in page
    spanish = body(site / "es/datasets/releases/1.2.0.html")
    assert '<h2 id="changes">Qué cambió en esta versión</h2>' in spanish
    assert "<dt>Publicado</dt><dd>1 de febrero de 2026</dd>" in spanish
    assert '<h2 id="cite">Cómo citar esta versión</h2>' in spanish
    assert "(versión 1.2.0) [Conjunto de datos]." in spanish
    assert "note = {Conjunto de datos, versión 1.2.0}" in spanish
    about = (site / "es/about.html").read_text(encoding="utf-8")
    assert "tiene un enlace Citar que da su propia dirección" in about


def test_dataset_page_links_its_versions_and_the_nav_does_not(built_mini: Path):
    site = built_mini / "site"
    page = (site / "datasets/releases.html").read_text(encoding="utf-8")
    assert '<h3 id="v1.2.0"><a href="releases/1.2.0.html">1.2.0 — 1 February 2026</a></h3>' in page
    spanish = (site / "es/datasets/releases.html").read_text(encoding="utf-8")
    assert '<a href="releases/1.2.0.html">1.2.0 — 1 de febrero de 2026</a>' in spanish
    # Reached from its dataset's page, not from the top navigation of any page.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "releases/1.2.0.html" not in home and "releases.html" in home


def test_the_changelog_of_a_version_is_escaped_text(tmp_path: Path):
    from datasite.render.pages import changelog_blocks

    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(
        "# Changelog: X\n\n## 1.1.0 — 2026-02-01\n\nWhy: <b>fixes</b>.\n\n"
        "- `tallies`: 2 rows added: `a-1`, `b-2`.\n- [link](javascript:x)\n\n"
        "## 1.0.0 — 2026-01-01\n\n- First published version.\n",
        encoding="utf-8",
    )
    assert changelog_blocks(changelog, "1.1.0") == [
        {"kind": "p", "pieces": [("Why: <b>fixes</b>.", False)], "lang": "en"},
        {
            "kind": "ul",
            "lang": "en",
            "items": [
                [("tallies", True), (": 2 rows added: ", False), ("a-1", True), (", ", False)]
                + [("b-2", True), (".", False)],
                [("[link](javascript:x)", False)],
            ],
        },
    ]
    assert changelog_blocks(changelog, "1.0.0")[0]["items"] == [
        [("First published version.", False)]
    ]
    assert changelog_blocks(changelog, "2.0.0") == []


def test_a_versions_note_in_spanish_takes_the_english_ones_place(tmp_path: Path):
    from datasite.render.pages import changelog_blocks, version_note

    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(
        "# Changelog: X\n\n## 1.1.0 — 2026-02-01\n\nWhy: fixes.\n\n- Other change.\n\n"
        "## 1.0.0 — 2026-01-01\n\n- First published version.\n",
        encoding="utf-8",
    )
    meta = {"version_notes": {"es": {"1.1.0": "Por qué: correcciones.\n", "1.0.0": "Nota."}}}
    note = version_note(meta, "es", "1.1.0")
    assert note == "Por qué: correcciones."
    blocks = changelog_blocks(changelog, "1.1.0", None, "es", note)
    assert blocks[0] == {"kind": "p", "pieces": [("Por qué: correcciones.", False)], "lang": "es"}
    assert blocks[1]["lang"] == "en"  # the list, with no diff to write it again from
    # English pages keep the frozen note; an entry with no note gets none from the translation.
    assert changelog_blocks(changelog, "1.1.0", None, "en", note)[0]["pieces"] == [
        ("Why: fixes.", False)
    ]
    one = changelog_blocks(changelog, "1.0.0", None, "es", version_note(meta, "es", "1.0.0"))
    assert [b["kind"] for b in one] == ["ul"]
    assert version_note(meta, "es", "2.0.0") == version_note({}, "es", "1.1.0") == ""


CITED_PAGES = [
    "datasets/releases.html",
    "datasets/releases/1.2.0.html",
    "facilities/fort-one.html",
    "laws/example-law.html",
]


@pytest.mark.parametrize("path", CITED_PAGES)
def test_every_dataset_version_and_record_page_has_a_cite_box(built_mini: Path, path: str):
    site = built_mini / "site"
    for prefix, note, date in (
        ("", "This site has no public address set", "[date accessed]"),
        ("es/", "Este sitio no tiene una dirección pública configurada", "[fecha de consulta]"),
    ):
        page = body(site / prefix / path)
        box = page[page.index('<section class="ds-citebox"') : page.index("</section>")]
        own = prefix + path
        # Without base_url: the page's path in the site, with the link the script makes absolute.
        link = f'<span class="ds-cite-url" data-href="{path.rsplit("/", 1)[-1]}">{own}</span>'
        assert box.count(link) == 3  # text, BibTeX, RIS
        assert f'<span class="ds-accessed" data-form="long">{date}</span>' in box
        assert '<span class="ds-accessed" data-form="iso">' in box
        assert '<span class="ds-accessed" data-form="ris">' in box
        assert note in box
        assert "<summary>BibTeX</summary>" in box and "<summary>RIS</summary>" in box
        ris = plain(box[box.index('<code id="cite-ris">') :])
        assert ris.startswith("TY  - ") and "\nER  - " in ris
        assert f"\nUR  - {own}\n" in ris
    assert 'src="' in page and "assets/cite.js" in page


@pytest.mark.parametrize("path", CITED_PAGES)
def test_with_a_site_address_citations_are_absolute(based_site: Path, path: str):
    for prefix in ("", "es/"):
        page = body(based_site / prefix / path)
        box = page[page.index('<section class="ds-citebox"') : page.index("</section>")]
        assert box.count(f'<span class="ds-cite-url">{BASE}{prefix}{path}</span>') == 3
        assert "data-href" not in box
        assert "no public address" not in box and "dirección pública" not in box


def test_version_citation_text_and_bibtex(based_site: Path):
    page = body(based_site / "datasets/releases/1.2.0.html")
    text = plain(page[page.index('id="cite-text"') : page.index("</p>", page.index("cite-text"))])
    assert text == (
        'id="cite-text">Test publisher (2026). Fictional releases (version 1.2.0) [Data set]. '
        f"{BASE}datasets/releases/1.2.0.html (Accessed [date accessed])."
    )
    start = page.index('<code id="cite-bibtex">')
    bibtex = plain(page[start : page.index("</code>", start)])
    assert bibtex == (
        "@misc{releases_1_2_0,\n  author = {{Test publisher}},\n  title = {Fictional releases},\n"
        "  year = {2026},\n  version = {1.2.0},\n  publisher = {{Test publisher}},\n"
        "  note = {Data set, version 1.2.0},\n"
        f"  url = {{{BASE}datasets/releases/1.2.0.html}},\n  urldate = {{YYYY-MM-DD}}\n}}"
    )


def test_the_citation_files_of_a_new_version(based_site: Path):
    folder = based_site / "data/releases/1.2.0"
    assert (folder / "CITATION.ris").read_text(encoding="utf-8") == (
        "TY  - DATA\nAU  - Test publisher\nTI  - Fictional releases\nPY  - 2026\nET  - 1.2.0\n"
        "PB  - Test publisher\nM3  - Data set\nLA  - en\n"
        f"UR  - {BASE}datasets/releases.html\nER  - \n"
    )
    assert (folder / "CITATION.txt").read_text(encoding="utf-8") == (
        f"Test publisher (2026). Fictional releases (version 1.2.0) [Data set]. "
        f"{BASE}datasets/releases.html\n"
    )
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    ris = next(r for r in descriptor["resources"] if r["path"] == "CITATION.ris")
    assert ris["mediatype"] == "application/x-research-info-systems"


def test_a_ris_value_stays_on_its_line():
    from datasite.package.citations import Work, version_ris

    work = Work("A\nB", "Title\r\nER  - injected", "1.0.0", "2026")
    text = "".join(p.text for p in version_ris(work, "en", [], []))
    assert text.splitlines()[1:3] == ["AU  - A B", "TI  - Title ER - injected"]
    assert text.count("ER  - ") == 1


def test_ids_are_valid_and_unique_on_every_page(built_mini: Path, based_site: Path):
    for site in (built_mini / "site", based_site):
        repeated = {
            page: [i for i, n in Counter(ids).items() if n > 1]
            for page, ids in page_ids(site).items()
        }
        assert {p: r for p, r in repeated.items() if r} == {}
        invalid = [i for ids in page_ids(site).values() for i in ids if not i or " " in i]
        assert invalid == []


def test_records_carry_anchors_from_their_keys(built_mini: Path):
    site = built_mini / "site"
    timeline = ID.findall((site / "timeline.html").read_text(encoding="utf-8"))
    assert "tallies-alpha-2026-01-09-released" in timeline
    assert "release_events-release-zed-example" in timeline
    assert "facility_events-fort-one-closure-announced" in timeline
    assert "legal_stages-example-law-announced" in timeline
    assert "sources-daily-2026-01-10" in ID.findall((site / "sources.html").read_text())
    assert "facilities-fort-one" in ID.findall((site / "facilities/index.html").read_text())
    law = ID.findall((site / "laws/example-law.html").read_text(encoding="utf-8"))
    assert "legal_stages-example-law-in-force" in law
    facility = ID.findall((site / "es/facilities/fort-one.html").read_text(encoding="utf-8"))
    assert {"facility_events-fort-one-closure-announced", "tallies-alpha-2026-01-fort"} <= set(
        facility
    )
    # Every link to a place on a page of the site finds its anchor there.
    links = re.findall(r'href="(sources\.html|laws/[a-z0-9-]+\.html)#([^"]+)"', timeline_html(site))
    assert links
    for page, anchor in links:
        assert anchor in ID.findall((site / page).read_text(encoding="utf-8")), (page, anchor)


def timeline_html(site: Path) -> str:
    return (site / "timeline.html").read_text(encoding="utf-8")


def test_anchors_are_stable_across_builds_and_added_records(
    built_mini: Path, based_site: Path, grown_site: Path
):
    before = page_ids(built_mini / "site")
    assert page_ids(based_site) == before  # another build, another address: the same ids
    after = page_ids(grown_site)
    for page, ids in before.items():
        added = [i for i in after[page] if i not in ids]
        assert [i for i in after[page] if i in ids] == ids, page
        assert added in ([], ["release_events-gamma-2026-01-withheld"]), (page, added)
    assert "release_events-gamma-2026-01-withheld" in after["timeline.html"]


def test_a_record_citation_shows_no_name_the_page_does_not(grown_site: Path):
    for prefix, label in (("", "Cite"), ("es/", "Citar")):
        page = body(grown_site / prefix / "timeline.html")
        row = page[page.index('<tr id="release_events-gamma-2026-01-withheld"') :]
        cite = row[row.index('<details class="ds-rcite">') : row.index("</details>")]
        assert f"<summary>{label}</summary>" in cite
        text = plain(cite)
        assert "gamma-2026-01-withheld" in text
        assert "Secretname" not in text and "Withheld" not in text
        assert "Secretname" not in page
    text = plain(body(grown_site / "timeline.html"))
    assert (
        "Test publisher. “Timeline,” Release events, record gamma-2026-01-withheld. "
        "Fictional test site. timeline.html#release_events-gamma-2026-01-withheld "
        "(Accessed [date accessed])."
    ) in text


def test_the_home_page_anchors_its_events_without_cite_links(built_mini: Path):
    home = body(built_mini / "site/index.html")
    assert '<tr id="facility_events-fort-one-closure-announced"' in home
    assert "ds-rcite" not in home and "cite.js" not in home


def test_a_dataset_with_no_version_yet_cites_its_page_not_the_preview(tmp_path: Path):
    from datasite.cli import main

    root = make_project(tmp_path / "project")
    assert main(["build"], root=root) == 0
    page = body(root / "site/datasets/releases.html")
    box = page[page.index('<section class="ds-citebox"') : page.index("</section>")]
    assert '<h2 id="cite">Cite this page</h2>' in box
    assert "preview" not in box.lower() and "version" not in plain(box).lower()
    assert not (root / "site/datasets/releases").exists()  # no version, no version page


def validate_with_notes(project: Path, capsys, lang: str, version: str, note: str) -> tuple:
    """validate, with one translated version note added to the releases datapackage.yaml: the
    exit code, the first line of output and the line the language key is on."""
    from tests.conftest import run_main

    path = project / "data/releases/datapackage.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    added = ["version_notes:", f"  {lang}:", f'    "{version}": {note}']
    path.write_text("\n".join([*lines, *added]) + "\n", encoding="utf-8")
    code, out, _ = run_main(project, "validate", capsys=capsys)
    return code, out.splitlines()[0], len(lines) + 2


def test_a_note_for_a_version_never_frozen_is_refused_at_its_line(project: Path, capsys):
    code, first, line = validate_with_notes(project, capsys, "es", "1.2.0", "Nota ficticia.")
    assert code == 1
    assert first == (
        f'data/releases/datapackage.yaml:{line + 1}: config: version_notes.es: "1.2.0" is '
        "not a frozen version of releases; the frozen versions are none"
    )


def test_a_note_in_a_language_with_no_pages_of_its_own_is_refused(project: Path, capsys):
    code, first, line = validate_with_notes(project, capsys, "fr", "1.2.0", "Note.")
    assert code == 1
    assert first == (
        f'data/releases/datapackage.yaml:{line}: config: version_notes: "fr" is not a '
        "language the notes are translated into; the site's other languages are es"
    )
