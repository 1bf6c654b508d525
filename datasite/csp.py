"""The Content-Security-Policy of every page: only our own files run, plus the theme's fixed inline scripts by hash.

Data never reaches a page as script (every value is escaped), so the policy is a second wall: even
if markup slipped through, no inline script or handler from data would run, and nothing loads
from another site. The theme's few inline scripts are allowed by their sha256, computed at build
from the theme's own templates; scripts whose text varies per page (they contain a template
expression) are not hashable and must stay above the policy in <head> (Material's first script does).
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


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
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
                hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(template_dirs: list[Path]) -> str:
    """A policy for a static site: everything from our own origin, no inline script but the theme's."""
    scripts = " ".join(["'self'", *theme_script_hashes(template_dirs)])
    return "; ".join([
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
    ])


def material_templates() -> Path:
    """The folder of the Material theme's templates."""
    import material

    return Path(material.__file__).parent / "templates"
