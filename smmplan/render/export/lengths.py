"""The lengths of the texts the exports send, kept between runs.

A scheduler's row carries the post's text with its link and UTM parameters, which the
check never counted, so every build counted those texts again: on a plan of 5,000 posts
about a quarter of a second, most of it compiling Mastodon's URL pattern (some 1,500
top-level domains) before the first text with a link. A length depends only on the text,
the counting method and the length a link counts as, and on smmplan's counting code and
data (the store's salt). So each run keeps the lengths it used, by a hash of those, in
``.smmplan-cache/export/``, and the next one counts only the texts it has not seen.

The file is signed with the check cache's per-user secret: a planted length could let a
text that is too long into a scheduler's file. One that does not verify, or was made
under another salt, is ignored, and without the secret nothing is kept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from smmplan import text as counting

FOLDER = Path(".smmplan-cache") / "export"
ROLE = b"export-lengths"
KEPT = 200_000  # lengths kept at most (a 5,000-post plan uses about 1,000)


class Lengths:
    """Lengths known from the last run (``known``) and those this one used (``used``)."""

    def __init__(self, known: dict[str, int] | None = None, path: Path | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, int] = {}
        self.path = path  # where they are kept; None: nowhere

    def count(self, text: str, method: str, url_length: int | None) -> int:
        """``text.count(text, method, url_length=url_length)``, looked up when known."""
        made_of = f"{method}\0{url_length}\0{text}".encode("utf-8", "surrogatepass")
        key = hashlib.blake2b(made_of, digest_size=16).hexdigest()
        found = self.used.get(key)
        if found is None:
            found = self.known.get(key)
            if found is None:
                found = counting.count(text, method, url_length=url_length)
            if len(self.used) < KEPT:
                self.used[key] = found
        return found

    def save(self) -> None:
        """Keep the lengths this run used for the next one (when they changed)."""
        if self.path is None or self.used.keys() == self.known.keys():
            return
        import orjson

        from smmplan.load.cache import load_secret, write_signed

        secret = load_secret()
        if secret is None:
            return
        payload = orjson.dumps({"salt": salt(), "lengths": self.used})
        try:
            write_signed(self.path, secret, ROLE, payload)
        except OSError:
            return  # the next run counts them again


def kept(root: Path) -> Lengths:
    """The lengths the last run in this repository kept, to be saved again after this one
    (none kept, and none saved, where the folder or the secret cannot be used)."""
    import orjson

    from smmplan.load.cache import load_secret, read_signed
    from smmplan.load.cached import cache_folder

    folder, problem = cache_folder(root, FOLDER)
    secret = load_secret()
    if folder is None or problem is not None or secret is None:
        return Lengths()
    path = folder / "lengths.json"
    payload = read_signed(path, secret, ROLE)
    try:
        found = orjson.loads(payload) if payload is not None else {}
    except orjson.JSONDecodeError:
        found = {}
    if not isinstance(found, dict) or found.get("salt") != salt():
        return Lengths(path=path)
    lengths = found.get("lengths")
    if not isinstance(lengths, dict) or not all(type(n) is int for n in lengths.values()):
        return Lengths(path=path)
    return Lengths(lengths, path)


def salt() -> str:
    """smmplan's counting code and data, by content."""
    import smmplan

    package = Path(smmplan.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for folder in ("text", "data"):
        for path in sorted((package / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(package).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
