"""The shipped data: valid, and the built site leads with the facts reported on 30 January 2026."""

import html
import re
from pathlib import Path

import pytest

from datasite.cli import main
from tests.conftest import REPO


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("shipped") / "site"
    assert main(["build", "--site", str(site)], root=REPO) == 0
    return site


def page_text(path: Path) -> str:
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))).split()
    )


def test_shipped_data_is_valid(capsys):
    assert main(["validate"], root=REPO) == 0
    assert capsys.readouterr().out == "The data is valid.\n"


def featured(path: Path) -> str:
    """The text of the home page's pinned list."""
    text = path.read_text(encoding="utf-8")
    start = text.index('<ul class="ds-featured">')
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", text[start : text.index("</ul>", start)])).split()
    )


def test_home_page_has_the_headline_facts(shipped_site: Path):
    home = page_text(shipped_site / "index.html")
    for fact in (
        "Released from prison (independent count) counting since 8 January 2026 at least 670 "
        "Foro Penal",
        "Excarcelations (government figure) counting since December 2025 more than 800",
        "Exclusions: homicide, drug trafficking, corruption, human-rights violations.",
        "El Helicoide — Closure announced: Social and sports centre",
        "US citizens: all known",
        # the latest events reach the releases and statements of late February and March
        "27 February 2026 Full liberty: Freddy Superlano",
        "12 March 2026 Amnesty law : The UN Fact-Finding Mission on Venezuela expressed",
    ):
        assert fact in home, fact
    # That day's NGO and government counts (other measures, other periods) are not pinned side
    # by side: data/site.yaml pins events only.
    pinned = featured(shipped_site / "index.html")
    assert "302" not in pinned and "800" not in pinned and "El Helicoide" in pinned


def test_spanish_home_page_has_the_headline_facts(shipped_site: Path):
    home = page_text(shipped_site / "es/index.html")
    for fact in (
        "Excarcelados (conteo independiente) contando desde el 8 de enero de 2026 al menos 670 "
        "Foro Penal",
        "más de 800",
        "homicidio, narcotráfico, corrupción, violaciones de derechos humanos",
    ):
        assert fact in home, fact
    assert "302" not in featured(shipped_site / "es/index.html")


def test_el_helicoide_page(shipped_site: Path):
    page = page_text(shipped_site / "facilities/el-helicoide.html")
    assert "10.4894, -66.9099" in page
    assert "Closure announced" in page and "Works started" in page


def test_every_shipped_package_passes_frictionless(shipped_site: Path):
    from frictionless import Package

    folders = sorted(p for p in (shipped_site / "data").glob("*/*") if p.name != "latest")
    # Every frozen version, and a preview of working data that differs from the newest one.
    frozen = sorted(
        f"{p.parent.name}/{p.name}" for p in (REPO / "versions").glob("*/*") if p.is_dir()
    )
    published = [f"{p.parent.name}/{p.name}" for p in folders]
    assert [f for f in published if not f.endswith("/preview")] == frozen
    assert {f.split("/")[0] for f in frozen} == {
        "amnesty-law",
        "detention-facilities",
        "prisoner-releases",
        "references",
    }
    for folder in folders:
        report = Package(str(folder / "datapackage.json")).validate()
        assert report.valid, (folder, report.flatten(["rowNumber", "fieldName", "type", "note"]))


def test_readme_documents_every_command_and_option():
    from datasite.cli import parser

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    top = parser()
    options = [
        o for a in top._actions for o in a.option_strings if o.startswith("--") and o != "--help"
    ]
    sub = next(a for a in top._actions if a.choices and "build" in a.choices)
    for name, command in sub.choices.items():
        assert f"build.py {name}" in readme, name
        options += [
            o
            for a in command._actions
            for o in a.option_strings
            if o.startswith("--") and o != "--help"
        ]
    for option in options:
        assert option in readme, option


def test_the_shipped_headline_never_sets_the_amnesty_balance_beside_the_ngo_count(shipped_site):
    """Issue 13: the government's amnesty-only figures count from 20 February, Foro Penal's
    releases from 8 January; each stands in its own row, the other claimant's cell says so."""
    page = (shipped_site / "index.html").read_text(encoding="utf-8")

    def group(key: str) -> str:
        start = page.index(f'<tbody class="ds-headline-group" id="headline-{key}">')
        return " ".join(
            re.sub(r"<[^>]+>", " ", page[start : page.index("</tbody>", start)]).split()
        )

    released = group("released-from-prison-2026-01-08")
    assert "counting since 8 January 2026" in released
    assert "at least 670" in released and "No comparable figure" in released
    amnesty = group("amnesty-released-from-prison-2026-02-20")
    assert "253 as of 12 March 2026 counting since 20 February 2026" in amnesty
    assert amnesty.index("No comparable figure") < amnesty.index("253")  # Foro Penal's column


def test_the_shipped_site_has_no_interface_text_of_the_other_language(shipped_site: Path):
    """The build refuses such a page (render/words.py); checked here over the built pages too."""
    from datasite.load.project import read_yaml_mapping
    from datasite.render.words import language_problems

    en, es = (
        read_yaml_mapping(REPO, REPO / f"site_templates/i18n/{x}.yaml") for x in "en es".split()
    )
    found = language_problems(shipped_site, "en", en, {"es": es}, ["es"])
    found += language_problems(shipped_site / "es", "es", es, {"en": en}, (), "es/")
    assert found == []


def test_the_shipped_spanish_pages_carry_the_translated_notes(shipped_site: Path):
    helicoide = page_text(shipped_site / "es/facilities/el-helicoide.html")
    assert "Aproximadas; tomadas de su artículo de enciclopedia." in helicoide
    assert "Approximate" not in helicoide
    sources = page_text(shipped_site / "es/sources.html")
    assert "La Razón (México)" in sources and "(Mexico)" not in sources
    assert "La página no mostraba fecha; el texto indica el 2026-01-29" in sources
    assert "texto de agencia (agencia no indicada)" in sources


def test_the_shipped_map_marks_el_helicoide_only(shipped_site: Path):
    for prefix, without in (("", "8 facilities have no coordinates"), ("es/", "8 centros no")):
        index = (shipped_site / prefix / "facilities/index.html").read_text(encoding="utf-8")
        drawing = re.search(r'<figure class="ds-map">.*?</figure>', index, re.DOTALL).group()
        assert re.findall(r'<a href="([^"]+)" aria-label', drawing) == ["el-helicoide.html"]
        assert "://" not in drawing
        assert (shipped_site / prefix / "facilities/el-helicoide.html").is_file()
        assert without in page_text(shipped_site / prefix / "facilities/index.html")


def test_every_versions_note_is_in_spanish_on_its_spanish_page(shipped_site: Path):
    """Each frozen version's note has its translation in its datapackage.yaml, shown in Spanish."""
    notes = 0
    for page in sorted((shipped_site / "es/datasets").glob("*/*.html")):
        text = page.read_text(encoding="utf-8")
        start = text.find('<div class="ds-changelog">')
        if start < 0:
            continue
        block = text[start : text.index("</div>", start)]
        assert '<p lang="en">' not in block and '<p lang="en"' not in block, page
        notes += block.count("<p")
    assert notes >= 14
