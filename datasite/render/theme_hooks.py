"""MkDocs hooks: the theme's templates escape every value, as the project's own templates do.

MkDocs renders the Material theme with autoescaping off, so a page title, the site name or a nav
title from data reached <title>, the header and the navigation as live HTML. Here autoescaping is
turned on, and the values that are HTML by design (a page's rendered body, Markdown headings in
its table of contents) are marked safe; every other value is text and is escaped once. Titles are
marked safe only after escaping them here, so `{{ page.title | striptags }}` gives back the plain
text, which autoescaping escapes again for <title>, and the search index holds them escaped too.
Every written page is then checked: its Content-Security-Policy must be the first element of
<head> and allow each of its inline scripts, or the build stops (a theme upgrade can add a script).
run_mkdocs passes this file to MkDocs as a hook; it is not meant to be edited per project.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from datasite.render.csp import page_problems


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Escape by default; mark every page's titles and table of contents as escaped text."""
    env.autoescape = True
    for file in files.documentation_pages():
        if file.page is not None:
            escape_titles(file.page)
    return env


def escape_titles(page: Any) -> None:
    """A page's title (text from the nav, front matter or file name) becomes escaped HTML, once."""
    meta_title = page.meta.get("title")
    if isinstance(meta_title, str):
        page.meta["title"] = escape(meta_title)
    from_nav = "title" in vars(page)  # given by the nav: text, set on the instance
    rendered = getattr(page, "_title_from_render", None)
    if not from_nav and meta_title is None and rendered:
        page.title = Markup(rendered)  # a Markdown h1's text, which MkDocs keeps escaped
    elif page.title is not None:
        page.title = escape(page.title)
    for item in page.toc:
        escape_toc(item)


def escape_toc(item: Any) -> None:
    """Markdown gives heading text already escaped: mark it so it is not escaped twice."""
    item.title = Markup(item.title)
    for child in item.children:
        escape_toc(child)


@event_priority(-100)  # last, after the search plugin has read the page's HTML as a plain string
def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    """The page's body is HTML made by Markdown from escaped templates: it is output as is."""
    if page.content is not None:
        page.content = Markup(page.content)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Stop the build if a page's policy is not first in <head> or leaves one of its scripts out."""
    return checked(output, page.file.src_uri, config)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The same for the theme's own pages (404.html); other templates (sitemap.xml) are not HTML."""
    if not template_name.endswith(".html"):
        return output_content
    if template_name == "404.html":
        output_content = not_found_links(output_content, config.site_url or "")
    return checked(output_content, template_name, config)


_BASE_META = '<meta charset="utf-8">'


def not_found_links(html: str, site_url: str) -> str:
    """MkDocs writes the 404 page's links from the host's root ("/about.html", "//es/…"), which
    break under a sub-path, from file:// and, for the Spanish page, lead to English pages. They
    become relative to the page's own folder (the language's root, where the page is written);
    with a site address a <base> makes them right at whatever depth the host serves the page."""
    root = urllib.parse.urlsplit(site_url).path.rstrip("/")
    html = re.sub(rf'\b(href|src)="{re.escape(root)}/+(?!/)', r'\1="', html)
    html = html.replace('"base": "/"', '"base": "."').replace(f'"base": "{root}"', '"base": "."')
    if site_url and _BASE_META in html:
        base = f'<base href="{escape(site_url)}">'
        html = html.replace(_BASE_META, _BASE_META + base, 1)
    return html


def checked(html: str, name: str, config: Any) -> str:
    policy = config.extra.get("csp")
    if not policy:  # MkDocs run by hand, not by build.py: there is no policy to check
        return html
    problems = page_problems(html, policy)
    if problems:
        raise PluginError(f"{name}: " + "; ".join(problems))
    return html
