"""The one place smmplan runs git: what changed since a ref (``check --changed-since``),
and the plain command that ``smmplan diff`` and others build on."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, or the ref does not exist."""


def git(root: Path, *args: str, timeout: int = 60) -> bytes:
    """The output of ``git ARGS`` run in ``root``; ``GitError`` saying why when it fails."""
    command = " ".join(args)
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, timeout=timeout
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {command} did not answer within {timeout} s") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        reason = (stderr.splitlines() or ["unknown error"])[-1]
        raise GitError(f"git {command}: {reason}")
    return done.stdout


def git_text(root: Path, *args: str, timeout: int = 60) -> str:
    """``git`` with its output decoded as UTF-8."""
    return git(root, *args, timeout=timeout).decode("utf-8", "replace")


def changed_since(root: Path, ref: str) -> set[str]:
    """Paths relative to ``root`` (with '/') changed since ``ref``, including untracked files."""
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git ref")
    top = Path(git_text(root, "rev-parse", "--show-toplevel").strip())
    git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    changed = git_text(root, "diff", "--name-only", "--no-renames", ref, "--", ".").splitlines()
    untracked = git_text(
        root, "ls-files", "--others", "--exclude-standard", "--full-name", "."
    ).splitlines()
    result = set()
    real_root = root.resolve()
    for name in (*changed, *untracked):
        path = (top / name).resolve()
        if path.is_relative_to(real_root):
            result.add(path.relative_to(real_root).as_posix())
    return result
