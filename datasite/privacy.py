"""Do no harm: personal fields only where the publish level allows, never a minor's, no identifiers in text."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from .issues import Issue, field_prefix
from .model import Project, Row, Table

# Venezuelan cédula: V- or E- and 6–9 digits, dotted (12.345.678) or not; also after "C.I."/"cédula".
_CEDULA_DIGITS = r"(?:\d{1,3}\.\d{3}\.\d{3}|\d{3}\.\d{3}|\d{6,9})"
IDENTIFIERS = {
    "national ID number": re.compile(
        rf"\b[VE]\s?[-.]?\s?{_CEDULA_DIGITS}\b"
        rf"|\b(?:C\.\s?I\.|CI|c[ée]dula(?:\s+de\s+identidad)?)\s*(?:N[°ºo.]\s*)?:?\s*(?:[VE]\s?[-.]?\s?)?{_CEDULA_DIGITS}\b",
        re.IGNORECASE,
    ),
    "phone number": re.compile(
        r"(?:\+58|\b0)[\s.-]?\(?(?:2\d{2}|4(?:12|14|16|22|24|26))\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}\b"
        r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d){6,12}\b"
    ),
    # Starts only where a run of address characters starts: searching from inside every run
    # would take time quadratic in the run's length (a long word without @).
    "e-mail address": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}
TRUE = ("true", "1", "yes")


# One search finds whether any identifier pattern matches; only then is each one tried, to name it.
ANY_IDENTIFIER = re.compile("|".join(
    f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in IDENTIFIERS.values()
))


def personal_fields(table: Table) -> list[str]:
    return [f["name"] for f in table.schema.get("fields", []) if f.get("personal")]


def personal_text_fields(table: Table) -> list[str]:
    """Personal fields of type string: where a person's name is written."""
    return [n for n in personal_fields(table) if table.field(n).get("type", "string") == "string"]


def is_minor(table: Table, row: Row) -> bool:
    rules = table.schema.get("privacy") or {}
    return bool(rules.get("minorField")) and str(row.values.get(rules["minorField"], "")).lower() in TRUE


def may_publish(table: Table, row: Row) -> bool:
    """True when the row's publish level allows its personal fields to appear in output."""
    rules = table.schema.get("privacy") or {}
    if is_minor(table, row):
        return False
    level = row.values.get(rules.get("levelField", ""), "")
    return level in rules.get("publicLevels", [])


def may_publish_pseudonym(table: Table, row: Row) -> bool:
    """A pseudonym is shown for pseudonymous (and public) rows, never for withheld ones."""
    rules = table.schema.get("privacy") or {}
    level = row.values.get(rules.get("levelField", ""), "")
    return may_publish(table, row) or level in rules.get("pseudonymLevels", [])


def text_fields(table: Table) -> list[str]:
    """Free text only: a value from a closed list (an enum) can hold neither a name nor an identifier."""
    return [f["name"] for f in table.schema.get("fields", [])
            if f.get("type", "string") in ("string", "list") and f.get("format") != "uri"
            and not f.get("constraints", {}).get("enum")]


def check_privacy(project: Project, withheld: NameIndex | None = None,
                  groups: dict[str, dict[tuple[str, str], int]] | None = None,
                  persons: dict[str, dict[str, Row]] | None = None) -> list[Issue]:
    """Breaches at file and line: a minor's personal data, identifiers or withheld names in text, singling out.

    `withheld`, `groups` and `persons` may be worked out beforehand over the whole project when
    `project` holds only the rows to check (see columnar.py); by default they come from its rows.
    """
    issues = []
    if withheld is None:
        withheld = NameIndex(withheld_names(project))
    for table in project.tables().values():
        personal = personal_fields(table)
        if personal:
            named = personal_text_fields(table)
            for row in table.rows:
                if is_minor(table, row):
                    issues += [Issue(row.path, row.line_of(name), "privacy-minor",
                                     f"{field_prefix(name)}a minor's personal data is never recorded; remove it", field=name)
                               for name in personal if row.values.get(name)]
                issues += check_record_names(table, row, named)
        # Column by column: most cells are empty or plain, and one search tells which are not.
        for name in text_fields(table):
            names_too = bool(withheld) and name not in personal
            for row in table.rows:
                value = row.values.get(name, "")
                if not value:
                    continue
                if not isinstance(value, str) or ANY_IDENTIFIER.search(value):
                    issues += scan_text(row, name)
                if names_too:
                    issues += scan_names(row, name, withheld)
        issues += check_singling_out(project, table, (groups or {}).get(table.name), (persons or {}).get(table.name))
    return issues


def scan_text(row: Row, name: str) -> list[Issue]:
    """A field's text (every item of a list) against each identifier pattern; one issue per kind."""
    value = row.values.get(name, "")
    texts = value if isinstance(value, list) else [value]
    if not any(text and ANY_IDENTIFIER.search(str(text)) for text in texts):
        return []  # the common case, in one search
    issues = []
    for label, pattern in IDENTIFIERS.items():
        if any(pattern.search(str(text)) for text in texts):
            issues.append(Issue(row.path, row.line_of(name), "privacy-identifier",
                                f"{field_prefix(name)}looks like a {label}; personal identifiers are never published", field=name,
                                details={"kind": label}))
    return issues


# The combining-mark blocks of Unicode: what NFKD splits off letters as accents.
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
LETTER_RUNS = re.compile(r"[^\W\d_]+")


def fold(text: str) -> str:
    """Lowercase, accents removed, any run of non-letters as one space: names compare loosely."""
    plain = COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return " ".join(LETTER_RUNS.findall(plain))


class NameIndex:
    """Withheld folded names by their first two words (every one has two or more), so a text is
    checked only against the names whose first two words it holds side by side: thousands of
    withheld Marías do not all come up for every text that mentions some María."""

    def __init__(self, names: dict[str, Row]):
        self.by_start: dict[str, list[tuple[str, Row]]] = {}
        for folded, row in names.items():
            self.by_start.setdefault(" ".join(folded.split()[:2]), []).append((folded, row))

    def __bool__(self) -> bool:
        return bool(self.by_start)

    def names(self) -> list[str]:
        return [folded for pairs in self.by_start.values() for folded, _ in pairs]

    def find(self, folded_text: str) -> list[tuple[str, Row]]:
        words = folded_text.split()
        pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        return [pair for start in pairs & self.by_start.keys() for pair in self.by_start[start]]


def withheld_names(project: Project) -> dict[str, Row]:
    """The folded full name of every person whose name may not be published, with its record."""
    out = {}
    for table in project.tables().values():
        for name in personal_text_fields(table):
            for row in table.rows:
                folded = fold(str(row.values.get(name, "")))
                if len(folded.split()) >= 2 and not may_publish(table, row):
                    out[folded] = row
    return out


def scan_names(row: Row, name: str, withheld: NameIndex) -> list[Issue]:
    """A withheld person's full name written into any other text (a note, a title) would leak it."""
    value = row.values.get(name, "")
    if not withheld or not value:
        return []
    text = " " + fold(" ".join(value) if isinstance(value, list) else str(value)) + " "
    for folded, person in sorted(withheld.find(text), key=lambda pair: (pair[1].path, pair[1].line)):
        if f" {folded} " in text and person is not row:
            # The message never repeats the name: CI logs of a public repository are public too.
            return [Issue(row.path, row.line_of(name), "privacy-name",
                          f"{field_prefix(name)}contains the name of a person whose name is withheld ({person.path}:{person.line}); remove it",
                          field=name)]
    return []


def check_record_names(table: Table, row: Row, personal: list[str]) -> list[Issue]:
    """A withheld record's id must not spell its name, and a pseudonym must not repeat it;
    `personal` is personal_text_fields(table), worked out once per table."""
    rules = table.schema.get("privacy") or {}
    if not personal or may_publish(table, row):
        return []
    issues = []
    id_words = set(str(row.values.get("id", "")).split("-"))
    pseudonym_field = rules.get("pseudonymField", "")
    pseudonym = " " + fold(str(row.values.get(pseudonym_field, ""))) + " "
    for name in personal:
        words = [w for w in fold(str(row.values.get(name, ""))).split() if len(w) >= 3]
        hits = [w for w in words if w in id_words]
        if words and (len(hits) >= 2 or len(hits) == len(words)):
            issues.append(Issue(row.path, row.line_of("id"), "privacy-name",
                                f'{field_prefix("id")}spells the withheld {name}; use an id that says nothing about the person', field="id"))
        if pseudonym_field and any(f" {w} " in pseudonym for w in words):
            issues.append(Issue(row.path, row.line_of(pseudonym_field), "privacy-name",
                                f"{field_prefix(pseudonym_field)}repeats part of the withheld {name}; choose an unrelated pseudonym",
                                field=pseudonym_field))
    return issues


def check_singling_out(project: Project, table: Table, people: dict[tuple[str, str], int] | None = None,
                       persons: dict[str, Row] | None = None) -> list[Issue]:
    """A withheld person's release at one place on an exact day, with nobody else released there that day, identifies them.

    Declared per schema as `privacy: {singlingOut: {person: ..., place: ..., date: ..., minGroup: 2}}`.
    `people` (released per place and day) and `persons` (person records by id) default to the
    ones worked out from the rows at hand.
    """
    spec = (table.schema.get("privacy") or {}).get("singlingOut")
    if not spec:
        return []
    person_field, place_field, date_field = spec["person"], spec["place"], spec["date"]
    min_group = int(spec.get("minGroup", 2))
    precision_field = table.field(date_field).get("precisionField", "")
    target = persons_table(project, table, person_field)
    if persons is None:
        persons = {r.values.get("id", ""): r for r in target.rows} if target else {}
    if people is None:
        people = group_sizes(table, spec)
    issues = []
    for row in table.rows:
        date = row.values.get(date_field, "")
        if row.values.get(precision_field) != "day" or not date or not row.values.get(person_field):
            continue
        person = persons.get(row.values[person_field])
        if person is None or target is None or may_publish(target, person):
            continue
        lonely = [p for p in places_of(row, place_field) if people.get((p, date), 0) < min_group]
        if lonely:
            issues.append(Issue(row.path, row.line_of(date_field), "privacy-singling-out",
                                f'{field_prefix(date_field)}a withheld person released alone at "{lonely[0]}" on {date} could be identified; '
                                f"set {precision_field} to month or leave out the place",
                                field=date_field))
    return issues


def places_of(row: Row, place_field: str) -> list[str]:
    places = row.values.get(place_field) or []
    return places if isinstance(places, list) else [places]


def release_size(count: str, has_person: bool) -> int:
    """How many people a row releases: its count when that is a whole number, else 1 for a named person."""
    if not count.isdecimal():
        return 1 if has_person else 0
    # int() refuses more than 4,300 digits; any such count is a crowd anyway (and a type error).
    return int(count) if len(count) <= 1000 else 10**1000


def group_sizes(table: Table, spec: dict) -> dict[tuple[str, str], int]:
    """People released per (place, day) over the table's day-precise rows."""
    person_field, place_field, date_field = spec["person"], spec["place"], spec["date"]
    precision_field = table.field(date_field).get("precisionField", "")
    people: dict[tuple[str, str], int] = defaultdict(int)
    for row in table.rows:
        date = row.values.get(date_field, "")
        if row.values.get(precision_field) != "day" or not date:
            continue
        size = release_size(str(row.values.get(spec.get("count", "count"), "")), bool(row.values.get(person_field)))
        for place in places_of(row, place_field):
            people[(place, date)] += size
    return people


def persons_table(project: Project, table: Table, person_field: str) -> Table | None:
    """The table a person field refers to, by the schema's foreign key."""
    for fk in table.schema.get("foreignKeys", []):
        fields = fk.get("fields")
        if fields == person_field or fields == [person_field]:
            return project.table(fk.get("reference", {}).get("resource", ""))
    return None


def redact(project: Project) -> Project:
    """A copy of the project as the public may see it: personal fields emptied where not allowed."""
    def public_rows(table: Table) -> list[Row] | None:
        personal = personal_fields(table)
        return [redact_row(table, row, personal) for row in table.rows] if personal else None
    return project.with_rows(public_rows)


def redact_row(table: Table, row: Row, personal: list[str]) -> Row:
    """Personal fields emptied unless allowed; the pseudonym kept only for pseudonymous rows."""
    hidden = [] if may_publish(table, row) else list(personal)
    pseudonym = (table.schema.get("privacy") or {}).get("pseudonymField")
    if pseudonym and not may_publish_pseudonym(table, row):
        hidden.append(pseudonym)
    if not hidden:
        return row
    values = dict(row.values)
    for name in hidden:
        values[name] = [] if isinstance(values.get(name), list) else ""
    return Row(values=values, path=row.path, line=row.line, field_lines=row.field_lines)
