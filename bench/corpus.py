"""Multilingual sentences, emoji and statuses the benchmarks generate posts from, and the
repository ``bench/check.py`` measures (``make_repository``; the check cache's tests
generate a small one)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

SENTENCES = {
    "ru": [
        "Утро начинается с чашки свежесваренного кофе.",
        "Сегодня рассказываем, как выбрать зерно для турки.",
        "Наши бариста готовят фильтр-кофе по новому рецепту.",
        "Заходите на дегустацию в субботу — будет вкусно!",
        "Какой кофе вы пьёте по утрам? Пишите в комментариях.",
    ],
    "az": [
        "Bakının ən gözəl mənzərələri sizi gözləyir.",
        "Qəbələdə payız turu: dağlar, meşələr və təmiz hava.",
        "Şəkidə xan sarayını mütləq ziyarət edin.",
        "Səyahət planınızı bizimlə qurun, rahat olsun.",
        "Bu həftə sonu Qubaya qısa səfər təklif edirik.",
    ],
    "tl": [
        "Mag-ipon tuwing sahod para sa kinabukasan ng pamilya.",
        "Buksan ang iyong savings account online sa loob ng limang minuto.",
        "Ligtas at mabilis ang bawat transaksyon sa aming app.",
        "Alamin kung paano lumalago ang iyong pera sa time deposit.",
        "Salamat sa tiwala, mga ka-Bayan!",
    ],
    "en": [
        "Fresh roast, fresh start: see you at the counter.",
        "Plan your weekend getaway in three easy steps.",
        "Saving a little every payday adds up faster than you think.",
        "Tap the link to read the full story.",
        "Tell us your favourite spot in the comments!",
    ],
}
EMOJI = ["☕", "✨", "🧑‍🧑‍🧒", "🇦🇿", "🏔️", "💰", "👍🏽"]
STATUSES = ["idea", "draft", "review", "approved", "scheduled", "published"]

BRANDS = {
    "kofe": ("Europe/Moscow", "ru", ["telegram", "vk", "instagram"]),
    "bayan": ("Asia/Manila", "tl", ["facebook", "linkedin", "x"]),
    "karvan": ("Asia/Baku", "az", ["instagram", "pinterest", "threads"]),
}
IMAGES = 200


def make_repository(root: Path, posts: int, seed: int = 7, images: int = IMAGES) -> None:
    """3 brands, 2 campaigns, ``posts`` posts and ``images`` pictures under ``root``."""
    from PIL import Image

    rng = random.Random(seed)
    (root / "brands").mkdir(parents=True)
    for brand, (tz, locale, _) in BRANDS.items():
        (root / "brands" / f"{brand}.yml").write_text(
            f"name: {brand.title()}\ntimezone: {tz}\nlocale: {locale}\n"
            'disclosure: ["#ad"]\nbanned_words: ["cheap", "дешёвый", "ucuz"]\n'
            "posting: {min_gap: 1h}\n",
            encoding="utf-8",
        )
    campaigns = root / "content" / "campaigns"
    campaigns.mkdir(parents=True)
    for slug, brand in (("autumn", "karvan"), ("payday", "bayan")):
        (campaigns / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nbrand: {brand}\nstart: 2026-01-01\nend: 2027-12-31\n---\nBrief.\n",
            encoding="utf-8",
        )
    media = root / "content" / "media"
    media.mkdir(parents=True)
    for n in range(images):
        Image.effect_noise((180, 320), 40).convert("RGB").resize((1440, 2560)).save(
            media / f"photo-{n:03d}.jpg", quality=60
        )
    start = datetime(2026, 1, 5, 8, 0)
    for n in range(posts):
        brand = rng.choice(list(BRANDS))
        tz, locale, networks = BRANDS[brand]
        lang = rng.choice([locale, locale, "en"])
        when = start + timedelta(minutes=97 * n)
        body = " ".join(rng.choice(SENTENCES[lang]) for _ in range(rng.randint(3, 9)))
        body += f" {rng.choice(EMOJI)}\n\nhttps://example.com/{brand}/{n} #{brand} #{lang}2026"
        status = rng.choice(STATUSES)
        campaign = {"karvan": "autumn", "bayan": "payday"}.get(brand)
        folder = root / "content" / "posts" / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        first, second = networks[0], networks[1]
        override = body[:200].replace('"', "").replace("\n", " ")
        third = "{format: story}" if networks[2] == "instagram" else "{}"
        front = "\n".join(
            [
                "---",
                f'title: "Post {n}: {override[:40]}"',
                f"brand: {brand}",
                f"campaign: {campaign}" if campaign else "campaign: null",
                f"publish_at: {when:%Y-%m-%d %H:%M}",
                f"status: {status}",
                f"author: editor{n % 7}",
                f"approved_by: lead{n % 3}",
                f"tags: [pillar-{n % 5}, {lang}]",
                f"sponsored: {'true' if n % 11 == 0 else 'false'}",
                f"link: https://example.com/{brand}/{n}?ref=social",
                f'first_comment: "#{brand} #{lang}"',
                "media:",
                f"  - src: /content/media/photo-{n % images:03d}.jpg",
                f"    alt: Photo number {n}",
                "    focus: [0.5, 0.4]",
                "networks:",
                f"  {first}: {{}}",
                f"  {second}:",
                f'    text: "{override} #ad"',
                f"  {networks[2]}: {third}",
                "---",
                "",
            ]
        )
        (folder / f"post-{n:05d}.md").write_text(front + body + " #ad\n", encoding="utf-8")
