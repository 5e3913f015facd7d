"""Creating a file in the user's repository: all at once, and never over an existing one.

The text goes to a temporary file beside the target first; a hard link then gives it its
name, which fails (``FileExistsError``) rather than replace a file that exists or appeared
in the meantime. ``new`` and ``import`` write every file they create this way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def create(path: Path, text: str) -> None:
    """Write ``text`` to the new file ``path``; ``FileExistsError`` when it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # an ordinary new file, not mkstemp's 0600
        os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask
