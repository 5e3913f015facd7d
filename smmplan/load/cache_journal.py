"""The check cache's journal: what runs changed in the index since it was last written
whole (:mod:`smmplan.load.cached` decides when to append and when to rewrite).

Rewriting the index of 10,000 posts (5 MB) for a run that re-checked one post took longer
than re-checking it. Such a run appends one record holding only what it changed (its
entries, their models' offsets, the media headers it read) and the next run applies the
records in order over the index. Each record names the index's generation, a random
token each rewrite draws, so records written against an earlier index are skipped.

A record is its HMAC-SHA256 (over the cache's key, the generation and the payload), the
payload's length (8 bytes, big-endian), the generation (16 bytes) and the payload. It is
written with one ``write`` under the exclusive lock the models file uses too, so records
of two processes follow one another. Reading stops at the first record of this
generation that does not verify, or that the file ends in the middle of: what follows a
torn or forged record is never trusted.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from smmplan.load.cache import MAGIC, read_regular
from smmplan.load.cache_models import locked_for_append, write_all

GENERATION = 16  # bytes of the token naming an index
_DIGEST = 32
_LENGTH = 8
_HEAD = _DIGEST + _LENGTH + GENERATION


def _mac(secret: bytes, key: bytes, generation: bytes, payload: bytes) -> bytes:
    message = MAGIC + b"journal\0" + key + b"\0" + generation + payload
    return hmac.new(secret, message, hashlib.sha256).digest()


def append(path: Path, secret: bytes, key: bytes, generation: bytes, payload: bytes) -> None:
    """One record at the end of the journal. Raises ``OSError`` when it cannot be written."""
    length = len(payload).to_bytes(_LENGTH, "big")
    record = _mac(secret, key, generation, payload) + length + generation + payload
    descriptor = locked_for_append(path)
    try:
        write_all(descriptor, record)
    finally:
        os.close(descriptor)  # releases the lock


def read(path: Path, secret: bytes, key: bytes, generation: bytes) -> tuple[list[bytes], int]:
    """The payloads of this generation's records, in order, and the journal's size in
    bytes (0 when it is absent, not a regular file or unreadable)."""
    data = read_regular(path) or b""
    payloads, start = [], 0
    while start + _HEAD <= len(data):
        length = int.from_bytes(data[start + _DIGEST : start + _DIGEST + _LENGTH], "big")
        end = start + _HEAD + length
        if end > len(data):
            break
        written_for = data[start + _DIGEST + _LENGTH : start + _HEAD]
        if written_for == generation:
            payload = data[start + _HEAD : end]
            if not hmac.compare_digest(
                data[start : start + _DIGEST], _mac(secret, key, generation, payload)
            ):
                break
            payloads.append(payload)
        start = end
    return payloads, len(data)


def changes(was: dict, now: dict) -> dict:
    """What turns ``was`` into ``now``, as a record holds it: the keys whose value is new,
    and None for each key gone. Values carried over are the same objects, so identity
    tells them apart."""
    changed = {name: value for name, value in now.items() if was.get(name) is not value}
    changed.update(dict.fromkeys(was.keys() - now.keys()))
    return changed


def apply(target: dict, changed: dict) -> None:
    """``target`` updated by a record's ``changes``."""
    for name, value in changed.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
