"""A post's page: one preview per network, its images, its details and every problem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from smmplan.model import Diagnostic, NetworkSpec, Post, Variant
from smmplan.plan import iso_week
from smmplan.render.site.data import Image, Site, local_time
from smmplan.render.site.preview import (
    SHOWN,
    Piece,
    TextPreview,
    TitlePreview,
    preview_title,
    preview_variant,
)
from smmplan.render.site.views import search_html, toc_item
from smmplan.render.site.views.languages import language_tabs
from smmplan.render.site.views.lookalike import Caption, Look, caption, look
from smmplan.render.site.views.series import series_rows


@dataclass(frozen=True)
class NetworkPreview:
    variant: Variant
    spec: NetworkSpec | None
    anchor: str
    account: str | None
    local: datetime | None
    title: TitlePreview | None
    texts: list[TextPreview]
    images: list[Image]
    problems: list[Diagnostic]
    bubbles: list[Bubble]
    when: str
    went_out: bool = False  # an analytics export shows it published on this network
    not_shown: str | None = None  # why the network publishes none of the text, if it does not
    look: Look | None = None  # how the network's own post looks (views/lookalike.py)

    @property
    def thread(self) -> bool:
        return len(self.texts) > 1


@dataclass(frozen=True)
class Bubble:
    """One published text as shown: its HTML, the count line, whether it is over."""

    html: Markup
    count: str
    over: bool
    caption: Caption | None = None  # the text cut at the network's "more", if it folds


def bubble(lang, text: TextPreview) -> Bubble:
    t = lang.t
    line = t(
        "post.count",
        count=lang.number(text.count),
        limit=lang.number(text.limit),
        unit=lang.unit(text.unit),
    )
    if text.over:
        line += " · " + t("post.over", n=lang.number(text.over))
    notes = (t("post.more"), t("post.fold"), t("post.cut"))
    html = pieces_html(text.pieces, *notes)
    return Bubble(html, line, bool(text.over), caption(text, lambda p: pieces_html(p, *notes)))


_CLASSES = {"hashtag": "smm-tag", "mention": "smm-mention", "url": "smm-url"}


def pieces_html(
    pieces: tuple[Piece, ...] | list[Piece], more: str, fold_note: str, cut_note: str
) -> Markup:
    """The text as escaped HTML: entities in spans, folded and refused text marked.

    Built here rather than in a template: every bubble of every preview is made of these
    pieces, and a macro call per text costs more than the text's whole markup."""
    fold = f'<span class="smm-fold" title="{escape(fold_note)}">{escape(more)}</span>'
    cut = f'<span class="smm-cut" title="{escape(cut_note)}" role="separator"></span>'
    shown = []
    for piece in pieces:
        if piece.kind == "fold":
            shown.append(fold)
        elif piece.kind == "cut":
            shown.append(cut)
        else:
            classes = [_CLASSES[piece.kind]] if piece.kind in _CLASSES else []
            if piece.state != SHOWN:
                classes.append(f"smm-{piece.state}")
            text = escape(piece.text)
            shown.append(
                f'<span class="{escape(" ".join(classes))}">{text}</span>' if classes else text
            )
    return Markup("".join(shown))


def network_preview(
    site: Site, post: Post, variant: Variant, problems: list[Diagnostic]
) -> NetworkPreview:
    """The variant's preview. One of the post's own variants is previewed once per build:
    the post's page, its language tabs and the brand's review page show the same one, with
    ``problems`` always ``site.problems(post.path)``; a variant made on the fly (a repeat's
    occurrence) is previewed each time."""
    if not any(own is variant for own in post.variants):
        return _made_preview(site, post, variant, problems)
    key = ("network preview", post.path, id(variant))
    cached = site.memo.get(key)
    if cached is None or cached[0] is not variant:
        cached = site.memo[key] = (variant, _made_preview(site, post, variant, problems))
    return cached[1]


def _made_preview(
    site: Site, post: Post, variant: Variant, problems: list[Diagnostic]
) -> NetworkPreview:
    brand = site.project.brand_of(post)
    spec = site.project.spec(variant.network, brand.id if brand else None)
    texts = preview_variant(variant, spec) if spec is not None else []
    local = local_time(variant.publish_at, brand)
    lang = site.lang
    account = brand.account(variant.network, post.language) if brand else None
    images = site.renditions(post, variant.network)
    return NetworkPreview(
        variant=variant,
        spec=spec,
        anchor=f"net-{variant.network}",
        account=account,
        local=local,
        title=preview_title(variant, spec) if spec is not None else None,
        texts=texts,
        images=images,
        problems=[d for d in problems if d.network == variant.network],
        bubbles=[bubble(lang, text) for text in texts],
        when=lang.datetime(local) if local is not None else lang.t("post.not_scheduled"),
        went_out=site.went_out(post, [variant.network]),
        not_shown=not_shown_reason(lang, variant, spec),
        look=look(site, post, variant, account, images, safe_url),
    )


def not_shown_reason(lang, variant: Variant, spec: NetworkSpec | None) -> str | None:
    """Why the network shows none of the variant's text (an Instagram story), or None."""
    if spec is None or spec.shows_text(variant.format) or not variant.text.strip():
        return None
    return lang.t("post.text_not_shown", network=spec.name, format=variant.format)


def details(site: Site, post: Post, h) -> list[tuple[str, str, str | None]]:
    """(label, value, link) rows of the post's metadata, in the order an editor reads them."""
    t = site.lang.t
    brand = site.project.brand_of(post)
    rows: list[tuple[str, str, str | None]] = []
    if brand is not None:
        rows.append((t("post.brand"), brand.name, h.brand(brand.id)))
    elif post.brand:
        rows.append((t("post.brand"), post.brand, None))
    if post.campaign:
        campaign = site.project.campaigns.get(post.campaign)
        rows.append(
            (
                t("post.campaign"),
                campaign.title if campaign else post.campaign,
                h.campaign(post.campaign),
            )
        )
    rows.append((t("post.status"), status_text(site, post), None))
    local = local_time(post.publish_at, brand)
    if local is not None:
        week = iso_week(local.date())
        rows.append((t("post.publish_at"), site.lang.datetime(local), h.week(week)))
    else:
        rows.append((t("post.publish_at"), t("post.not_scheduled"), None))
    for key, value in (("author", post.author), ("approved_by", post.approved_by)):
        if value:
            rows.append((t(f"post.{key}"), value, None))
    if post.tags:
        rows.append((t("post.tags"), ", ".join(post.tags), None))
    rows.append((t("post.sponsored"), t("post.yes") if post.sponsored else t("post.no"), None))
    if post.link:
        rows.append((t("post.link"), post.link, safe_url(post.link)))
    if post.first_comment:
        rows.append((t("post.first_comment"), post.first_comment, None))
    rows.append((t("post.source"), post.path, None))
    return rows


def enabled(post: Post) -> list[str]:
    return [v.network for v in post.variants if not v.disabled]


def status_text(site: Site, post: Post) -> str:
    """The post's status; "Published · from analytics" where an export shows it went out."""
    lang = site.lang
    if site.went_out(post, enabled(post)):
        return f"{lang.status('published')} · {lang.t('status.from_results')}"
    return lang.status(post.status)


def results_rows(site: Site, post: Post) -> list[tuple[str, object]] | None:
    """(network, its results or None while none came back) of the networks that went out
    or are past their time; None when the repository has no exports or nothing is due."""
    from smmplan.render.site.views.results import post_result

    if site.results is None:
        return None
    rows: list[tuple[str, object]] = []
    for network in enabled(post):
        item = site.measured.get((post.path, network))
        if item is not None:
            rows.append((network, post_result(site.lang, item)))
        elif (post.path, network) in site.waiting:
            rows.append((network, None))
    return rows or None


def safe_url(url: str | None) -> str | None:
    """A link worth making clickable: http(s) only, never javascript: or data:."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    post = site.posts_by_path[key]
    problems = site.problems(post.path)
    previews = [network_preview(site, post, v, problems) for v in post.variants]
    t = site.lang.t
    toc = [
        toc_item(
            "previews",
            t("post.previews"),
            2,
            [toc_item(p.anchor, h.network(p.variant.network), 3) for p in previews],
        ),
        toc_item("problems", t("post.problems"), 2),
        toc_item("details", t("post.details"), 2),
    ]
    results = results_rows(site, post)
    if results:
        toc.insert(1, toc_item("results", t("results.title"), 2))
    series = series_rows(site, post)
    if series:
        toc.insert(len(toc) - 2, toc_item("series", t("post.series"), 2))
    context = {
        "post": post,
        "title": h.title(post),
        "brand": site.project.brand_of(post),
        "problems": problems,
        "previews": previews,
        "tabs": language_tabs(site, post, h, network_preview),
        "details": details(site, post, h),
        "media": post.media,
        "safe_url": safe_url,
        "networks": enabled(post),
        "results": results,
        "series_rows": series,
        "search": search_html(
            h.title(post),
            post.text,
            *(v.text for v in post.variants),
            facts=[
                h.brand_name(post.brand),
                h.status(post.status),
                ", ".join(h.network(v.network) for v in post.variants),
                ", ".join(post.tags),
                post.path,
            ],
        ),
    }
    return "post.html", context, toc
