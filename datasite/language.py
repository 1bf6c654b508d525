"""The language of messages: asked for with --lang, else the locale's. Imports nothing else of
the project, so build.py can speak it before the project's packages are known to load."""

from __future__ import annotations

LANGUAGES = ("en", "es")


def default_lang(environ: dict[str, str]) -> str:
    """Spanish if the locale says so (the first set of LC_ALL, LC_MESSAGES, LANG), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "es" if environ[name].lower().startswith("es") else "en"
    return "en"


def argv_lang(argv: list[str], environ: dict[str, str]) -> str:
    """The language asked for with --lang, if it is one we speak, else the locale's."""
    for at, word in enumerate(argv):
        value = word.split("=", 1)[1] if word.startswith("--lang=") else ""
        if word == "--lang" and at + 1 < len(argv):
            value = argv[at + 1]
        if value in LANGUAGES:
            return value
    return default_lang(environ)
