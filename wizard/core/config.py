"""Where the wizard talks to, and the names it uses for things."""

from __future__ import annotations

import re

from wizard import __version__

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
"""Meta's Graph API host; the sandbox replaces it with a loopback URL."""

DEFAULT_GRAPH_VERSION = "v25.0"
"""Served until 2028-07-29 (graph-api.md §12, §19.4). v26.0 (2026-07-29) is newer, but the
WhatsApp docs and the third-party clients our shapes come from were on v25.0; nothing in
the reference documents a v26.0 WhatsApp change, so v25.0 stays the tested default."""

GRAPH_URL_ENV = "WA_WIZARD_GRAPH_URL"
"""Environment variable that overrides the Graph base URL."""

USER_AGENT = f"wa-wizard/{__version__}"

_VERSION_RE = re.compile(r"^\s*v?(\d{1,3})(?:\.(\d{1,2}))?\s*$", re.IGNORECASE)


def normalize_graph_version(text: str) -> str:
    """Turn ``25``, ``v25``, ``25.0`` or ``v25.0`` into ``v25.0``.

    Raises:
        ValueError: when the text is not a Graph API version.
    """
    match = _VERSION_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a Graph API version; use a form like v25.0, 25.0 or 25")
    major, minor = match.group(1), match.group(2) or "0"
    return f"v{int(major)}.{int(minor)}"


def normalize_graph_url(text: str) -> str:
    """Validate a base URL (``https://graph.facebook.com`` or a sandbox URL)."""
    url = text.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", url):
        raise ValueError(f"{text!r} is not an http(s) URL, e.g. https://graph.facebook.com")
    return url


VERSION_END_OF_LIFE: dict[int, str] = {
    25: "2028-07-29",
    24: "2028-02-18",
    23: "2027-10-08",
    22: "2027-05-20",
    21: "2027-01-21",
    20: "2026-09-24",
    19: "2026-05-21",
    18: "2026-01-26",
    17: "2025-09-12",
    16: "2025-05-14",
    15: "2024-11-20",
    14: "2024-09-17",
    13: "2024-05-28",
    12: "2024-02-08",
}
"""Major version -> the day Meta stops serving it (graph-api.md §12 and §19.4: v26.0 was
released 2026-07-29, its end is not announced yet)."""

ENDS_SOON_DAYS = 90
"""Warn this many days before a version's end of life."""


def version_warning(version: str, today: str) -> str | None:
    """A sentence when ``version`` (normalised, e.g. ``v19.0``) is past, or within
    :data:`ENDS_SOON_DAYS` of, its end of life.

    Args:
        today: ISO date (``YYYY-MM-DD``), injected so the result is testable.
    """
    import datetime

    major = int(version[1:].split(".")[0])
    if major < 12:
        return (
            f"Graph API {version} stopped working years ago; Meta answers with the oldest "
            f"version still available. Use {DEFAULT_GRAPH_VERSION}."
        )
    end = VERSION_END_OF_LIFE.get(major)
    if end is None:
        return None
    if end <= today:
        return (
            f"Graph API {version} stopped working on {end}; Meta answers with the oldest "
            f"version still available, so results may differ. Use {DEFAULT_GRAPH_VERSION}."
        )
    left = (datetime.date.fromisoformat(end) - datetime.date.fromisoformat(today)).days
    if left <= ENDS_SOON_DAYS:
        return (
            f"Graph API {version} stops working on {end} (in {left} days). "
            f"Move to {DEFAULT_GRAPH_VERSION}."
        )
    return None
