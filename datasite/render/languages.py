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
    extra = {
        "alternate": alternates,
        "hreflang": hreflang(settings, lang),
        "site_links": {
            name: from_root(settings, lang, page_in_language(settings, lang, path))
            for name, path in SITE_LINKS.items()
        },
    }
    settings_out: dict = {"extra": extra}
    if settings.base_url:  # MkDocs then writes canonical links and an absolute sitemap
        settings_out["site_url"] = from_root(settings, lang, settings.language_folder(lang) + "/")[
            "href"
        ]
    if settings.text("title", lang):
        settings_out["site_name"] = settings.text("title", lang)
    if settings.text("description", lang):  # each page's <meta name="description">
        settings_out["site_description"] = settings.text("description", lang)
    return settings_out


# Files every page links to in its head: the feed (each language has its own, in its folder)
# and the DCAT catalog (one for the whole site).
SITE_LINKS = {"feed": "feed.xml", "catalog": "catalog.jsonld"}
PER_LANGUAGE = {"feed.xml"}


def page_in_language(settings: SiteSettings, lang: str, path: str) -> str:
    """Where a SITE_LINKS file is in the site for a page of lang."""
    folder = settings.language_folder(lang)
    return f"{folder}/{path}" if folder and path in PER_LANGUAGE else path


def from_root(settings: SiteSettings, lang: str, path: str) -> dict:
    """A link to a path of the whole site from a page of lang's build: absolute under base_url
    when set; else relative to that build's root, for the template to put behind `base_url`."""
    path = path.lstrip("/")
    if settings.base_url:
        return {"href": f"{settings.base_url.rstrip('/')}/{path}", "absolute": True}
    here = settings.language_folder(lang) or "."
    up = posixpath.relpath(".", here)
    return {"href": path if up == "." else f"{up}/{path}", "absolute": False}


def hreflang(settings: SiteSettings, lang: str) -> list[dict]:
    """Where each language's copy of a page lives, from lang's build: one entry per language and
    x-default (the first language), each a folder that the page's own URL is appended to."""
    entries = []
    for code in [*settings.languages, "x-default"]:
        folder = settings.language_folder(settings.languages[0] if code == "x-default" else code)
        entries.append({"lang": code, **from_root(settings, lang, folder + "/" if folder else "")})
    return entries
