"""Telegram Desktop's channel export (``result.json``): one ``PostRow`` per message.

Known by its content: an object with ``messages`` (one chat) or ``chats.list`` (a whole
account, of which only channels are read). ``date_unixtime`` gives the exact moment in
UTC; ``date`` is the exporting computer's local time and is the fallback only. Telegram
Desktop writes no views or forwards (tdesktop issues #16890, #30237): reactions are the
sum of ``reactions[].count`` (zero for a message without any, once the file shows it
records reactions at all), and ``views`` / ``forwards`` are read where a file has them.
A row's line is the line of the message's ``"id"`` in the file.
"""

from __future__ import annotations

import bisect
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from smmplan.load.metrics.context import UNREADABLE, FileContext
from smmplan.load.metrics.formats import FormatSpec
from smmplan.metrics_model import PostRow, Snapshot


def is_telegram(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    if isinstance(doc.get("messages"), list):
        return True
    chats = doc.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def read_telegram(doc: dict, text: str, ctx: FileContext, spec: FormatSpec) -> None:
    """Every channel message of a parsed ``result.json`` as a ``PostRow``."""
    chats = [doc] if isinstance(doc.get("messages"), list) else doc["chats"]["list"]
    kinds = set(spec.option("channel_types", ()))
    channels = [c for c in chats if isinstance(c, dict) and c.get("type") in kinds]
    if not channels:
        shown = ", ".join(sorted({str(c.get("type")) for c in chats if isinstance(c, dict)}))
        ctx.problem(
            1, f"a Telegram export without a channel (chat types: {shown or 'none'})", UNREADABLE
        )
        return
    snapshot = ctx.snapshot(spec.id)
    lines = _Lines(text)
    for chat in channels:
        messages = [m for m in chat.get("messages", ()) if isinstance(m, dict)]
        counted = any("reactions" in m for m in messages)
        for message in messages:
            line = lines.find(message.get("id"))
            if message.get("type", "message") != "message":
                continue
            row = _row(message, chat, snapshot, counted, line, ctx)
            if row is not None:
                ctx.sink.posts.append(row)


def _row(
    message: dict, chat: dict, snapshot: Snapshot, counted: bool, line: int, ctx: FileContext
) -> PostRow | None:
    message_id = message.get("id")
    if not isinstance(message_id, int):
        ctx.problem(line, f"a message without a numeric id ({message_id!r}): not used")
        return None
    published = _moment(message)
    if published is not None and published.date() > snapshot.taken + timedelta(days=1):
        ctx.problem(
            line, f"message {message_id} is dated {published.date()}, after the file was made"
        )
        published = None
    metrics: dict[str, float] = {}
    if counted:
        metrics["reactions"] = sum(_count(r.get("count")) for r in _reactions(message))
    for key, metric in (("views", "views"), ("forwards", "shares")):
        value = message.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            metrics[metric] = value
    chat_id = chat.get("id")
    url = f"https://t.me/c/{chat_id}/{message_id}" if isinstance(chat_id, int) else None
    account = chat.get("name") if isinstance(chat.get("name"), str) else None
    return PostRow(
        snapshot, line, "telegram", str(message_id), url, account, published,
        _text(message.get("text")) or None, None, metrics,
    )  # fmt: skip


def _moment(message: dict) -> datetime | None:
    unix = message.get("date_unixtime")
    try:
        if unix is not None:
            return datetime.fromtimestamp(int(unix), UTC)
        if isinstance(message.get("date"), str):
            return datetime.fromisoformat(message["date"])
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _reactions(message: dict) -> list[dict]:
    found = message.get("reactions")
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _text(value: Any) -> str:
    """``text`` is a string or a list of strings and entity objects (``{"text": …}``)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        parts = [
            p if isinstance(p, str) else str(p.get("text", ""))
            for p in value
            if isinstance(p, str | dict)
        ]
        return "".join(parts).strip()
    return ""


class _Lines:
    """Finds each message's line by its ``"id": N`` key, searching forward through the file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = max(text.find('"messages"'), 0)
        self._starts = [m.start() for m in re.finditer("\n", text)]

    def find(self, message_id: Any) -> int:
        if not isinstance(message_id, int):
            return 1
        at = self.text.find(f'"id": {message_id},', self.position)
        if at < 0:
            found = re.compile(rf'"id"\s*:\s*{message_id}(?!\d)').search(self.text, self.position)
            if found is None:
                return 1
            at = found.start()
        self.position = at + 1
        return bisect.bisect_left(self._starts, at) + 1


def parse(text: str) -> tuple[Any, str | None]:
    """The JSON document, or None and why it is not JSON."""
    try:
        return json.loads(text), None
    except ValueError as error:
        return None, f"not valid JSON ({error})"
    except RecursionError:
        return None, "JSON nested too deeply"
