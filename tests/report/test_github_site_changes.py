"""compare-sites: the pages a pull request adds, removes and changes, by language, for the job
summary beside its preview (exact Markdown, on small hand-made sites)."""

from pathlib import Path

import pytest

from datasite.cli import main
from datasite.report.site_changes import as_markdown, compare_sites
from tests.conftest import REPO


def page(title: str, text: str, nav: str = "nav") -> str:
    return (
        f"<html><head><title>{title} - Site</title></head><body><nav>{nav}</nav>"
        f"<article>{text}</article></body></html>"
    )


def write(site: Path, files: dict[str, str]) -> Path:
    site.mkdir()
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Path, Path]:
    """A site before and after a change that touches every kind of file."""
    old = write(
        tmp_path / "old",
        {
            "index.html": page("Home", "hello"),
            "sources.html": page("Sources", "a"),
            "es/index.html": page("Inicio", "hola"),
            "es/leyes/index.html": page("Leyes", "ley"),
            "data/t/latest/t.csv": "a\n1\n",
            "data/t/latest/old.csv": "a\n",
            ".build-fingerprint": "1",
        },
    )
    new = write(
        tmp_path / "new",
        {
            "index.html": page("Home", "hello", nav="nav with a new link"),
            "sources.html": page("Sources", "a, b"),
            "es/index.html": page("Inicio", "hola"),
            "es/lugares/yare.html": page("Yare &amp; <Rodeo>", "nuevo"),
            "data/t/latest/t.csv": "a\n2\n",
            "data/t/latest/new.csv": "a\n",
            ".build-fingerprint": "2",
        },
    )
    return old, new


def test_changes_are_sorted_by_kind(sites):
    changes = compare_sites(*sites)
    assert (changes.added, changes.removed, changes.content, changes.around) == (
        ["es/lugares/yare.html"],
        ["es/leyes/index.html"],
        ["sources.html"],
        ["index.html"],
    )
    assert (changes.other_added, changes.other_removed, changes.other_changed) == (
        ["data/t/latest/new.csv"],
        ["data/t/latest/old.csv"],
        ["data/t/latest/t.csv"],
    )


def test_the_summary_in_spanish_lists_spanish_pages_first(sites):
    assert as_markdown(compare_sites(*sites), "es") == (
        "## Vista previa del sitio: qué cambió\n\n"
        "Páginas: 1 con el texto cambiado, 1 añadidas, 1 quitadas, 1 en las que solo cambió la "
        "navegación o el diseño alrededor del texto. Las rutas son las del artefacto de vista "
        "previa; ábralas en un navegador tras descomprimirlo.\n\n"
        "### Páginas en español\n\n"
        "| Página | Título | Cambio |\n|---|---|---|\n"
        "| <code>es/leyes/index.html</code> | Leyes | quitada |\n"
        "| <code>es/lugares/yare.html</code> | Yare &amp; &lt;Rodeo&gt; | añadida |\n\n"
        "### Páginas en inglés\n\n"
        "| Página | Título | Cambio |\n|---|---|---|\n"
        "| <code>sources.html</code> | Sources | texto cambiado |\n\n"
        "<details><summary>Páginas en las que solo cambió la navegación o el diseño (1)"
        "</summary>\n\n<code>index.html</code>\n\n</details>\n\n"
        "### Otros archivos (descargas, datos, catálogo, índice de búsqueda)\n\n"
        "- añadidos (1): <code>data/t/latest/new.csv</code>\n"
        "- quitados (1): <code>data/t/latest/old.csv</code>\n"
        "- cambiados (1): <code>data/t/latest/t.csv</code>\n\n"
    )


def test_the_summary_in_english_lists_english_pages_first(sites):
    lines = as_markdown(compare_sites(*sites), "en").splitlines()
    assert lines[0] == "## Site preview: what changed"
    assert [line for line in lines if line.startswith("### ")] == [
        "### English pages",
        "### Spanish pages",
        "### Other files (downloads, data, catalog, search index)",
    ]
    assert "| <code>es/lugares/yare.html</code> | Yare &amp; &lt;Rodeo&gt; | added |" in lines


def test_two_builds_of_the_same_data_differ_in_nothing_shown(tmp_path: Path):
    files = {"index.html": page("Home", "hello"), "es/index.html": page("Inicio", "hola")}
    old = write(tmp_path / "a", {**files, ".build-fingerprint": "1", ".datasite-output": ""})
    new = write(tmp_path / "b", {**files, ".build-fingerprint": "2"})
    assert as_markdown(compare_sites(old, new), "en") == (
        "## Site preview: what changed\n\nNo page and no file of the site changed.\n\n"
    )


def test_a_file_name_is_shown_as_text_never_markup(tmp_path: Path):
    old = write(tmp_path / "a", {})
    new = write(tmp_path / "b", {"x_[a](b)`c`|.html": "<title>*t*</title>"})
    assert as_markdown(compare_sites(old, new), "en").splitlines()[-2] == (
        "| <code>x&#95;&#91;a&#93;(b)&#96;c&#96;&#124;.html</code> | &#42;t&#42; | added |"
    )


def test_a_link_in_a_site_is_not_followed(tmp_path: Path):
    old = write(tmp_path / "a", {})
    new = write(tmp_path / "b", {})
    (new / "secret.html").symlink_to(REPO / "README.md")
    assert compare_sites(old, new).added == []


def test_the_command_prints_the_summary(sites, capsys):
    assert main(["compare-sites", *map(str, sites), "--lang", "en"], root=REPO) == 0
    assert capsys.readouterr().out == as_markdown(compare_sites(*sites), "en")


def test_the_command_refuses_a_missing_folder(sites, capsys, tmp_path: Path):
    assert main(["compare-sites", str(tmp_path / "none"), str(sites[1])], root=REPO) == 2
    assert capsys.readouterr().err == (
        f"Error: {tmp_path / 'none'} is not a folder (a site built by `build.py build`)\n"
    )
