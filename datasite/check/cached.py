"""Which rules may skip a large table this build: the ones that found nothing wrong in it last
time, from the same inputs.

A rule's verdict on the rows of one table read into columns is kept under a key covering what
it reads: the rule, the table's file bytes, name, path and schema, its dataset's descriptor, the
whole of data/site.yaml, and for a rule that looks across tables the schemas of every table it
reads and what it reads of their rows: for references, the target's key fields the table refers
to (a target's other fields decide nothing); for review, the targets of a table with publish
levels and personal fields (the only tables it reviews); for privacy, every table with personal
fields (whose withheld names it searches for) and the one singling out looks people up in;
`today` for the date rule. A rule not named here is taken to read every table and the date.
Only a verdict of no problems is kept, and only from a check that found no problem at all: a
skipped table gives its rule no rows, so a problem can never be hidden by a key that covers its
inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from datasite.check.privacy import personal_fields
from datasite.check.rules import Rule
from datasite.load.frames import FrameRows
from datasite.load.memory import NOTHING_KEPT, Memory, canonical, rows_digest
from datasite.model import Project, Table

KIND = "checks"
# Rules that read nothing but the table itself (and the settings).
OWN_TABLE = {
    "cells",
    "primary-key",
    "claim-key",
    "dates",
    "relations",
    "integer-form",
    "list-repeat",
    "written-in",
    "safety",
}
# Rules that also read the tables the table's foreign keys name.
TARGETS = {"references", "review"}
READS_TODAY = {"dates"}
KNOWN_READS = OWN_TABLE | TARGETS | {"privacy"}  # the others read every table and the date


class CheckMemo:
    """The kept verdicts of one build's check: which (rule, table) pairs may be skipped, and
    the pairs to keep once the whole check found nothing."""

    def __init__(self, memory: Memory, project: Project, today: dt.date, rules: Sequence[Rule]):
        self.memory = memory
        self.project = project
        self.today = today.isoformat()
        self.rules = rules
        self.site = canonical(project.site)
        self.digests: dict[str, str] = {}
        self.checked: list[tuple[str, str, str]] = []  # (key, table, rule) of verdicts worked out

    def skipped(self, table: Table) -> set[int]:
        """The indices of the rules whose kept verdict on this table still holds; the others
        are noted, to be kept by keep() if the check finds nothing."""
        if self.memory is NOTHING_KEPT or not isinstance(table.rows, FrameRows):
            return set()
        if not table.rows.digest:
            return set()  # rows not read straight from a file: nothing to key them by
        out = set()
        for index, rule in enumerate(self.rules):
            key = self.key(rule, table)
            if self.memory.get_json(KIND, key) == verdict(rule, table):
                out.add(index)
            else:
                self.checked.append((key, table.name, rule.name))
        return out

    def keep(self) -> None:
        """Keep every verdict worked out: call only when the whole check found no problem."""
        for key, table, rule in self.checked:
            self.memory.put_json(KIND, key, [rule, table, "clean"])
        self.checked = []

    def key(self, rule: Rule, table: Table) -> str:
        parts = [rule.name, self.site, canonical(self.dataset_meta(table))]
        if rule.name in READS_TODAY or rule.name not in KNOWN_READS:
            parts.append(self.today)
        for at, read in enumerate(self.tables_read(rule, table)):
            parts += [read.name, read.path, read.schema_path, canonical(read.schema)]
            if at and rule.name == "references":  # of a target, only the keys referred to
                fields = sorted(
                    {
                        f
                        for fk in table.foreign_keys
                        if fk.resource == read.name
                        for f in fk.target_fields
                    }
                )
                parts.append(self.keys_digest(read, fields))
            else:
                parts.append(self.digest(read))
        return self.memory.key(KIND, *parts)

    def tables_read(self, rule: Rule, table: Table) -> list[Table]:
        """The table first, then every other table the rule reads for it, in a stable order:
        for references, the tables its foreign keys name (their keys: see key); for review, those
        of a table with publish levels and personal fields (the only ones it reviews); for
        privacy, every table with personal fields (their withheld names are searched for) and
        the table singling out looks people up in."""
        tables = self.project.tables()
        if rule.name in OWN_TABLE:
            others: set[str] = set()
        elif rule.name == "references" or (rule.name == "review" and reviewed(table)):
            others = {fk.resource for fk in table.foreign_keys}
        elif rule.name == "review":
            others = set()
        elif rule.name == "privacy":
            others = {name for name, t in tables.items() if personal_fields(t)}
            others |= singled_out_from(table)
        else:
            others = set(tables)
        return [table] + [tables[n] for n in sorted(others - {table.name}) if n in tables]

    def keys_digest(self, table: Table, fields: list[str]) -> str:
        """The sha256 of these fields' values in every row of the table, in order."""
        key = f"{table.name}\0{fields!r}"
        if key not in self.digests:
            digest = hashlib.sha256(canonical(fields).encode())
            missing = [f for f in fields if f not in table.field_names]
            if isinstance(table.rows, FrameRows) and fields and not missing:
                digest.update(table.rows.columns(fields).write_csv().encode())
            else:
                for row in table.rows:
                    digest.update(canonical([row.values.get(f) for f in fields]).encode())
                    digest.update(b"\n")
            self.digests[key] = "keys:" + digest.hexdigest()
        return self.digests[key]

    def dataset_meta(self, table: Table) -> dict:
        dataset = self.project.datasets.get(table.dataset)
        return dataset.meta if dataset is not None else {}

    def digest(self, table: Table) -> str:
        if table.name not in self.digests:
            self.digests[table.name] = rows_digest(table)
        return self.digests[table.name]


def reviewed(table: Table) -> bool:
    """Whether check_review looks at the table's rows: publish levels and personal fields."""
    return bool((table.schema.get("privacy") or {}).get("levelField")) and bool(
        personal_fields(table)
    )


def singled_out_from(table: Table) -> set[str]:
    """The table check_singling_out looks the table's people up in (by its person field's
    foreign key), if the schema asks for that check."""
    spec = (table.schema.get("privacy") or {}).get("singlingOut")
    if not isinstance(spec, dict):
        return set()
    return {fk.resource for fk in table.foreign_keys if fk.fields == [spec.get("person")]}


def verdict(rule: Rule, table: Table) -> list[str]:
    """The value kept for a clean (rule, table): any other value read back is a miss."""
    return [rule.name, table.name, "clean"]
