"""``kcscore.sha`` gives the digests ``hashlib`` gives: pack hashes and cache keys do not change."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from kcscore.sha import sha256


@given(st.lists(st.binary(max_size=300), max_size=5))
def test_the_same_digest_as_hashlib(parts: list[bytes]) -> None:
    ours, theirs = sha256(), hashlib.sha256()
    for part in parts:
        ours.update(part)
        theirs.update(part)
    assert ours.hexdigest() == theirs.hexdigest()
    assert sha256(b"".join(parts)).digest() == theirs.digest()


def test_a_known_digest() -> None:
    assert sha256(b"abc").hexdigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
