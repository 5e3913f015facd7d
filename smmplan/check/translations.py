"""Language rules: posts in several languages, one sibling file per language.

A brand lists its ``languages`` (the first one primary); ``qis-turu.az.md`` and
``qis-turu.ru.md`` are one post in two languages (``smmplan.load.translations``). Each
translation is checked as a post of its own; these rules look at the set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.check.structure import _findings
from smmplan.locale import phrase
from smmplan.model import Post, Severity

FAMILY = Family("languages", "Languages", 9)  # its heading and place in docs/rules.md

EXPECTED_FROM = frozenset({"review", "approved", "scheduled"})  # when a set must be whole


@rule("translation-missing", "LG01", Severity.WARNING, "post")
def translation_missing(post: Post, ctx: Context) -> Iterator[Problem]:
    """A translated post is in ``review`` (or later) and one of its brand's languages has no file.

    A brand with ``languages: [az, ru]`` publishes a translated post in each: once a
    file ``qis-turu.az.md`` or ``qis-turu.ru.md`` exists, the post is translated, and by
    the time one of them is in ``review``, ``approved`` or ``scheduled`` every language
    needs its sibling beside it. A file without a language suffix and without siblings
    is a post in the brand's first language only, and is never reported; ideas and
    drafts may wait for their translations.
    """
    brand = ctx.project.brand_of(post)
    if brand is None or not post.translations or post.status not in EXPECTED_FROM:
        return
    missing = [tag for tag in brand.languages if tag not in post.translations]
    if not missing:
        return
    name = PurePosixPath(post.path)
    files = ", ".join(f"{post.translation_id}.{tag}{name.suffix}" for tag in missing)
    yield Problem(
        phrase(
            "no {missing} translation: add {files} beside this file"
            " ({brand} publishes in {languages}; this post is {status})",
            missing=", ".join(missing),
            files=files,
            brand=brand.name,
            languages=", ".join(brand.languages),
            status=post.status,
        ),
        post.line_of("status"),
    )


@rule("translation-language-unknown", "LG02", Severity.ERROR, "file")
def translation_language_unknown(item: Any) -> Iterator[Problem]:
    """A post's file name ends in a language that its brand does not list in ``languages``.

    ``qis-turu.tr.md`` in a brand with ``languages: [az, ru]``: either the file name is a
    slip (``ru``) or the brand file lacks the language. The post is checked without a
    language then. A suffix that is no language (``plan.v2.md``) is part of the name.
    """
    yield from _findings(item, "translation-language-unknown")


@rule("translation-id-mismatch", "LG03", Severity.ERROR, "file")
def translation_id_mismatch(item: Any) -> Iterator[Problem]:
    """A post's ``id:`` differs from its file name without the language suffix.

    Translations share their ``id``: the name of the file before the language
    (``qis-turu`` for ``qis-turu.ru.md``). Writing ``id:`` is optional; where it is
    written it must agree, so that a file renamed on its own is noticed.
    """
    yield from _findings(item, "translation-id-mismatch")


@rule("translation-duplicate", "LG04", Severity.ERROR, "file")
def translation_duplicate(item: Any) -> Iterator[Problem]:
    """Two files are the same language of one post: ``qis-turu.md`` and ``qis-turu.az.md``.

    A file without a language suffix is in the brand's first language, so beside a file
    with that language's suffix one of them is a leftover. Reported on the file without
    the suffix.
    """
    yield from _findings(item, "translation-duplicate")
