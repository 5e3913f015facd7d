"""Mutated repositories through every stage in-process: load, check, previews, feeds and
every export. Whatever the mutation, a stage reports problems; no exception escapes.

Each example starts from a small valid repository (settings, a brand, a campaign, a post)
and mutates some of its files: a value replaced by a hostile one, a hostile line
inserted, a line dropped, or characters spliced in. In CI (``CI`` set) a fixed sequence
of examples replays; locally new ones are explored on every run, and
``SMMPLAN_FUZZ_EXAMPLES=10000`` explores as many as asked.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmplan import pipeline
from smmplan.load import load_project
from smmplan.plan import slots
from smmplan.render import export as exports
from smmplan.render.site import data, preview
from smmplan.render.site.ics import feeds

NOW = datetime(2026, 11, 21, 22, 0, tzinfo=UTC)
IN_CI = bool(os.environ.get("CI"))
EXAMPLES = int(os.environ.get("SMMPLAN_FUZZ_EXAMPLES", "200" if IN_CI else "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=IN_CI,
    deadline=None,
    database=None if IN_CI else settings.default.database,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FILES = {
    "smmplan.yml": (
        "title: Kofe plan\ntimezone: Europe/Moscow\nsite_url: https://kofe.example.org/plan/\n"
        "locale: ru\nrules: {too-many-mentions: warning}\n"
    ),
    "brands/kofe.yml": (
        "name: Kofe\ntimezone: Europe/Moscow\nlocale: ru\naccounts: {x: '@kofe', telegram: '@kofe', instagram: kofe}\n"
        "posting:\n  min_gap: 2h\n  windows: {mon-fri: '08:00-21:00'}\n"
        "  blackout: [2026-12-31, 2026-12-24..2026-12-26]\n"
        "limits: {x: {hashtags: 2}}\nhashtag_sets: {coffee: ['#kofe', '#coffee']}\n"
        "utm: {source: '{network}', campaign: '{campaign}'}\ncolors: {background: '#f4efe9'}\n"
    ),
    "content/campaigns/launch.md": (
        "---\ntitle: Launch\nbrand: kofe\nstart: 2026-11-20\nend: 2026-12-20\ngoal: awareness\n"
        "budget: {amount: 500, currency: RUB}\nkpis: [{metric: reach, target: 5000}]\n"
        "networks: [x, telegram, instagram]\n---\nBrief.\n"
    ),
    "content/posts/2026/11/morning.md": (
        "---\ntitle: Morning coffee\nbrand: kofe\ncampaign: launch\n"
        "publish_at: 2026-11-27 10:00\nstatus: approved\napproved_by: editor\n"
        "tags: [morning]\nlink: https://kofe.example.org/menu\n"
        "media: [{src: cup.png, alt: A cup, focus: [0.5, 0.4]}]\n"
        "networks:\n  x: {text: 'Coffee #{coffee}'}\n  telegram: {}\n"
        "  instagram: {publish_at: 2026-11-27 11:00+03:00}\n---\n"
        "Good morning! Fresh coffee is ready. #{coffee}\n---\nSecond part.\n"
    ),
}
HOSTILE_VALUES = [
    "0001-01-01 00:00+05:00",
    "9999-12-31 23:59-05:00",
    "9999-12-31",
    "America",
    "Europe/" + "x" * 300,
    "9" * 5000,
    "9" * 500 + "d",
    "1e400",
    ".inf",
    "-.nan",
    '"cup\\0.png"',
    "'http://['",
    "'=HYPERLINK(\"x\")'",
    '"\\e[31m\\0\\x07"',
    "&a [*a]",
    "&b {x: *b}",
    "{x: {text: a, text: b}}",
    "!!python/object/apply:os.system [id]",
    "!!binary aGVsbG8=",
    "[" * 200 + "]" * 200,
    "{" * 60 + "}" * 60,
    "'<script>alert(1)</script>'",
    "[1, [2, [3, {a: [4]}]]]",
    "~",
    "-1",
    "0x",
    "'../../../etc/passwd'",
    "'/proc/self/environ'",
    "2026-02-30 25:61",
    "{src: '', focus: [1e308, -1e308]}",
]
HOSTILE_LINES = [
    "? [1, 2]\n: list key",
    "? {a: 1}\n: mapping key",
    "title: twice",
    "<<: {title: merged}",
    "networks: {x: {text: a, text: b}}",
    "publish_at: 9999-12-31 23:59",
    "timezone: America",
    "min_gap: " + "9" * 3000 + "h",
    'media: [{src: "a\\0b"}]',
    "site_url: 'http://['",
    "*undefined",
    "\t- tab",
    "---",
    "...",
    "%YAML 1.1",
]
SPLICES = [
    "\x00",
    "\x1b[2J",
    "\ufeff",
    "\r",
    "\u202e",
    "'",
    '"',
    ":",
    "{",
    "[",
    "&",
    "*",
    "!",
    "\\",
]


@st.composite
def mutated_line(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    index = draw(st.integers(0, max(0, len(lines) - 1)))
    how = draw(st.sampled_from(["value", "insert", "drop", "splice"]))
    line = lines[index]
    if how == "value" and ":" in line:
        key = line.split(":", 1)[0]
        lines[index] = f"{key}: {draw(st.sampled_from(HOSTILE_VALUES))}"
    elif how == "insert":
        lines.insert(index, draw(st.sampled_from(HOSTILE_LINES)))
    elif how == "drop":
        del lines[index]
    else:
        at = draw(st.integers(0, len(line)))
        splice = draw(st.sampled_from(SPLICES) | st.text(max_size=4))
        lines[index] = line[:at] + splice + line[at:]
    return "\n".join(lines)


@st.composite
def mutated_repository(draw: st.DrawFn) -> dict[str, str]:
    files = dict(FILES)
    targets = draw(st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=4))
    for name in targets:
        for _ in range(draw(st.integers(1, 3))):
            files[name] = draw(mutated_line(files[name]))
    return files


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))


def _every_stage(root: Path) -> int:
    """Load, check, previews, feeds and every export; the number of diagnostics."""
    project = load_project(root)
    results = pipeline.measure(project, NOW)
    diagnostics = pipeline.check_project(project, NOW, results)
    for slot in slots(project):
        preview.preview_variant(slot.variant, slot.spec)
        preview.preview_title(slot.variant, slot.spec)
    site = data.assemble(project, diagnostics, NOW, results=results)
    feeds(site, project.config.site_url)
    urls = {}
    exports.build_all(project, NOW, urls, diagnostics)
    return len(diagnostics)


def _base_png(root: Path) -> None:
    from PIL import Image

    Image.new("RGB", (64, 80), (200, 150, 100)).save(root / "content/posts/2026/11/cup.png")


def test_the_unmutated_repository_passes_every_stage(tmp_path):
    _write(tmp_path, FILES)
    _base_png(tmp_path)
    found = [(d.path, d.line, d.rule) for d in pipeline.check_project(load_project(tmp_path), NOW)]
    post = "content/posts/2026/11/morning.md"
    assert found == [(post, 10, "media-too-small")] * 3  # the 64×80 picture, per network
    assert _every_stage(tmp_path) == 3


@FUZZ
@given(files=mutated_repository())
def test_mutated_repositories_never_raise(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("fuzz")
    _write(root, files)
    _base_png(root)
    _every_stage(root)


@FUZZ
@given(front=st.text(max_size=400), body=st.text(max_size=200))
def test_arbitrary_front_matter_text_never_raises(tmp_path_factory, front, body):
    root = tmp_path_factory.mktemp("fuzz")
    files = dict(FILES)
    files["content/posts/2026/11/morning.md"] = f"---\n{front}\n---\n{body}\n"
    _write(root, files)
    _every_stage(root)
