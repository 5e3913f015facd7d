"""The example plan's outputs, byte for byte, against the fingerprints recorded before the
pipeline redesign (``scripts/example_outputs.py --write`` records them anew)."""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import example_outputs  # noqa: E402


def test_every_output_of_the_example_is_byte_identical(tmp_path: Path) -> None:
    golden = json.loads((ROOT / "tests/golden/example-outputs.json").read_text("utf-8"))
    same_theme = golden["mkdocs-material"] == version("mkdocs-material")
    expected = {
        key: digest
        for key, digest in golden["outputs"].items()
        if same_theme or not example_outputs.theme_dependent(key)
    }
    produced = example_outputs.fingerprint(tmp_path)
    produced = {k: v for k, v in produced.items() if k in expected or same_theme}
    changed = sorted(
        k for k in expected.keys() | produced.keys() if expected.get(k) != produced.get(k)
    )
    assert changed == []
    assert len(expected) > 400
