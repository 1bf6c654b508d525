"""Synthetic, schema-valid projects of any size, with a chosen number of injected errors.

Every id, name and value is invented. The project is written to a folder given by the caller
(never into data/): data/ as CSV, the repository's schemas, templates and mkdocs.yml, and a
`datapackage.json` over the same CSV files so `frictionless validate` can check them too.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# dataset -> tables in declared order
DATASETS = {
    "references": ["sources", "actors"],
    "releases": ["tallies", "release_events", "persons", "measures"],
    "places": ["facilities", "facility_events"],
    "law": ["legal_instruments", "legal_stages"],
}
# Tables whose size does not grow with the corpus: the world has few facilities and laws.
FIXED = {"actors": 40, "facilities": 100, "legal_instruments": 5, "measures": 5}
# Share of the remaining rows for each growing table.
SHARES = {
    "sources": 0.10,
    "tallies": 0.35,
    "release_events": 0.25,
    "persons": 0.20,
    "facility_events": 0.08,
    "legal_stages": 0.02,
}
ERROR_KINDS = (
    "type",
    "enum",
    "pattern",
    "required",
    "minimum",
    "max-length",
    "duplicate-key",
    "foreign-key",
    "unknown-source",
    "missing-source",
    "date-precision",
    "date-invalid",
    "boolean",
)


@dataclass
class Corpus:
    """What was generated: the project folder, rows per table and the errors put in on purpose."""

    root: Path
    rows: dict[str, int]
    expected: set[tuple[str, int, str, str]] = field(default_factory=set)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def table_sizes(total: int, fixed: dict[str, int] | None = None) -> dict[str, int]:
    """Rows per table for a corpus of about `total` rows."""
    fixed = {**FIXED, **(fixed or {})}
    rest = max(total - sum(fixed.values()), len(SHARES))
    sizes = dict(fixed)
    for name, share in SHARES.items():
        sizes[name] = max(1, int(rest * share))
    return sizes


def day(n: int) -> str:
    """A past date, spread over 2024-2026, never in the future."""
    return f"{2024 + n % 3 if n % 3 < 2 else 2026}-{1 + n % 11:02d}-{1 + n % 28:02d}"


def make_rows(sizes: dict[str, int], rng: random.Random) -> dict[str, list[dict[str, str]]]:
    """Schema-valid rows for every table; references always point at existing ids."""
    n_src, n_act, n_fac = sizes["sources"], sizes["actors"], sizes["facilities"]
    n_per, n_law = sizes["persons"], sizes["legal_instruments"]
    src = lambda i: f"src-{i % n_src}"  # noqa: E731
    act = lambda i: f"actor-{i % n_act}"  # noqa: E731
    fac = lambda i: f"facility-{i % n_fac}"  # noqa: E731
    rows: dict[str, list[dict[str, str]]] = {}
    kinds = [
        "news",
        "state_media",
        "ngo_report",
        "ngo_post",
        "government_statement",
        "official_gazette",
        "un_statement",
    ]
    rows["sources"] = [
        {
            "id": f"src-{i}",
            "kind": kinds[i % 7],
            "publisher": f"Example Publisher {chr(65 + i % 26)}",
            "country": "",
            "via": "",
            "via_es": "",
            "title": f"Fictional report number {i}",
            "authors": "Ana Example;Bo Sample" if i % 4 == 0 else "",
            "url": f"https://news.example.org/report/{i}",
            "published": day(i) if i % 5 else "",
            "published_precision": "day" if i % 5 else "unknown",
            "published_note": "",
            "published_note_es": "",
            "language": "es" if i % 2 else "en",
        }
        for i in range(n_src)
    ]
    actor_kinds = [
        "ngo",
        "government",
        "legislature",
        "official",
        "opposition",
        "un_body",
        "foreign_government",
        "media",
        "relatives",
    ]
    rows["actors"] = [
        {
            "id": f"actor-{i}",
            "name": f"Fictional Actor {i}",
            "name_es": "",
            "kind": actor_kinds[i % 9],
            "part_of": "actor-1" if i % 9 == 3 else "",
            "description": "An invented actor.",
            "description_es": "Un actor inventado.",
        }
        for i in range(n_act)
    ]
    measures = [
        "released",
        "detained",
        "under-restrictive-measures",
        "under-house-arrest",
        "full-liberties",
    ]
    rows["measures"] = [
        {
            "id": measure,
            "name": f"Invented measure {i}",
            "name_es": f"Medida inventada {i}",
            "definition": "An invented measure.",
            "definition_es": "Una medida inventada.",
            "unit": "people",
            "includes": "",
            "includes_es": "",
            "excludes": "",
            "excludes_es": "",
            "note": "",
            "note_es": "",
        }
        for i, measure in enumerate(measures[: sizes["measures"]])
    ]
    qualifiers = ["exact", "at_least", "more_than", "approximately", "at_most", "nearly"]
    verifications = ["verified", "claimed", "estimated"]
    rows["tallies"] = [
        {
            "id": f"tally-{i}",
            "measure": measures[i % len(rows["measures"])],
            # Unique per row, so no two rows are one claim (duplicate-claim).
            "value": str(7 * i + rng.randint(0, 6)),
            "value_max": "",
            "qualifier": qualifiers[i % 6],
            "claimed_by": act(i),
            "as_of": day(i),
            "as_of_precision": "day",
            "as_of_note": "",
            "as_of_note_es": "",
            "window_start": "2024-01" if i % 7 == 0 else "",
            "window_start_precision": "month" if i % 7 == 0 else "not_stated",
            "facility_id": fac(i) if i % 10 == 0 else "",
            "verification": verifications[i % 3],
            "breakdown": "",
            "breakdown_es": "",
            "source_ids": f"{src(i)};{src(i + 1)}" if i % 6 == 0 else src(i),
            "note": "Generated count." if i % 3 == 0 else "",
            "note_es": "",
        }
        for i in range(sizes["tallies"])
    ]
    event_kinds = [
        "release",
        "release_with_restrictions",
        "full_liberty",
        "house_arrest",
        "re_detention",
        "exile",
    ]
    rows["release_events"] = [
        {
            "id": f"event-{i}",
            "date": day(i)[:7] if i % 4 == 0 else day(i),
            "date_precision": "month" if i % 4 == 0 else "day",
            "date_note": "",
            "date_note_es": "",
            "kind": event_kinds[i % 6],
            "count": str(1 + i % 40),
            "count_qualifier": "exact",
            "group": "",
            "group_es": "",
            "person_id": f"person-{i % n_per}" if i % 5 == 0 else "",
            "facility_ids": f"{fac(i)};{fac(i + 1)}" if i % 3 == 0 else fac(i),
            "legal_basis": "",
            "legal_basis_es": "",
            "reported_by": act(i),
            "source_ids": src(i),
            "note": "",
            "note_es": "",
        }
        for i in range(sizes["release_events"])
    ]
    levels = ["withheld", "withheld", "pseudonymous", "public_figure", "consented"]
    rows["persons"] = [
        {
            "id": f"person-{i}",
            "publish_level": levels[i % 5],
            "name": f"Fictional Person {i}" if i % 5 >= 3 else "",
            "pseudonym": "Invented Pseudonym" if i % 5 == 2 else "",
            "minor": "false",
            "role": "Invented role" if i % 5 >= 3 else "",
            "role_es": "",
            "source_id": src(i),
            # A public record cites a second outlet, or a consent record (privacy-basis).
            "basis_source_ids": src(i + 1) if i % 5 == 3 else "",
            "consent_ref": f"consent-{i}" if i % 5 == 4 else "",
        }
        for i in range(n_per)
    ]
    facility_types = [
        "prison",
        "intelligence_service_headquarters",
        "police_detention_centre",
        "military_detention_centre",
        "women_prison",
    ]
    rows["facilities"] = [
        {
            "id": f"facility-{i}",
            "name": f"Fictional Facility {i}",
            "other_names": "",
            "type": facility_types[i % 5],
            "operator": act(i) if i % 2 else "",
            "city": "Exampleville",
            "state": "Example State",
            "latitude": f"{rng.uniform(0.5, 12):.4f}",
            "longitude": f"{-rng.uniform(60, 73):.4f}",
            "coordinates_note": "Invented coordinates.",
            "coordinates_note_es": "Coordenadas inventadas.",
            "source_id": src(i),
            "note": "",
            "note_es": "",
        }
        for i in range(n_fac)
    ]
    fe_kinds = [
        "closure_announced",
        "repurposing_announced",
        "detainees_transferred",
        "closed",
        "repurposed",
        "works_started",
        "reopened",
    ]
    rows["facility_events"] = [
        {
            "id": f"fevent-{i}",
            "facility_id": fac(i),
            "date": day(i),
            "date_precision": "day",
            "kind": fe_kinds[i % 7],
            "new_use": "",
            "new_use_es": "",
            "claim_status": "announced",
            "claimed_by": act(i),
            "source_id": src(i),
            "note": "",
            "note_es": "",
        }
        for i in range(sizes["facility_events"])
    ]
    rows["legal_instruments"] = [
        {
            "id": f"law-{i}",
            "title": f"Fictional Law {i}",
            "short_title": f"Law {i}",
            "short_title_es": f"Ley {i}",
            "kind": "law",
            "source_id": src(i),
            "note": "",
            "note_es": "",
        }
        for i in range(n_law)
    ]
    stages = [
        "announced",
        "first_reading",
        "sanctioned",
        "promulgated",
        "published_in_gazette",
        "in_force",
    ]
    rows["legal_stages"] = [
        {
            "id": f"stage-{i}",
            "instrument_id": f"law-{i % n_law}",
            "stage": stages[i % 6],
            "date": day(i),
            "date_precision": "day",
            "actor_id": act(i),
            "scope": "",
            "scope_es": "",
            "exclusions": "homicide;corruption" if i % 2 else "",
            "articles": str(10 + i % 30),
            "vote": "unanimous" if i % 2 else "",
            "source_ids": src(i),
            "note": "",
            "note_es": "",
        }
        for i in range(sizes["legal_stages"])
    ]
    return rows


# kind -> (table, field, new value, expected code); {v} is the row's current value.
INJECTIONS = {
    "type": ("tallies", "value", "twelve", "type"),
    "enum": ("tallies", "qualifier", "about", "enum"),
    "pattern": ("release_events", "date", "2026/01/30", "pattern"),
    "required": ("tallies", "measure", "", "required"),
    "minimum": ("release_events", "count", "-3", "minimum"),
    "max-length": ("sources", "title", "x" * 401, "max-length"),
    "duplicate-key": ("tallies", "id", None, "duplicate-key"),  # nothing refers to a tally
    "foreign-key": ("tallies", "claimed_by", "nobody-here", "foreign-key"),
    # A scalar source field: frictionless checks no foreign key over a list (source_ids).
    "unknown-source": ("facility_events", "source_id", "src-missing", "unknown-source"),
    "missing-source": ("persons", "source_id", "", "missing-source"),
    "date-precision": ("tallies", "as_of", "2025-03", "date-precision"),
    "date-invalid": ("facility_events", "date", "2025-02-30", "date-invalid"),
    "boolean": ("persons", "minor", "maybe", "type"),
}


def inject(
    rows: dict[str, list[dict[str, str]]], paths: dict[str, str], errors: int, rng: random.Random
) -> set:
    """Put `errors` errors of each kind in distinct rows; return their (path, line, field, code)."""
    expected = set()
    used: set[tuple[str, int]] = set()
    for kind in ERROR_KINDS:
        table, name, value, code = INJECTIONS[kind]
        for _ in range(errors):
            index = rng.randrange(1, len(rows[table]))
            while (table, index) in used:
                index = rng.randrange(1, len(rows[table]))
            used.add((table, index))
            row = rows[table][index]
            if kind == "duplicate-key":
                earlier = rng.randrange(0, index)
                while (table, earlier) in used:
                    earlier = rng.randrange(0, index)
                used.add((table, earlier))
                value = rows[table][earlier]["id"]
            row[name] = value
            expected.add((paths[table], index + 2, name, code))
    return expected


def frictionless_descriptor(schemas: dict[str, dict], paths: dict[str, str]) -> dict:
    """One data package over every CSV, with keys frictionless can check (not list foreign keys)."""
    resources = []
    for name, path in paths.items():
        schema = dict(schemas[name])
        lists = {f["name"] for f in schema["fields"] if f.get("type") == "list"}
        schema["foreignKeys"] = [
            fk for fk in schema.get("foreignKeys", []) if not set(fk["fields"]) & lists
        ]
        resources.append(
            {"name": name, "path": path, "format": "csv", "encoding": "utf-8", "schema": schema}
        )
    return {"name": "generated-corpus", "resources": resources}


def generate(
    root: Path, total: int, errors: int = 0, seed: int = 7, fixed: dict[str, int] | None = None
) -> Corpus:
    """Write a project of about `total` rows into root (which must not exist yet); `fixed`
    overrides the sizes of the tables that do not grow (actors, facilities, legal_instruments)."""
    root = Path(root)
    root.mkdir(parents=True)
    for folder in ("schemas", "site_templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_templates" / "overrides").mkdir(
        exist_ok=True
    )  # mkdocs.yml names it; git keeps no empty folder
    rng = random.Random(seed)
    sizes = table_sizes(total, fixed)
    rows = make_rows(sizes, rng)
    paths = {t: f"data/{d}/{t}.csv" for d, tables in DATASETS.items() for t in tables}
    expected = inject(rows, paths, errors, rng) if errors else set()
    schemas = {
        t: yaml.safe_load((REPO / "schemas" / f"{t}.schema.yaml").read_text(encoding="utf-8"))
        for t in paths
    }
    (root / "data").mkdir()
    # The shipped identifier patterns, so the privacy scan costs what it costs on the real data.
    shipped = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))
    privacy = yaml.safe_dump({"privacy": shipped["privacy"]}, allow_unicode=True, width=1000)
    (root / "data" / "site.yaml").write_text(SITE_YAML + privacy, encoding="utf-8")
    for dataset, tables in DATASETS.items():
        folder = root / "data" / dataset
        folder.mkdir()
        meta = {
            "name": dataset,
            "title": f"Generated {dataset}",
            "description": "Generated, fictional rows for benchmarks.",
            "version": "1.0.0",
            "created": "2026-01-01",
            "licenses": [
                {
                    "name": "CC-BY-4.0",
                    "title": "Creative Commons Attribution 4.0",
                    "path": "https://creativecommons.org/licenses/by/4.0/",
                }
            ],
            "resources": [{"name": t, "path": f"{t}.csv", "schema": t} for t in tables],
        }
        (folder / "datapackage.yaml").write_text(
            yaml.safe_dump(meta, sort_keys=False), encoding="utf-8"
        )
        for table in tables:
            names = [f["name"] for f in schemas[table]["fields"]]
            with open(root / paths[table], "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(names)
                writer.writerows([r[n] for n in names] for r in rows[table])
    descriptor = frictionless_descriptor(schemas, paths)
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return Corpus(root=root, rows={t: len(r) for t, r in rows.items()}, expected=expected)


SITE_YAML = """\
# A generated, fictional project for benchmarks. Every organisation, person and place is invented.
title: Generated benchmark site
languages: [en, es]
description: Generated fictional data.
publisher: Benchmark publisher
sources_table: sources
actors_table: actors
actors_group_field: part_of
measures_table: measures
headline:
  table: tallies
  measure_field: measure
  claimant_field: claimed_by
  claimants: [actor-0, actor-1]
  date_field: as_of
  window_field: window_start
  status_field: verification
  exclude: {verification: [misreported]}
  stock_measures: [detained]
  same_window: {month: same, year: never}
  rows:
    - {measure: released, window_start: 2024-01}
    - {measure: detained, window_start: not_stated}
  chart: [released]
# The timeline lists the newest records of these tables (list_rows), whatever the corpus size.
timeline:
  - {table: tallies, date_field: as_of, precision_field: as_of_precision}
  - {table: release_events, date_field: date, precision_field: date_precision}
  - {table: facility_events, date_field: date, precision_field: date_precision}
  - {table: legal_stages, date_field: date, precision_field: date_precision, order_field: stage}
pages:
  - {table: facilities, folder: facilities, template: facility.md.j2,
     index_template: facilities.md.j2, title: Facilities, i18n: {es: {title: Centros}}}
  - {table: legal_instruments, folder: laws, template: law.md.j2, index_template: laws.md.j2,
     title: Law, i18n: {es: {title: Ley}}}
"""


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description="Write a generated, fictional project for benchmarks.")
    p.add_argument("target", type=Path, help="a folder that does not exist yet (never data/)")
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--errors", type=int, default=0, help="errors of each kind to inject")
    args = p.parse_args()
    corpus = generate(args.target, args.rows, args.errors)
    print(f"{corpus.total_rows} rows in {corpus.root}; {len(corpus.expected)} injected errors")
