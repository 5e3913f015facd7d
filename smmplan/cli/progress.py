"""What ``build`` shows while it works: one line per stage, on a terminal only.

``check``, ``images`` (with the images' own bar, n of N), ``exports``, ``site pages``.
Nothing is written when the stream is not a terminal (CI logs, pipes) or with ``-q``,
so the build's output stays the same there.
"""

from __future__ import annotations

from typing import TextIO

STAGES = ("check", "images", "exports", "site pages")


class Stages:
    def __init__(self, stream: TextIO, *, enabled: bool = True) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(enabled and isatty is not None and isatty())
        self.stream = stream
        self._console = None

    def start(self, name: str) -> None:
        """Announce that stage ``name`` begins."""
        if not self.enabled:
            return
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False)
        number = STAGES.index(name) + 1 if name in STAGES else len(STAGES)
        self._console.print(f"[dim]{number}/{len(STAGES)}[/dim] [bold]{name}[/bold]")
