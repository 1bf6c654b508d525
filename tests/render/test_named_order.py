"""The dataset page's named people in the order Jinja's sort filter gave them (str.lower, stable),
now worked out from the columns: the same order, rows held as columns or as rows."""

import jinja2
import polars as pl

from datasite.load.frames import FrameRows
from datasite.model import Row, Table
from datasite.render.pages import named_in_order, publishable_rows

NAMES = [
    "bo Fictional",
    "Bo Fictional",
    "ÁNGEL Ficticio",
    "ángel Ficticio",
    "İpek Fictional",
    "ipek Fictional",
    "Straße Fictional",
    "STRASSE Fictional",
    "",
    "Zed Fictional",
    "zed fictional",
    "Émile Fictional",
    "Ω Fictional",
    "ω Fictional",
    "a Fictional",
]
SCHEMA = {
    "fields": [{"name": n} for n in ("id", "name", "publish_level", "minor")],
    "privacy": {
        "levelField": "publish_level",
        "publicLevels": ["public_figure"],
        "minorField": "minor",
    },
}


def people(columns: bool) -> Table:
    levels = ["public_figure", "withheld", "public_figure"] * 5
    minors = ["false"] * 12 + ["true", "false", "false"]
    data = {
        "id": [f"p{i}" for i in range(len(NAMES))],
        "name": NAMES,
        "publish_level": levels,
        "minor": minors,
    }
    frame = pl.DataFrame(data)
    rows = (
        FrameRows(frame, "persons.csv", list(data))
        if columns
        else [
            Row(dict(zip(data, r, strict=True)), "persons.csv", i + 2)
            for i, r in enumerate(frame.iter_rows())
        ]
    )
    return Table("persons", "d", SCHEMA, "s", "persons.csv", rows=rows)


def test_the_order_is_jinja_sort_s_with_rows_or_columns():
    sort = jinja2.Environment().from_string(
        '{% for r in rows|sort(attribute="values.name") %}{{ r.values.id }} {% endfor %}'
    )
    for columns in (False, True):
        table = people(columns)
        expected = sort.render(rows=publishable_rows(table)).split()
        got = [row.values["id"] for row in named_in_order(table, "name")]
        assert got == expected, columns
        assert len(got) == 9  # 10 public figures, one of them a minor
