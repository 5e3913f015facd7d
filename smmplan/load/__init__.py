"""Load a content repository into an immutable ``Project``.

Order matters and is fixed: ``smmplan.yml``, then brands, then campaigns, then posts,
so that every reference a file makes can be resolved while it is read. A broken file
becomes findings on that file; it never stops the others from loading.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from smmplan.load.codeowners import attach_codeowners
from smmplan.load.files import Refusal, read_file, relative_name, walk, walk_names
from smmplan.load.media import read_media
from smmplan.load.media_refs import library_files
from smmplan.load.posts import Known, load_post
from smmplan.load.settings import implicit_brand, load_brand, load_campaign, load_config
from smmplan.model import Brand, Config, Finding, NetworkSpec, Project
from smmplan.suggest import did_you_mean

CONFIG_NAMES = ("smmplan.yml", "smmplan.yaml")
POSTS_DIR = "content/posts"
CAMPAIGNS_DIR = "content/campaigns"
BRANDS_DIR = "brands"


class RootNotFound(Exception):
    """No folder holding smmplan.yml or content/ from here up to the file system root."""


def find_root(start: Path) -> Path:
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / name).is_file() for name in CONFIG_NAMES) or (folder / "content").is_dir():
            return folder
    raise RootNotFound(
        f"no smmplan repository here: neither {start} nor a folder above it holds"
        " smmplan.yml or content/ (run 'smmplan init' or pass --root DIR)"
    )


def relative(path: Path, root: Path) -> str:
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):
        return text[len(base) + 1 :].replace(os.sep, "/")
    return path.as_posix()


def _read(path: Path, root: Path, kind: str) -> tuple[bytes | None, Finding | None]:
    data, refusal = read_file(path, root, kind)
    return data, (refusal.finding() if refusal else None)


def load_project(root: Path) -> Project:
    """Everything: settings, brands, campaigns, then every post and its media headers."""
    skeleton = load_settings(root)
    return with_posts(skeleton, post_files(skeleton.root))


def post_files(root: Path) -> list[Path]:
    """Every post file; a folder link leaving the repository is listed itself, so that
    loading it reports the refusal on that path."""
    found, refused = walk(root / POSTS_DIR, root, (".md", ".markdown"))
    return [*found, *(root / r.path for r in refused)]


def post_file_names(root: Path) -> list[str]:
    """``post_files`` as text (no ``Path`` built for each): what the check cache looks each
    post up by."""
    found, refused = walk_names(os.path.join(root, POSTS_DIR), root, (".md", ".markdown"))
    return [*found, *(os.path.join(root, r.path) for r in refused)]


def post_names(root: Path) -> list[str]:
    """``post_files`` as repository-relative names with "/"."""
    return [relative_name(name, root) for name in post_file_names(root)]


def load_settings(root: Path) -> Project:
    """The project without its posts: smmplan.yml, network specs, brands and campaigns."""
    from smmplan.networks import load_builtin

    root = root.resolve()
    config = _config(root)
    networks, network_findings = _project_networks(load_builtin(), config)
    config = dataclasses.replace(config, findings=config.findings + tuple(network_findings))
    files = 1 if config.path else 0
    brand_paths, refused = walk(root / BRANDS_DIR, root, (".yml", ".yaml"))
    campaign_paths, refused_campaigns = walk(root / CAMPAIGNS_DIR, root, (".md",))
    config = _with_refusals(config, [*refused, *refused_campaigns])

    brands: dict[str, Brand] = {}
    for path in brand_paths:
        data, problem = _read(path, root, "brand")
        rel = relative(path, root)
        if data is None:
            brand = implicit_brand(config)
            brands[path.stem] = dataclasses.replace(
                brand, id=path.stem, path=rel, findings=(problem,)
            )
        else:
            brands[path.stem] = load_brand(path.stem, rel, data, config)
        files += 1
    if not brands:
        brands["default"] = implicit_brand(config)
    brand_networks = _brand_networks(brands, networks)
    codeowners_path, codeowners = attach_codeowners(root, brands)

    campaigns = {}
    for path in campaign_paths:
        rel = relative(path, root)
        data, problem = _read(path, root, "campaign")
        campaign = load_campaign(path.stem, rel, data or b"", brands)
        if data is None:
            campaign = dataclasses.replace(campaign, findings=(problem,))
        campaigns[path.stem] = campaign
        files += 1

    return Project(
        root=root,
        config=config,
        brands=MappingProxyType(brands),
        campaigns=MappingProxyType(campaigns),
        posts=(),
        networks=MappingProxyType(networks),
        brand_networks=MappingProxyType(brand_networks),
        media_files=library_files(root),
        codeowners=codeowners,
        codeowners_path=codeowners_path,
        files=files,
    )


def with_posts(
    settings: Project, paths: Iterable[Path], seen: dict[str, bytes] | None = None
) -> Project:
    """The project with the posts at ``paths`` loaded, and the headers of their media;
    ``seen`` (the check cache's) receives the bytes each post was loaded from."""
    root = settings.root
    formats = {name: frozenset(spec.post_formats) for name, spec in settings.networks.items()}
    known = Known(root, settings.brands, settings.campaigns, formats)
    posts = []
    for path in paths:
        rel = relative(path, root)
        data, problem = _read(path, root, "post")
        if seen is not None and data is not None:
            seen[rel] = data
        if data is None:
            post = dataclasses.replace(
                load_post(path, rel, b"---\n---\n", known), findings=(problem,)
            )
        else:
            post = load_post(path, rel, data, known)
        posts.append(post)

    media = {}
    for post in posts:
        for _, item in post.all_media():
            if item.path is not None and item.path not in media:
                media[item.path] = read_media(item.path, root)
    return dataclasses.replace(
        settings,
        posts=tuple(posts),
        media=MappingProxyType(media),
        files=settings.files + len(posts),
    )


def _config(root: Path) -> Config:
    for name in CONFIG_NAMES:
        path = root / name
        if os.path.lexists(path):
            data, problem = _read(path, root, "settings")
            if data is None:
                return Config(path=name, findings=(problem,))
            return load_config(name, data)
    return Config()


def _with_refusals(config: Config, refused: list[Refusal]) -> Config:
    """Folder links under brands/ or content/campaigns/ that were not followed, reported
    on the settings file (there is no brand or campaign to report them on)."""
    if not refused:
        return config
    extra = tuple(Finding("front-matter-invalid", r.message, 1) for r in refused)
    return dataclasses.replace(config, findings=config.findings + extra)


def _project_networks(
    builtin: dict[str, NetworkSpec] | MappingProxyType, config: Config
) -> tuple[dict[str, NetworkSpec], list[Finding]]:
    from smmplan.networks import override

    networks = dict(builtin)
    findings = []
    for name, values in config.networks.items():
        line = config.lines.get(f"networks.{name}", config.lines.get("networks", 1))
        if name not in networks:
            findings.append(
                Finding(
                    "unknown-reference",
                    f"unknown network '{name}'{did_you_mean(name, networks)}",
                    line,
                )
            )
            continue
        networks[name], errors = override(
            networks[name], values, origin=config.path or "smmplan.yml"
        )
        findings.extend(Finding("invalid-value", f"networks.{name}: {e}", line) for e in errors)
    return networks, findings


def _brand_networks(
    brands: dict[str, Brand], networks: dict[str, NetworkSpec]
) -> dict[tuple[str, str], NetworkSpec]:
    """Each brand's own view of a network: its overrides, then its (tightening) limits."""
    from smmplan.networks import override, tighten

    result: dict[tuple[str, str], NetworkSpec] = {}
    for brand in brands.values():
        extra: list[Finding] = []
        for key, changes in (("networks", brand.networks), ("limits", brand.limits)):
            for name, values in changes.items():
                line = brand.lines.get(f"{key}.{name}", brand.lines.get(key, 1))
                if name not in networks:
                    extra.append(
                        Finding(
                            "unknown-reference",
                            f"{key}: unknown network '{name}'{did_you_mean(name, networks)}",
                            line,
                        )
                    )
                    continue
                spec = result.get((brand.id, name), networks[name])
                if key == "networks":
                    spec, errors = override(spec, values, origin=brand.path or brand.id)
                else:
                    spec, errors = tighten(spec, values)
                result[brand.id, name] = spec
                extra.extend(Finding("invalid-value", f"{key}.{name}: {e}", line) for e in errors)
        if extra:
            brands[brand.id] = dataclasses.replace(brand, findings=brand.findings + tuple(extra))
    return result
