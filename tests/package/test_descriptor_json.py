"""datapackage.json's sources list, encoded apart, gives the bytes json.dumps gives."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from datasite.package.datapackage import SOURCES_KIND, SOURCES_MARK, descriptor_json
from datasite.publish.memo import Memo
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


def test_the_sources_list_is_kept_by_the_digest_of_its_table(tmp_path):
    """Kept in the memo under the digest of the table it is made from: the next package or
    build with that table takes it, a descriptor with another digest does not, and a kept
    entry that is not UTF-8 is made again."""
    memo = Memo(tmp_path / "cache")
    first = {"name": "a", "sources": [{"title": "Un título — «prensa»", "path": "https://x"}]}
    expected = json.dumps(first, ensure_ascii=False, indent=2)
    assert descriptor_json(first, memo, "digest-1") == expected
    (entry,) = (tmp_path / "cache" / SOURCES_KIND).iterdir()
    entry.write_text('[\n    {\n      "title": "kept"\n    }\n  ]', encoding="utf-8")
    again = Memo(tmp_path / "cache")
    assert '"kept"' in descriptor_json(first, again, "digest-1")  # taken, not made again
    assert descriptor_json(first, again, "digest-2") == expected  # another table: made
    assert descriptor_json(first, Memo(tmp_path / "cache", read=False), "digest-1") == expected
    entry.write_bytes(b"\xff\xfe")
    assert descriptor_json(first, Memo(tmp_path / "cache"), "digest-1") == expected
