"""Links in configuration files (datapackage.yaml, site.yaml): only http(s) and relative paths."""

from __future__ import annotations

import re
from typing import Any

from datasite.issues import Issue, field_prefix, line_of_text

SAFE_URL = re.compile(r"^https?://[^\s\"'<>\\`]+$", re.IGNORECASE)


URL_KEYS = {"url", "homepage", "href", "link", "src", "image", "logo", "profile", "$schema"}


# `path` is a link only where the Data Package standard lets it be one (licences, sources).
PATH_PARENTS = {"licenses", "sources", "contributors"}


_CONTROL = re.compile(r"[\x00-\x20]")


SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def config_link_issues(where: str, text: str, value: Any, parent: str = "") -> list[Issue]:
    """Each link-like setting (url, homepage, licence path…) is http(s) or a plain relative path."""
    issues: list[Issue] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and is_link_key(str(key), parent) and not safe_link(item):
                issues.append(
                    Issue(
                        where,
                        line_of_text(text, item),
                        "unsafe-url",
                        f'{field_prefix(str(key))}"{item[:80]}" must be an http(s) link or a '
                        "relative path inside the project",
                        field=str(key),
                    )
                )
            else:
                issues += config_link_issues(where, text, item, str(key))
    elif isinstance(value, list):
        for item in value:
            issues += config_link_issues(where, text, item, parent)
    return issues


def is_link_key(key: str, parent: str) -> bool:
    lowered = key.lower()
    return (
        lowered in URL_KEYS
        or lowered.endswith("_url")
        or (lowered == "path" and parent in PATH_PARENTS)
    )


def safe_link(value: str) -> bool:
    """http(s) links, or relative paths that stay inside."""
    # Browsers ignore controls and spaces in a scheme, so they are dropped before it is read.
    squeezed = _CONTROL.sub("", value).lower()
    if SCHEME.match(squeezed):
        return bool(SAFE_URL.match(value.strip()))
    return not (
        squeezed.startswith(("/", "\\"))
        or "\\" in squeezed
        or ".." in squeezed.split("/")
        or ":" in squeezed
    )
