"""The benchmarks' child processes run smmplan as an installed copy runs.

pip compiles a package's bytecode when it installs it, and Python writes the bytecode of
an editable install on first import. An environment that sets ``PYTHONDONTWRITEBYTECODE``
would have every timed ``smmplan`` process compile every module it imports again (0.2 to
0.3 s of CPU, a fifth of a cached check), a cost no user's run pays. So it is unset for
the children, and each timed run reads the bytecode an untimed run before it wrote.
"""

from __future__ import annotations

import os


def run_as_installed() -> None:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
