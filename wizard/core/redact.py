"""Scrub secrets from any text before it is shown, logged or saved.

Known secret values (registered when they are loaded) are replaced by their
mask; anything that merely looks like a token or a secret in a URL is masked
too, so that a forgotten code path still cannot leak.
"""

from __future__ import annotations

import re

from wizard.core.config import display_url

_KNOWN: set[str] = set()

_PATTERNS = (
    re.compile(r"EAA[A-Za-z0-9]{20,}"),
    re.compile(r"\b\d{6,20}\|[A-Za-z0-9_\-]{16,}"),
    re.compile(
        r"(?i)((?:client_secret|access_token|fb_exchange_token|input_token|appsecret_proof"
        r"|hub\.verify_token|verify_token)=)[^&\s\"']+"
    ),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9|_\-\.]{8,}"),
    re.compile(r"(?<![\w])(code=)[^&\s\"']{8,}"),  # a Facebook Login code in an address
)


def register_secret(value: str | None) -> None:
    """Remember a secret value so that :func:`redact` hides it wherever it appears."""
    if value and len(value) >= 8:
        _KNOWN.add(value)


def forget_secrets() -> None:
    """Drop every registered secret (a long-lived process switching env files; tests)."""
    _KNOWN.clear()


def mask_value(value: str) -> str:
    """``EAAB…9xZD`` style mask that keeps a recognisable prefix and suffix."""
    if len(value) < 12:
        return "••••"
    return f"{value[:4]}…{value[-4:]}"


def redact(text: str) -> str:
    """Return ``text`` with every known or recognisable secret masked."""
    for secret in sorted(_KNOWN, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, mask_value(secret))
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: m.group(1) + "••••", text)
        else:
            text = pattern.sub(lambda m: mask_value(m.group(0)), text)
    return display_url(text)  # http://user:password@host -> http://••••@host
