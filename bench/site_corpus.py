"""The generated plan ``bench/site.py`` and ``bench/serve.py`` build: what real plans carry.

Three brands in three time zones with posting windows, accounts and banned words; two
campaigns; posts over a year on two to five networks each (per-network overrides); real
small JPEG pictures under ``content/media/`` on most posts (some without alt text); and
problems on about a tenth of the posts (texts too long for X, banned words, sponsored
posts without their disclosure, posts outside the posting windows, networks without an
account), so the site shows errors and warnings as a real plan does. Posts before ``NOW``
are published, so "publish in the past" does not swamp the problems.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta
from pathlib import Path

from corpus import SENTENCES

NOW = "2026-06-01T09:00:00+00:00"
BRANDS = {
    "kofe": ("Europe/Moscow", "ru", ["telegram", "vk", "x", "instagram", "threads"]),
    "bayan": ("Asia/Manila", "tl", ["facebook", "linkedin", "x", "instagram", "threads"]),
    "karvan": ("Asia/Baku", "az", ["threads", "mastodon", "bluesky", "facebook", "x"]),
}
ACCOUNTS = {  # each brand lacks its last network's account: posts there get "account-missing"
    "kofe": {"telegram": "@kofe", "vk": "@kofe", "x": "@kofe", "instagram": "@kofe"},
    "bayan": {"facebook": "@bayan", "linkedin": "bayan", "x": "@bayan", "instagram": "@bayan"},
    "karvan": {
        "threads": "@karvan",
        "mastodon": "@karvan@mastodon.social",
        "bluesky": "karvan.bsky.social",
        "facebook": "karvan",
    },
}
PICTURES = 30
STATUSES_AHEAD = ["idea", "draft", "review", "approved", "scheduled"]


def make_pictures(root: Path, count: int = PICTURES) -> list[str]:
    """Small photo-like JPEGs (gradients with noise), repository-relative paths."""
    from PIL import Image, ImageFilter

    rng = random.Random(5)
    folder = root / "content" / "media"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for n in range(count):
        sizes = [(2048, 2048), (2560, 1440), (1600, 2000)] if n % 12 else [(800, 600)]
        width, height = rng.choice(sizes)  # one in twelve too small for some renditions
        base = Image.linear_gradient("L").resize((width, height))
        noise = Image.effect_noise((width, height), 40).filter(ImageFilter.GaussianBlur(2))
        colour = tuple(rng.randint(40, 220) for _ in range(3))
        picture = Image.merge(
            "RGB",
            [Image.blend(base, noise, 0.3).point(lambda v, c=c: (v + c) % 256) for c in colour],
        )
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=85)
        name = f"content/media/photo-{n:02d}.jpg"
        (root / name).write_bytes(buffer.getvalue())
        names.append(name)
    return names


def write_settings(root: Path) -> None:
    (root / "brands").mkdir(parents=True, exist_ok=True)
    for brand, (tz, locale, _) in BRANDS.items():
        accounts = ", ".join(f"{k}: {v!r}" for k, v in ACCOUNTS[brand].items())
        (root / "brands" / f"{brand}.yml").write_text(
            f"name: {brand.title()}\ntimezone: {tz}\nlocale: {locale}\n"
            f'disclosure: ["#ad"]\nbanned_words: ["cheap"]\naccounts: {{{accounts}}}\n'
            "posting: {min_gap: 30m, windows: {mon-sun: '07:00-22:00'}}\n",
            encoding="utf-8",
        )
    (root / "smmplan.yml").write_text("title: Bench calendar\nlocale: en\n", encoding="utf-8")
    campaigns = root / "content" / "campaigns"
    campaigns.mkdir(parents=True, exist_ok=True)
    for slug, brand in (("autumn", "karvan"), ("payday", "bayan")):
        (campaigns / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nbrand: {brand}\nstart: 2026-01-01\nend: 2026-12-31\n---\nBrief.\n",
            encoding="utf-8",
        )


def post_text(rng: random.Random, n: int, brand: str, lang: str, problem: str | None) -> str:
    body = " ".join(rng.choice(SENTENCES[lang]) for _ in range(rng.randint(1, 3)))
    if problem == "banned":
        body += " Cheap tickets today."
    return body + f"\n\nhttps://example.com/{brand}/{n} #{brand} @{brand}team"


def front_matter(rng: random.Random, n: int, when: datetime, pictures: list[str]) -> tuple:
    brand = rng.choice(list(BRANDS))
    _, locale, networks = BRANDS[brand]
    lang = rng.choice([locale, locale, "en"])
    problems = ["too-long", "banned", "sponsored", "late", "late"]
    problem = rng.choice(problems) if n % 10 == 7 else None
    if problem == "late":
        when = when.replace(hour=23, minute=30)
    ahead = when >= datetime.fromisoformat(NOW).replace(tzinfo=None)
    status = rng.choice(STATUSES_AHEAD) if ahead else "published"
    has_media = n % 5 != 4
    usual = [m for m in networks[:-1] if has_media or m != "instagram"]
    chosen = rng.sample(usual, rng.randint(2, len(usual)))
    if n % 4 == 0:
        chosen.append(networks[-1])
    if problem == "too-long" and "x" not in chosen:
        chosen.append("x")
    lines = [
        "---",
        f'title: "Post {n} of {brand}"',
        f"brand: {brand}",
        f"campaign: { ({'karvan': 'autumn', 'bayan': 'payday'}.get(brand) or 'null') }",
        f"publish_at: {when:%Y-%m-%d %H:%M}",
        f"status: {status}",
        f"author: editor{n % 7}",
        *(
            [f"approved_by: lead{n % 3}"]
            if status in ("approved", "scheduled", "published")
            else []
        ),
        f"tags: [pillar-{n % 5}, {lang}]",
        f"link: https://example.com/{brand}/{n}",
        *(["sponsored: true"] if problem == "sponsored" else []),
    ]
    if has_media:
        alt = "" if n % 6 == 0 else f"\n    alt: Picture for post {n}"
        lines.append(f"media:\n  - src: /{rng.choice(pictures)}{alt}")
    lines.append("networks:")
    body = post_text(rng, n, brand, lang, problem if problem != "too-long" else None)
    lines += network_lines(n, chosen, body if problem == "too-long" else None)
    lines += ["---", ""]
    return "\n".join(lines), body


def network_lines(n: int, chosen: list[str], too_long: str | None) -> list[str]:
    """The ``networks:`` mapping: the second network with its own text; X with a text six
    times the post's first line when the post is to be too long there."""
    lines = []
    for index, network in enumerate(chosen):
        override = f'{{text: "Short version {n} for {network}"}}' if index == 1 else "{}"
        if too_long is not None and network == "x":
            override = "{text: " + repr(" ".join([too_long.split("\n")[0]] * 6)) + "}"
        lines.append(f"  {network}: {override}")
    return lines


def make_repository(root: Path, count: int, seed: int = 11) -> None:
    """A repository of ``count`` posts (see the module docstring)."""
    write_settings(root)
    pictures = make_pictures(root)
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 8, 0)
    step = (365 * 24 * 60) // count
    for n in range(count):
        when = start + timedelta(minutes=step * n)
        when = when.replace(hour=8 + (when.hour % 13))
        head, body = front_matter(rng, n, when, pictures)
        folder = root / "content" / "posts" / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"post-{n:05d}.md").write_text(head + body + "\n", encoding="utf-8")


def post_paths(root: Path) -> list[Path]:
    return sorted((root / "content" / "posts").rglob("*.md"))
