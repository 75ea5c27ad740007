"""What wa-wizard knows about a code it has no card for: the family its range belongs to."""

from __future__ import annotations

_RANGES: tuple[tuple[int, int, str, str], ...] = (
    (
        1,
        99,
        "Graph API error",
        "Graph API core errors: unknown or temporary server problems, "
        "method capabilities and rate limits.",
    ),
    (
        100,
        199,
        "Parameter or token error",
        "request parameters and access tokens: a missing "
        "or wrong parameter, an unknown id, or a token that is malformed, expired or revoked.",
    ),
    (
        200,
        299,
        "Permissions error",
        "permissions: the token lacks a permission, or its system "
        "user lacks access to the WhatsApp account.",
    ),
    (300, 999, "Graph platform error", "Graph platform limits and policy blocks."),
    (
        130000,
        130999,
        "WhatsApp platform error",
        "WhatsApp platform limits: throughput, experiments and country or integrity restrictions.",
    ),
    (
        131000,
        131999,
        "WhatsApp messaging error",
        "WhatsApp messaging (131xxx): sending, recipients, the 24-hour window, delivery and media.",
    ),
    (
        132000,
        132999,
        "WhatsApp template error",
        "WhatsApp message templates (132xxx): names, languages, parameters and template status.",
    ),
    (
        133000,
        133999,
        "WhatsApp registration error",
        "phone number registration (133xxx): register, deregister, two-step verification PIN.",
    ),
    (134000, 134099, "WhatsApp payments error", "WhatsApp Payments (1340xx)."),
    (134100, 134999, "Marketing messages error", "the Marketing Messages API (1341xx)."),
    (
        135000,
        135999,
        "WhatsApp request error",
        "generic problems with request parameters (135xxx).",
    ),
    (136000, 136999, "Phone verification error", "phone number verification codes (136xxx)."),
    (137000, 137999, "WhatsApp identity error", "recipient identity checks (137xxx)."),
    (138000, 138999, "WhatsApp Calling error", "WhatsApp Calling (138xxx)."),
    (139100, 139199, "Block users error", "blocking WhatsApp users (1391xx)."),
    (139000, 139999, "WhatsApp Flows error", "WhatsApp Flows (139xxx)."),
    (
        2388000,
        2388999,
        "Template creation error",
        "creating or editing message templates "
        "(2388xxx): length, format, variables and the 250-template limit.",
    ),
    (2593000, 2593999, "Sync error", "syncing with the WhatsApp Business app (2593xxx)."),
)
"""(first, last, short title, what codes in that range are about); first match wins."""


def range_of(code: int) -> tuple[str, str] | None:
    """(short title, what the range is about) for the range holding ``code``, if any."""
    for first, last, title, about in _RANGES:
        if first <= code <= last:
            return title, about
    return None


def describe_unknown(code: int) -> str:
    """What is known about the range ``code`` falls in, as one or two sentences."""
    found = range_of(code)
    if found is None:
        return (
            f"Code {code} is not in a range wa-wizard knows. Meta's message and details "
            "describe it; Meta's error code list may too."
        )
    return f"Code {code} is in the range for {found[1]}"
