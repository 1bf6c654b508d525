"""A large file's zip entry, deflated in pieces (writers.deflate_pieces): one valid deflate
stream whatever reads it, the same bytes whichever pieces the build memo held, and after a
change only the pieces it touched deflated again."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
import zlib
from pathlib import Path

import pytest

from datasite.package import writers
from datasite.package.writers import PIECE, PIECE_KIND, deflated_file, write_zip
from datasite.publish.memo import Memo


class Counting(Memo):
    """A memo that counts the pieces it was asked for and the pieces deflated afresh."""

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.asked = self.stored = 0

    def get(self, kind: str, key: str) -> bytes | None:
        self.asked += kind == PIECE_KIND
        return super().get(kind, key)

    def put(self, kind: str, key: str, data: bytes) -> None:
        self.stored += kind == PIECE_KIND
        super().put(kind, key, data)


def content(size: int, seed: int = 1) -> bytes:
    """Compressible, not trivial: words drawn at random, like a database's text."""
    pick = random.Random(seed)
    words = [bytes(pick.choices(b"abcdefghij \n,", k=pick.randint(2, 12))) for _ in range(500)]
    out = bytearray()
    while len(out) < size:
        out += pick.choice(words)
    return bytes(out[:size])


def entry(path: Path, memo: Memo | None) -> tuple[writers.ZipMember, bytes]:
    member = deflated_file(path, "x/data.bin", None, None, memo)
    return member, b"".join(member.data)


@pytest.mark.parametrize("size", [PIECE + 1, 3 * PIECE, 3 * PIECE + 12_345])
def test_pieces_inflate_to_the_file_and_zipfile_reads_them(tmp_path, size):
    data = content(size)
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    member, deflated = entry(path, None)
    assert zlib.decompress(deflated, -15) == data
    archive = tmp_path / "a.zip"
    with archive.open("wb") as sink:
        write_zip(sink, [member], dt.date(2026, 2, 1))
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        assert z.read("x/data.bin") == data
    assert (member.size, member.crc) == (size, zlib.crc32(data))
    # primed with the window before it, each piece deflates about as well as one stream
    assert len(deflated) < 1.01 * len(zlib.compress(data, 6)) + 64


def test_a_file_of_one_piece_is_deflated_as_zipfile_deflates_it(tmp_path):
    data = content(PIECE)
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert entry(path, None)[1] == compressor.compress(data) + compressor.flush()


def test_the_same_bytes_with_the_memo_empty_full_or_poisoned(tmp_path):
    data = content(4 * PIECE + 999)
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    clean = entry(path, None)[1]
    memo = Counting(tmp_path / "cache")
    assert entry(path, memo)[1] == clean
    assert (memo.asked, memo.stored) == (5, 5)
    again = Counting(tmp_path / "cache")
    assert entry(path, again)[1] == clean
    assert (again.asked, again.stored) == (5, 0)  # every piece taken from the memo
    # a kept piece that does not inflate to its piece (poisoned, cut short, or ending as a
    # stream's last block) is deflated again
    kept = sorted((tmp_path / "cache" / PIECE_KIND).iterdir())
    other = zlib.compressobj(6, zlib.DEFLATED, -15)
    forged = {
        kept[0]: other.compress(b"not this piece") + other.flush(zlib.Z_SYNC_FLUSH),
        kept[1]: kept[1].read_bytes()[:-9] + b"\x00\x00\xff\xff",
        kept[2]: kept[2].read_bytes() + b"\x03\x00",
    }
    for file, forgery in forged.items():
        file.write_bytes(forgery)
    poisoned = Counting(tmp_path / "cache")
    assert entry(path, poisoned)[1] == clean
    assert poisoned.stored == 3


def test_one_changed_page_deflates_at_most_two_pieces_again(tmp_path):
    data = bytearray(content(8 * PIECE))
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    entry(path, Counting(tmp_path / "cache"))
    data[3 * PIECE + 5000 : 3 * PIECE + 9096] = content(4096, seed=2)  # a page, mid-piece
    path.write_bytes(data)
    memo = Counting(tmp_path / "cache")
    member, deflated = entry(path, memo)
    assert memo.stored == 1  # its piece; the next one's window did not change
    assert deflated == entry(path, None)[1]
    assert zlib.decompress(deflated, -15) == bytes(data)
    data[5 * PIECE - 100 : 5 * PIECE - 50] = b"z" * 50  # in the window of the piece after it
    path.write_bytes(data)
    memo = Counting(tmp_path / "cache")
    assert entry(path, memo)[1] == entry(path, None)[1]
    assert memo.stored == 2
