"""A large CSV file whose bytes were read cleanly before skips the checks that only its bytes
decide (UTF-8, polars reading it back exactly), and with the same schema takes the columns it
gave last time: the rows are the same, and other bytes or another schema are read afresh."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from datasite.issues import DataError
from datasite.load import frames
from datasite.load import project as load
from datasite.load.frames import FrameRows
from datasite.load.project import read_csv
from datasite.model import Table
from datasite.publish.memo import Memo

TABLE = Table(
    name="things",
    dataset="d",
    schema={"fields": [{"name": "id"}, {"name": "note"}, {"name": "items", "type": "list"}]},
    schema_path="s",
    path="data/d/things.csv",
)
DATA = 'id,note,items\na,"Fictional, quoted",x;y\nb,,\nc,plain ñ,z\n'.encode()


@pytest.fixture
def path(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(load, "FRAME_MIN_BYTES", 0)
    target = tmp_path / "data" / "d" / "things.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(DATA)
    return target


def rows_of(rows) -> list[tuple]:
    return [(r.values, r.path, r.line) for r in rows]


def refuse(monkeypatch) -> None:
    """From now on, checking the encoding or reading back fails the test."""

    def never(*_):
        raise AssertionError("checked again")

    monkeypatch.setattr(load, "check_utf8", never)
    monkeypatch.setattr(frames, "writes_back", never)


def test_a_file_read_before_is_not_checked_again(path: Path, tmp_path: Path, monkeypatch):
    memo = Memo(tmp_path / "cache")
    first = read_csv(tmp_path, path, TABLE, memory=memo)
    assert isinstance(first, FrameRows)
    assert first.digest == hashlib.sha256(DATA).hexdigest()
    refuse(monkeypatch)
    monkeypatch.setattr(load, "normalize_frame", None)  # the columns kept are taken as they are
    again = read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    assert rows_of(again) == rows_of(first)
    assert again.compact.schema == first.compact.schema
    assert again.compact.equals(first.compact)
    with pytest.raises(AssertionError, match="checked again"):  # without the memo: checked
        read_csv(tmp_path, path, TABLE)


def test_other_bytes_are_checked(path: Path, tmp_path: Path, monkeypatch):
    read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    path.write_bytes(DATA.replace("ñ".encode(), b"\xf1"))  # Latin-1, not UTF-8
    with pytest.raises(DataError) as raised:
        read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    assert [str(i) for i in raised.value.issues] == [
        "data/d/things.csv:4: encoding: byte 0xf1 is not UTF-8; save the file as UTF-8"
    ]


def test_a_corrupt_entry_is_a_miss(path: Path, tmp_path: Path, monkeypatch):
    read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    for entry in (tmp_path / "cache" / "loads").iterdir():
        entry.write_bytes(b"tru")
    refuse(monkeypatch)
    with pytest.raises(AssertionError, match="checked again"):
        read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))


def test_kept_columns_unreadable_are_made_again(path: Path, tmp_path: Path, monkeypatch):
    first = read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    for entry in (tmp_path / "cache" / "columns").iterdir():
        entry.write_bytes(entry.read_bytes()[:-40])  # cut short
    refuse(monkeypatch)  # the bytes' own checks are still kept
    again = read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    assert rows_of(again) == rows_of(first)


def test_another_schema_makes_its_own_columns(path: Path, tmp_path: Path):
    read_csv(tmp_path, path, TABLE, memory=Memo(tmp_path / "cache"))
    fields = [{"name": "id"}, {"name": "note"}, {"name": "items"}]  # items no longer a list
    plain = Table(**{**TABLE.__dict__, "schema": {"fields": fields}})
    rows = read_csv(tmp_path, path, plain, memory=Memo(tmp_path / "cache"))
    assert [r.values["items"] for r in rows] == ["x;y", "", "z"]


def test_a_schema_found_valid_before_is_not_checked_again(tmp_path: Path, monkeypatch):
    """check_schema keeps a valid schema's verdict by its exact text: the same schema is not
    checked again (frictionless not asked), another one is, and an invalid one is still refused."""
    asked = []
    real = load.schema_problems
    monkeypatch.setattr(
        load, "schema_problems", lambda *args: (asked.append(args[2]), real(*args))[1]
    )
    schema = {"fields": [{"name": "id", "type": "string"}]}
    load.check_schema(tmp_path, tmp_path / "s.yaml", schema, memory=Memo(tmp_path / "c"))
    load.check_schema(tmp_path, tmp_path / "s.yaml", schema, memory=Memo(tmp_path / "c"))
    assert len(asked) == 1
    wrong = {"fields": [{"name": "id", "type": "string"}, {"name": "id", "type": "string"}]}
    for _ in range(2):  # a problem is never kept: refused every time
        with pytest.raises(DataError, match="schema-invalid"):
            load.check_schema(tmp_path, tmp_path / "s.yaml", wrong, memory=Memo(tmp_path / "c"))
    assert len(asked) == 3
