"""Expiry texts every face shows the same way: a UTC date and a countdown.

UTC with its label, not local time: the same token reads the same in a terminal, a CI
log and a report pasted into a chat, and screens stay deterministic in tests.
"""

from __future__ import annotations

import datetime as dt

DAY = 86_400


def countdown(seconds: float) -> str:
    """``12 min``, ``1 h 27 min`` or ``3 days`` for a span of ``seconds`` (sign ignored)."""
    span = abs(seconds)
    if span < 3600:
        return f"{max(int(span // 60), 1)} min"
    if span < 2 * DAY:
        return f"{int(span // 3600)} h {int(span % 3600 // 60)} min"
    return f"{int(span // DAY)} days"


def date(ts: float) -> str:
    """``21 Nov 2026 23:58 UTC``."""
    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc).strftime("%d %b %Y %H:%M UTC")


def when(ts: float, now: float) -> str:
    """``21 Nov 2026 23:58 UTC (in 3 days)`` or ``… (2 h 5 min ago)``."""
    left = ts - now
    count = countdown(left)
    return f"{date(ts)} ({'in ' + count if left >= 0 else count + ' ago'})"


def expiry_text(expires_at: int | None, now: float) -> str:
    """What a person needs to know about a token's ``expires_at`` (0 means never)."""
    if expires_at is None:
        return "no expiry reported"
    if expires_at == 0:
        return "never expires"
    left = expires_at - now
    if left <= 0:
        return f"expired on {date(expires_at)}"
    return f"expires in {countdown(left)} ({date(expires_at)})"


def sentence(text: str) -> str:
    """Capitalise the first letter only: ``str.capitalize`` would lower "Nov" and "UTC"."""
    return text[:1].upper() + text[1:]
