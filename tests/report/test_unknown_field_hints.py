"""An unknown field's hint says what is likely wrong: a record saved in another table's folder
(move it there), or a field the schema lost (put it back there), before any did-you-mean that
would lead the contributor to damage good records."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import edit, run_main

STAGES = "data/law/legal_stages"


def hints(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.startswith("    ")]


def test_a_record_in_another_tables_folder_is_told_where_it_belongs(project: Path, capsys):
    """Each field's hint names the other table when the record also has a field no table has
    (with every field another table's, the file gets one record-table problem instead)."""
    record = """id: fort-one-closure-again
checked_twice: yes
facility_id: fort-one
date: "2026-01-30"
date_precision: day
kind: closure_announced
claim_status: announced
claimed_by: minister-gamma
source_id: daily-2026-01-10
"""
    (project / f"{STAGES}/fort-one-closure-again.yaml").write_text(record, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    said = hints(out)
    assert (
        'sugerencia: "facility_id" es un campo de facility_events, no de legal_stages: si es un '
        "registro de facility_events, muévalo a data/places/facility_events.yaml"
    ) in said
    assert (
        'sugerencia: "source_id" es un campo de facility_events, no de legal_stages: si es un '
        "registro de facility_events, muévalo a data/places/facility_events.yaml; si no, ¿quiso "
        'decir "source_ids"?'
    ) in said
    # claimed_by is also a field of tallies: the table with most of the file's fields is named.
    assert any(
        h.startswith('sugerencia: "claimed_by" es un campo de facility_events') for h in said
    )


def test_a_field_the_schema_lost_is_not_blamed_on_every_record(project: Path, capsys):
    for copy in ("third", "fourth"):  # with the announced stage, three records hold exclusions
        shutil.copy(
            project / f"{STAGES}/example-law-announced.yaml", project / f"{STAGES}/{copy}.yaml"
        )
        edit(project / f"{STAGES}/{copy}.yaml", "id: example-law-announced", f"id: {copy}")
    text = (project / "schemas/legal_stages.schema.yaml").read_text(encoding="utf-8")
    start = text.index("  - name: exclusions\n")
    end = text.index("  - name: ", start + 1)
    (project / "schemas/legal_stages.schema.yaml").write_text(
        text[:start] + text[end:], encoding="utf-8"
    )
    code, out, _ = run_main(project, "validate", capsys=capsys)
    assert code == 1
    said = [h for h in hints(out) if '"exclusions"' in h]
    assert said and all(
        h == 'hint: 3 files of legal_stages have "exclusions": if '
        "schemas/legal_stages.schema.yaml lost the field, put it back there rather than "
        "changing the records"
        for h in said
    ), said


def test_one_letter_off_in_an_otherwise_right_record_is_told_first(project: Path, capsys):
    """A tally with "source_id" (the field of other tables) is a typo of source_ids, not a
    record of another table: the near field comes first."""
    tallies = project / "data/releases/tallies.csv"
    text = tallies.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    tallies.write_text(header.replace("source_ids", "source_id") + "\n" + rest, encoding="utf-8")
    code, out, _ = run_main(project, "validate", "--lang", "es", capsys=capsys)
    assert code == 1
    assert any(
        h.startswith('sugerencia: ¿quiso decir "source_ids"? Si es un registro de ')
        for h in hints(out)
    )
