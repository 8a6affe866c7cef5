"""The knowledge base's digest keys the on-disk cache: an edit that keeps every file's CRC32 and size
(four bytes patched in a comment) must still change it, or the cache answers from the old files."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from massage_match.kb.sources import read_sources
from tests.conftest import run

PADDING = b"q" * 64  # a comment of letters: flipping bit 0 or 1 of each keeps it a letter (p, q, r, s)


def _crc_effect(data: bytes) -> int:
    """The linear part of CRC32: crc(a ^ b) == crc(a) ^ _crc_effect(b) for inputs of equal length."""
    return zlib.crc32(data) ^ zlib.crc32(bytes(len(data)))


def keep_crc32(original: bytes, edited: bytes) -> bytes:
    """`edited` (as long as `original`) with bits flipped in its PADDING so that its CRC32 is the original's."""
    assert len(edited) == len(original)
    start = edited.rindex(PADDING)
    flips = [(i, bit) for i in range(len(PADDING)) for bit in (1, 2)]

    def flipped(chosen: int) -> bytes:  # `chosen`: a bit set over `flips`
        patch = bytearray(len(edited))
        for n, (i, bit) in enumerate(flips):
            if chosen >> n & 1:
                patch[start + i] ^= bit
        return bytes(patch)

    target = zlib.crc32(original) ^ zlib.crc32(edited)
    # Gaussian elimination over GF(2): a set of flips whose effects on the CRC XOR to the target
    basis: dict[int, tuple[int, int]] = {}  # leading bit -> (effect, flips chosen)
    for n in range(len(flips)):
        effect, chosen = _crc_effect(flipped(1 << n)), 1 << n
        for top in sorted(basis, reverse=True):
            if effect >> top & 1:
                effect, chosen = effect ^ basis[top][0], chosen ^ basis[top][1]
        if effect:
            basis[effect.bit_length() - 1] = (effect, chosen)
    chosen = 0
    for top in sorted(basis, reverse=True):
        if target >> top & 1:
            target, chosen = target ^ basis[top][0], chosen ^ basis[top][1]
    assert target == 0, "no combination of flips reaches the CRC"
    return bytes(a ^ b for a, b in zip(edited, flipped(chosen), strict=True))


def test_an_edit_that_keeps_crc32_and_sizes_changes_the_digest_and_the_answer(kb_copy: Path) -> None:
    path = kb_copy / "conditions.yaml"
    original = path.read_bytes() + b"# " + PADDING + b"\n"
    path.write_bytes(original)
    before, _ = _names(kb_copy)
    assert "Lower back pain" in before
    edited = keep_crc32(original, original.replace(b"name: Lower back pain", b"name: Lower back PAIN", 1))
    assert edited != original and len(edited) == len(original)
    assert zlib.crc32(edited) == zlib.crc32(original)  # the old digest could not tell them apart
    digest_before = read_sources(kb_copy)[2]
    path.write_bytes(edited)
    after, digest_after = _names(kb_copy)
    assert digest_after != digest_before
    assert "Lower back PAIN" in after and "Lower back pain" not in after  # not the cached old answer


def _names(data_dir: Path) -> tuple[set[str], str]:
    result = run("--data-dir", str(data_dir), "--format", "json", "conditions")
    assert result.exit_code == 0, result.stderr
    return {c["name"] for c in json.loads(result.stdout)}, read_sources(data_dir)[2]


def test_the_digest_is_stable() -> None:
    digest = read_sources(None)[2]
    assert len(digest) == 32 and int(digest, 16) >= 0
    assert read_sources(None)[2] == digest  # stable: the cache is found again
