"""Where each language's pages live and the per-language MkDocs settings (site name, switch)."""

from __future__ import annotations

import posixpath

# Each language named in its own language, as readers look for it in a switch.
NATIVE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


def language_folder(site: dict, lang: str) -> str:
    """The folder of a language's pages in the site: "" for the first language, else "<lang>"."""
    languages = site.get("languages", ["en"])
    return "" if lang == languages[0] else lang


def mkdocs_settings(site: dict, lang: str) -> dict:
    """MkDocs settings for one language: its site name and links to the other languages' roots."""
    here = language_folder(site, lang) or "."
    alternates = []
    for other in site.get("languages", ["en"]):
        if other == lang:
            continue
        there = language_folder(site, other) or "."
        root = posixpath.relpath(there, here)
        # `root` ends in "/" so a page URL can be appended: "es/" + "facilities/x.html".
        alternates.append(
            {
                "name": (site.get("language_names") or {}).get(
                    other, NATIVE_NAMES.get(other, other)
                ),
                "lang": other,
                "link": ("" if root == "." else root + "/") + "index.html",
                "root": "" if root == "." else root + "/",
            }
        )
    translated = (site.get("i18n") or {}).get(lang, {})
    settings: dict = {"extra": {"alternate": alternates}}
    if translated.get("title") or site.get("title"):
        settings["site_name"] = translated.get("title") or site["title"]
    return settings
