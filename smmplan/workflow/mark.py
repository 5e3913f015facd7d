"""``smmplan mark published``: record in a post's own file that it went out.

After a post goes out its file still says ``approved``. This writes ``status: published``
and the ``published:`` URL or id per network into the front matter: from the analytics
exports (``--from-metrics``) or given by hand. Posts are files people maintain by hand
and review in pull requests, so the file is edited as text (``smmplan.workflow.edit``),
never dumped from parsed YAML, which would rewrite every comment, quote and line ending:
the change must read as the two or three lines it is. Each edit is then read back with
the project's own loader and refused unless ``status`` and ``published`` are what was
meant and every other key's value is what it was, so a broken file is never written.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from smmplan.load.documents import ValueProblem, read_markdown, to_python
from smmplan.load.files import check_file
from smmplan.load.posts import Known, load_post
from smmplan.locale import phrase
from smmplan.model import EMPTY, Post, Project
from smmplan.workflow.edit import EditError, FrontMatterEditor, network_key

if TYPE_CHECKING:
    from smmplan.results.model import Results

MARKABLE = frozenset({"approved", "scheduled", "published"})
SURE = 0.8  # a match below this confidence is pointed out for a reviewer to check
NEEDS_PROOF = frozenset({"idea", "draft", "review"})  # marked only when an export shows it out


class MarkError(ValueError):
    """The request itself cannot be done (a usage error)."""


@dataclass(frozen=True)
class Request:
    """What to mark: ``paths`` as given (relative to ``cwd``), where the URLs come from."""

    paths: tuple[Path, ...] = ()
    from_metrics: bool = False
    network: str | None = None  # with from_metrics: only this network's results
    urls: Mapping[str, str] = field(default_factory=dict)  # network -> URL or id, by hand
    cwd: Path = Path()


@dataclass(frozen=True)
class Target:
    path: str  # repository-relative, with "/"
    file: Path  # the file to read and replace: a symlink's target
    named: bool  # named on the command line (not found in a folder or in the exports)


@dataclass(frozen=True)
class Refusal:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return self.spoken("en")

    def spoken(self, language: str) -> str:
        """``path:line: message``, the message in ``language``."""
        from smmplan.locale import translate

        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {translate(self.message, language)}"


class Skip(Refusal):
    """A post the rules leave as it is (cancelled, or a draft no export shows): refused
    when named on the command line, only mentioned when found in a folder or an export."""


@dataclass(frozen=True)
class Proof:
    """What the analytics exports say of one post: network -> URL or id (None: neither)."""

    where: Mapping[str, str | None]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    path: str
    file: Path
    before: bytes
    after: bytes
    recorded: tuple[str, ...]  # networks whose URL or id is written
    notes: tuple[str, ...] = ()


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # already published as asked
    refused: list[Refusal] = field(default_factory=list)  # exit code 1
    skipped: list[Refusal] = field(default_factory=list)  # found, not named: only said
    exports: bool = True  # False: there are no analytics exports to read


def plan_marks(project: Project, now: datetime, request: Request) -> Plan:
    """Every change ``mark published`` would make; nothing is written."""
    plan = Plan()
    posts = {post.path: post for post in project.posts}
    targets = find_targets(project, request.paths, request.cwd, plan) if request.paths else []
    proofs: dict[str, Proof] = {}
    wants_proof = any(posts[t.path].status in NEEDS_PROOF for t in targets)
    if request.from_metrics or wants_proof:
        results = _measure(project, now)
        plan.exports = results is not None
        proofs = proofs_from(results, request.network) if results is not None else {}
    if request.from_metrics:
        targets = _with_proof(project.root, targets, proofs, request.paths, plan)
    if request.urls and len(targets) > 1:
        raise MarkError(
            phrase(
                "--url gives one post's URL, and {count} posts are to be marked",
                count=len(targets),
            )
        )
    known = known_of(project)
    for target in targets:
        _plan_one(plan, target, known, proofs.get(target.path), request)
    return plan


def _measure(project: Project, now: datetime) -> Results | None:
    from smmplan.pipeline import measure

    return measure(project, now)


def known_of(project: Project) -> Known:
    formats = {name: frozenset(spec.post_formats) for name, spec in project.networks.items()}
    return Known(project.root, project.brands, project.campaigns, formats)


# -- which files ---------------------------------------------------------------------------


def find_targets(project: Project, paths: Iterable[Path], cwd: Path, plan: Plan) -> list[Target]:
    """The posts ``paths`` name (files, or folders of posts); the rest become refusals."""
    root, known = project.root, sorted(post.path for post in project.posts)
    chosen: dict[str, Target] = {}
    for given in paths:
        full, shown = (given if given.is_absolute() else cwd / given), str(given)
        if not os.path.lexists(full):
            plan.refused.append(Refusal(shown, phrase("no such file or folder")))
            continue
        if full.is_dir():
            found = _folder(root, full, known)
            if isinstance(found, Refusal):
                plan.refused.append(Refusal(shown, found.message))
            for rel in found if isinstance(found, list) else ():
                _add(chosen, target_of(root, rel, named=False), plan)
            continue
        lexical = full.parent.resolve() / full.name
        if not lexical.is_relative_to(root):
            plan.refused.append(Refusal(shown, phrase("outside the repository {root}", root=root)))
        elif (rel := lexical.relative_to(root).as_posix()) not in known:
            plan.refused.append(
                Refusal(rel, phrase("not a post: posts are Markdown files under content/posts/"))
            )
        else:
            _add(chosen, target_of(root, rel, named=True), plan)
    return list(chosen.values())


def _folder(root: Path, folder: Path, posts: Sequence[str]) -> list[str] | Refusal:
    real = folder.resolve()
    if not real.is_relative_to(root):
        return Refusal(str(folder), phrase("outside the repository {root}", root=root))
    prefix = real.relative_to(root).as_posix()
    found = [p for p in posts if prefix == "." or p.startswith(prefix + "/")]
    return found or Refusal(str(folder), phrase("this folder holds no posts"))


def target_of(root: Path, rel: str, named: bool) -> Target | Refusal:
    """The post file to edit, checked as every repository read is (``load.files``)."""
    real, refused = check_file(root / rel, root, "post")
    if real is None:
        return Refusal(rel, refused.reason if refused else phrase("not a regular file"))
    return Target(rel, real, named)


def _add(chosen: dict[str, Target], target: Target | Refusal, plan: Plan) -> None:
    if isinstance(target, Refusal):
        plan.refused.append(target)
    elif target.path not in chosen or target.named:
        chosen[target.path] = target


def proofs_from(results: Results, network: str | None = None) -> dict[str, Proof]:
    """Per post, the networks an export shows it published on, with the URL (or else the
    row's post id) each gives."""
    measured = {(m.path, m.network): m for m in results.posts if m.path}
    where: dict[str, dict[str, str | None]] = {}
    notes: dict[str, list[str]] = {}
    for path, net in sorted(results.went_out):
        if network is not None and net != network:
            continue
        m = measured.get((path, net))
        found = m and (m.url or next((r.post_id for r in m.rows if r.post_id), None))
        where.setdefault(path, {})[net] = found or None
        if m is not None and m.match is not None and m.match.confidence < SURE:
            notes.setdefault(path, []).append(
                phrase(
                    "{network}: matched by {by} with confidence {confidence} ({reason}):"
                    " check that it is this post",
                    network=net,
                    by=m.match.by,
                    confidence=f"{m.match.confidence:.2f}",
                    reason=m.match.reason,
                )
            )
    return {p: Proof(MappingProxyType(w), tuple(notes.get(p, ()))) for p, w in where.items()}


def _with_proof(
    root: Path,
    targets: list[Target],
    proofs: Mapping[str, Proof],
    paths: Sequence[Path],
    plan: Plan,
) -> list[Target]:
    """With ``--from-metrics``: the posts the exports show (among those named)."""
    if not paths:
        chosen: dict[str, Target] = {}
        for rel in sorted(proofs):
            _add(chosen, target_of(root, rel, named=False), plan)
        return list(chosen.values())
    kept = []
    for target in targets:
        if target.path in proofs:
            kept.append(target)
        elif target.named and plan.exports:
            plan.refused.append(
                Refusal(target.path, phrase("no analytics export shows it published"))
            )
    return kept


# -- one post ------------------------------------------------------------------------------


def _plan_one(
    plan: Plan, target: Target, known: Known, proof: Proof | None, request: Request
) -> None:
    try:
        data = target.file.read_bytes()
    except OSError as error:
        plan.refused.append(
            Refusal(target.path, phrase("cannot read: {error}", error=error.strerror or error))
        )
        return
    doc = read_markdown(data)
    if doc.findings or doc.root is None:
        first = doc.findings[0] if doc.findings else None
        message = first.message if first else "the front matter is empty"
        plan.refused.append(Refusal(target.path, message, first.line if first else 1))
        return
    post = load_post(target.file, target.path, data, known)
    outcome = _mark(post, data, target, known, proof, request)
    if isinstance(outcome, Change):
        plan.changes.append(outcome)
    elif outcome is None:
        plan.unchanged.append(target.path)
    elif isinstance(outcome, Skip) and not target.named:
        plan.skipped.append(outcome)
    else:
        plan.refused.append(outcome)


def _mark(
    post: Post, data: bytes, target: Target, known: Known, proof: Proof | None, request: Request
) -> Change | Refusal | None:
    """The change marking one post; None when it already is as asked."""
    shown = proof.where if proof is not None else EMPTY
    notes = list(proof.notes) if proof is not None else []
    if post.status == "cancelled":
        return Skip(post.path, phrase("cancelled: a cancelled post is never marked published"))
    if post.status in NEEDS_PROOF:
        if not shown:
            return Skip(
                post.path,
                phrase(
                    "status is {status} and no analytics export shows it published:"
                    " not marked (set the status by hand if it went out)",
                    status=post.status,
                ),
            )
        notes.insert(
            0,
            phrase(
                "was {status}: the exports show it published on {networks}",
                status=post.status,
                networks=", ".join(shown),
            ),
        )
    wanted = {net: url for net, url in shown.items() if url and request.from_metrics}
    for net, url in request.urls.items():
        if net not in post.networks:
            return Refusal(
                post.path, phrase("--url {network}: the post does not go to {network}", network=net)
            )
        wanted[net] = url
    changed = {net: url for net, url in wanted.items() if post.published.get(net) != url}
    try:
        editor = FrontMatterEditor(data)
        editor.set_scalar("status", "published")
        editor.set_entries("published", changed, after="status")
        after = editor.result()
    except EditError as error:
        return Refusal(post.path, phrase("not changed: {error}", error=error), error.line)
    if after == data:
        return None
    expected = {**post.published, **changed}
    problem = verify(data, after, post, known, expected, changed)
    if problem is not None:
        return Refusal(post.path, phrase("not changed: {error}", error=problem), 1)
    return Change(post.path, target.file, data, after, tuple(changed), tuple(notes))


def front_matter_values(data: bytes) -> dict[str, Any] | None:
    """A post file's front matter as plain values, or None when it does not read."""
    doc = read_markdown(data)
    if doc.findings or doc.root is None:
        return None
    try:
        values = to_python(doc.root, doc.offset)
    except ValueProblem:
        return None
    return values if isinstance(values, dict) else None


def verify(
    before: bytes,
    after: bytes,
    post: Post,
    known: Known,
    expected: Mapping[str, str],
    changed: Mapping[str, str],
) -> str | None:
    """Why ``after`` is not ``before`` marked as asked, or None when it is."""
    old, new = front_matter_values(before), front_matter_values(after)
    if old is None:
        return "cannot check the edit: a value in the front matter cannot be read"
    if new is None:
        return "the edited front matter would not read back as YAML"
    edited = ("status", "published")
    if {k: v for k, v in old.items() if k not in edited} != {
        k: v for k, v in new.items() if k not in edited
    }:
        return "the edit would change other keys"
    old_published, new_published = old.get("published") or {}, new.get("published") or {}
    if isinstance(old_published, dict) and isinstance(new_published, dict):
        kept = {k: v for k, v in old_published.items() if network_key(k) not in changed}
        if any(new_published.get(k, object()) != v for k, v in kept.items()):
            return "the edit would change other entries of published:"
    if read_markdown(after).body != read_markdown(before).body:
        return "the edit would change the text"
    again = load_post(known.root / post.path, post.path, after, known)
    if again.status != "published" or dict(again.published) != dict(expected):
        return (
            f"the result would read as status {again.status},"
            f" published {dict(again.published)}, not as intended"
        )
    return None


# -- output --------------------------------------------------------------------------------


def write_change(change: Change) -> Refusal | None:
    """Replace the file atomically (a temporary sibling, then ``os.replace``), keeping its
    mode; refused when it is read-only or changed since it was read."""
    target = change.file
    try:
        if target.read_bytes() != change.before:
            return Refusal(change.path, "the file changed while it was being marked: run again")
        if not os.access(target, os.W_OK):
            return Refusal(change.path, "the file is read-only: not changed")
        mode = stat.S_IMODE(target.stat().st_mode)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        return Refusal(
            change.path, phrase("cannot write here: {error}", error=error.strerror or error)
        )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(change.after)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, mode)
        os.replace(name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(name)
        return Refusal(change.path, phrase("cannot write: {error}", error=error.strerror or error))
    return None


def _display_lines(data: bytes) -> list[str]:
    """The file's lines as a patch holds them: split at ``\\n`` only, so a CRLF file's
    diff keeps its ``\\r`` and applies with ``git apply``."""
    pieces = data.decode("utf-8").split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return [*lines, pieces[-1]] if pieces[-1] else lines


def unified_diff(change: Change) -> str:
    """The change as ``git diff`` shows it: ``--- a/path``, ``+++ b/path``, 3 lines of
    context, ``\\ No newline at end of file`` where the file has none."""
    out = []
    for line in difflib.unified_diff(
        _display_lines(change.before),
        _display_lines(change.after),
        f"a/{change.path}",
        f"b/{change.path}",
    ):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
