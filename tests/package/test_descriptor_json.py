"""datapackage.json's sources list, encoded apart, gives the bytes json.dumps gives."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from datasite.package.datapackage import SOURCES_MARK, descriptor_json
from tests.package.test_frame_writers import NASTY

text = st.one_of(st.sampled_from([*NASTY, SOURCES_MARK]), st.text(max_size=10))
scalar = st.one_of(text, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False))
record = st.dictionaries(text, scalar, max_size=3)
value = st.one_of(scalar, st.lists(record, max_size=3), st.lists(st.lists(scalar), max_size=2))


@settings(max_examples=200, deadline=None)
@given(
    sources=st.one_of(st.lists(record, max_size=6), value),
    rest=st.dictionaries(text, value, max_size=3),
)
def test_descriptor_json_is_what_json_dumps_writes(sources, rest):
    descriptor = {**rest, "sources": sources}
    assert descriptor_json(descriptor) == json.dumps(descriptor, ensure_ascii=False, indent=2)


def test_a_descriptor_without_sources_and_a_record_without_fields():
    for descriptor in ({"name": "x"}, {"sources": [{}, {"title": "t"}]}, {"sources": []}):
        assert descriptor_json(descriptor) == json.dumps(descriptor, ensure_ascii=False, indent=2)
