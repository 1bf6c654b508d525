"""`diff --base` for review: persons shown with their level, personal values masked, a removed
one never printed, long text as a word diff, and the whole summary in English and in Spanish."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from datasite.cli import main
from datasite.report.diff import md, totals_line, word_diff, words_for
from tests.conftest import edit

PERSONS = "data/releases/persons.yaml"
EVENTS = "data/releases/release_events.csv"
LEAKED = "Lia Fictional-Leaked"
ZED_EVENT_END = "person-zed,fort-one,,ngo-alpha,daily-2026-01-10,,\n"
HIDDEN = "Nina Fictional-Hidden"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
        check=True,
        capture_output=True,
    )


def commit_base(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")


def diff(root: Path, capsys, lang: str = "en") -> str:
    assert main(["diff", "--base", "HEAD", "--lang", lang], root=root) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def add_persons(root: Path, text: str) -> None:
    path = root / PERSONS
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


LEAK = f"""
- id: person-leak
  publish_level: public_figure
  name: {LEAKED}
  minor: "false"
  role: Fictional mayor
  source_id: daily-2026-01-10
  basis_source_ids: [bulletin-2026-01-20]
"""
NEW_PEOPLE = f"""
- id: person-new-1
  publish_level: withheld
  name: {HIDDEN}
  minor: "false"
  role: Fictional teacher
  source_id: daily-2026-01-10
- id: person-new-2
  publish_level: pseudonymous
  pseudonym: Rosa
  minor: "false"
  source_id: daily-2026-01-10
- id: person-new-3
  publish_level: public_figure
  name: Paz Fictional-Senator
  minor: "false"
  role: Fictional senator
  source_id: daily-2026-01-10
  basis_source_ids: [bulletin-2026-01-20]
"""


def fix_the_leak(root: Path) -> None:
    """The leak fixed as SECURITY.md says: the record withheld, its name emptied, and the note
    that named the person rewritten."""
    edit(
        root / PERSONS,
        f"publish_level: public_figure\n  name: {LEAKED}\n",
        "publish_level: withheld\n",
    )
    edit(root / EVENTS, f"Reported by {LEAKED} herself.", "Reported by the person herself.")


def leaky_base(root: Path) -> None:
    add_persons(root, LEAK)
    edit(root / EVENTS, ZED_EVENT_END, f"{ZED_EVENT_END[:-3]},Reported by {LEAKED} herself.,\n")
    commit_base(root)


def test_a_removed_name_is_never_printed_in_either_language(project: Path, capsys):
    leaky_base(project)
    fix_the_leak(project)
    for lang in ("en", "es"):
        out = diff(project, capsys, lang)
        for word in ("Lia", "Leaked", "lia fictional"):
            assert word.lower() not in out.lower(), (lang, word)
    en = diff(project, capsys, "en").splitlines()
    assert (
        "- Changed `person-leak`: publish\\_level: `public_figure` → `withheld`; "
        "name: ••• (previous value not shown) → (empty)"
    ) in en
    assert (
        "- Changed `release-zed-example`: note: "
        "••• (previous value not shown) → `Reported by the person herself.`"
    ) in en


GONE = """
- id: person-gone
  publish_level: withheld
  minor: "false"
  source_id: daily-2026-01-10
"""


def test_a_removed_record_that_was_not_public_is_counted_not_named(project: Path, capsys):
    add_persons(project, LEAK + GONE)
    commit_base(project)
    edit(project / PERSONS, LEAK + GONE, "")
    out = diff(project, capsys)
    assert "- Removed: `person-leak`; 1 not public (ids not shown)" in out.splitlines()
    assert "person-gone" not in out


def test_added_persons_show_their_level_and_mask_what_is_not_public(project: Path, capsys):
    commit_base(project)
    add_persons(project, NEW_PEOPLE)
    out = diff(project, capsys)
    assert HIDDEN.split()[0] not in out and "Hidden" not in out
    lines = out.splitlines()
    assert (
        "- Added: `person-new-1` — publish\\_level `withheld`; name ••• (withheld); "
        "minor `false`; role ••• (withheld); source\\_id `daily-2026-01-10`"
    ) in lines
    assert (
        "- Added: `person-new-2` — publish\\_level `pseudonymous`; pseudonym `Rosa`; "
        "minor `false`; source\\_id `daily-2026-01-10`"
    ) in lines
    assert (
        "- Added: `person-new-3` — publish\\_level `public_figure`; name `Paz Fictional-Senator`; "
        "minor `false`; role `Fictional senator`; source\\_id `daily-2026-01-10`; "
        "basis\\_source\\_ids `bulletin-2026-01-20`"
    ) in lines


def test_a_person_made_public_is_masked_until_public_on_both_sides(project: Path, capsys):
    add_persons(project, NEW_PEOPLE)
    commit_base(project)
    edit(
        project / PERSONS,
        "publish_level: withheld\n  name: Nina",
        "publish_level: consented\n  consent_ref: consent-0007\n  name: Nina",
    )
    edit(project / PERSONS, "role: Fictional teacher", "role: Fictional head teacher")
    out = diff(project, capsys)
    assert "Nina" not in out and "head teacher" not in out
    assert (
        "- Changed `person-new-1`: publish\\_level: `withheld` → `consented`; "
        "role: ••• (previous value not shown) → ••• (withheld); "
        "consent\\_ref: (empty) → `consent-0007`"
    ) in out.splitlines()


def test_public_records_added_or_changed_are_listed_for_a_second_reviewer(project: Path, capsys):
    commit_base(project)
    add_persons(project, NEW_PEOPLE)
    edit(
        project / PERSONS, "role: Fictional opposition figure", "role: Fictional opposition leader"
    )
    out = diff(project, capsys)
    section = out[out.index("### For a second reviewer") :]
    assert section.splitlines() == [
        "### For a second reviewer: records named on the site",
        "",
        "Each record below is published with a name (consented, public_figure). A second "
        "reviewer checks that the person is one the level allows and that its basis holds: "
        "sources from independent outlets, or a consent record in the private register.",
        "",
        "- `person-new-3` (added): public\\_figure; name `Paz Fictional-Senator`; "
        "role `Fictional senator`; sources: `daily-2026-01-10` (Example Daily), "
        "`bulletin-2026-01-20` (NGO Alpha)",
        "- `person-zed` (changed): public\\_figure; name `Zed Fictional-Publicfigure`; "
        "role `Fictional opposition leader`; role\\_es `Figura opositora ficticia`; "
        "sources: `daily-2026-01-10` (Example Daily), `bulletin-2026-01-20` (NGO Alpha)",
    ]
    es = diff(project, capsys, "es")
    assert "### Para un segundo revisor: registros que el sitio nombra" in es.splitlines()
    assert (
        "- `person-new-3` (añadido): public\\_figure; name `Paz Fictional-Senator`; "
        "role `Fictional senator`; fuentes: `daily-2026-01-10` (Example Daily), "
        "`bulletin-2026-01-20` (NGO Alpha)"
    ) in es.splitlines()


def test_the_summary_in_spanish_has_no_english_heading_or_label(project: Path, capsys):
    leaky_base(project)
    fix_the_leak(project)
    add_persons(project, NEW_PEOPLE)
    es = diff(project, capsys, "es")
    assert es.splitlines()[:10] == [
        "## Cambios en los datos respecto de `HEAD`",
        "",
        "| conjunto | tabla | añadidas | eliminadas | cambiadas | versión |",
        "|---|---|---:|---:|---:|---|",
        "| releases | release\\_events | 0 | 0 | 1 | de parche |",
        "| releases | persons | 3 | 0 | 1 | menor |",
        "",
        "**Totales:** 3 filas añadidas, 0 filas eliminadas, 2 filas cambiadas.",
        "",
        "### releases — requiere una versión **menor** (1.2.0 → 1.3.0)",
    ]
    assert (
        "- Añadidas: `person-new-1` — publish\\_level `withheld`; name ••• (reservado); "
        "minor `false`; role ••• (reservado); source\\_id `daily-2026-01-10`"
    ) in es.splitlines()
    assert (
        "- Cambiada `person-leak`: publish\\_level: `public_figure` → `withheld`; "
        "name: ••• (no se muestra el valor anterior) → (vacío)"
    ) in es.splitlines()
    for english in (
        "Data changes",
        "Added",
        "Changed",
        "Totals",
        "needs a",
        "withheld)",
        "(empty)",
    ):
        assert english not in es, english


LONG_OLD = (
    "Released in the early hours after a hearing that lasted most of the night; the court "
    "ordered weekly reporting and a ban on leaving the state, and the family said the "
    "conditions were harsh."
)
LONG_NEW = (
    "Released in the early hours after a hearing that lasted most of the night; the court "
    "ordered fortnightly reporting and a ban on leaving the state, and the family said the "
    "conditions were harsh but bearable."
)


def test_a_long_text_change_is_a_word_diff_around_the_change():
    assert word_diff(LONG_OLD, LONG_NEW) == (
        "… the court ordered ~~weekly~~ **fortnightly** reporting and a … the conditions were "
        "~~harsh.~~ **harsh but bearable.**"
    )


def test_a_word_diff_keeps_hostile_data_inert():
    old = "A note with a | pipe and <script>alert(1)</script> and `code` and *stars* kept here"
    new = "A note with a | pipe and <b>bold</b> and ``code`` and _under_ [link](x) kept here"
    assert word_diff(old, new) == (
        "… \\| pipe and ~~&lt;script&gt;alert(1)&lt;/script&gt;~~ **&lt;b&gt;bold&lt;/b&gt;** "
        "and ~~\\`code\\`~~ **\\`\\`code\\`\\`** and ~~\\*stars\\*~~ "
        "**\\_under\\_ \\[link\\](x)** kept here"
    )
    assert md("a|b<i>&`~$@") == "a\\|b&lt;i&gt;&amp;\\`\\~\\$\\@"


def test_a_long_note_changed_in_the_data_is_shown_as_a_word_diff(project: Path, capsys):
    edit(project / EVENTS, ZED_EVENT_END, f'{ZED_EVENT_END[:-3]},"{LONG_OLD}",\n')
    commit_base(project)
    edit(project / EVENTS, LONG_OLD, LONG_NEW.replace("the court", "the | <script> `court`"))
    out = diff(project, capsys)
    assert (
        "- Changed `release-zed-example`: note: … the night; the ~~court~~ "
        "**\\| &lt;script&gt; \\`court\\`** ordered ~~weekly~~ **fortnightly** "
        "reporting and a … the conditions were ~~harsh.~~ **harsh but bearable.**"
    ) in out.splitlines()


def test_schema_and_metadata_changes_are_in_the_readers_language(project: Path, capsys):
    commit_base(project)
    schema = project / "schemas/facilities.schema.yaml"
    edit(schema, "enum: [", "enum: [zzz-unused-first, ")
    edit(schema, "constraints: {required: true, maxLength: 200}", "constraints: {required: true}")
    edit(
        project / "data/places/datapackage.yaml",
        "title: Fictional facilities",
        "title: Fictional places",
    )
    english = [line for line in diff(project, capsys, "en").splitlines() if line.startswith("- ")]
    spanish = [line for line in diff(project, capsys, "es").splitlines() if line.startswith("- ")]
    assert english == [
        "- Package metadata: title changed (patch)",
        '- Schema: field "name": maxLength 200 → None (minor)',
        '- Schema: field "type": enum values added: zzz-unused-first (minor)',
    ]
    assert spanish == [
        "- Metadatos del paquete: título cambiado (parche)",
        '- Esquema: campo "name": longitud máxima 200 → sin límite (menor)',
        '- Esquema: campo "type": valores permitidos añadidos: zzz-unused-first (menor)',
    ]


@pytest.mark.parametrize(
    "lang, totals, line",
    [
        ("es", [1, 0, 1], "**Totales:** 1 fila añadida, 0 filas eliminadas, 1 fila cambiada."),
        ("es", [2, 1, 3], "**Totales:** 2 filas añadidas, 1 fila eliminada, 3 filas cambiadas."),
        ("en", [1, 2, 1], "**Totals:** 1 row added, 2 rows removed, 1 row changed."),
    ],
)
def test_each_total_agrees_with_its_count(lang: str, totals: list[int], line: str):
    assert totals_line(totals, words_for(lang)) == line
