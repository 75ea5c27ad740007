"""normalize_pasted / classify / check_field / mask / generate_verify_token."""

from __future__ import annotations

import re

import pytest

from wizard.core.tokens import (
    Kind,
    check_field,
    classify,
    generate_verify_token,
    mask,
    normalize_pasted,
)

TOKEN = "EAAGm2Lk" + "Zx9Qe7Wn" * 20 + "9xZD"
SECRET = "9b1e57c0d2f84a6b91c3e7d5f0a2b4a0"
VERIFY = "3f9a" * 16
SECRET_AS_TOKEN = "This looks like your App Secret (32 hex characters), not an access token."
VERIFY_AS_TOKEN = (
    "This looks like the webhook verify token you invented, not an access token from Meta."
)
PHONE_AS_ID = (
    "This is a phone number; the Phone Number ID is the 15-digit id under the From number "
    "in API Setup."
)


@pytest.mark.parametrize(
    "paste",
    [
        TOKEN,
        f"  {TOKEN}\n",
        f"\t{TOKEN}",  # pain point 4: a stray tab from Meta's pop-up
        f"{TOKEN[:70]}\n{TOKEN[70:]}",  # wrapped by the terminal
        f"{TOKEN[:70]}\r\n  {TOKEN[70:]}",
        f'"{TOKEN}"',
        f"'{TOKEN}'",
        f"“{TOKEN}”",
        f"Bearer {TOKEN}",
        f"Authorization: Bearer {TOKEN}",
        f"access_token={TOKEN}",
        f"WHATSAPP_TOKEN={TOKEN}",
        f"export WHATSAPP_ACCESS_TOKEN='{TOKEN}'",
        f'WHATSAPP_TOKEN="Bearer {TOKEN}"',
        f"WHATSAPP_TOKEN={TOKEN}  # prod token",
        f"\u200b{TOKEN}\ufeff",
    ],
)
def test_normalize_pasted_recovers_the_token(paste: str) -> None:
    assert normalize_pasted(paste) == TOKEN
    assert classify(paste).kind == Kind.ACCESS_TOKEN
    assert check_field("access_token", paste) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", Kind.EMPTY),
        ("   \t\n", Kind.EMPTY),
        (TOKEN, Kind.ACCESS_TOKEN),
        ("1234567890123456|AbCdEfGhIjKlMnOpQrStUvWxYz0", Kind.APP_TOKEN),
        (f"1204958371625540|{SECRET}", Kind.APP_TOKEN),
        (SECRET, Kind.APP_SECRET),
        (SECRET.upper(), Kind.APP_SECRET),
        (VERIFY, Kind.VERIFY_TOKEN),
        ("1204958371625540", Kind.NUMERIC_ID),
        ("100231144556677", Kind.NUMERIC_ID),
        ("1234567890", Kind.NUMERIC_ID),
        ("+1 555-019-3344", Kind.PHONE_NUMBER),
        ("+15550193344", Kind.PHONE_NUMBER),
        ("(555) 019-3344", Kind.PHONE_NUMBER),
        ("555 019 3344", Kind.PHONE_NUMBER),
        ("12345", Kind.UNKNOWN),
        ("EAAshort", Kind.UNKNOWN),
        ("hello world", Kind.UNKNOWN),
        ("EAA" + "x" * 60 + "\x07", Kind.UNKNOWN),
    ],
)
def test_classify(text: str, kind: str) -> None:
    result = classify(text)
    assert result.kind == kind
    assert result.note.endswith((".", "?)."))
    assert result.note[0].isupper()


def test_classify_other_prefix_is_accepted_with_a_warning() -> None:
    result = classify("XYZ" + "a" * 60)
    assert result.kind == Kind.ACCESS_TOKEN
    assert "EAA" in result.note


def test_notes_never_contain_the_value() -> None:
    for text in (TOKEN, SECRET, VERIFY, "EAAshortish123", TOKEN + "\x01"):
        assert text not in classify(text).note
        for field in ("app_id", "access_token", "app_secret", "phone_number_id", "graph_version"):
            message = check_field(field, text) or ""
            assert text not in message
            assert TOKEN[:20] not in message


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("access_token", SECRET, SECRET_AS_TOKEN),
        ("access_token", VERIFY, VERIFY_AS_TOKEN),
        ("phone_number_id", "+1 555-019-3344", PHONE_AS_ID),
        ("access_token", "1204958371625540|abcdefghijklmnopqrstuvwx", "app token"),
        ("app_secret", TOKEN, "access token (it starts with EAA), not an App secret"),
        ("app_id", SECRET, "App Secret (32 hex characters), not an App ID"),
        ("waba_id", "15550193344", "looks like a phone number"),
        ("app_id", "", "Nothing was entered"),
        ("access_token", "EAAabc", "cut off"),
        ("verify_token", TOKEN, "not the webhook verify token"),
        ("graph_version", "latest", "not a Graph API version"),
        ("nope", "x", "Unknown field"),
    ],
)  # fmt: skip
def test_check_field_explains_the_mix_up(field: str, text: str, expected: str) -> None:
    message = check_field(field, text)
    assert message is not None
    assert expected in message


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("app_id", "1204958371625540"),
        ("app_id", " 1204958371625540\t"),
        ("app_secret", SECRET),
        ("access_token", TOKEN),
        ("verify_token", VERIFY),
        ("verify_token", "my-own-words"),
        ("phone_number_id", "100231144556677"),
        ("waba_id", "104477882233110"),
        ("graph_version", "v25.0"),
        ("graph_version", "25"),
    ],
)
def test_check_field_accepts_the_right_value(field: str, text: str) -> None:
    assert check_field(field, text) is None


def test_mask() -> None:
    assert mask("EAAB" + "x" * 40 + "9xZD") == "EAAB…9xZD"
    assert mask("short") == "••••"
    assert mask(None) == "(not set)"
    assert mask("") == "(empty)"


def test_generate_verify_token() -> None:
    first, second = generate_verify_token(), generate_verify_token()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert first != second
    assert classify(first).kind == Kind.VERIFY_TOKEN
