"""What changed in the repository since a git ref (for ``check --changed-since``)."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, or the ref does not exist."""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} did not answer within 60 s") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise GitError(f"git {' '.join(args)}: {reason}")
    return done.stdout


def changed_since(root: Path, ref: str) -> set[str]:
    """Paths relative to ``root`` (with '/') changed since ``ref``, including untracked files."""
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git ref")
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    changed = _git(root, "diff", "--name-only", "--no-renames", ref, "--", ".").splitlines()
    untracked = _git(
        root, "ls-files", "--others", "--exclude-standard", "--full-name", "."
    ).splitlines()
    result = set()
    real_root = root.resolve()
    for name in (*changed, *untracked):
        path = (top / name).resolve()
        if path.is_relative_to(real_root):
            result.add(path.relative_to(real_root).as_posix())
    return result
