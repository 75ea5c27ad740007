"""Facts read off a phone number's fields, shared by doctor, send-test and the wizard."""

from __future__ import annotations

from collections.abc import Mapping

TEST_NUMBER_FIELDS = ("code_verification_status", "account_mode")
"""The fields :func:`is_test_number` reads (ask for them with ``api.phone_number``)."""


def is_test_number(phone: Mapping[str, object]) -> bool:
    """Meta's test number: never code-verified, or in sandbox mode.

    It only sends to its allow-list, and recipients are normalised for it (MX 521 -> 52).
    """
    return (
        phone.get("code_verification_status") == "NOT_VERIFIED"
        or phone.get("account_mode") == "SANDBOX"
    )
