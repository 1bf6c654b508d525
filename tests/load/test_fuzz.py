"""Property tests: arbitrary bytes, YAML and CSV give clean rows or our own DataError/issues, never
another exception."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasite.check.privacy import check_privacy, redact
from datasite.check.tables import check_project
from datasite.issues import DataError, Issue
from datasite.load.frames import LINE, FrameRows
from datasite.load.links import config_link_issues
from datasite.load.project import load_project, read_csv, read_yaml_mapping, read_yaml_table
from datasite.model import Row, Table
from tests.conftest import FIXTURES, make_project

# Every property holds with CSV files read row by row and read into columns (conftest.both_readers).
pytestmark = pytest.mark.usefixtures("both_readers")

FIELDS = [
    {"name": "id", "constraints": {"required": True}},
    {"name": "tags", "type": "list", "delimiter": ";"},
    {"name": "note"},
]
TABLE = Table(name="things", dataset="d", schema={"fields": FIELDS}, schema_path="s", path="things")
FAST = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

yaml_atoms = st.sampled_from(
    [
        "- ",
        "id",
        "note",
        "tags",
        ": ",
        "\n",
        "  ",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "#",
        "|",
        ">",
        "---",
        "...",
        "%YAML 1.1",
        "? ",
        "!!str ",
        "!!binary ",
        "\t",
        "é",
        "\x00",
        "<<: ",
    ]
)
csv_atoms = st.sampled_from(
    ["id", "tags", "note", ",", "\n", "\r\n", '"', '""', ";", "a", "é", "\x00", " ", "=1+1", "\r"]
)


def loads_cleanly(call) -> None:
    try:
        result = call()
    except DataError as error:
        assert error.issues and all(isinstance(i, Issue) and i.path for i in error.issues)
        return
    assert isinstance(result, (list, dict, FrameRows))


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_as_csv(tmp_path_factory, data: bytes):
    folder = tmp_path_factory.mktemp("csv")
    (folder / "things.csv").write_bytes(data)
    loads_cleanly(lambda: read_csv(folder, folder / "things.csv", TABLE))


@FAST
@given(st.lists(csv_atoms, max_size=60).map("".join))
def test_csv_like_text(tmp_path_factory, text: str):
    folder = tmp_path_factory.mktemp("csvtext")
    (folder / "things.csv").write_text("id,tags,note\n" + text, encoding="utf-8")
    loads_cleanly(lambda: read_csv(folder, folder / "things.csv", TABLE))


@FAST
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(yaml_atoms, max_size=60).map(lambda parts: "".join(parts).encode("utf-8")),
    )
)
def test_any_yaml_as_table_and_as_settings(tmp_path_factory, data: bytes):
    folder = tmp_path_factory.mktemp("yaml")
    (folder / "things.yaml").write_bytes(data)
    loads_cleanly(lambda: read_yaml_table(folder, folder / "things.yaml", TABLE))
    loads_cleanly(lambda: read_yaml_mapping(folder, folder / "things.yaml"))


settings_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["url", "path", "licenses", "x", "homepage"]), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


@FAST
@given(settings_values)
def test_link_check_on_any_settings(value):
    assert all(isinstance(i, Issue) for i in config_link_issues("site.yaml", "", value))


_BASES: dict[str, object] = {}


def base_project(reader: str):
    """The mini fixture, loaded once per reader (loading is not what this property is about)."""
    if reader not in _BASES:
        import tempfile

        root = make_project(Path(tempfile.mkdtemp(prefix="fuzz-")) / "project")
        project, issues = load_project(root)
        assert issues == [] and (FIXTURES / "mini").is_dir()
        # Each reader really read the CSV tables its own way (conftest.both_readers).
        csv_tables = ["tallies", "release_events", "sources"]
        kinds = {name: type(project.table(name).rows) for name in csv_tables}
        assert kinds == dict.fromkeys(csv_tables, FrameRows if reader == "columns" else list), (
            reader,
            kinds,
        )
        _BASES[reader] = project
    return _BASES[reader]


def add_row(table: Table, values: dict, path: str, line: int) -> None:
    """One more row, kept the reader's way: a list gets a Row, columns get one more frame row."""
    if isinstance(table.rows, FrameRows):
        rows = table.rows
        extra = pl.DataFrame([{**values, LINE: line}], schema=rows.frame.schema)
        table.rows = FrameRows(pl.concat([rows.frame, extra]), rows.path, rows.names)
    else:
        table.rows.append(Row(values=values, path=path, line=line))


cell = st.one_of(
    st.text(max_size=25),
    st.sampled_from(
        [
            "",
            "-1",
            "1e9",
            "2026-02-30",
            "2026-01",
            "day",
            "true",
            "V-12.345.678",
            "javascript:x",
            "=1",
            "../x",
            "fort-one",
            "person-zed",
            "withheld",
        ]
    ),
)


# 25 examples per reader and table kind: each runs every check (twice with the column screen),
# about 1.5 s here; 40 took make test past its ten minutes once the suite grew.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table_name=st.sampled_from(["tallies", "release_events", "persons", "facilities", "sources"]),
    data=st.data(),
)
def test_checks_on_arbitrary_cell_values(both_readers: str, table_name: str, data):
    project = copy.deepcopy(base_project(both_readers))
    table = project.table(table_name)
    row = table.rows[0]
    values = {}
    for spec in table.schema["fields"]:
        if spec.get("type") == "list":
            values[spec["name"]] = data.draw(st.lists(cell, max_size=3))
        else:
            values[spec["name"]] = data.draw(cell)
    add_row(table, values, row.path, 99)
    issues = check_project(project, dt.date(2026, 11, 29))
    assert all(isinstance(i, Issue) for i in issues)
    if both_readers == "columns":  # the column screen keeps every row the checks find a problem in
        reference = copy.deepcopy(project)
        for each in reference.tables().values():
            each.rows = list(each.rows)
        assert sorted(issues) == sorted(check_project(reference, dt.date(2026, 11, 29)))
    assert all(isinstance(i, Issue) for i in check_privacy(redact(project)))
