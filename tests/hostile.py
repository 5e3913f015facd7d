"""A corpus of hostile content repositories: what an outsider's pull request could hold.

``base(root)`` writes a small valid repository (settings, a brand, a campaign, two posts,
a picture, an analytics export, a site page). Each builder in ``CLASSES`` then makes it
hostile in one way; ``combined`` applies them all. A builder gets the repository root and
a folder outside it holding secret files (``plant_secrets``): no text of those files may
appear in anything smmplan writes or prints.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

SECRET = "SECRET-7f3a9c-OUTSIDE-THE-REPOSITORY"

SETTINGS = "title: Kofe plan\ntimezone: Europe/Moscow\nsite_url: https://kofe.example.org/plan/\n"
BRAND = "name: Kofe\ntimezone: Europe/Moscow\nposting:\n  min_gap: 2h\n"
CAMPAIGN = "---\ntitle: Launch\nbrand: kofe\nstart: 2026-11-20\nend: 2026-12-20\n---\nBrief.\n"
POST = """\
---
title: Morning coffee
brand: kofe
campaign: launch
publish_at: 2026-11-27 10:00
status: approved
approved_by: editor
media: [{src: cup.png, alt: A cup of coffee}]
networks: [x, telegram, instagram]
---
Good morning! Fresh coffee is ready.
"""
METRICS = (
    "network,url,date,account,views,reach,likes\n"
    "vk,https://vk.com/wall-1_1,2026-11-10T09:00:30+03:00,@kofe,100,90,5\n"
)


def plant_secrets(outside: Path) -> Path:
    """Files outside the repository, each a valid file of one kind, all carrying SECRET."""
    outside.mkdir(parents=True, exist_ok=True)
    files = {
        "secret.yml": f"title: {SECRET}\nname: {SECRET}\ntimezone: UTC\n",
        "secret.md": f"---\ntitle: {SECRET}\nnetworks: [x]\n---\n{SECRET}\n",
        "secret.csv": f"network,url,date,views\nvk,https://vk.com/{SECRET},2026-11-10,1\n",
    }
    for name, text in files.items():
        (outside / name).write_text(text, encoding="utf-8")
    (outside / "secret.png").write_bytes(_png(SECRET.encode()))
    (outside / "folder").mkdir(exist_ok=True)
    (outside / "folder" / "post.md").write_text(files["secret.md"], encoding="utf-8")
    return outside


def _png(comment: bytes = b"") -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if comment:
        info.add_text("Comment", comment.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (320, 400), (200, 150, 100)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")


def link(root: Path, name: str, target: Path | str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    path.symlink_to(target)


def base(root: Path) -> Path:
    write(
        root,
        {
            "smmplan.yml": SETTINGS,
            "brands/kofe.yml": BRAND,
            "content/campaigns/launch.md": CAMPAIGN,
            "content/posts/2026/11/morning.md": POST,
            "content/posts/2026/11/evening.md": POST.replace("10:00", "19:00").replace(
                "Morning", "Evening"
            ),
            "content/posts/2026/11/cup.png": _png(),
            "content/metrics/generic/vk.csv": METRICS,
            "site/pages/about.md": "# About\n\nThe team's plan.\n",
        },
    )
    return root


# One builder per class of the issue ------------------------------------------------------


def links_outside(root: Path, outside: Path) -> None:
    """Every kind of file a symbolic link to a secret outside, and folders linking out."""
    link(root, "smmplan.yml", outside / "secret.yml")
    link(root, "brands/leak.yml", outside / "secret.yml")
    link(root, "content/campaigns/leak.md", outside / "secret.md")
    link(root, "content/posts/2026/11/leak.md", outside / "secret.md")
    link(root, "content/posts/linked-folder", outside / "folder")
    link(root, "content/posts/2026/11/leak.png", outside / "secret.png")
    link(root, "content/metrics/generic/leak.csv", outside / "secret.csv")
    link(root, "site/pages/leak.md", outside / "secret.md")
    link(root, "content/posts/2026/11/environ.md", "/proc/self/environ")
    link(root, "content/posts/loop", "..")
    post = POST.replace("cup.png", "leak.png").replace("Morning", "Linked picture")
    write(root, {"content/posts/2026/11/linked-picture.md": post})


def special_files(root: Path, outside: Path) -> None:
    """A FIFO as a post and as a brand (a reader would block), a folder named like a post."""
    os.mkfifo(root / "content/posts/2026/11/fifo.md")
    os.mkfifo(root / "brands/fifo.yml")
    (root / "content/posts/2026/11/folder.md").mkdir()
    link(root, "content/posts/2026/11/zero.md", "/dev/zero")


def oversized_files(root: Path, outside: Path) -> None:
    """A 50 MB post and a 50 MB brand file (sparse: quick to make, slow to read)."""
    for name in ("content/posts/2026/11/huge.md", "brands/huge.yml"):
        with open(root / name, "wb") as stream:
            stream.write(b"---\ntitle: big\n")
            stream.truncate(50 << 20)


def markup_values(root: Path, outside: Path) -> None:
    """Markup and formula starters in the title, site_url, a brand name and post titles."""
    write(
        root,
        {
            "smmplan.yml": (
                'title: "<script>alert(1)</script><img src=x onerror=alert(2)>"\n'
                "site_url: 'https://example.com/\"><script>alert(3)</script>'\n"
            ),
            "brands/kofe.yml": BRAND.replace("Kofe", '"Ko\\nfe, <b>;\\\\"'),
            "content/posts/2026/11/markup.md": POST.replace(
                "Morning coffee", "\"<img src=x onerror=alert(4)> =HYPERLINK('x')\""
            ),
        },
    )


def formula_site_url(root: Path, outside: Path) -> None:
    write(root, {"smmplan.yml": "title: Kofe\nsite_url: '=HYPERLINK(\"http://evil\")'\n"})


def control_characters(root: Path, outside: Path) -> None:
    """Terminal escapes and NUL in titles and texts."""
    write(
        root,
        {
            "content/posts/2026/11/escape.md": POST.replace(
                "Morning coffee", '"\\e[31mred\\e[0m \\0 \\x07"'
            ).replace("Good morning!", "Good \x1b[2J morning \x07!"),
        },
    )


def calendar_ends(root: Path, outside: Path) -> None:
    """Dates in year 1 and 9999, with and without an offset, in posts and campaigns."""
    posts = {
        "first.md": "0001-01-01 00:00",
        "first-offset.md": "0001-01-01 00:00+05:00",
        "last.md": "9999-12-31 23:59",
        "last-offset.md": "9999-12-31 23:59-05:00",
        "far.md": "1996-11-27 10:00",
    }
    files = {
        f"content/posts/ends/{name}": POST.replace("2026-11-27 10:00", moment)
        for name, moment in posts.items()
    }
    files["content/campaigns/ends.md"] = CAMPAIGN.replace("2026-11-20", "0001-01-01").replace(
        "2026-12-20", "9999-12-31"
    )
    files["brands/kofe.yml"] = BRAND + "  blackout: [0001-01-01..9999-12-31, 9999-12-31]\n"
    write(root, files)


def bad_time_zones(root: Path, outside: Path) -> None:
    write(
        root,
        {
            "smmplan.yml": "title: Kofe\ntimezone: America\n",
            "brands/kofe.yml": BRAND.replace("Europe/Moscow", "Europe/" + "x" * 500),
            "brands/path.yml": BRAND.replace("Europe/Moscow", "../../../etc/passwd"),
        },
    )


def huge_numbers(root: Path, outside: Path) -> None:
    """Durations and limits with thousands of digits, a huge focus point, infinities."""
    digits = "9" * 5000
    write(
        root,
        {
            "brands/kofe.yml": (
                f"name: Kofe\ntimezone: Europe/Moscow\nposting:\n  min_gap: {digits}d\n"
                f"limits: {{x: {{hashtags: {'9' * 4000}, max_chars: 1e400}}}}\n"
            ),
            "content/posts/2026/11/focus.md": POST.replace(
                "alt: A cup of coffee", f"alt: A cup, focus: [{'9' * 400}, .inf]"
            ),
            "content/campaigns/budget.md": CAMPAIGN.replace(
                "---\nBrief",
                f"budget: {{amount: {'9' * 4000}}}\nkpis: [{{metric: reach, target: .nan}}]\n---\nBrief",
            ),
            "smmplan.yml": f"title: Kofe\nnetworks: {{x: {{max_chars: {'9' * 3000}}}}}\n",
        },
    )


def nul_media_path(root: Path, outside: Path) -> None:
    write(
        root,
        {
            "content/posts/2026/11/nul.md": POST.replace("src: cup.png", 'src: "cup\\0.png"'),
            "content/posts/2026/11/long-path.md": POST.replace(
                "src: cup.png", "src: " + "a/" * 3000
            ),
        },
    )


def bad_site_url(root: Path, outside: Path) -> None:
    write(root, {"smmplan.yml": "title: Kofe\nsite_url: 'http://['\n"})


def deep_nesting(root: Path, outside: Path) -> None:
    """Mappings ~1,000 deep (block and flow) and alias cycles, in every kind of file."""
    block = (
        "networks:\n" + "".join("  " * (i + 1) + "x:\n" for i in range(1000)) + "  " * 1001 + "1\n"
    )
    flow = "networks: " + "{x: " * 1000 + "1" + "}" * 1000 + "\n"
    cycle = "networks: &a {x: *a}\n"
    write(
        root,
        {
            "content/posts/2026/11/block.md": f"---\ntitle: Deep\n{block}---\nx\n",
            "content/posts/2026/11/flow.md": f"---\ntitle: Deep\n{flow}---\nx\n",
            "content/posts/2026/11/cycle.md": f"---\ntitle: Cycle\n{cycle}media: &m [*m]\n---\nx\n",
            "brands/deep.yml": BRAND + cycle,
            "content/campaigns/deep.md": f"---\ntitle: Deep\nkpis: &k [*k]\n{flow}---\n",
            "smmplan.yml": f"title: Kofe\n{cycle}",
        },
    )


def bad_keys(root: Path, outside: Path) -> None:
    """A mapping and a list used as keys; duplicate keys inside nested mappings."""
    write(
        root,
        {
            "content/posts/2026/11/keys.md": POST.replace(
                "networks: [x, telegram, instagram]",
                "networks: {x: {text: a, text: b}}\n? [1, 2]\n: list key\n? {a: 1}\n: map key",
            ),
            "brands/kofe.yml": BRAND + "limits: {x: {hashtags: 1, hashtags: 2}}\n",
            "content/campaigns/launch.md": CAMPAIGN.replace(
                "---\nBrief", "kpis: [{metric: reach, metric: likes, target: 1}]\n---\nBrief"
            ),
            "smmplan.yml": "title: Kofe\nrules: {x: warning, x: error}\n? [a]\n: b\n",
        },
    )


def hostile_site(root: Path, outside: Path) -> None:
    """A site configuration with a Python tag (never loaded by check)."""
    write(
        root,
        {
            "site/mkdocs.yml": (
                "site_name: x\ndocs_dir: pages\ntheme: {name: material}\n"
                "plugins: [smmplan]\nextra: {hook: !!python/name:os.getcwd }\n"
            )
        },
    )


def binary_and_bidi(root: Path, outside: Path) -> None:
    write(
        root,
        {
            "content/posts/2026/11/binary.md": b"\xff\xfe\x00 not text",
            "brands/binary.yml": b"\x00\x01\x02",
            "content/posts/2026/11/bidi.md": POST.replace("Morning coffee", "\u202eeeffoc\u202c"),
            "content/posts/2026/11/empty.md": "",
        },
    )


CLASSES: dict[str, Callable[[Path, Path], None]] = {
    "links_outside": links_outside,
    "special_files": special_files,
    "oversized_files": oversized_files,
    "markup_values": markup_values,
    "formula_site_url": formula_site_url,
    "control_characters": control_characters,
    "calendar_ends": calendar_ends,
    "bad_time_zones": bad_time_zones,
    "huge_numbers": huge_numbers,
    "nul_media_path": nul_media_path,
    "bad_site_url": bad_site_url,
    "deep_nesting": deep_nesting,
    "bad_keys": bad_keys,
    "hostile_site": hostile_site,
    "binary_and_bidi": binary_and_bidi,
}
# Settings-only classes overwrite smmplan.yml: in the combined repository the last wins,
# so the settings classes run first and links_outside (which links smmplan.yml out) last.
COMBINED_ORDER = [
    *(n for n in CLASSES if n != "links_outside"),
    "links_outside",
]


def combined(root: Path, outside: Path) -> None:
    for name in COMBINED_ORDER:
        CLASSES[name](root, outside)


def build(root: Path, outside: Path, name: str, *, git: bool = False) -> Path:
    """The base repository made hostile by the class ``name`` (or "combined"); with
    ``git``, committed first as the base, then with the hostile change (for ``diff``)."""
    base(root)
    if git:
        _git(root, "init", "-q")
        _commit(root, "base")
    (combined if name == "combined" else CLASSES[name])(root, outside)
    if git:
        _git(root, "switch", "-q", "-c", "hostile")
        _commit(root, "hostile")
    return root


def _commit(root: Path, message: str) -> None:
    # git refuses special files; everything else, links included, is committed.
    _git(root, "add", "-A", "--ignore-errors", check=False)
    _git(root, "commit", "-q", "--allow-empty", "-m", message)


def _git(root: Path, *args: str, check: bool = True) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    command = ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args]
    subprocess.run(command, cwd=root, env=env, check=check, capture_output=True, timeout=60)


def remove(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
