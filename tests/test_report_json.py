"""``check --format json`` writes each diagnostic as json's own encoder would."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from smmplan.model import Diagnostic, Severity
from smmplan.report.core import diagnostic_json, diagnostic_line

TEXT = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\x00\u2028/'))
DIAGNOSTICS = st.builds(
    Diagnostic,
    path=TEXT,
    line=st.integers(0, 10**9),
    column=st.integers(0, 10**6),
    rule=TEXT,
    code=TEXT,
    severity=st.sampled_from(list(Severity)),
    message=TEXT,
    network=st.none() | TEXT,
)


@given(DIAGNOSTICS)
def test_a_diagnostic_line_is_jsons_encoding(diagnostic):
    line = diagnostic_line(diagnostic)
    assert line == json.dumps(diagnostic_json(diagnostic), ensure_ascii=False)
    assert json.loads(line) == diagnostic_json(diagnostic)


def test_a_diagnostic_line():
    found = Diagnostic("content/posts/a.md", 3, 1, "x-length", "X01", Severity.ERROR, 'Too "long"')
    assert diagnostic_line(found) == (
        '{"path": "content/posts/a.md", "line": 3, "column": 1, "rule": "x-length",'
        ' "code": "X01", "severity": "error", "network": null, "message": "Too \\"long\\""}'
    )
