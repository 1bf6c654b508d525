"""Problem messages in the contributor's language: one English and one Spanish template per message.

The stages write their messages in English (the text tests and scripts rely on); this module reads
an English message back through its template in the catalogue (datasite/catalogue.py) and writes it
again in Spanish, so the stages stay untouched and a message with no Spanish template is shown in
English rather than lost.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from datasite.catalogue import PROBLEMS
from datasite.issues import Issue

# code -> [(English template, Spanish template)], most specific first, read from the catalogue
# (datasite/catalogue.py), where every problem and its messages are declared.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    code: list(problem.messages) for code, problem in PROBLEMS.items() if problem.messages
}

# settings (load/settings.py): the types of load/settings.shape_of, in Spanish.
SHAPES_ES = {
    "text": "texto",
    "a whole number": "un número entero",
    "a number": "un número",
    "true or false": "verdadero o falso",
    "a list of texts": "una lista de textos",
    "text, or a list of texts joined as written": "texto, o una lista de textos unidos tal cual",
    "a mapping": "un mapeo",
    "a list of mappings": "una lista de mapeos",
    "an empty list": "una lista vacía",
    "a mixed list": "una lista mixta",
    "empty": "vacío",
}
BUMPS_ES = {"major": "mayor", "minor": "menor", "patch": "de parche"}
# Words inside messages that are themselves translated.
WORDS_ES = {
    "special": {
        "a named pipe (FIFO)": "una tubería con nombre (FIFO)",
        "a socket": "un socket",
        "a character device": "un dispositivo de caracteres",
        "a block device": "un dispositivo de bloques",
        "an unknown kind of file": "un tipo de archivo desconocido",
    },
    "label": {
        "phone number": "un número de teléfono",
        "e-mail address": "una dirección de correo electrónico",
    },
    # settings (load/settings.py): a setting's type, and the type written instead
    "shape": SHAPES_ES,
    "got": SHAPES_ES,
    "form": {
        "a language code like es": "un código de idioma como es",
        "same or never": "same o never",
        "a date like 2026-01-08, 2026-01 or 2026, or not_stated": (
            "una fecha como 2026-01-08, 2026-01 o 2026, o not_stated"
        ),
        "an address such as https://example.org/data/ (https:// or http://, no ? or #)": (
            "una dirección como https://example.org/datos/ (https:// o http://, sin ? ni #)"
        ),
    },
    # load/project.py wrong_delimiter: the separator a spreadsheet used
    "delimiter": {"semicolons (;)": "punto y coma (;)", "tabs": "tabuladores"},
    # package/datapackage.py version-bump: the bumps a version has and needs
    "have": BUMPS_ES,
    "need": BUMPS_ES,
    "bump": BUMPS_ES,
    "kind": {
        "integer": "número entero",
        "number": "número",
        "boolean": "valor lógico (true o false)",
        "date": "fecha",
        "string": "texto",
        "list": "lista",
        "value": "valor",
        "web address": "dirección web",
    },
}
LEAD = re.compile(r'^field "(?P<name>[^"]*)": $')


@cache
def _pattern(template: str) -> re.Pattern:
    """An English template as a regular expression with one named group per placeholder."""
    out = []
    for literal, name in re.findall(r"([^{]*)(?:\{(\w+)\})?", template):
        out.append(re.escape(literal))
        if name == "lead":
            out.append(r'(?P<lead>(?:field "[^"]*": )?)')
        elif name:
            out.append(f"(?P<{name}>.*?)")
    return re.compile("^" + "".join(out) + "$", re.DOTALL)


def translate(message: str, code: str, lang: str, words: dict | None = None) -> str:
    """The message in lang; English, or any message without a template, comes back unchanged.
    `words` adds translated words for this message (a project's identifier label)."""
    if lang == "en":
        return message
    for english, spanish in TEMPLATES.get(code, []):
        match = _pattern(english).match(message)
        if match:
            values = match.groupdict().items()
            return spanish.format(**{k: spanish_value(k, v, words) for k, v in values})
    return message


# Numbers the messages group in English (46,889,416 bytes), grouped the Spanish way (46.889.416);
# never a value quoted from the data ({value}), which is shown as it was written.
GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def spanish_value(name: str, value: str, words: dict | None = None) -> str:
    if name == "lead":
        lead = LEAD.match(value)
        return f'campo "{lead.group("name")}": ' if lead else ""
    if name != "value" and GROUPED.match(value):
        return value.replace(",", ".")
    return {**WORDS_ES.get(name, {}), **(words or {}).get(name, {})}.get(value, value)


def localize(issue: Issue, lang: str) -> Issue:
    """The issue with its message in lang (the code, place and field never change)."""
    # An identifier's Spanish label is the project's (data/site.yaml privacy.identifiers).
    label = issue.details.get("kind"), issue.details.get("label_es")
    words = {"label": {label[0]: label[1]}} if all(isinstance(w, str) for w in label) else {}
    # A stage may give a value's Spanish itself (version-bump: the changes that need the bump).
    if lang == "es":
        words.update(issue.details.get("words_es") or {})
    return dataclasses.replace(issue, message=translate(issue.message, issue.code, lang, words))
