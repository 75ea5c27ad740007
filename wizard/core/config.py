"""Where the wizard talks to, and the names it uses for things."""

from __future__ import annotations

import re

from wizard import __version__

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
"""Meta's Graph API host; the sandbox replaces it with a loopback URL."""

DEFAULT_GRAPH_VERSION = "v25.0"
"""Supported into mid-2028 (graph-api.md §12)."""

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
