"""Citations: a dataset version's (text, BibTeX, RIS) for its package and its pages, and a
record's on the page that shows it.

A page citation is a list of Parts, not a string: the page's address and the access date are
marked, so a template can put the date in an element a script fills (the date a reader visits
is not known when the site is built), and show a visible placeholder without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from datasite.model import Dataset, Project

# The access date's placeholder, per form and language, until the page's script fills it.
ACCESSED = {
    "long": {"en": "[date accessed]", "es": "[fecha de consulta]"},
    "iso": {"en": "YYYY-MM-DD", "es": "AAAA-MM-DD"},
    "ris": {"en": "YYYY/MM/DD/", "es": "AAAA/MM/DD/"},
}
WORDS = {
    "en": {
        "version": "version",
        "data_set": "Data set",
        "accessed": "Accessed",
        "record": "record",
    },
    "es": {
        "version": "versión",
        "data_set": "Conjunto de datos",
        "accessed": "Consultado el",
        "record": "registro",
    },
}


@dataclass(frozen=True)
class Part:
    """A piece of a page citation: plain text, the page's address, or the access date."""

    kind: str  # "text", "url" or "accessed"
    text: str
    form: str = ""  # of a date: "long", "iso" or "ris"; of an address: the link from the page
    relative: bool = False  # an address known only relative to the site (no base_url)


@dataclass(frozen=True)
class Work:
    """What a version citation names: who, what, which version, when, and its DOI."""

    author: str
    title: str
    version: str
    year: str
    doi: str = ""


def version_work(project: Project, meta: dict, version: str, created: str, lang: str = "") -> Work:
    """The work a dataset version is, from its metadata (a datapackage.yaml or a frozen
    datapackage.json): the title in `lang` when the metadata translates it."""
    publishers = [
        c.get("title", "")
        for c in meta.get("contributors", [])
        if "publisher" in c.get("roles", [])
    ]
    author = "; ".join(p for p in publishers if p) or project.settings.publisher
    translated = (meta.get("i18n") or {}).get(lang, {}) if lang else {}
    title = str(translated.get("title") or meta.get("title") or meta.get("name", ""))
    return Work(author, title, version, str(created)[:4], str(meta.get("doi") or ""))


def citation(project: Project, dataset: Dataset, version: str, day: dt.date) -> dict[str, str]:
    """The citation files of one version: text, BibTeX and RIS, with the DOI or the dataset
    page's address when the site has one (no access date: a file is read on many days)."""
    work = version_work(project, dataset.meta, version, str(day.year))
    base = project.settings.base_url
    url = (
        f"https://doi.org/{work.doi}"
        if work.doi
        else (f"{base.rstrip('/')}/datasets/{dataset.name}.html" if base else "")
    )
    url_part = [Part("url", url)] if url else []
    text = "".join(p.text for p in version_text(work, "en", url_part, []))
    bibtex = "".join(p.text for p in version_bibtex(dataset.name, work, "en", url_part, []))
    ris = "".join(p.text for p in version_ris(work, "en", url_part, []))
    return {"text": text, "bibtex": bibtex, "ris": ris}


def page_citation(
    dataset: str, work: Work, lang: str, url: str, link: str, relative: bool
) -> dict[str, list[Part]]:
    """A version cited from a page of the site: the page's address and an access date."""
    address = [Part("url", url, link, relative)]
    return {
        "text": version_text(work, lang, address, accessed(lang, "long", "text")),
        "bibtex": version_bibtex(dataset, work, lang, address, accessed(lang, "iso", "bibtex")),
        "ris": version_ris(work, lang, address, accessed(lang, "ris", "ris")),
    }


def accessed(lang: str, form: str, style: str) -> list[Part]:
    """The access date as a citation style writes it, its value left to the page's script."""
    date = Part("accessed", ACCESSED[form].get(lang, ACCESSED[form]["en"]), form)
    if style == "bibtex":
        return [Part("text", ",\n  urldate = {"), date, Part("text", "}")]
    if style == "ris":
        return [Part("text", "Y2  - "), date, Part("text", "\n")]
    return [Part("text", f" ({words(lang)['accessed']} "), date, Part("text", ")")]


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def version_text(work: Work, lang: str, url: list[Part], date: list[Part]) -> list[Part]:
    """Author (year). Title (version x) [Data set]. Address (accessed date)."""
    w = words(lang)
    head = f"{work.author} ({work.year}). {work.title} ({w['version']} {work.version}) "
    parts = [Part("text", head + f"[{w['data_set']}].")]
    if url:
        parts += [Part("text", " "), *url, *date]
        if date:
            parts.append(Part("text", "."))
    return parts


def version_bibtex(
    dataset: str, work: Work, lang: str, url: list[Part], date: list[Part]
) -> list[Part]:
    w = words(lang)
    fields = [
        ("author", "{" + bib(work.author) + "}"),
        ("title", bib(work.title)),
        ("year", work.year),
        ("version", bib(work.version)),
        ("publisher", "{" + bib(work.author) + "}"),
        ("note", f"{w['data_set']}, {w['version']} {bib(work.version)}"),
    ]
    fields += [("doi", bib(work.doi))] if work.doi else []
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"{dataset}_{work.version}")
    head = f"@misc{{{key},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    parts = [Part("text", head)]
    if url:
        # A URL field is verbatim in BibTeX: no escapes, only no unbalanced brace.
        parts += [Part("text", ",\n  url = {"), *url, Part("text", "}"), *date]
    return [*parts, Part("text", "\n}")]


def version_ris(work: Work, lang: str, url: list[Part], date: list[Part]) -> list[Part]:
    """RIS (one tag a line, ending with ER): a data set, for reference managers."""
    lines = [
        ("TY", "DATA"),
        ("AU", work.author),
        ("TI", work.title),
        ("PY", work.year),
        ("ET", work.version),
        ("PB", work.author),
        ("M3", words(lang)["data_set"]),
        ("LA", lang),
    ]
    lines += [("DO", work.doi)] if work.doi else []
    parts = [Part("text", "".join(f"{tag}  - {ris_value(value)}\n" for tag, value in lines))]
    if url:
        parts += [Part("text", "UR  - "), *url, Part("text", "\n"), *date]
    return [*parts, Part("text", "ER  - ")]


def ris_value(text: str) -> str:
    """One line of RIS: a line break in a value would start a tag of its own."""
    return " ".join(str(text).split())


def record_citation(
    author: str, page: str, table: str, key: str, site: str, url: Part, lang: str
) -> list[Part]:
    """A record cited at its anchor on a page: only what the page itself shows (its title) and
    the record's table and key (in every download), never a field of the record."""
    record = f"{table}, {words(lang)['record']} {key}"
    if lang == "es":
        head = f"{author}. «{page}», {record}. {site}. "
        return [Part("text", head), url, *accessed(lang, "long", "text"), Part("text", ".")]
    head = f"{author}. “{page},” {record}. {site}. "
    return [Part("text", head), url, *accessed(lang, "long", "text"), Part("text", ".")]


def bib(text: str) -> str:
    """Text safe inside a BibTeX brace group: special characters escaped."""
    return re.sub(
        r"([\\{}%&$#_^~])",
        lambda m: {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(
            m.group(1), "\\" + m.group(1)
        ),
        text,
    )


def web_citation(
    key: str, author: str, title: str, site: str, lang: str, url: Part
) -> dict[str, list[Part]]:
    """A page of the site cited as a web page (a facility's, a law's): no version, no year (a
    page changes with the data), its address and the access date."""
    quoted = f"«{title}»." if lang == "es" else f"“{title}.”"
    text = [Part("text", f"{author}. {quoted} {site}. "), url, *accessed(lang, "long", "text")]
    fields = [
        ("author", "{" + bib(author) + "}"),
        ("title", bib(title)),
        ("howpublished", bib(site)),
    ]
    head = f"@misc{{{re.sub(r'[^A-Za-z0-9]+', '_', key)},\n"
    head += ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    bibtex = [Part("text", head + ",\n  url = {"), url, Part("text", "}")]
    bibtex += [*accessed(lang, "iso", "bibtex"), Part("text", "\n}")]
    lines = [("TY", "ELEC"), ("AU", author), ("TI", title), ("T2", site), ("LA", lang)]
    ris = [Part("text", "".join(f"{tag}  - {ris_value(value)}\n" for tag, value in lines))]
    ris += [Part("text", "UR  - "), url, Part("text", "\n"), *accessed(lang, "ris", "ris")]
    return {
        "text": [*text, Part("text", ".")],
        "bibtex": bibtex,
        "ris": [*ris, Part("text", "ER  - ")],
    }
