"""The build memo: entries under content keys, misses instead of errors, one build kept."""

from pathlib import Path

from datasite.publish.memo import Memo, cache_folder, memo_key


def test_an_entry_put_is_got_back_by_the_next_build(tmp_path: Path):
    Memo(tmp_path / "c").put("search", "k1", b"records")
    later = Memo(tmp_path / "c")
    assert later.get("search", "k1") == b"records"
    assert later.get("search", "k2") is None


def test_keys_differ_when_parts_are_cut_differently():
    assert memo_key("ab", "c") != memo_key("a", "bc")
    assert memo_key(b"x") == memo_key("x")


def test_a_corrupt_json_entry_is_a_miss(tmp_path: Path):
    memo = Memo(tmp_path / "c")
    memo.put_json("checks", "k", {"ok": True})
    assert Memo(tmp_path / "c").get_json("checks", "k") == {"ok": True}
    (tmp_path / "c" / "checks" / "k").write_bytes(b"{not json")
    assert Memo(tmp_path / "c").get_json("checks", "k") is None


def test_a_build_keeps_only_the_entries_it_used(tmp_path: Path):
    first = Memo(tmp_path / "c")
    for key in ("a", "b"):
        first.put("pages", key, key.encode())
    first.put("gone", "x", b"x")
    second = Memo(tmp_path / "c")
    assert second.get("pages", "a") == b"a"
    second.put("pages", "c", b"c")
    second.keep_only_used()
    assert sorted(p.name for p in (tmp_path / "c" / "pages").iterdir()) == ["a", "c"]
    assert not (tmp_path / "c" / "gone").exists()


def test_force_writes_but_never_reads(tmp_path: Path):
    Memo(tmp_path / "c").put("pages", "a", b"old")
    forced = Memo(tmp_path / "c", read=False)
    assert forced.get("pages", "a") is None
    forced.put("pages", "a", b"new")
    forced.keep_only_used()
    assert Memo(tmp_path / "c").get("pages", "a") == b"new"


def test_no_cache_through_a_link_or_over_a_file(tmp_path: Path):
    site = tmp_path / "site"
    assert cache_folder(site) == tmp_path / ".site.cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / ".site.cache").symlink_to(elsewhere)
    assert cache_folder(site) is None
    (tmp_path / ".out.cache").write_text("a file")
    assert cache_folder(tmp_path / "out") is None
    Memo(None).put("pages", "a", b"a")  # no cache: nothing written, nothing raised
    assert Memo(None).get("pages", "a") is None


def test_an_unwritable_cache_costs_time_not_the_build(tmp_path: Path):
    (tmp_path / "c").write_text("not a folder")
    memo = Memo(tmp_path / "c")
    memo.put("pages", "a", b"a")  # mkdir fails: quietly a miss next time
    assert memo.get("pages", "a") is None


def test_new_code_never_reads_an_old_entry(tmp_path: Path):
    old = Memo(tmp_path / "c", salt="code-1")
    old.put("pages", old.key("page"), b"old output")
    assert Memo(tmp_path / "c", salt="code-1").get("pages", old.key("page")) == b"old output"
    new = Memo(tmp_path / "c", salt="code-2")
    assert new.get("pages", new.key("page")) is None
