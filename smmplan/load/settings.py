"""Brands (``brands/<id>.yml``), campaigns (``content/campaigns/<id>.md``) and ``smmplan.yml``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from smmplan.load import pillars, translations
from smmplan.load import values as v
from smmplan.load.documents import items, read_markdown, read_yaml
from smmplan.model import (
    CAMPAIGN_GOALS,
    STATUSES,
    Brand,
    Campaign,
    Config,
    Finding,
    Kpi,
    PostingWindow,
)
from smmplan.suggest import did_you_mean

CONFIG_KEYS = ("title", "locale", "timezone", "site_url", "rules", "networks", "metrics", "ci")
METRICS_KEYS = ("folder", "aliases")
CI_KEYS = ("install",)
BRAND_KEYS = (
    "name",
    "timezone",
    "locale",
    "accounts",
    "disclosure",
    "banned_words",
    "posting",
    "limits",
    "hashtag_sets",
    "utm",
    "colors",
    "colour",
    "color",
    "networks",
    "pillars",
    "pillar_tolerance",
    "approvers",
    "languages",
)
POSTING_KEYS = ("min_gap", "windows", "blackout")
CAMPAIGN_KEYS = (
    "title",
    "brand",
    "start",
    "end",
    "goal",
    "networks",
    "owner",
    "budget",
    "kpis",
    "ignore",
)
SEVERITY_WORDS = ("off", "info", "warning", "error")
MAX_LIMIT = 10**9  # a brand limit (characters, hashtags, media) above this is a typo


def _frozen(value: Mapping) -> Mapping:
    return MappingProxyType(dict(value))


def mapping_of(convert: Any) -> Any:
    """A converter for a mapping whose values all pass ``convert``."""

    def check(value: Any) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {v.describe_value(value)}")
        return _frozen({str(k): convert(item) for k, item in value.items()})

    return check


def load_config(rel: str | None, data: bytes | None) -> Config:
    if data is None:
        return Config()
    doc = read_yaml(data)
    findings = list(doc.findings)
    lines: dict[str, int] = {}
    f = v.Fields(doc, doc.root, CONFIG_KEYS, findings, lines)
    rules = f.get("rules", mapping_of(_rule_setting), _frozen({}))
    metrics = v.Fields(
        doc, f.nodes.get("metrics"), METRICS_KEYS, findings, lines, "metrics.", "metrics"
    )
    ci = v.Fields(doc, f.nodes.get("ci"), CI_KEYS, findings, lines, "ci.", "ci")
    return Config(
        ci_install=ci.get("install", v.text, None),
        metrics_folder=metrics.get("folder", _repository_folder, Config.metrics_folder),
        metrics_aliases=metrics.get("aliases", mapping_of(mapping_of(v.text_list)), _frozen({})),
        path=rel,
        title=f.get("title", v.text, Config.title),
        locale=f.get("locale", v.text, Config.locale),
        timezone=f.get("timezone", v.zone, Config.timezone),
        site_url=f.get("site_url", v.web_address, None),
        rules=rules,
        networks=f.get("networks", mapping_of(mapping_of(lambda x: x)), _frozen({})),
        lines=lines,
        findings=tuple(findings),
    )


def _repository_folder(value: Any) -> str:
    """A folder inside the repository, as a relative path with ``/``."""
    text = v.text(value).strip().strip("/")
    parts = text.replace("\\", "/").split("/")
    if not text or text.startswith(("/", "~")) or ".." in parts or ":" in parts[0]:
        raise ValueError(f"'{text}' is not a folder inside the repository")
    return "/".join(p for p in parts if p not in ("", "."))


def _severity_word(value: Any) -> str:
    if value is False:
        return "off"
    word = v.text(value).strip().lower()
    if word not in SEVERITY_WORDS:
        raise ValueError(f"'{word}' is not one of {', '.join(SEVERITY_WORDS)}")
    return word


def _rule_setting(value: Any) -> str | Mapping[str, str]:
    """A level (``warning``), or levels by stage (``{draft: warning, review: error}``)."""
    if isinstance(value, list):
        raise ValueError(
            "write a level (off, info, warning, error) or levels by stage,"
            " e.g. {draft: warning, review: error}"
        )
    if not isinstance(value, dict):
        return _severity_word(value)
    levels = {}
    for stage, word in value.items():
        if stage not in STATUSES:
            raise ValueError(f"unknown stage '{stage}'{did_you_mean(str(stage), STATUSES)}")
        levels[stage] = _severity_word(word)
    return _frozen(levels)


def implicit_brand(config: Config) -> Brand:
    """The brand of a repository that has no brands/ folder."""
    return Brand(
        id="default", path=None, name=config.title, timezone=config.timezone, locale=config.locale
    )


def load_brand(brand_id: str, rel: str, data: bytes, config: Config) -> Brand:
    doc = read_yaml(data)
    findings = list(doc.findings)
    lines: dict[str, int] = {}
    f = v.Fields(doc, doc.root, BRAND_KEYS, findings, lines)
    if doc.root is not None:
        f.require("timezone", "the brand's IANA time zone, e.g. Asia/Baku; naive times use it")
    posting = v.Fields(
        doc, f.nodes.get("posting"), POSTING_KEYS, findings, lines, "posting.", "posting"
    )
    accounts = f.nodes.get("accounts")
    if isinstance(accounts, MappingNode):  # each account's own line, for problems about one
        for network, line, value in items(accounts, doc.offset):
            lines[f"accounts.{network}"] = line
            for language, language_line, _ in (
                items(value, doc.offset) if isinstance(value, MappingNode) else ()
            ):
                lines[f"accounts.{network}.{language}"] = language_line
    approvers = f.get("approvers", _approvers, ())
    brand_languages = f.get("languages", translations.languages, ())
    single, by_language, account_findings = translations.split_accounts(
        f.get("accounts", mapping_of(lambda x: x), _frozen({})), brand_languages, lines
    )
    findings.extend(account_findings)
    return Brand(
        id=brand_id,
        path=rel,
        name=f.get("name", v.text, brand_id),
        timezone=f.get("timezone", v.zone, config.timezone),
        locale=f.get("locale", v.text, config.locale),
        accounts=_frozen(single),
        disclosure=f.get("disclosure", v.text_list, ()),
        banned_words=f.get("banned_words", translations.common_words, ()),
        language_banned_words=translations.words_by_language(f, brand_languages),
        min_gap=posting.get("min_gap", v.duration, None),
        windows=_windows(posting),
        blackout=posting.get("blackout", _blackout, ()),
        limits=f.get("limits", mapping_of(mapping_of(_whole_number)), _frozen({})),
        hashtag_sets=f.get("hashtag_sets", mapping_of(v.text_list), _frozen({})),
        utm=f.get("utm", mapping_of(v.text), _frozen({})),
        colors=f.get("colors", mapping_of(_colour), _frozen({})),
        colour=_brand_colour(f),
        networks=f.get("networks", mapping_of(mapping_of(lambda x: x)), _frozen({})),
        pillars=f.get("pillars", pillars.pillars, _frozen({})),
        pillar_tolerance=f.get("pillar_tolerance", pillars.share, pillars.DEFAULT_TOLERANCE),
        approvers=() if approvers == CODEOWNERS else approvers,
        approvers_from_codeowners=approvers == CODEOWNERS,
        languages=brand_languages,
        language_accounts=_frozen(by_language),
        lines=lines,
        findings=tuple(findings),
    )


CODEOWNERS = "codeowners"  # ``approvers: codeowners``: the owners of each post's file


def _approvers(value: Any) -> tuple[str, ...] | str:
    """A list of names (``[ilya, aylin]``, an ``@`` is dropped), or ``codeowners``."""
    if isinstance(value, str) and value.strip().lower() == CODEOWNERS:
        return CODEOWNERS
    if not isinstance(value, list):
        raise ValueError("write a list of names like [ilya, aylin], or codeowners")
    names = tuple(name.strip().removeprefix("@") for name in v.text_list(value))
    if not all(names):
        raise ValueError("an approver's name is empty")
    return names


def _colour(value: Any) -> str:
    """A CSS colour Pillow understands: '#f4efe9', '#fff', 'white', 'rgb(244, 239, 233)'."""
    from PIL import ImageColor

    word = v.text(value).strip()
    try:
        ImageColor.getrgb(word)
    except ValueError:
        raise ValueError(f"'{word}' is not a colour: write it like #f4efe9") from None
    return word


def _brand_colour(f: v.Fields) -> str | None:
    """The brand's colour on the site (``colour:``, or ``color:``), as ``#rrggbb``."""
    if "colour" in f.nodes and "color" in f.nodes:
        f.invalid("write the brand's colour once: colour or color, not both", f.line("color"))
    key = "colour" if "colour" in f.nodes else "color"
    if key in f.nodes and f.raw(key) is None:  # colour: #1f6feb is a comment in YAML
        f.invalid(f'{key}: empty: quote the colour, like {key}: "#1f6feb"', f.line(key))
    return f.get(key, css_hex, None)


def css_hex(value: Any) -> str:
    """A CSS hex colour, '#1f6feb' or '#fff', as lower-case '#rrggbb' (nothing else passes)."""
    word = v.text(value).strip()
    digits = word[1:]
    if not (word.startswith("#") and len(digits) in (3, 6) and all(c in HEX for c in digits)):
        raise ValueError(f"'{word}' is not a CSS hex colour: write it like #1f6feb or #fff")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


HEX = frozenset("0123456789abcdefABCDEF")


def _whole_number(value: Any) -> int:
    return v.whole_number(value, MAX_LIMIT)


def _windows(posting: v.Fields) -> tuple[PostingWindow, ...]:
    node = posting.nodes.get("windows")
    if node is None:
        return ()
    if not isinstance(node, MappingNode):
        posting.invalid(
            'posting.windows: expected a mapping like {mon-fri: "08:00-21:00"}',
            posting.line("windows"),
        )
        return ()
    windows: list[PostingWindow] = []
    for days, line, value in items(node, posting.doc.offset):
        ranges = value.value if isinstance(value, SequenceNode) else [value]
        try:
            weekdays = v.weekdays(days)
            for item in ranges:
                if not isinstance(item, ScalarNode):
                    raise ValueError("a window is a text like 08:00-21:00")
                start, end = v.clock_range(item.value)
                windows.append(PostingWindow(weekdays, start, end, line))
        except ValueError as error:
            posting.invalid(f"posting.windows.{days}: {error}", line)
    return tuple(windows)


def _blackout(value: Any) -> tuple[date, ...]:
    """Dates, or ranges written '2026-12-24..2026-12-26'."""
    days: list[date] = []
    for item in v.text_list(value):
        if ".." in item:
            first, last = (v.calendar_date(p) for p in item.split("..", 1))
            if last < first:
                raise ValueError(f"'{item}' ends before it starts")
            if (last - first) > v.MAX_DURATION:
                raise ValueError(f"'{item}' is longer than {v.MAX_DURATION.days} days")
            days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
        else:
            days.append(v.calendar_date(item))
    return tuple(days)


def load_campaign(campaign_id: str, rel: str, data: bytes, brands: Mapping[str, Brand]) -> Campaign:
    doc = read_markdown(data)
    findings = list(doc.findings)
    if doc.root is None:
        return Campaign(campaign_id, rel, campaign_id, None, None, None, findings=tuple(findings))
    lines: dict[str, int] = {}
    f = v.Fields(doc, doc.root, CAMPAIGN_KEYS, findings, lines)
    f.require("title", "every campaign needs a title")
    brand = f.get("brand", v.text, None)
    if brand is None and len(brands) == 1:
        brand = next(iter(brands))
    elif brand is not None and brand not in brands:
        findings.append(
            Finding(
                "unknown-reference",
                f"brand '{brand}' has no file brands/{brand}.yml{did_you_mean(brand, brands)}",
                f.line("brand"),
            )
        )
    start = f.get("start", v.calendar_date, None)
    end = f.get("end", v.calendar_date, None)
    if start and end and end < start:
        f.invalid(f"end {end} is before start {start}", f.line("end"))
    budget = f.get("budget", _budget, (None, None))
    kpis = f.get("kpis", _kpis, ())
    kpi_items = f.nodes.get("kpis")
    if isinstance(kpi_items, SequenceNode):  # each KPI's own line, for problems about one
        for index, item in enumerate(kpi_items.value):
            lines[f"kpis.{index}"] = doc.line(item)
    return Campaign(
        id=campaign_id,
        path=rel,
        title=f.get("title", v.text, campaign_id),
        brand=brand,
        start=start,
        end=end,
        goal=f.get("goal", v.choice(CAMPAIGN_GOALS), None),
        networks=f.get("networks", v.text_list, ()),
        owner=f.get("owner", v.text, None),
        budget_amount=budget[0],
        budget_currency=budget[1],
        kpis=kpis,
        body=doc.body.strip("\n"),
        body_line=doc.body_line,
        lines=lines,
        findings=tuple(findings),
        ignore=frozenset(f.get("ignore", v.text_list, ())),
    )


def _budget(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), None
    if not isinstance(value, dict) or "amount" not in value:
        raise ValueError("write the budget as {amount: 500, currency: AZN}")
    unknown = set(value) - {"amount", "currency"}
    if unknown:
        raise ValueError(f"unknown budget key '{sorted(unknown)[0]}' (expected amount, currency)")
    currency = value.get("currency")
    return v.number(value["amount"]), None if currency is None else v.text(currency).upper()


def _kpis(value: Any) -> tuple[Kpi, ...]:
    if not isinstance(value, list):
        raise ValueError("write them as a list like [{metric: reach, target: 50000}]")
    kpis = []
    for item in value:
        if not isinstance(item, dict) or "metric" not in item or "target" not in item:
            raise ValueError("each KPI is {metric: <name>, target: <number>}")
        kpis.append(Kpi(v.text(item["metric"]), v.number(item["target"])))
    return tuple(kpis)
