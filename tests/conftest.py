"""Shared fixtures: build content repositories in tmp_path and run the CLI on them."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from smmplan.check import run
from smmplan.cli import cli
from smmplan.load import load_project
from smmplan.locale.language import ENVIRONMENT
from smmplan.model import Diagnostic

# Locally, property tests explore new random examples on every run; in CI they replay a
# fixed sequence, so a submission's result does not depend on the luck of one run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """The tests expect English messages unless they set a language themselves: without
    this, a contributor whose shell says ``LANG=ru_RU.UTF-8`` would see the CLI's summary
    lines in Russian and the suite fail (CI runs with no locale set)."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


BRAND = """\
name: Qəhvə Evi
timezone: Asia/Baku
locale: az
disclosure: ["#reklam", "#ad"]
banned_words: ["ucuz", "pulsuz"]
posting:
  min_gap: 3h
  windows: {mon-fri: "08:00-21:00", sat-sun: "10:00-18:00"}
  blackout: [2026-12-31]
limits: {x: {hashtags: 2}}
"""

POST = """\
---
title: Morning coffee
brand: qehve-evi
publish_at: 2026-11-27 10:00
status: draft
networks: [x, telegram]
---
Good morning! Fresh coffee is ready.
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(
                textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8"
            )
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Callable[..., Path]:
    """A repository with one brand (qehve-evi, Asia/Baku) plus the given files."""

    def make(files: dict[str, str | bytes] | None = None, brand: str | None = BRAND) -> Path:
        base = {"brands/qehve-evi.yml": brand} if brand is not None else {}
        (tmp_path / "content" / "posts").mkdir(parents=True, exist_ok=True)
        return write(tmp_path, {**base, **(files or {})})

    return make


def check(root: Path, now: datetime = NOW) -> list[Diagnostic]:
    return run(load_project(root), now)


def found(root: Path, rule: str | None = None, now: datetime = NOW) -> list[tuple[str, int, str]]:
    """(path, line, rule) of each diagnostic, optionally of one rule."""
    return [(d.path, d.line, d.rule) for d in check(root, now) if rule is None or d.rule == rule]


@pytest.fixture
def smmplan() -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(
            cli, list(args), input=input, env=env, catch_exceptions=False, prog_name="smmplan"
        )

    return invoke


def as_json(result: Result) -> dict:
    return json.loads(result.output)
