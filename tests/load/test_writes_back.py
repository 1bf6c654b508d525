"""frames.writes_back compares polars's writing of a CSV with the file a slice of rows at a time:
the same answer as writing it whole and comparing once."""

from __future__ import annotations

import io

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from datasite.load import frames

CELLS = st.text(alphabet=st.sampled_from(["a", "é", " ", ",", '"', "\n", "x"]), max_size=4)


def whole(raw: pl.DataFrame, data: bytes) -> bool:
    """The reference: the frame written at once, compared with the file."""
    written = io.BytesIO()
    raw.write_csv(written)
    return written.getvalue() == data


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(CELLS, CELLS), max_size=12),
    cut=st.integers(min_value=0, max_value=400),
    extra=st.sampled_from([b"", b"a", b"\n", b"x,y\n"]),
    step=st.integers(min_value=1, max_value=5),
)
def test_slices_give_the_answer_of_the_whole_file(rows, cut, extra, step):
    raw = pl.DataFrame(
        {"id": [r[0] for r in rows], "note": [r[1] for r in rows]},
        schema={"id": pl.String, "note": pl.String},
    )
    written = io.BytesIO()
    raw.write_csv(written)
    exact = written.getvalue()
    # The file itself, then files that differ from it: cut short, longer, one byte changed.
    changed = bytearray(exact)
    changed[min(cut, len(changed) - 1)] ^= 1
    old, frames.ROUND_TRIP_ROWS = (
        frames.ROUND_TRIP_ROWS,
        step,
    )  # several slices, even for a few rows
    try:
        for data in (exact, exact[:cut], exact + extra, bytes(changed)):
            assert frames.writes_back(raw, data) == whole(raw, data)
    finally:
        frames.ROUND_TRIP_ROWS = old


def test_a_difference_in_the_last_slice_is_found(monkeypatch):
    monkeypatch.setattr(frames, "ROUND_TRIP_ROWS", 2)
    raw = pl.DataFrame({"id": [f"r{i}" for i in range(7)]})
    written = io.BytesIO()
    raw.write_csv(written)
    data = written.getvalue()
    assert frames.writes_back(raw, data)
    assert not frames.writes_back(raw, data.replace(b"r6", b"r7"))
    assert not frames.writes_back(raw, data[:-1])
    assert not frames.writes_back(raw, data + b"r7\n")
