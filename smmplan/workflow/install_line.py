"""The pip requirement the CI workflows that ``smmplan init`` writes install smmplan with.

By default it follows how this smmplan was installed, read from the installer's
``direct_url.json`` (PEP 610): none at all means a package index, so the exact version;
``vcs_info`` means git (or another VCS), so the repository URL at the installed commit;
``archive_info`` means a wheel or sdist URL, kept with its hash. A local folder, a local
file or a private URL is nothing a CI runner can fetch: then the line falls back to the
exact version from the index and carries a warning saying why it must be checked.
``init --install SPEC`` or ``ci: {install: SPEC}`` in ``smmplan.yml`` choose explicitly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

# PEP 508 for one distribution named smmplan: extras, then version specifiers or "@ URL".
# Quotes, backslashes, "$" and backticks are refused so the value stays one YAML scalar and
# one shell word.
_SAFE = r"[^\s\"'`$\\;,]"
_VERSION = rf"(===|==|!=|~=|<=|>=|<|>) *{_SAFE}+"
REQUIREMENT = re.compile(
    rf"^smmplan(\[[A-Za-z0-9_.-]+( *, *[A-Za-z0-9_.-]+)*\])?"
    rf"( *{_VERSION}( *, *{_VERSION})*| *@ *{_SAFE}+)?$",
    re.IGNORECASE,
)
PUBLIC_SCHEMES = ("https://", "http://")
CHOOSE = "pass --install SPEC to smmplan init, or set ci.install in smmplan.yml"


@dataclass(frozen=True)
class InstallLine:
    """What ``pip install`` gets in the workflows, and why the line may need editing."""

    requirement: str
    warning: str | None = None


def check_requirement(spec: str) -> str:
    """``spec`` stripped, if it is a pip requirement for smmplan; else ``ValueError``."""
    text = spec.strip()
    if not REQUIREMENT.match(text):
        raise ValueError(
            f"'{spec}' is not a pip requirement for smmplan "
            "(e.g. smmplan==0.1.0 or smmplan @ git+https://github.com/OWNER/REPO@COMMIT)"
        )
    return text


def explicit(spec: str, where: str) -> InstallLine:
    """The line chosen by the user (``where`` names the option or setting)."""
    requirement = check_requirement(spec)
    url = requirement.partition("@")[2].strip()
    if url and not _is_public(url):
        return InstallLine(requirement, f"{where} {url} is not a URL a CI runner can fetch")
    return InstallLine(requirement)


def installed_line(version: str) -> InstallLine:
    """The line that reinstalls this smmplan, from its installed metadata."""
    from importlib import metadata

    direct_url = None
    for distribution in metadata.distributions(name="smmplan"):
        # A source tree's own smmplan.egg-info (on sys.path when run from the checkout)
        # was not written by an installer and says nothing about how smmplan came here.
        if distribution.read_text("INSTALLER") is None:
            continue
        direct_url = distribution.read_text("direct_url.json")
        break
    return from_direct_url(version, direct_url)


def from_direct_url(version: str, direct_url: str | None) -> InstallLine:
    """The line for an installed ``version`` whose ``direct_url.json`` text is given."""
    line = _line_from_direct_url(f"smmplan=={version}", direct_url)
    if REQUIREMENT.match(line.requirement):
        return line
    # A recorded URL with spaces or quotes would not survive as one pip argument.
    reason = (
        f"its recorded source {line.requirement.partition('@')[2].strip()!r} has spaces or quotes"
    )
    return InstallLine(f"smmplan=={version}", _fallback(f"smmplan=={version}", reason))


def _line_from_direct_url(pinned: str, direct_url: str | None) -> InstallLine:
    if direct_url is None:
        return InstallLine(pinned)
    try:
        data = json.loads(direct_url)
        url = str(data["url"])
    except (ValueError, KeyError, TypeError):
        return InstallLine(pinned, _fallback(pinned, "its direct_url.json cannot be read"))
    if isinstance(data.get("vcs_info"), dict):
        return _vcs_line(pinned, url, data)
    if isinstance(data.get("archive_info"), dict) and _is_public(url):
        return InstallLine(f"smmplan @ {url}{_hash_fragment(data['archive_info'])}")
    if isinstance(data.get("dir_info"), dict) or url.startswith("file:"):
        editable = isinstance(data.get("dir_info"), dict) and data["dir_info"].get("editable")
        how = "an editable install of" if editable else "installed from"
        return InstallLine(pinned, _fallback(pinned, f"it is {how} the local {_local(url)}"))
    return InstallLine(pinned, _fallback(pinned, f"it was installed from {url}"))


def _vcs_line(pinned: str, url: str, data: dict[str, Any]) -> InstallLine:
    info = data["vcs_info"]
    commit = info.get("commit_id")
    if not commit or not _is_public(url):
        where = f"the repository {url}" if commit else f"{url} at no recorded commit"
        return InstallLine(pinned, _fallback(pinned, f"it was installed from {where}"))
    subdirectory = data.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
    return InstallLine(f"smmplan @ {info.get('vcs', 'git')}+{url}@{commit}{fragment}")


def _hash_fragment(archive_info: dict[str, Any]) -> str:
    hashes = archive_info.get("hashes")
    if isinstance(hashes, dict) and hashes.get("sha256"):
        return f"#sha256={hashes['sha256']}"
    legacy = archive_info.get("hash")  # PEP 610's older single "<algorithm>=<digest>" key
    return f"#{legacy}" if isinstance(legacy, str) and "=" in legacy else ""


def _is_public(url: str) -> bool:
    return re.sub(r"^(git|hg|svn|bzr)\+", "", url).startswith(PUBLIC_SCHEMES)


def _local(url: str) -> str:
    path = url.removeprefix("file://")
    return f"folder {path}" if not path.endswith((".whl", ".tar.gz", ".zip")) else f"file {path}"


def _fallback(pinned: str, reason: str) -> str:
    return (
        f"the workflows install {pinned} from the package index, because this smmplan "
        f"cannot be installed the same way on a CI runner: {reason}; check that line, "
        f"or {CHOOSE}"
    )
