"""Fingerprint every output of the example plan without its analytics exports: site,
exports, images, check report. These were recorded before the pipeline redesign, so the
test that compares them proves a plan without analytics builds to the same bytes.

``python scripts/example_outputs.py --write`` records them in
``tests/golden/example-outputs.json``; ``tests/test_example_outputs.py`` builds the
example again and compares byte for byte (as SHA-256). Run it with ``--write`` only when
a change is meant to change what users get, and say so in the commit.

The site's HTML also depends on mkdocs-material's templates, so the golden file records
that version: under another one, only smmplan's own outputs (exports, calendars, images,
report) are compared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from smmplan.cli.export import FORMAT_NAMES

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "example-outputs.json"
NOW = "2026-11-21T22:00:00+00:00"
EXPORT_FORMATS = FORMAT_NAMES
THEME_FILES = (".html", ".xml", ".gz", ".js", ".css", ".json", ".map", ".svg", ".woff2")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree(folder: Path, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}/{p.relative_to(folder).as_posix()}": _digest(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


PLAN = ("smmplan.yml", "brands", "content", "site")


def _copy_plan(target: Path) -> Path:
    """The example plan as a user would have it before analytics: no metrics folder."""
    target.mkdir(parents=True)
    for name in PLAN:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("metrics"))
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def _smmplan(root: Path, *args: str) -> bytes:
    command = [sys.executable, "-m", "smmplan", "--root", str(root), "--now", NOW, *args]
    done = subprocess.run(command, capture_output=True, check=False)
    return done.stdout


def fingerprint(work: Path) -> dict[str, str]:
    """SHA-256 of every output, keyed ``kind/relative path``."""
    root = _copy_plan(work / "plan")
    outputs: dict[str, str] = {}
    _smmplan(root, "build", "--out", str(work / "site"))
    outputs |= _tree(work / "site", "build")
    for fmt in EXPORT_FORMATS:
        folder = work / "export" / fmt
        folder.mkdir(parents=True)
        _smmplan(root, "export", "--format", fmt, "-o", str(folder))
        outputs |= _tree(folder, f"export/{fmt}")
    images = _smmplan(root, "images", "--out", str(work / "images"), "--format", "json")
    outputs["images/manifest.json"] = _digest(images.replace(str(work).encode(), b"WORK"))
    outputs |= _tree(work / "images", "images")
    outputs["check/report.json"] = _digest(_smmplan(root, "check", "--format", "json"))
    env = {**os.environ, "SMMPLAN_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "site/mkdocs.yml")]
    subprocess.run([*mkdocs, "-d", str(work / "mkdocs")], env=env, capture_output=True, check=False)
    outputs |= _tree(work / "mkdocs", "mkdocs")
    return outputs


def theme_dependent(key: str) -> bool:
    """Outputs whose bytes come partly from mkdocs-material's templates and assets."""
    kind, _, rest = key.partition("/")
    return kind in ("build", "mkdocs") and rest.endswith(THEME_FILES) and "exports/" not in rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="record them as the golden file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        outputs = fingerprint(Path(work))
    record = {"mkdocs-material": version("mkdocs-material"), "now": NOW, "outputs": outputs}
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    if args.write:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"{len(outputs)} outputs recorded in {GOLDEN.relative_to(ROOT)}")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
