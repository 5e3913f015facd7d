"""Hard-link the pages an incremental build keeps from the previous site into the new one.

A 5,000-page site means 5,000 folders made and 5,000 links, about a second of system calls
on a journaling file system, and the build has other work to do meanwhile. So ``start``
runs this file as a separate program (``python link_pages.py PREVIOUS STAGING`` with the
page addresses on its standard input, separated by NUL, which no path holds) and ``done``
waits for it. A fresh program rather than a fork of the build, which needs none of the
build's memory (a fork would share hundreds of megabytes with it, copy-on-write); nothing
but the standard library is imported here, so the program starts in milliseconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def link(previous_site: str, staging: str, pages: list[str]) -> None:
    """Link each page of ``previous_site`` into ``staging`` (copied where links cannot be
    made, e.g. across file systems); pages already there are left as they are."""
    made: set[str] = set()
    join, folder_of = os.path.join, os.path.dirname
    for uri in pages:  # strings, not paths: a 5,000-page site links 5,000 of them
        source, target = join(previous_site, uri), join(staging, uri)
        folder = folder_of(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError:
            shutil.copy2(source, target)


def start(previous_site: Path, staging: Path, pages: list[str]) -> subprocess.Popen | None:
    """The linking program, started and given its pages; None when it could not start."""
    command = [sys.executable, "-I", "-S", __file__, os.fspath(previous_site), os.fspath(staging)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdin is not None
        process.stdin.write("\0".join(pages).encode("utf-8", "surrogateescape"))
        process.stdin.close()
    except (OSError, ValueError):
        return None
    return process


def done(process: subprocess.Popen, *, cancel: bool = False) -> bool:
    """Wait for the program (stopped first with ``cancel``); whether it linked every page."""
    try:
        if cancel:
            process.kill()
        return process.wait() == 0 and not cancel
    except OSError:
        return False


def main(previous_site: str, staging: str) -> int:
    data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    try:
        link(previous_site, staging, [uri for uri in data.split("\0") if uri])
    except OSError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
