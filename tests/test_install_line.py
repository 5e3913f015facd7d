"""The install line of the generated CI workflows: how this smmplan was installed (PEP 610
``direct_url.json``), or a requirement the user chose, checked before it reaches YAML."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.workflow.install_line import (
    check_requirement,
    explicit,
    from_direct_url,
    installed_line,
)

EDITABLE = '{"dir_info": {"editable": true}, "url": "file:///src/smmplan"}'


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        (None, "smmplan==0.1.0"),
        (
            '{"url": "https://github.com/team/smmplan.git", "vcs_info": {"vcs": "git",'
            ' "commit_id": "0123456789abcdef0123456789abcdef01234567", "requested_revision": "v1"}}',
            "smmplan @ git+https://github.com/team/smmplan.git"
            "@0123456789abcdef0123456789abcdef01234567",
        ),
        (
            '{"url": "https://github.com/team/mono", "subdirectory": "tools/smmplan",'
            ' "vcs_info": {"vcs": "git", "commit_id": "abc1234"}}',
            "smmplan @ git+https://github.com/team/mono@abc1234#subdirectory=tools/smmplan",
        ),
        (
            '{"url": "https://files.example.org/smmplan-0.1.0-py3-none-any.whl",'
            ' "archive_info": {"hashes": {"sha256": "ab12"}}}',
            "smmplan @ https://files.example.org/smmplan-0.1.0-py3-none-any.whl#sha256=ab12",
        ),
        (
            '{"url": "https://files.example.org/smmplan-0.1.0.tar.gz",'
            ' "archive_info": {"hash": "sha256=cd34"}}',
            "smmplan @ https://files.example.org/smmplan-0.1.0.tar.gz#sha256=cd34",
        ),
    ],
)
def test_install_line_follows_direct_url(direct_url, requirement):
    line = from_direct_url("0.1.0", direct_url)
    assert (line.requirement, line.warning) == (requirement, None)
    assert check_requirement(line.requirement) == requirement


@pytest.mark.parametrize(
    ("direct_url", "reason"),
    [
        (EDITABLE, "it is an editable install of the local folder /src/smmplan"),
        (
            '{"url": "file:///src/smmplan", "dir_info": {}}',
            "it is installed from the local folder /src/smmplan",
        ),
        (
            '{"url": "file:///tmp/smmplan-0.1.0-py3-none-any.whl", "archive_info": {}}',
            "it is installed from the local file /tmp/smmplan-0.1.0-py3-none-any.whl",
        ),
        (
            '{"url": "ssh://git@github.com/team/smmplan", "vcs_info": {"vcs": "git", "commit_id": "ab"}}',
            "it was installed from the repository ssh://git@github.com/team/smmplan",
        ),
        (
            '{"url": "https://github.com/team/smmplan", "vcs_info": {"vcs": "git"}}',
            "it was installed from https://github.com/team/smmplan at no recorded commit",
        ),
        ("{not json", "its direct_url.json cannot be read"),
        ('{"vcs_info": {}}', "its direct_url.json cannot be read"),
        (
            '{"url": "https://x.org/a b.whl", "archive_info": {}}',
            "its recorded source 'https://x.org/a b.whl' has spaces or quotes",
        ),
    ],
)
def test_install_line_falls_back_to_the_version_and_says_why(direct_url, reason):
    line = from_direct_url("0.1.0", direct_url)
    assert line.requirement == "smmplan==0.1.0"
    assert line.warning == (
        "the workflows install smmplan==0.1.0 from the package index, because this smmplan"
        f" cannot be installed the same way on a CI runner: {reason}; check that line, or"
        " pass --install SPEC to smmplan init, or set ci.install in smmplan.yml"
    )


class _Distribution:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read_text(self, name: str) -> str | None:
        return self.files.get(name)


def test_installed_line_skips_a_source_tree_egg_info(monkeypatch):
    found = [
        _Distribution({"PKG-INFO": "Name: smmplan"}),  # ./smmplan.egg-info, no installer
        _Distribution({"INSTALLER": "pip\n", "direct_url.json": EDITABLE}),
    ]
    monkeypatch.setattr("importlib.metadata.distributions", lambda name: iter(found))
    assert installed_line("0.3.0").requirement == "smmplan==0.3.0"
    assert "editable install of the local folder /src/smmplan" in installed_line("0.3.0").warning
    found.pop()
    assert installed_line("0.3.0") == from_direct_url("0.3.0", None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
direct_url_texts = st.one_of(
    st.text(max_size=80),
    st.builds(
        json.dumps,
        st.fixed_dictionaries(
            {"url": st.text(max_size=40) | st.sampled_from(["https://x.org/a", "file:///a"])},
            optional={
                "vcs_info": json_values,
                "archive_info": json_values,
                "dir_info": json_values,
                "subdirectory": json_values,
            },
        ),
    ),
)


@settings(max_examples=300, deadline=None)
@given(direct_url_texts)
def test_any_direct_url_gives_a_line_or_a_warning(text):
    line = from_direct_url("1.2.3", text)
    assert check_requirement(line.requirement) == line.requirement
    assert (
        line.warning is not None or line.requirement == "smmplan==1.2.3" or "@" in line.requirement
    )


specifier = st.tuples(
    st.sampled_from(["==", ">=", "<=", "~=", "!=", "<", ">"]),
    st.from_regex(r"[0-9]+(\.[0-9]+){0,2}(\.\*|rc[0-9])?", fullmatch=True),
)


@given(
    st.lists(specifier, min_size=0, max_size=3),
    st.sampled_from(["", "[site]", "[a, b]"]),
    st.sampled_from(["", " "]),
)
def test_version_requirements_are_accepted_as_written(specifiers, extras, space):
    spec = (
        "smmplan" + extras + ",".join(f"{space}{op}{space}{version}" for op, version in specifiers)
    )
    assert check_requirement(f"  {spec} ") == spec
    assert explicit(spec, "--install").warning is None


@given(st.sampled_from(list("\"'`$\\;\n\t")), st.text(max_size=10))
def test_requirements_with_shell_or_yaml_quoting_are_refused(forbidden, tail):
    with pytest.raises(ValueError, match="is not a pip requirement for smmplan"):
        check_requirement(f"smmplan==1{forbidden}x{tail}")
