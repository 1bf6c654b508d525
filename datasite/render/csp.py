"""Each page's Content-Security-Policy: only our own files, plus the theme's inline scripts by hash.

Data never reaches a page as script (every value is escaped, in our templates and, through
theme_hooks.py, in the theme's), so the policy is a second wall: even if markup slipped through, no
inline script or handler from data would run, and nothing loads from another site. The theme's few
inline scripts are allowed by their sha256, computed at build from the theme's own templates. A
script whose text varies per page (it holds a template expression) cannot be hashed: none may be
left in a page (Material's first one is replaced by assets/md-scope.js in our overrides), and the
policy is the first element of <head>, so it governs every script of the page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# What a policy is made of here: keywords, hashes, schemes. Nothing that needs escaping in HTML,
# so the theme can write it unescaped and keep <meta charset> in the page's first 1024 bytes.
POLICY_TEXT = re.compile(r"[A-Za-z0-9+/=' ;:-]+")


def theme_script_hashes(template_dirs: list[Path]) -> list[str]:
    """'sha256-…' for every inline script in the theme's templates whose text is fixed."""
    hashes = set()
    for folder in template_dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            for body in _SCRIPT.findall(path.read_text(encoding="utf-8")):
                if "{{" in body or "{%" in body:
                    continue
                hashes.add(script_hash(body))
    return sorted(hashes)


def content_security_policy(template_dirs: list[Path]) -> str:
    """A policy for a static site: all from our own origin, no inline script but the theme's."""
    scripts = " ".join(["'self'", *theme_script_hashes(template_dirs)])
    policy = "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )
    if not POLICY_TEXT.fullmatch(policy):
        raise ValueError(f"unexpected character in the Content-Security-Policy: {policy}")
    return policy


def material_templates() -> Path:
    """The folder of the Material theme's templates."""
    import material

    return Path(material.__file__).parent / "templates"


_HEAD_POLICY = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_ANY_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_NOT_RUN = re.compile(r'\btype="application/(?:ld\+)?json"', re.IGNORECASE)


def page_problems(html: str, policy: str) -> list[str]:
    """What breaks the promise in a written page: the policy not first in <head>, or an inline
    script it does not allow (a theme change the policy has not caught up with)."""
    head = _HEAD_POLICY.search(html)
    if head is None or head.group(1) != policy:
        return ["the Content-Security-Policy is not the first element of <head>"]
    problems = []
    for attrs, body in _ANY_SCRIPT.findall(html):
        if "src=" in attrs.lower() or _NOT_RUN.search(attrs):
            continue
        if script_hash(body) not in policy:
            problems.append(f"an inline script the policy does not allow: {body[:60]}")
    return problems


def script_hash(body: str) -> str:
    """The policy's source expression for one inline script."""
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"
