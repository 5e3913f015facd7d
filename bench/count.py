"""Benchmark: smmplan's X counter against twitter-text itself and its Python port.

On one seeded corpus (``tests/counting_corpus.py``: mixed scripts, emoji, URLs, mentions,
hashtags, texts at each network's limit), times in the same run:

- ``smmplan.text.parse_tweet`` (memoized results cleared before every timed pass);
- the official JavaScript library, ``twitter-text`` 3.1.0 ``parseTweet``, in one ``node``
  process (``tests/reference/twitter.js``), timed inside node after a warm-up pass, so
  start-up and JSON transport are left out;
- the Python port ``twitter-text-parser`` (``parse_tweet``), if installed.

Prints texts per second for each and smmplan's ratio to the other two, against the goals
(at least 10× the Python port, at least 0.5× the JavaScript library). Needs ``node`` and
``npm ci`` in ``tests/reference``; the port is installed with ``pip install -e ".[bench]"``.

    python bench/count.py [--texts 5000] [--seed 20261201] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.counting_corpus import corpus  # noqa: E402

REFERENCE = ROOT / "tests" / "reference"
GOAL_PORT, GOAL_JS = 10.0, 0.5


Rates = tuple[float, float]
"""Texts per second by the wall clock and by the process's CPU time."""


def time_python(parse: Callable[[str], object], texts: list[str], repeat: int, reset=None) -> Rates:
    """Best rates of ``repeat`` passes over ``texts`` after one warm-up pass."""
    for text in texts:
        parse(text)
    wall = cpu = float("inf")
    for _ in range(repeat):
        if reset is not None:
            reset()
        start, start_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            parse(text)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start)
    return len(texts) / wall, len(texts) / cpu


def time_node(texts: list[str], repeat: int) -> Rates | None:
    """Best rates of twitter-text's ``parseTweet``, timed inside node; None without node."""
    if not (REFERENCE / "node_modules" / "twitter-text").is_dir():
        return None
    payload = json.dumps({"mode": "bench", "texts": texts, "passes": 1}, ensure_ascii=True)
    wall = cpu = float("inf")
    for _ in range(repeat):
        try:
            out = subprocess.run(
                ["node", str(REFERENCE / "twitter.js")],
                input=payload.encode("ascii"),
                capture_output=True,
                check=True,
                cwd=REFERENCE,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        result = json.loads(out)
        wall = min(wall, result["seconds"])
        cpu = min(cpu, result["cpuSeconds"])
    return len(texts) / wall, len(texts) / cpu


def port_parser() -> Callable[[str], object] | None:
    """``twitter_text.parse_tweet``, or None when ``twitter-text-parser`` is not installed."""
    if "pkg_resources" not in sys.modules:
        # the port reads its data with pkg_resources, which setuptools 81+ no longer ships
        shim = types.ModuleType("pkg_resources")
        shim.resource_string = lambda module, name: (
            Path(sys.modules[module].__file__).with_name(name).read_bytes()
        )
        sys.modules["pkg_resources"] = shim
    try:
        from twitter_text import parse_tweet
    except ImportError:
        return None
    return parse_tweet


def report(
    name: str, rates: Rates | None, ours: Rates | None = None, goal: float = 0.0, hint: str = ""
) -> None:
    """One line: the rates, and smmplan's ratio to them against ``goal``."""
    if rates is None:
        print(f"{name:27}not run: {hint}")
        return
    line = f"{name:27}{rates[0]:>14,.0f}{rates[1]:>14,.0f}"
    if ours is not None:
        wall, cpu = ours[0] / rates[0], ours[1] / rates[1]
        met = (
            "met"
            if min(wall, cpu) >= goal
            else "met by CPU time only"
            if cpu >= goal
            else "NOT met"
        )
        line += f"   smmplan: {wall:.2f}× wall, {cpu:.2f}× CPU (goal ≥ {goal:g}×: {met})"
    print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from smmplan.text import _count, parse_tweet

    texts = corpus(args.seed, args.texts)
    print(f"corpus: {len(texts)} texts (seed {args.seed}), {sum(map(len, texts)):,} characters")
    print(f"{'':27}{'wall clock':>14}{'CPU time':>14}   (texts/s, best of {args.repeat})")
    ours = time_python(parse_tweet, texts, args.repeat, reset=_count.forget)
    js = time_node(texts, args.repeat)
    port = port_parser()
    ported = time_python(port, texts, 1) if port is not None else None
    report("smmplan parse_tweet", ours)
    report(
        "twitter-text 3.1.0 (node)", js, ours, GOAL_JS, "needs node and `npm ci` in tests/reference"
    )
    report("twitter-text-parser", ported, ours, GOAL_PORT, "pip install -e '.[bench]'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
