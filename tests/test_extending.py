"""The two recipes of the README's "Extending smmplan", followed in a temporary copy.

A new network is one data file; a new rule is one function and one case file. Each test
adds them (the network file and the rule function are the README's own examples) and runs
what the shipped ones go through: the network loader and its reference page, the rule
registry, the rule cases and the rules reference page. Each also shows the recipe can
fail: a network without sources, a rule without cases or without a family, a case the rule
does not meet.
"""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import smmplan.networks
from smmplan.check import registry
from smmplan.networks import NetworkDataError, aliases, load_builtin, load_folder, validate
from smmplan.render.site import icons
from smmplan.report.networks import networks_markdown
from smmplan.report.rules_doc import rules_markdown
from tests.test_rules import CASES_DIR, cases_in, rules_without_both_cases, run_case

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(smmplan.networks.__file__).parent / "data"


def readme_example(language: str) -> str:
    """The first ``language`` code block of the README's "Extending smmplan"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Extending smmplan\n") :]
    start = section.index(f"```{language}\n") + len(f"```{language}\n")
    return section[start : section.index("```", start)]


DEMO = readme_example("yaml")
LIMIT = 500  # its text_limit
POST = "---\ntitle: T\nnetworks: [demo]\n---\n{body}\n"  # the body is on line 5


# --- a new network is one data file --------------------------------------------------------


@pytest.fixture
def network_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped data files, read in their place while the test runs."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    monkeypatch.setattr(smmplan.networks, "_DATA", folder)
    load_builtin.cache_clear()
    yield folder
    monkeypatch.undo()
    load_builtin.cache_clear()


def test_a_new_network_is_one_data_file(network_data: Path, tmp_path: Path) -> None:
    shipped = set(load_builtin())
    (network_data / "demo.yml").write_text(DEMO, encoding="utf-8")
    load_builtin.cache_clear()
    specs = load_builtin()
    assert set(specs) == shipped | {"demo"}
    demo = specs["demo"]
    assert validate(demo) == [] and aliases()["dm"] == "demo"
    assert demo.sources["text_limit"].source == "docs.demo.example/limits"

    page = networks_markdown([specs[n] for n in sorted(specs)])
    assert "## Demo (`demo`)" in page and "docs.demo.example/limits" in page
    assert page != (ROOT / "docs/networks.md").read_text(encoding="utf-8")  # regenerate it
    style = icons.networks_css.__wrapped__()  # uncached: read from the copy
    assert ".smm-net--demo{--smm-icon:" in style and "--smm-net-color:#123456}" in style

    # Posts may name it, and the checks hold them to its limits, thread part by thread part.
    assert demo.text_limit == LIMIT
    fits = {"name": "fits", "files": {"content/posts/a.md": POST.format(body="a" * LIMIT)}}
    run_case(tmp_path / "fits", "text-too-long", fits | {"expect": []})
    thread = POST.format(body="short\n---\n" + "a" * (LIMIT + 1))
    over = {"name": "over", "files": {"content/posts/a.md": thread}}
    expect = [["content/posts/a.md", 7, "demo"]]
    run_case(tmp_path / "over", "text-too-long", over | {"expect": expect})
    unknown = {"name": "no", "files": {"content/posts/a.md": POST.format(body="hi")}}
    run_case(tmp_path / "typo", "unknown-reference", unknown | {"expect": []})


def test_a_network_without_sources_is_refused(network_data: Path) -> None:
    unsourced = re.sub(r"(?m)^text_limit: .*$", f"text_limit: {LIMIT}", DEMO)
    assert unsourced != DEMO
    (network_data / "demo.yml").write_text(unsourced, encoding="utf-8")
    with pytest.raises(NetworkDataError) as caught:
        load_folder(network_data)
    assert caught.value.origin == "demo.yml"
    assert caught.value.problems == [
        f"text_limit: {LIMIT} has no source; write it as"
        f' {{value: {LIMIT}, source: "where it is written", verified: YYYY-MM-DD}}'
    ]
    load_builtin.cache_clear()
    with pytest.raises(NetworkDataError):
        load_builtin()


# --- a new rule is one function and one case file ------------------------------------------

FAMILY_LINE = "from smmplan.check.text import FAMILY as FAMILY  # it joins the Text family\n"
RULE_MODULE = (
    '"""A rule added the way the README says: one function, in a family module."""\n\n'
    "from collections.abc import Iterator\n\n"
    "from smmplan.check.registry import Context, Problem, rule\n"
    + FAMILY_LINE
    + "from smmplan.model import NetworkSpec, Post, Severity, Variant\n\n\n"
    + readme_example("python")
)
CASE_FILE = """\
shouting:
  - name: all capitals
    files:
      content/posts/a.md: "---\\ntitle: T\\nnetworks: [x]\\n---\\nBIG SALE TODAY\\n"
    expect: [[content/posts/a.md, 5, x]]
    message: "the text is all capitals on X"
    severity: warning
  - name: sentence case
    files:
      content/posts/a.md: "---\\ntitle: T\\nnetworks: [x]\\n---\\nBig sale today\\n"
    expect: []
"""


@pytest.fixture
def registry_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder for new rule modules; the registry is as it was once the test is done."""
    saved = dict(registry.RULES), dict(registry.BY_CODE), dict(registry.FAMILIES)
    folder = tmp_path / "modules"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    for target, before in zip(
        (registry.RULES, registry.BY_CODE, registry.FAMILIES), saved, strict=True
    ):
        target.clear()
        target.update(before)
    for name in ("extra_rules", "no_family"):
        sys.modules.pop(name, None)


def test_a_new_rule_is_one_function_and_one_case_file(registry_copy: Path, tmp_path: Path) -> None:
    (registry_copy / "extra_rules.py").write_text(RULE_MODULE, encoding="utf-8")
    importlib.import_module("extra_rules")
    added = registry.lookup("TX90")
    assert added is registry.RULES["shouting"] and added.family == "text"

    lacking = rules_without_both_cases(cases_in(CASES_DIR))
    assert "shouting" in lacking  # without its case file, the rule-case test fails
    cases = tmp_path / "rule_cases"
    shutil.copytree(CASES_DIR, cases)
    (cases / "shouting.yml").write_text(CASE_FILE, encoding="utf-8")
    everything = cases_in(cases)
    assert rules_without_both_cases(everything) == lacking - {"shouting"}
    new = [(rule, case) for rule, case in everything if rule == "shouting"]
    assert len(new) == 2
    for number, (rule, case) in enumerate(new):
        run_case(tmp_path / f"case{number}", rule, case)

    page = rules_markdown()
    text_family = page[page.index("\n## Text\n") : page.index("\n## Media\n")]
    assert "### shouting" in text_family and "Capitals read as shouting" in text_family
    assert "| TX90 | [`shouting`](#shouting) | warning |" in page


def test_a_case_the_rule_does_not_meet_fails(registry_copy: Path, tmp_path: Path) -> None:
    (registry_copy / "extra_rules.py").write_text(RULE_MODULE, encoding="utf-8")
    importlib.import_module("extra_rules")
    quiet = {
        "name": "sentence case, yet expected to shout",
        "files": {"content/posts/a.md": "---\ntitle: T\nnetworks: [x]\n---\nBig sale\n"},
        "expect": [["content/posts/a.md", 5, "x"]],
    }
    with pytest.raises(AssertionError):
        run_case(tmp_path, "shouting", quiet)


def test_a_rule_needs_a_family(registry_copy: Path) -> None:
    without = RULE_MODULE.replace(FAMILY_LINE, "")
    assert without != RULE_MODULE
    (registry_copy / "no_family.py").write_text(without, encoding="utf-8")
    with pytest.raises(ValueError, match="rule shouting: no_family declares no FAMILY"):
        importlib.import_module("no_family")
    assert "shouting" not in registry.RULES
