"""Every rule, from YAML cases: the diagnostics it gives (path, line, network) and its silence.

Cases live in ``tests/rule_cases/<family>.yml``::

    text-too-long:
      - name: a tweet over 280
        files: {content/posts/a.md: "..."}       # added to a repo with brand qehve-evi
        images: {content/media/a.jpg: [1600, 900]}  # generated pictures: [w, h, format?, mode?]
        expect: [[content/posts/a.md, 7, x]]      # [path, line, network or null]
        message: "text is 297 of 280"            # optional: a part of the first message
        severity: warning                        # optional: of every diagnostic

Each rule needs at least one case that triggers it and one that does not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from smmplan.check import RULES
from smmplan.load import load_project
from smmplan.pipeline import check_project, measure
from tests.conftest import BRAND, NOW, write

CASES_DIR = Path(__file__).parent / "rule_cases"
DESIGN_RULES = {
    "front-matter-invalid", "missing-field", "unknown-field", "invalid-value", "unknown-reference",
    "text-empty", "text-too-long", "title-too-long", "too-many-hashtags", "too-many-mentions",
    "banned-word", "missing-disclosure", "invalid-link",
    "media-missing", "media-required", "too-many-media", "media-unsupported", "media-too-small",
    "alt-text-missing", "aspect-ratio",
    "publish-in-past", "schedule-conflict", "outside-posting-window", "blackout-date",
    "outside-campaign", "nonexistent-local-time",
    "approval-missing",
}  # fmt: skip


def cases_in(folder: Path) -> list[tuple[str, dict]]:
    """(rule name, case) for every case in the ``*.yml`` files of ``folder``."""
    cases = []
    for path in sorted(folder.glob("*.yml")):
        for rule, entries in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            cases.extend((rule, entry) for entry in entries)
    return cases


CASES = cases_in(CASES_DIR)


def expand(text: str) -> str:
    """``{{a*281}}`` stands for 281 times "a", so long texts stay readable in the cases."""
    return re.sub(r"\{\{(.+?)\*(\d+)\}\}", lambda m: m.group(1) * int(m.group(2)), text)


def make_image(path: Path, spec: list) -> None:
    width, height, *rest = spec
    fmt = rest[0] if rest else "JPEG"
    mode = rest[1] if len(rest) > 1 else "RGB"
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new(mode, (width, height), "#a0522d" if mode == "RGB" else 1)
    save = {}
    if fmt == "GIF" and len(rest) > 2:  # animated: a second frame of another colour
        save = {"save_all": True, "append_images": [Image.new(mode, (width, height), 2)]}
    image.save(path, fmt, **save)


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{r}: {c['name']}" for r, c in CASES])
def test_rule_case(tmp_path, rule, case):
    run_case(tmp_path, rule, case)


def run_case(tmp_path: Path, rule: str, case: dict) -> None:
    """Write the case's repository into ``tmp_path``, check it, compare with ``expect``."""
    files = {"brands/qehve-evi.yml": case.get("brand", BRAND), **case.get("files", {})}
    files = {name: expand(content) for name, content in files.items()}
    write(tmp_path, files)
    (tmp_path / "content" / "posts").mkdir(parents=True, exist_ok=True)
    for name, spec in case.get("images", {}).items():
        make_image(tmp_path / name, spec)
    for name, size in case.get("sized", {}).items():  # a file of that many bytes (sparse)
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.truncate(size)
    for name, keep in case.get("truncate", {}).items():
        path = tmp_path / name
        path.write_bytes(path.read_bytes()[:keep])
    project = load_project(tmp_path)  # exports in content/metrics/ go through the results stage
    found = check_project(project, NOW, measure(project, NOW))
    diagnostics = [d for d in found if d.rule == rule]
    got = [[d.path, d.line, d.network] for d in diagnostics]
    assert got == case["expect"], [d.message for d in diagnostics]
    if "message" in case:
        assert case["message"] in diagnostics[0].message
    if "severity" in case:
        assert [str(d.severity) for d in diagnostics] == [case["severity"]] * len(diagnostics)


def test_every_design_rule_is_registered_with_a_doc_and_unique_code():
    assert set(RULES) >= DESIGN_RULES
    codes = [r.code for r in RULES.values()]
    assert len(codes) == len(set(codes))
    assert all(r.doc and r.summary.endswith(".") for r in RULES.values())


def test_every_rule_has_a_triggering_and_a_silent_case():
    assert rules_without_both_cases(CASES) == set()


def rules_without_both_cases(cases: list[tuple[str, dict]]) -> set[str]:
    """The registered rules that lack a case that triggers them or one that does not."""
    triggered = {rule for rule, case in cases if case["expect"]}
    silent = {rule for rule, case in cases if not case["expect"]}
    return (set(RULES) - triggered) | (set(RULES) - silent)
