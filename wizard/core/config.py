"""Where the wizard talks to, and the names it uses for things."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from wizard import __version__

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
"""Meta's Graph API host; the sandbox replaces it with a loopback URL."""

DEFAULT_GRAPH_VERSION = "v25.0"
"""Served until 2028-07-29 (graph-api.md §12, §19.4). v26.0 (2026-07-29) is newer, but the
WhatsApp docs and the third-party clients our shapes come from were on v25.0; nothing in
the reference documents a v26.0 WhatsApp change, so v25.0 stays the tested default."""

GRAPH_URL_ENV = "WA_WIZARD_GRAPH_URL"
"""Environment variable that overrides the Graph base URL."""

ALLOW_INSECURE_HTTP_ENV = "WA_WIZARD_ALLOW_INSECURE_HTTP"
"""Set to ``1`` to allow plain http to a host that is not loopback (like --allow-insecure-http)."""

USER_AGENT = f"wa-wizard/{__version__}"

_VERSION_RE = re.compile(r"^\s*v?([0-9]{1,3})(?:\.([0-9]{1,2}))?\s*$", re.IGNORECASE | re.ASCII)
"""ASCII digits only: ``int()`` would accept Arabic-Indic digits that no URL should carry."""

VERSIONS_AHEAD = 4
"""How many majors past the default a version may be before it cannot exist yet: Meta
releases about three a year (graph-api.md §12), so a bigger number is a typo (``999``)."""

MAX_GRAPH_URL_LENGTH = 2048


def normalize_graph_version(text: str) -> str:
    """Turn ``25``, ``v25``, ``25.0`` or ``v25.0`` into ``v25.0``.

    Raises:
        ValueError: when the text is not a Graph API version.
    """
    match = _VERSION_RE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a Graph API version; use a form like v25.0, 25.0 or 25")
    major, minor = int(match.group(1)), int(match.group(2) or "0")
    newest = int(DEFAULT_GRAPH_VERSION[1:].split(".")[0]) + VERSIONS_AHEAD
    if major == 0 or major > newest:
        raise ValueError(
            f"v{major}.{minor} is not a Graph API version Meta has released; "
            f"use {DEFAULT_GRAPH_VERSION} (or leave --graph-version out)"
        )
    return f"v{major}.{minor}"


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``: traffic that never leaves the machine."""
    lowered = host.lower().rstrip(".").strip("[]")
    if lowered == "localhost":
        return True
    try:
        return ipaddress.ip_address(lowered).is_loopback
    except ValueError:
        return False


def normalize_graph_url(text: str) -> str:
    """Validate a base URL (``https://graph.facebook.com`` or a sandbox URL).

    Raises:
        ValueError: not an http(s) URL with a host, a port out of range, a broken IPv6
            address; the message shows the URL with any password masked.
    """
    url = text.strip().rstrip("/")
    shown = display_url(url)
    example = "e.g. https://graph.facebook.com"
    if len(url) > MAX_GRAPH_URL_LENGTH:
        raise ValueError(f"the Graph URL is {len(url)} characters long; {example}")
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) or any(c.isspace() for c in url):
        raise ValueError(f"{shown!r} is not an http(s) URL, {example}")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL"
        raise ValueError(f"{shown!r} is not a valid URL ({exc}); {example}") from None
    if not parts.hostname:
        raise ValueError(f"{shown!r} has no host name; {example}")
    if port == 0:
        raise ValueError(f"{shown!r} has port 0; use a port from 1 to 65535")
    if parts.query or parts.fragment:
        raise ValueError(f"{shown!r} must not carry a query or fragment; {example}")
    return url


def insecure_http_refusal(url: str) -> str | None:
    """Why ``url`` must not carry credentials, or None when it may.

    Plain http is only for loopback (the sandbox, a local proxy): anywhere else the
    app secret, the tokens and the proof would cross the network in clear text.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "http" or is_loopback_host(parts.hostname or ""):
        return None
    return (
        f"{display_url(url)} is plain http to a host that is not this machine: the access "
        f"token and app secret would travel unencrypted. Use https, or if you really mean "
        f"it (a test proxy you trust), pass --allow-insecure-http or set "
        f"{ALLOW_INSECURE_HTTP_ENV}=1"
    )


_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]*@")


def display_url(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``••••@``: safe to show."""
    return _USERINFO_RE.sub(lambda m: m.group(1) + "••••@", url)


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

    major_text, _, minor = version[1:].partition(".")
    major = int(major_text)
    if minor not in ("", "0"):
        return (
            f"Graph API versions are whole numbers (v{major}.0); Meta has no {version}. "
            f"Use {DEFAULT_GRAPH_VERSION}."
        )
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
