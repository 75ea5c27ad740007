"""Facts read off a phone number's fields, shared by doctor, send-test and the wizard.

Which fields to ask depends on the Graph version (the messaging limit field is new in
v24.0), and whether a number is Meta's test number is told by ``account_mode`` only:
``code_verification_status`` is ``NOT_VERIFIED`` or ``EXPIRED`` on healthy production
numbers too (graph-api.md §19.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

TEST_NUMBER_FIELDS = ("account_mode",)
"""The fields :func:`number_kind` reads (ask for them with ``account.phone_number``)."""

NEW_LIMIT_FIELD = "whatsapp_business_manager_messaging_limit"
OLD_LIMIT_FIELD = "messaging_limit_tier"
NEW_LIMIT_FIELD_SINCE = 24
"""``whatsapp_business_manager_messaging_limit`` exists from v24.0; asking an older version
for it fails the whole call with ``(#100) Tried accessing nonexisting field`` (§19.3)."""

NumberKind = Literal["test", "live", "unknown"]


def number_kind(phone: Mapping[str, object]) -> NumberKind:
    """``test`` (account_mode SANDBOX), ``live`` (LIVE), or ``unknown`` when Meta did not say.

    Never guessed from ``code_verification_status``, ``verified_name`` or a +1 555
    number: those are hints, not proof (§19.1).
    """
    mode = phone.get("account_mode")
    if mode == "SANDBOX":
        return "test"
    if mode == "LIVE":
        return "live"
    return "unknown"


def is_test_number(phone: Mapping[str, object]) -> bool:
    """Meta's test number (``account_mode`` SANDBOX): it only sends to its allow-list,
    and recipients are normalised for it (MX 521 -> 52). False when LIVE or unknown:
    test-number rules are never applied to a number not known to be one."""
    return number_kind(phone) == "test"


def kind_note(phone: Mapping[str, object]) -> str:
    """A short label for the number's kind, the same on every face."""
    kind = number_kind(phone)
    if kind == "test":
        return "test number (sends only to its allow-list)"
    if kind == "live":
        return "live number"
    return "could not tell whether this is a test number (Meta sent no account_mode)"


def limit_field(version: str) -> str:
    """The messaging-limit field ``version`` (``v23.0``) knows."""
    try:
        major = int(version.lstrip("vV").split(".")[0])
    except ValueError:
        return NEW_LIMIT_FIELD
    return NEW_LIMIT_FIELD if major >= NEW_LIMIT_FIELD_SINCE else OLD_LIMIT_FIELD


def limit_tier(phone: Mapping[str, object]) -> object:
    """The messaging limit, from whichever field the answer carries."""
    return phone.get(NEW_LIMIT_FIELD) or phone.get(OLD_LIMIT_FIELD)
