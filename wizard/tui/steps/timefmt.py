"""Expiry texts: a date and a countdown, from a fixed or real clock."""

from __future__ import annotations

import datetime as dt


def countdown(seconds: float) -> str:
    """``2 d 3 h``, ``1 h 27 min``, ``12 min`` or ``expired``."""
    if seconds <= 0:
        return "expired"
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{max(mins, 1)} min"


def expiry_text(expires_at: int | None, now: float) -> str:
    """What a person needs to know about an expiry time."""
    if expires_at is None:
        return "no expiry reported"
    if expires_at == 0:
        return "never expires"
    when = dt.datetime.fromtimestamp(expires_at, tz=dt.timezone.utc).strftime("%d %b %Y %H:%M UTC")
    left = expires_at - now
    if left <= 0:
        return f"expired on {when}"
    return f"expires in {countdown(left)} ({when})"


def sentence(text: str) -> str:
    """Capitalise the first letter only: ``str.capitalize`` would lower "Nov" and "UTC"."""
    return text[:1].upper() + text[1:]
