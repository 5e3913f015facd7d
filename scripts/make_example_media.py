"""Make the images of the example content repository (``content/media/`` and one thumbnail
beside its post).

The photographs are public-domain or CC0 samples that ship inside the scikit-image wheel
(``skimage.data``: nothing is downloaded); Pillow and NumPy crop, scale, colour-grade and
frame them, and draw a few photo-like textures (layered noise and gradients). Attribution
is in ``content/media/CREDITS.md``.

scikit-image is needed only to run this script: it is NOT a dependency of smmplan, and the
generated files are committed, so nobody has to run it to use the example::

    python -m venv .venv
    .venv/bin/pip install scikit-image pillow numpy
    .venv/bin/python scripts/make_example_media.py

The output is deterministic (fixed seeds, no timestamps in the files) and the script can be
re-run at any time: it overwrites the files it owns and nothing else. It checks its own
output: every JPEG at most 600 KB, all of them together at most 6 MB.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "content" / "media"

JPEG_QUALITY = 85
MAX_JPEG_BYTES = 600_000
MAX_TOTAL_BYTES = 6_000_000
EXIF_ORIENTATION = 0x0112

# Brand palettes (the backgrounds match colors.background in brands/*.yml).
KOFE = {"bg": "#f3ece4", "accent": "#6f4e37", "cream": "#e8d5b9"}
BANK = {"bg": "#eef3f8", "navy": "#0b2e59", "gold": "#f2b705"}
KARVAN = {"bg": "#f5efe6", "teal": "#0f766e", "sand": "#d9b98a", "coral": "#e76f51"}


# ---------------------------------------------------------------------------- helpers


def rgb(hex_colour: str, alpha: int | None = None) -> tuple[int, ...]:
    value = hex_colour.lstrip("#")
    channels = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    return channels if alpha is None else (*channels, alpha)


def sample(name: str) -> Image.Image:
    """A photograph bundled with scikit-image, as an RGB Pillow image."""
    from skimage import data  # imported late: only this script needs scikit-image

    array = getattr(data, name)()
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    return Image.fromarray(array.astype(np.uint8), "RGB")


def cover(img: Image.Image, size: tuple[int, int], focus=(0.5, 0.5), zoom=1.0) -> Image.Image:
    """Crop to the aspect ratio of ``size`` around ``focus`` (0..1), then scale to ``size``."""
    width, height = size
    src_w, src_h = img.size
    target = width / height
    crop_w, crop_h = (src_h * target, src_h) if src_w / src_h > target else (src_w, src_w / target)
    crop_w, crop_h = crop_w / zoom, crop_h / zoom
    left = min(max(focus[0] * src_w - crop_w / 2, 0), src_w - crop_w)
    top = min(max(focus[1] * src_h - crop_h / 2, 0), src_h - crop_h)
    box = (left, top, left + crop_w, top + crop_h)
    return img.resize(size, Image.Resampling.LANCZOS, box=box)


def smooth_noise(size: tuple[int, int], seed: int, octaves=(4, 16, 64), stretch=(1, 1)):
    """Layered value noise in 0..1, shape (height, width): looks like light, fog, paper."""
    width, height = size
    rng = np.random.default_rng(seed)
    total = np.zeros((height, width), np.float32)
    weight_sum = 0.0
    for i, cells in enumerate(octaves):
        grid_w = max(2, cells // stretch[0])
        grid_h = max(2, int(cells * height / width) // stretch[1])
        grid = rng.random((grid_h, grid_w), dtype=np.float32)
        layer = Image.fromarray(grid, "F").resize((width, height), Image.Resampling.BICUBIC)
        weight = 0.55**i
        total += np.asarray(layer) * weight
        weight_sum += weight
    total /= weight_sum
    return np.clip((total - total.min()) / (np.ptp(total) or 1), 0, 1)


def grain(img: Image.Image, seed: int, amount=3.0) -> Image.Image:
    """Soft sensor grain, generated at half resolution so JPEG keeps it cheap."""
    width, height = img.size
    rng = np.random.default_rng(seed)
    small = rng.normal(0, amount, (height // 2 + 1, width // 2 + 1)).astype(np.float32)
    noise = np.asarray(
        Image.fromarray(small, "F").resize((width, height), Image.Resampling.BILINEAR)
    )
    pixels = np.asarray(img, np.float32) + noise[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def tint(img: Image.Image, dark: str, light: str) -> Image.Image:
    """Map a (grey) photograph onto a two-colour ramp, like a toned print."""
    return ImageOps.colorize(img.convert("L"), rgb(dark), rgb(light))


def grade(img: Image.Image, warmth=0.0, contrast=1.0, lift=0.0) -> Image.Image:
    pixels = np.asarray(img, np.float32) / 255.0
    pixels = (pixels - 0.5) * contrast + 0.5 + lift
    pixels[..., 0] *= 1 + warmth
    pixels[..., 2] *= 1 - warmth
    return Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8), "RGB")


def vignette(img: Image.Image, strength=0.35) -> Image.Image:
    width, height = img.size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    dist = np.hypot((xs / width - 0.5) * 1.6, (ys / height - 0.5) * 1.6)
    mask = 1 - strength * np.clip(dist, 0, 1) ** 2
    pixels = np.asarray(img, np.float32) * mask[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def overlay(img: Image.Image, draw_shapes) -> Image.Image:
    """Draw semi-transparent shapes at 2x and scale down, for smooth edges."""
    width, height = img.size
    layer = Image.new("RGBA", (width * 2, height * 2), (0, 0, 0, 0))
    draw_shapes(ImageDraw.Draw(layer), width * 2, height * 2)
    layer = layer.resize((width, height), Image.Resampling.LANCZOS)
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def frame(img: Image.Image, colour: str, ratio=0.035) -> Image.Image:
    """A brand-colour passe-partout: the photo shrinks inside a border of ``colour``."""
    width, height = img.size
    border = round(min(width, height) * ratio)
    inner = img.resize((width - 2 * border, height - 2 * border), Image.Resampling.LANCZOS)
    framed = Image.new("RGB", (width, height), rgb(colour))
    framed.paste(inner, (border, border))
    return framed


def save_jpeg(img: Image.Image, rel: str, orientation: int | None = None) -> Path:
    path = ROOT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"quality": JPEG_QUALITY, "optimize": True, "subsampling": "4:2:0"}
    if orientation:
        exif = Image.Exif()
        exif[EXIF_ORIENTATION] = orientation
        options["exif"] = exif.tobytes()
    img.convert("RGB").save(path, "JPEG", **options)
    return path


# ------------------------------------------------------------------ kofe-na-kuhne


def coffee_cup_morning() -> Path:
    img = cover(sample("coffee"), (1920, 2400), focus=(0.42, 0.5))
    img = grade(img, warmth=0.05, contrast=1.08, lift=0.02)
    img = vignette(img, 0.3)
    img = frame(grain(img, 11, 1.5), KOFE["bg"])

    def shapes(d, w, h):
        d.ellipse(
            (w * 0.80, h * 0.05, w * 0.94, h * 0.05 + w * 0.14), fill=rgb(KOFE["accent"], 210)
        )
        d.ellipse(
            (w * 0.835, h * 0.05 + w * 0.035, w * 0.905, h * 0.05 + w * 0.105),
            fill=rgb(KOFE["cream"], 230),
        )

    return save_jpeg(overlay(img, shapes), "content/media/kofe/coffee-cup-morning.jpg")


def coffee_cup_flatlay() -> Path:
    img = cover(sample("coffee"), (3000, 2000), focus=(0.5, 0.5))
    img = grade(img, warmth=0.03, contrast=1.05)

    def shapes(d, w, h):
        d.rounded_rectangle(
            (w * 0.04, h * 0.82, w * 0.30, h * 0.94), radius=h * 0.06, fill=rgb(KOFE["bg"], 225)
        )
        d.ellipse((w * 0.06, h * 0.845, w * 0.06 + h * 0.07, h * 0.915), fill=rgb(KOFE["accent"]))

    return save_jpeg(
        overlay(img.filter(ImageFilter.GaussianBlur(0.7)), shapes),
        "content/media/kofe/coffee-cup-flatlay.jpg",
    )


def cafe_cat() -> Path:
    """Chelsea the cat as a phone portrait photo: pixels stored sideways + EXIF orientation 6."""
    shown = cover(sample("chelsea"), (1920, 2400), focus=(0.45, 0.5))
    shown = vignette(grade(shown, warmth=0.04, contrast=1.05), 0.25)
    shown = grain(shown, 13, 2.0)
    # Orientation 6 = "rotate 90 degrees clockwise to display": store it turned anticlockwise.
    stored = shown.transpose(Image.Transpose.ROTATE_90)
    path = save_jpeg(stored, "content/media/kofe/cafe-cat-portrait.jpg", orientation=6)
    with Image.open(path) as check:
        assert check.size == (2400, 1920)
        assert ImageOps.exif_transpose(check).size == (1920, 2400)
    return path


def latte_foam_story() -> Path:
    width, height = 1350, 2400
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    cx, cy = width / 2, height * 0.48
    r = np.hypot(xs - cx, (ys - cy) * 1.05) / (width * 0.5)
    angle = np.arctan2(ys - cy, xs - cx)
    swirl = 0.5 + 0.5 * np.sin(r * 13 + angle * 2 + smooth_noise((width, height), 21) * 4)
    crema = smooth_noise((width, height), 22, octaves=(6, 24, 96, 300))
    foam = np.clip(1.25 - r, 0, 1) ** 0.7 * (0.55 + 0.45 * swirl)
    base = np.stack([0.30 + 0.18 * crema, 0.18 + 0.10 * crema, 0.10 + 0.05 * crema], -1)
    cream = np.array([0.93, 0.85, 0.72], np.float32)
    mix = base * (1 - foam[..., None]) + cream * foam[..., None]
    cup = np.clip((r - 1.05) * 8, 0, 1)[..., None]  # the rim of the cup around the foam
    cup_colour = np.array([0.95, 0.93, 0.90], np.float32) * (0.85 + 0.15 * crema[..., None])
    mix = mix * (1 - cup) + cup_colour * cup
    img = Image.fromarray((np.clip(mix, 0, 1) * 255).astype(np.uint8), "RGB")
    img = vignette(img.filter(ImageFilter.GaussianBlur(1.2)), 0.35)
    return save_jpeg(grain(img, 23, 2.0), "content/media/kofe/latte-foam-story.jpg")


def gift_box_kraft() -> Path:
    width, height = 1920, 2400
    fibres = smooth_noise((width, height), 31, octaves=(8, 40, 200, 600), stretch=(1, 6))
    blotch = smooth_noise((width, height), 32, octaves=(3, 9))
    shade = 0.78 + 0.16 * fibres + 0.10 * blotch
    kraft = np.stack([0.74 * shade, 0.58 * shade, 0.40 * shade], -1)
    img = Image.fromarray((np.clip(kraft, 0, 1) * 255).astype(np.uint8), "RGB")

    def shapes(d, w, h):
        ribbon = rgb(KOFE["accent"], 235)
        d.rectangle((w * 0.44, 0, w * 0.56, h), fill=ribbon)
        d.rectangle((0, h * 0.45, w, h * 0.55), fill=ribbon)
        for dx in (-1, 1):
            d.ellipse(
                (
                    w * 0.5 + dx * w * 0.16 - w * 0.13,
                    h * 0.38,
                    w * 0.5 + dx * w * 0.16 + w * 0.13,
                    h * 0.52,
                ),
                outline=rgb(KOFE["accent"]),
                width=int(w * 0.05),
            )
        d.ellipse((w * 0.45, h * 0.445, w * 0.55, h * 0.525), fill=rgb("#4b3325"))
        for i in range(9):  # a few coffee beans scattered on the box
            x, y = w * (0.1 + 0.09 * i), h * (0.78 + 0.08 * ((i * 7) % 3) / 2)
            d.ellipse((x, y, x + w * 0.05, y + w * 0.07), fill=rgb("#3b2417", 240))
            d.line(
                (x + w * 0.025, y + w * 0.01, x + w * 0.022, y + w * 0.06),
                fill=rgb("#1f120b"),
                width=int(w * 0.006),
            )

    img = vignette(overlay(img, shapes), 0.3).filter(ImageFilter.GaussianBlur(0.8))
    return save_jpeg(grain(img, 33, 2.0), "content/media/kofe/gift-box-kraft.jpg")


# -------------------------------------------------------------------- bangko-bayan


def rocket_launch() -> Path:
    img = cover(sample("rocket"), (2400, 1350), focus=(0.5, 0.45))
    img = grain(grade(img, contrast=1.06), 41, 2.0)

    def shapes(d, w, h):
        d.rectangle((0, h * 0.90, w, h), fill=rgb(BANK["navy"], 235))
        d.rectangle((0, h * 0.885, w * 0.35, h * 0.90), fill=rgb(BANK["gold"]))
        for i in range(3):
            x = w * (0.06 + 0.04 * i)
            d.ellipse((x, h * 0.915, x + h * 0.06, h * 0.975), fill=rgb(BANK["gold"], 255 - 60 * i))

    return save_jpeg(overlay(img, shapes), "content/media/bangko/rocket-launch-savings.jpg")


def coins_alkansya() -> Path:
    img = cover(sample("coins"), (2400, 1350), focus=(0.5, 0.5))
    img = tint(img, "#1d1a16", "#f6dca2")
    img = vignette(grain(grade(img, contrast=1.12), 42, 2.0), 0.4)
    return save_jpeg(frame(img, BANK["navy"], 0.03), "content/media/bangko/coins-alkansya.jpg")


def payday_confetti() -> Path:
    width, height = 2400, 1350
    light = smooth_noise((width, height), 51, octaves=(2, 6, 24))
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    glow = np.exp(-(((xs - width * 0.7) / width) ** 2 + ((ys - height * 0.3) / height) ** 2) * 3)
    navy = np.array(rgb(BANK["navy"]), np.float32) / 255
    pixels = navy * (0.7 + 0.5 * light[..., None]) + np.array([0.25, 0.30, 0.40]) * glow[..., None]
    img = Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8), "RGB")
    rng = np.random.default_rng(52)

    def shapes(d, w, h):
        for _ in range(70):  # out-of-focus gold coins and confetti
            x, y, s = rng.random() * w, rng.random() * h, (0.01 + rng.random() * 0.05) * w
            alpha = int(90 + rng.random() * 150)
            colour = BANK["gold"] if rng.random() < 0.7 else "#ffffff"
            d.ellipse((x, y, x + s, y + s), fill=rgb(colour, alpha))
        d.rounded_rectangle(
            (w * 0.08, h * 0.2, w * 0.38, h * 0.8), radius=w * 0.03, fill=rgb(BANK["bg"], 235)
        )
        for row in range(4):  # a calendar-like grid, the 15th and the 30th marked
            for col in range(5):
                x, y = w * (0.11 + col * 0.053), h * (0.33 + row * 0.11)
                mark = (row, col) in {(1, 3), (3, 4)}
                d.ellipse(
                    (x, y, x + w * 0.035, y + w * 0.035),
                    fill=rgb(BANK["gold"] if mark else "#c9d4e2"),
                )

    img = overlay(img, shapes).filter(ImageFilter.GaussianBlur(1.0))
    return save_jpeg(grain(img, 53, 2.0), "content/media/bangko/payday-confetti.jpg")


def palayan_field() -> Path:
    img = cover(sample("grass"), (2400, 1350), focus=(0.5, 0.5))
    img = tint(img, "#1f3b12", "#d9e88a")
    width, height = img.size
    sky = smooth_noise((width, height), 61, octaves=(2, 5))
    ys = np.mgrid[0:height, 0:width][0].astype(np.float32) / height
    horizon = np.clip((0.32 - ys) * 12, 0, 1)[..., None]  # a hazy sky over the upper third
    sky_rgb = np.stack([0.80 + 0.1 * sky, 0.88 + 0.08 * sky, 0.97 + 0.03 * sky], -1)
    pixels = np.asarray(img, np.float32) / 255 * (1 - horizon) + sky_rgb * horizon
    img = Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8), "RGB")
    img = grain(vignette(img, 0.25), 62, 2.0)
    return save_jpeg(frame(img, BANK["gold"], 0.02), "content/media/bangko/palayan-green-field.jpg")


def bank_badge() -> Path:
    """A logo-like round badge on a transparent background (PNG with alpha)."""
    size = 1200
    big = size * 4
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((0, 0, big, big), fill=rgb(BANK["gold"]))
    pad = big * 0.06
    d.ellipse((pad, pad, big - pad, big - pad), fill=rgb(BANK["navy"]))
    c = big / 2
    d.polygon(
        [(c - big * 0.26, c - big * 0.02), (c, c - big * 0.27), (c + big * 0.26, c - big * 0.02)],
        fill=rgb(BANK["gold"]),
    )  # a roof: the "bahay" of bayan
    for i in range(4):  # columns
        x = c - big * 0.20 + i * big * 0.12
        d.rectangle((x, c + big * 0.01, x + big * 0.06, c + big * 0.22), fill=rgb("#ffffff"))
    d.rectangle(
        (c - big * 0.26, c + big * 0.24, c + big * 0.26, c + big * 0.29), fill=rgb(BANK["gold"])
    )
    img = img.resize((size, size), Image.Resampling.LANCZOS)
    path = MEDIA / "bangko" / "bangko-bayan-badge.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", optimize=True)
    return path


# ------------------------------------------------------------------- karvan-travel


def icherisheher_walls() -> Path:
    img = cover(sample("brick"), (1920, 2400), focus=(0.5, 0.5))
    img = tint(img, "#4a3520", "#f1dcb4")
    width, height = img.size
    light = smooth_noise((width, height), 71, octaves=(2, 5))
    pixels = np.asarray(img, np.float32) * (0.8 + 0.35 * light[..., None])
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")

    def shapes(d, w, h):  # an arch of the old city and a teal band
        d.rectangle((w * 0.28, h * 0.42, w * 0.72, h), fill=rgb("#2b1d10", 200))
        d.ellipse((w * 0.28, h * 0.30, w * 0.72, h * 0.30 + w * 0.44), fill=rgb("#2b1d10", 200))
        d.rectangle((0, h * 0.94, w, h), fill=rgb(KARVAN["teal"], 240))

    img = vignette(overlay(img, shapes), 0.3)
    return save_jpeg(grain(img, 72, 2.0), "content/media/karvan/icherisheher-old-walls.jpg")


def shamakhi_night_sky() -> Path:
    img = cover(sample("hubble_deep_field"), (1920, 2400), focus=(0.55, 0.5))
    img = grade(img, contrast=1.1)

    def shapes(d, w, h):  # the observatory dome against the sky
        d.rectangle((0, h * 0.86, w, h), fill=rgb("#05070c"))
        d.pieslice(
            (w * 0.56, h * 0.74, w * 0.86, h * 0.74 + w * 0.30), 180, 360, fill=rgb("#0b0f17")
        )
        d.rectangle((w * 0.56, h * 0.74 + w * 0.15, w * 0.86, h * 0.87), fill=rgb("#0b0f17"))
        d.rectangle((w * 0.70, h * 0.745, w * 0.725, h * 0.74 + w * 0.15), fill=rgb(KARVAN["teal"]))

    return save_jpeg(overlay(img, shapes), "content/media/karvan/shamakhi-night-sky.jpg")


def caspian_sunset() -> Path:
    width, height = 1920, 2400
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    horizon = 0.58 * height
    t = np.clip(ys / horizon, 0, 1)
    haze = smooth_noise((width, height), 81, octaves=(2, 6, 18), stretch=(1, 3))
    sky = np.stack(
        [0.98 - 0.45 * (1 - t), 0.55 + 0.10 * t - 0.25 * (1 - t), 0.35 + 0.25 * (1 - t)], -1
    )
    sky = sky * (0.9 + 0.15 * haze[..., None])
    sun = np.exp(-(((xs - width * 0.62) ** 2 + (ys - horizon * 0.9) ** 2) / (width * 0.09) ** 2))
    sky = sky + np.array([0.4, 0.3, 0.15]) * sun[..., None]
    ripples = smooth_noise((width, height), 82, octaves=(3, 20, 120, 400), stretch=(8, 1))
    depth = np.clip((ys - horizon) / (height - horizon), 0, 1)
    sea = np.stack([0.20 + 0.25 * ripples, 0.22 + 0.15 * ripples, 0.32 + 0.12 * ripples], -1)
    glitter = np.exp(-(((xs - width * 0.62) / (width * (0.04 + 0.12 * depth))) ** 2))
    sea = (
        sea * (1 - 0.3 * depth[..., None])
        + np.array([0.9, 0.55, 0.3]) * (glitter * ripples**2)[..., None]
    )
    pixels = np.where((ys < horizon)[..., None], sky, sea)
    img = Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8), "RGB")

    def shapes(d, w, h):  # a distant shoreline with the Flame-Towers-like silhouette
        base = h * 0.58
        d.rectangle((0, base - h * 0.01, w * 0.45, base + h * 0.003), fill=rgb("#2a1c2c"))
        for i, (x, top) in enumerate(((0.10, 0.47), (0.16, 0.45), (0.22, 0.48))):
            d.polygon(
                [(w * x, base), (w * (x + 0.025), h * top), (w * (x + 0.05), base)],
                fill=rgb("#2a1c2c" if i != 1 else "#331f2f"),
            )
        d.rectangle((0, h * 0.965, w, h), fill=rgb(KARVAN["teal"], 230))

    img = vignette(overlay(img, shapes).filter(ImageFilter.GaussianBlur(0.8)), 0.3)
    return save_jpeg(grain(img, 83, 2.0), "content/media/karvan/caspian-sunset.jpg")


def qabala_meadow_pin() -> Path:
    img = cover(sample("grass"), (1600, 2400), focus=(0.5, 0.5))
    img = tint(img, "#0e2a1a", "#b8d98c")
    width, height = img.size
    mist = smooth_noise((width, height), 91, octaves=(2, 6, 18))
    ys = np.mgrid[0:height, 0:width][0].astype(np.float32) / height
    fog = (np.clip(0.55 - ys, 0, 0.55) * 1.3 * (0.6 + 0.4 * mist))[..., None]
    pixels = np.asarray(img, np.float32) / 255 * (1 - fog) + np.array([0.90, 0.94, 0.92]) * fog
    img = Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8), "RGB")

    def shapes(d, w, h):  # mountain ridges behind the forest
        d.polygon(
            [
                (0, h * 0.34),
                (w * 0.3, h * 0.18),
                (w * 0.55, h * 0.30),
                (w * 0.8, h * 0.14),
                (w, h * 0.26),
                (w, h * 0.40),
                (0, h * 0.40),
            ],
            fill=rgb("#5d7f8c", 150),
        )
        d.rounded_rectangle(
            (w * 0.06, h * 0.88, w * 0.42, h * 0.95),
            radius=h * 0.035,
            fill=rgb(KARVAN["teal"], 235),
        )

    img = vignette(overlay(img, shapes), 0.3)
    return save_jpeg(grain(img, 92, 2.0), "content/media/karvan/qabala-meadow-pin.jpg")


def qobustan_rocks_pin() -> Path:
    img = cover(sample("gravel"), (1600, 2400), focus=(0.5, 0.5), zoom=1.0)
    img = tint(img, "#3a2614", "#f0cf98")
    width, height = img.size
    light = smooth_noise((width, height), 101, octaves=(2, 4, 12))
    pixels = np.asarray(img, np.float32) * (0.75 + 0.4 * light[..., None])
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")

    def shapes(d, w, h):  # a petroglyph-like boat and figures, carved into the rock
        carve = rgb("#2b1a0c", 170)
        d.arc((w * 0.2, h * 0.30, w * 0.8, h * 0.50), 10, 170, fill=carve, width=int(w * 0.02))
        for i in range(7):
            x = w * (0.3 + i * 0.065)
            d.line((x, h * 0.45, x, h * 0.38), fill=carve, width=int(w * 0.012))
            d.ellipse((x - w * 0.012, h * 0.365, x + w * 0.012, h * 0.365 + w * 0.024), fill=carve)
        d.rectangle((0, h * 0.955, w, h), fill=rgb(KARVAN["teal"], 235))

    img = vignette(overlay(img, shapes), 0.35)
    return save_jpeg(grain(img, 102, 2.0), "content/media/karvan/qobustan-rocks-pin.jpg")


def youtube_thumb_shamakhi() -> Path:
    img = cover(sample("hubble_deep_field"), (1920, 1080), focus=(0.4, 0.4))

    def shapes(d, w, h):
        d.rectangle((0, 0, w * 0.42, h), fill=rgb(KARVAN["teal"], 225))
        d.pieslice(
            (w * 0.08, h * 0.42, w * 0.34, h * 0.42 + w * 0.26), 180, 360, fill=rgb("#f5efe6")
        )
        d.rectangle((w * 0.08, h * 0.42 + w * 0.13, w * 0.34, h * 0.80), fill=rgb("#f5efe6"))
        d.rectangle((w * 0.20, h * 0.43, w * 0.22, h * 0.42 + w * 0.13), fill=rgb(KARVAN["teal"]))
        d.ellipse(
            (w * 0.75, h * 0.12, w * 0.92, h * 0.12 + w * 0.17),
            outline=rgb(KARVAN["coral"]),
            width=int(w * 0.012),
        )

    img = overlay(grade(img, contrast=1.1), shapes)
    return save_jpeg(img, "content/media/karvan/youtube-thumb-shamakhi.jpg")


def youtube_thumb_qabala() -> Path:
    """Lives beside its post, to show that media may be referenced relative to the post."""
    img = cover(sample("grass"), (1920, 1080), focus=(0.5, 0.5))
    img = tint(img, "#10301c", "#cfe6a0")

    def shapes(d, w, h):
        d.polygon(
            [
                (0, h * 0.45),
                (w * 0.25, h * 0.12),
                (w * 0.45, h * 0.38),
                (w * 0.7, h * 0.05),
                (w, h * 0.35),
                (w, 0),
                (0, 0),
            ],
            fill=rgb("#dbe7ef", 235),
        )
        d.rectangle((w * 0.58, h * 0.62, w, h), fill=rgb(KARVAN["coral"], 235))
        d.polygon(
            [(w * 0.74, h * 0.70), (w * 0.74, h * 0.92), (w * 0.86, h * 0.81)], fill=rgb("#ffffff")
        )

    img = vignette(overlay(img, shapes), 0.25)
    return save_jpeg(grain(img, 111, 2.0), "content/posts/2026/11/qabala-youtube-thumb.jpg")


def mud_volcano_whatsapp() -> Path:
    """Deliberately small (640x480), as if forwarded through a messenger: the example's
    `media-too-small` warning on Instagram."""
    img = cover(sample("gravel"), (640, 480), focus=(0.3, 0.6), zoom=1.6)
    img = tint(img, "#2e2a26", "#b9ada0")

    def shapes(d, w, h):  # a small mud cone with a grey bubble
        d.pieslice((w * 0.25, h * 0.35, w * 0.75, h * 1.05), 180, 360, fill=rgb("#5a5047", 220))
        d.ellipse((w * 0.46, h * 0.36, w * 0.54, h * 0.44), fill=rgb("#8d8377", 240))

    img = overlay(img, shapes).filter(ImageFilter.GaussianBlur(0.6))
    return save_jpeg(img, "content/media/karvan/qobustan-mud-volcano-whatsapp.jpg")


# ----------------------------------------------------------------------------- main

MAKERS = (
    coffee_cup_morning,
    coffee_cup_flatlay,
    cafe_cat,
    latte_foam_story,
    gift_box_kraft,
    rocket_launch,
    coins_alkansya,
    payday_confetti,
    palayan_field,
    bank_badge,
    icherisheher_walls,
    shamakhi_night_sky,
    caspian_sunset,
    qabala_meadow_pin,
    qobustan_rocks_pin,
    youtube_thumb_shamakhi,
    youtube_thumb_qabala,
    mud_volcano_whatsapp,
)


def main() -> int:
    total = 0
    problems = []
    for make in MAKERS:
        path = make()
        size = path.stat().st_size
        total += size
        with Image.open(path) as img:
            width, height = img.size
        rel = path.relative_to(ROOT).as_posix()
        print(f"{rel:60} {width:>5}x{height:<5} {size:>8} bytes")
        if path.suffix == ".jpg" and size > MAX_JPEG_BYTES:
            problems.append(f"{rel}: {size} bytes > {MAX_JPEG_BYTES}")
    print(f"{'total':60} {'':11} {total:>8} bytes")
    if total > MAX_TOTAL_BYTES:
        problems.append(f"total {total} bytes > {MAX_TOTAL_BYTES}")
    for problem in problems:
        print("too big:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
