"""User content made safe to print: control characters shown as escapes, never sent raw.

A post's title or a file name can hold an escape sequence (``\\x1b[2J`` clears the
screen), a carriage return that overwrites what was printed, or a bidi override
(U+202E) that makes a line read differently from what it contains. ``printable`` shows
each of them as a Python-style escape; ``json_safe`` does the same inside JSON text,
where the escapes decode back to the original characters.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls; line and paragraph separators, which some terminals
# and editors break lines at; the bidi embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Inside JSON strings the encoder already escapes C0 controls; the rest may reach a terminal.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, DEL, C1, separator and bidi character escaped.

    ``"a\\x1b[31mb"`` becomes ``a\\x1b[31mb`` with a visible backslash; a newline in a
    title becomes ``\\n``; everything else, including any script and emoji, is unchanged.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters that
    could act on a terminal written as ``\\uXXXX`` escapes: the same JSON value, safe to print.
    """
    if _JSON_UNSAFE.search(encoded) is None:
        return encoded
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
