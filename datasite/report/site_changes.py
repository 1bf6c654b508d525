"""What a change does to the built site: pages added, removed and changed, by language, as the
Markdown a pull request's job summary shows beside its preview artifact.

Both sites must be built with the same SOURCE_DATE_EPOCH (the workflow sets it): the preview
downloads are dated by it, and everything else a build writes is the same from one build to the
next except the files whose names start with a dot (the build's fingerprint and marker), which
are left out here.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from datasite.report.output import md_cell

# Spanish pages live under es/; every other page is English.
SPANISH_PREFIX = "es/"
# Past this many, a list of other files (downloads, data, search index) is cut with a count.
OTHER_FILES_SHOWN = 30

ARTICLE = re.compile(rb"<article\b.*?</article>", re.DOTALL)
TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)


@dataclass
class SiteChanges:
    """Paths inside the new site (or the old one, for removed files), relative, with slashes."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # A page whose text (its <article>) differs; a page where only what surrounds it differs
    # (navigation, header, footer), which a new page elsewhere changes on every page.
    content: list[str] = field(default_factory=list)
    around: list[str] = field(default_factory=list)
    # Files that are not pages: downloads, data, catalog, search index, styles.
    other_added: list[str] = field(default_factory=list)
    other_removed: list[str] = field(default_factory=list)
    other_changed: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)


def site_files(site: Path) -> dict[str, Path]:
    """Every regular file of a built site by its relative path; dot files and links left out."""
    found = {}
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            found[path.relative_to(site).as_posix()] = path
    return found


def title_of(page: bytes) -> str:
    """A page's <title>, without the site name after the last " - "."""
    match = TITLE.search(page)
    if not match:
        return ""
    text = html.unescape(match.group(1).decode("utf-8", errors="replace")).strip()
    return text.rsplit(" - ", 1)[0]


def compare_sites(old: Path, new: Path) -> SiteChanges:
    """The files the new site adds, removes and changes against the old one."""
    before, after = site_files(old), site_files(new)
    changes = SiteChanges()
    for path in sorted(before.keys() | after.keys()):
        page = path.endswith(".html")
        if path not in before:
            (changes.added if page else changes.other_added).append(path)
        elif path not in after:
            (changes.removed if page else changes.other_removed).append(path)
        else:
            old_bytes, new_bytes = before[path].read_bytes(), after[path].read_bytes()
            if old_bytes == new_bytes:
                continue
            if not page:
                changes.other_changed.append(path)
            elif article(old_bytes) != article(new_bytes):
                changes.content.append(path)
            else:
                changes.around.append(path)
        if page:
            source = after.get(path) or before[path]
            changes.titles[path] = title_of(source.read_bytes())
    return changes


def article(page: bytes) -> bytes:
    """A page's own text: its <article> (the whole page when it has none)."""
    match = ARTICLE.search(page)
    return match.group(0) if match else page


WORDS = {
    "en": {
        "heading": "Site preview: what changed",
        "none": "No page and no file of the site changed.",
        "count": (
            "Pages: {content} with changed text, {added} added, {removed} removed, {around} with "
            "only the navigation or layout around the text changed. Paths are inside the preview "
            "artifact; open them in a browser after unzipping it."
        ),
        "es": "Spanish pages",
        "en": "English pages",
        "page": "Page",
        "title": "Title",
        "change": "Change",
        "added": "added",
        "removed": "removed",
        "content": "text changed",
        "around": "Pages where only the navigation or layout changed ({count})",
        "other": "Other files (downloads, data, catalog, search index)",
        "other_added": "added",
        "other_removed": "removed",
        "other_changed": "changed",
        "more": "… and {count} more",
    },
    "es": {
        "heading": "Vista previa del sitio: qué cambió",
        "none": "No cambió ninguna página ni ningún archivo del sitio.",
        "count": (
            "Páginas: {content} con el texto cambiado, {added} añadidas, {removed} quitadas, "
            "{around} en las que solo cambió la navegación o el diseño alrededor del texto. Las "
            "rutas son las del artefacto de vista previa; ábralas en un navegador tras "
            "descomprimirlo."
        ),
        "es": "Páginas en español",
        "en": "Páginas en inglés",
        "page": "Página",
        "title": "Título",
        "change": "Cambio",
        "added": "añadida",
        "removed": "quitada",
        "content": "texto cambiado",
        "around": "Páginas en las que solo cambió la navegación o el diseño ({count})",
        "other": "Otros archivos (descargas, datos, catálogo, índice de búsqueda)",
        "other_added": "añadidos",
        "other_removed": "quitados",
        "other_changed": "cambiados",
        "more": "… y {count} más",
    },
}


def language_of(path: str) -> str:
    return "es" if path.startswith(SPANISH_PREFIX) else "en"


def code(path: str) -> str:
    """A path from the built site, shown literally (a file name is data, never markup)."""
    return f"<code>{md_cell(path)}</code>"


def as_markdown(changes: SiteChanges, lang: str = "en") -> str:
    """The job summary's section: counts, then a table of pages per language (lang's first)."""
    words = WORDS[lang]
    lines = [f"## {words['heading']}", ""]
    rows = (
        [(p, "added") for p in changes.added]
        + [(p, "removed") for p in changes.removed]
        + [(p, "content") for p in changes.content]
    )
    others = ("other_added", "other_removed", "other_changed")
    if not rows and not changes.around and not any(getattr(changes, o) for o in others):
        return "\n".join([*lines, words["none"], ""]) + "\n"
    counts = {
        name: len(getattr(changes, name)) for name in ("content", "added", "removed", "around")
    }
    lines += [words["count"].format(**counts), ""]
    for language in sorted(("en", "es"), key=lambda language: language != lang):
        mine = sorted(r for r in rows if language_of(r[0]) == language)
        if not mine:
            continue
        lines += [
            f"### {words[language]}",
            "",
            f"| {words['page']} | {words['title']} | {words['change']} |",
            "|---|---|---|",
        ]
        for path, kind in mine:
            lines.append(
                f"| {code(path)} | {md_cell(changes.titles.get(path, ''))} | {words[kind]} |"
            )
        lines.append("")
    if changes.around:
        lines += [
            "<details><summary>"
            + md_cell(words["around"].format(count=len(changes.around)))
            + "</summary>",
            "",
            ", ".join(code(p) for p in changes.around),
            "",
            "</details>",
            "",
        ]
    if any(getattr(changes, o) for o in others):
        lines += [f"### {words['other']}", ""]
        for name in others:
            paths = getattr(changes, name)
            if not paths:
                continue
            shown = ", ".join(code(p) for p in paths[:OTHER_FILES_SHOWN])
            if len(paths) > OTHER_FILES_SHOWN:
                shown += " " + words["more"].format(count=len(paths) - OTHER_FILES_SHOWN)
            lines.append(f"- {words[name]} ({len(paths)}): {shown}")
        lines.append("")
    return "\n".join(lines) + "\n"
