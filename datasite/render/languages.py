"""The per-language MkDocs settings (site name, language switch); where each language's pages
live is SiteSettings.language_folder."""

from __future__ import annotations

import posixpath

from datasite.model import SiteSettings

# Each language named in its own language, as readers look for it in a switch.
NATIVE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


def mkdocs_settings(settings: SiteSettings, lang: str) -> dict:
    """MkDocs settings for one language: its site name, its address when the site has one, and
    links to the other languages' roots."""
    here = settings.language_folder(lang) or "."
    alternates = []
    for other in settings.languages:
        if other == lang:
            continue
        there = settings.language_folder(other) or "."
        root = posixpath.relpath(there, here)
        # `root` ends in "/" so a page URL can be appended: "es/" + "facilities/x.html".
        alternates.append(
            {
                "name": settings.language_names.get(other, NATIVE_NAMES.get(other, other)),
                "lang": other,
                "link": ("" if root == "." else root + "/") + "index.html",
                "root": "" if root == "." else root + "/",
            }
        )
    settings_out: dict = {"extra": {"alternate": alternates}}
    if settings.text("title", lang):
        settings_out["site_name"] = settings.text("title", lang)
    if settings.base_url:
        # MkDocs writes the sitemap and each page's canonical link from site_url; each language's
        # pages are built as a site of their own under their folder.
        folder = here if here != "." else ""
        settings_out["site_url"] = settings.base_url.rstrip("/") + "/" + (folder and folder + "/")
    return settings_out
