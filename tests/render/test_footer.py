"""Every page's footer and description: the data's versions and dates, the licence, the feed and
catalog, a way to report an error or a privacy problem, and the site described, in the page's
language."""

import posixpath
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_EPOCH, make_project, run_main

FOOTER = re.compile(r'<div class="ds-footer">(.*?)</div>', re.S)
HREF = re.compile(r'<a href="([^"]*)"')


def footer_links(page: Path) -> list[str]:
    (footer,) = FOOTER.findall(page.read_text(encoding="utf-8"))
    return HREF.findall(footer)


def pages(site: Path) -> list[Path]:
    return sorted(
        p for p in site.rglob("*.html") if "browse" not in p.parts and p.name != "404.html"
    )


def resolves(site: Path, page: Path, link: str) -> bool:
    """A relative link from a page reaches a file of the site (the anchor aside)."""
    path = link.partition("#")[0]
    target = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), path))
    return (site / target).is_file()


def test_every_page_has_a_footer_whose_links_all_resolve(built_mini: Path):
    site = built_mini / "site"
    for page in pages(site):
        links = footer_links(page)
        local = [link for link in links if "://" not in link]
        assert any(link.endswith("feed.xml") for link in local), page
        assert any(link.endswith("catalog.jsonld") for link in local), page
        assert any(link.endswith("about.html#corrections") for link in local), page
        for link in local:
            assert resolves(site, page, link), (page, link)


@pytest.mark.parametrize(
    "lang, words",
    [
        ("", ("Never report personal data", "Report a vulnerability", "never the detail itself")),
        ("es/", ("No comunique en público", "Report a vulnerability", "nunca el dato mismo")),
    ],
)
def test_the_footers_report_link_leads_to_a_private_way_for_personal_data(
    built_mini: Path, lang: str, words: tuple[str, ...]
):
    """Without a repository address the footer's "How to report an error or a privacy problem"
    leads to the about page's corrections, which said only "open an issue": a public place,
    where SECURITY.md says a leaked detail must never be copied."""
    html = (built_mini / "site" / lang / "about.html").read_text(encoding="utf-8")
    section = html[html.index('id="corrections"') : html.index('id="how-to-cite"')]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section))
    assert all(w in text for w in words), text


def test_the_footer_speaks_the_pages_language(built_mini: Path):
    site = built_mini / "site"
    english = site.joinpath("index.html").read_text(encoding="utf-8")
    spanish = site.joinpath("es/index.html").read_text(encoding="utf-8")
    assert "How to report an error or a privacy problem" in english
    assert "Cómo informar de un error o de un problema de privacidad" in spanish
    assert "How to report" not in spanish and "Feed of new versions" not in spanish
    # Each dataset's version and date, as its page says them.
    assert re.search(r"releases\.html\">[^<]+</a> 1\.2\.0 \(1 February 2026\)", english)
    assert re.search(r"releases\.html\">[^<]+</a> 1\.2\.0 \(1 de febrero de 2026\)", spanish)


@pytest.fixture(scope="module")
def with_repository(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("repo") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
        patch.setenv("DATASITE_REPOSITORY", "https://github.com/example/presos")
        code, _, _ = run_main(root, "build", capsys=_NoCapture())
    assert code == 0
    return root / "site"


class _NoCapture:
    """run_main's capsys stand-in for a module fixture (the output is not read)."""

    def readouterr(self):
        return "", ""


def test_with_a_repository_the_footer_links_to_its_forms_and_private_reporting(
    with_repository: Path,
):
    for page in (with_repository / "index.html", with_repository / "es/datasets/releases.html"):
        links = footer_links(page)
        assert "https://github.com/example/presos/issues/new/choose" in links
        assert "https://github.com/example/presos/security/advisories/new" in links
        assert not any(link.endswith("about.html#corrections") for link in links)
    # and the about page's private way links there too, in both languages
    for about in (with_repository / "about.html", with_repository / "es/about.html"):
        html = about.read_text(encoding="utf-8")
        section = html[html.index('id="privacy-report"') :]
        assert 'href="https://github.com/example/presos/security/advisories/new"' in section[:1500]


def test_each_language_describes_its_pages_in_its_own_words(built_mini: Path):
    site = built_mini / "site"
    meta = re.compile(r'<meta name="description" content="([^"]*)">')
    for page in pages(site):
        (description,) = meta.findall(page.read_text(encoding="utf-8"))
        spanish = page.relative_to(site).parts[0] == "es"
        assert description == (
            "Datos ficticios para pruebas." if spanish else "Fictional data for tests."
        ), page


def test_every_page_404_included_has_its_skip_links_target(built_mini: Path):
    every = sorted(p for p in (built_mini / "site").rglob("*.html") if "browse" not in p.parts)
    assert any(p.name == "404.html" for p in every)
    missing = [
        p.relative_to(built_mini).as_posix()
        for p in every
        if 'href="#ds-main"' in (text := p.read_text(encoding="utf-8"))
        and 'id="ds-main"' not in text
    ]
    assert missing == []


def test_a_table_of_one_row_says_row_not_rows(built_mini: Path):
    for page, words in (
        ("tables/legal_instruments.html", "1 row ·"),
        ("es/tables/legal_instruments.html", "1 fila ·"),
    ):
        assert words in (built_mini / "site" / page).read_text(encoding="utf-8")
