"""The site's public address: from site.yaml, DATASITE_BASE_URL or --base-url; without one the
build works with relative links and says so once."""

import re
from pathlib import Path

from datasite.cli import NO_ADDRESS
from tests.conftest import FIXTURE_EPOCH, edit, run_main

LOC = re.compile(r"<loc>([^<]*)</loc>")


def locations(site: Path, lang_folder: str = "") -> list[str]:
    return LOC.findall((site / lang_folder / "sitemap.xml").read_text(encoding="utf-8"))


def test_without_an_address_links_stay_relative_and_the_build_says_so_once(
    project, capsys, monkeypatch
):
    monkeypatch.delenv("DATASITE_BASE_URL", raising=False)
    code, _, err = run_main(project, "build", capsys=capsys)
    assert code == 0
    assert err.count(NO_ADDRESS) == 1
    assert locations(project / "site") == []


def test_the_hosting_steps_address_reaches_the_sitemap_and_the_flag_overrides_it(
    project, capsys, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    monkeypatch.setenv("DATASITE_BASE_URL", "https://example.org/presos")
    code, _, err = run_main(project, "build", capsys=capsys)
    assert code == 0 and NO_ADDRESS not in err
    english, spanish = locations(project / "site"), locations(project / "site", "es")
    assert "https://example.org/presos/index.html" in english
    assert "https://example.org/presos/es/index.html" in spanish
    assert all(u.startswith("https://example.org/presos/") for u in english)
    assert all(u.startswith("https://example.org/presos/es/") for u in spanish)

    # The same inputs with another address are another build, not "nothing changed".
    code, _, err = run_main(
        project, "build", "--base-url", "https://data.example.net/", capsys=capsys
    )
    assert code == 0 and "Nothing changed" not in err
    assert "https://data.example.net/index.html" in locations(project / "site")


def test_a_bad_address_on_the_command_line_or_in_the_environment_stops_before_building(
    project, capsys, monkeypatch
):
    monkeypatch.setenv("DATASITE_BASE_URL", "example.org/presos")
    code, _, err = run_main(project, "build", capsys=capsys)
    assert code == 2
    assert err == (
        'Error: DATASITE_BASE_URL: "example.org/presos" must be an address such as '
        "https://example.org/data/ (https:// or http://, no ? or #)\n"
    )
    code, _, err = run_main(project, "build", "--base-url", "javascript:alert(1)//", capsys=capsys)
    assert code == 2 and err.startswith('Error: --base-url: "javascript:alert(1)//" must be')
    assert not (project / "site").exists()


def test_site_yaml_refuses_an_address_that_is_not_one(project, capsys):
    edit(project / "data/site.yaml", "languages: [en, es]", 'languages: [en, es]\nbase_url: "x"')
    line = (project / "data/site.yaml").read_text(encoding="utf-8").splitlines().index(
        'base_url: "x"'
    ) + 1
    code, out, _ = run_main(project, "validate", "--lang", "en", capsys=capsys)
    assert code == 1
    assert (
        f'data/site.yaml:{line}: setting-value: base_url: "x" must be an address such as '
        "https://example.org/data/ (https:// or http://, no ? or #)"
    ) in out
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert "una dirección como https://example.org/datos/ (https:// o http://, sin ? ni #)" in out
