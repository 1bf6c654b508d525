"""MkDocs' Markdown conversion of a page, kept in the build memo: a page whose Markdown, place in
the site, list of files and Markdown settings are the last build's is not converted again.

Converting is most of MkDocs' time (Python-Markdown parses every raw HTML block of a page); the
theme's templates still run for every page, with the same content, so the page is written as a
clean build writes it. A conversion that logged a warning is never kept: in strict mode it stops
the build, and a kept page must not hide a warning a clean build would give.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from datasite.publish.memo import Memo

KIND = "markdown"


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def settings_key(config: Any, files: Any) -> str:
    """What a conversion reads besides the page: the Markdown settings, URL style, link
    validation, and every file a link can reach (a link to a file that is gone must warn)."""
    return json.dumps(
        [
            repr(config["markdown_extensions"]),
            repr(config["mdx_configs"]),
            config["use_directory_urls"],
            repr(config["validation"]),
            sorted((f.src_uri, f.dest_uri, f.is_documentation_page()) for f in files),
        ]
    )


@contextmanager
def conversions_memoized(memo: Memo, used: set[tuple[str, str]]) -> Iterator[None]:
    """While MkDocs builds: Page.render reads a page's conversion from the memo, or converts and
    keeps it; the keys it used are added to `used` (the memo of a forked child is not the
    parent's: the caller hands them back)."""
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import get_toc

    convert = Page.render
    settings: dict[int, str] = {}  # per Files object: one build's list of files

    def render(page: Any, config: Any, files: Any) -> None:
        if id(files) not in settings:
            settings[id(files)] = settings_key(config, files)
        key = memo.key(KIND, settings[id(files)], page.file.src_uri, page.markdown or "")
        used.add((KIND, key))
        kept = memo.get_json(KIND, key)
        if isinstance(kept, dict) and restore(page, kept, files, get_toc):
            return
        counter = _Count()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(counter)
        try:
            convert(page, config, files)
        finally:
            logger.removeHandler(counter)
        if not counter.count:
            memo.put_json(KIND, key, saved(page))

    Page.render = render
    try:
        yield
    finally:
        Page.render = convert


def saved(page: Any) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [token(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None
        if links is None
        else {
            f.src_uri: dict(sorted(v.items()))
            for f, v in sorted(links.items(), key=lambda item: item[0].src_uri)
        },
    }


def token(item: Any) -> dict:
    return {
        "name": item.title,
        "id": item.id,
        "level": item.level,
        "children": [token(child) for child in item.children],
    }


def restore(page: Any, kept: dict, files: Any, get_toc: Any) -> bool:
    """Set what Page.render sets; False (convert instead) when an entry is not whole."""
    try:
        links = kept["links"]
        if links is not None:
            targets = {uri: files.get_file_from_path(uri) for uri in links}
            if any(target is None for target in targets.values()):
                return False
            links = {targets[uri]: dict(anchors) for uri, anchors in links.items()}
        page.content = str(kept["content"])
        page.toc = get_toc(kept["toc"])
        page._title_from_render = kept["title"]
        page.present_anchor_ids = set(kept["anchors"])
        if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
    return True
