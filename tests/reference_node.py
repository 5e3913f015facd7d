"""Run the networks' own JavaScript code (pinned in ``tests/reference/``) on a batch of texts.

A driver script under ``tests/reference/`` reads one JSON value on stdin and writes one JSON
value on stdout; :func:`run_reference` starts one ``node`` process per batch, not per text.
Without ``node`` or the installed packages (``npm ci`` in ``tests/reference/``) the calling
test is skipped locally, but fails when the ``CI`` environment variable is set, so that CI
can never pass by silently skipping the comparison.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REFERENCE_DIR = Path(__file__).parent / "reference"
_TIMEOUT_SECONDS = 600


def _unavailable(reason: str) -> None:
    message = f"reference implementations unavailable: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: installing them is part of the CI run)")
    pytest.skip(message)


def node_executable(package: str) -> str:
    """Path of ``node``, once ``package`` is installed under ``tests/reference/node_modules``.

    Skips the calling test (fails it under ``CI``) when either is missing.
    """
    node = shutil.which("node")
    if node is None:
        _unavailable("no `node` on PATH (Debian: apt-get install nodejs)")
    if not (REFERENCE_DIR / "node_modules" / package / "package.json").is_file():
        _unavailable(f"{package} is not installed (run `npm ci` in {REFERENCE_DIR})")
    return node


def run_reference(script: str, payload: Any, *, package: str) -> Any:
    """Feed ``payload`` as JSON to ``tests/reference/<script>`` and return its JSON output.

    ``package`` is the npm package the script needs (checked before running). A driver that
    exits non-zero or prints something that is not JSON fails the calling test with its
    standard error.
    """
    node = node_executable(package)
    # ensure_ascii: lone surrogates travel as \\udxxx escapes, which JSON.parse accepts
    data = json.dumps(payload, ensure_ascii=True)
    proc = subprocess.run(
        [node, str(REFERENCE_DIR / script)],
        input=data.encode("ascii"),
        capture_output=True,
        cwd=REFERENCE_DIR,
        timeout=_TIMEOUT_SECONDS,
        check=False,
    )
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace")
        pytest.fail(f"{script} exited with {proc.returncode}:\n{stderr}")
    try:
        return json.loads(proc.stdout.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        pytest.fail(f"{script} printed no JSON ({err}): {proc.stdout[:200]!r}")
