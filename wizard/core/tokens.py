"""Normalise, classify and mask what people paste (tokens, secrets, ids, numbers).

People copy credentials from Meta's dashboard with stray tabs, quotes, line breaks
from terminal wrapping, a ``Bearer`` prefix or a whole ``KEY=value`` line (pain
point 4), and paste one value where another belongs (pain point 8). These helpers
catch that before anything is sent or saved, and never echo the value back.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from wizard.core.redact import mask_value
from wizard.core.state import FIELD_LABELS, KEY_DEFAULTS


class Kind:
    """What a pasted string looks like (plain ``str`` constants, Python 3.10 friendly)."""

    ACCESS_TOKEN = "access_token"
    APP_TOKEN = "app_token"
    APP_SECRET = "app_secret"
    VERIFY_TOKEN = "verify_token"
    APP_ID = "app_id"
    """Reserved: an App ID is digits, like every Meta id, so classify() reports NUMERIC_ID."""
    PHONE_NUMBER = "phone_number"
    NUMERIC_ID = "numeric_id"
    EMPTY = "empty"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Classification:
    """The verdict on one pasted string."""

    kind: str
    value: str
    """The normalised text (see :func:`normalize_pasted`)."""
    note: str
    """One human sentence; never contains the value."""


MIN_TOKEN_LENGTH = 50
"""graph-api.md §1: accept any access token of 50 characters or more."""

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_WHITESPACE = re.compile(r"\s+")
_KEY_PREFIX = re.compile(r"^(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*[=:]\s*")
_BEARER = re.compile(r"^(?:authorization\s*:\s*)?bearer\s+", re.IGNORECASE)
_QUOTES = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’", "«": "»"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_APP_TOKEN = re.compile(r"\d{6,20}\|[^|\s]+")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-.]+")
_PHONE = re.compile(r"\+?[0-9\s\-().\u00a0]+")
_MAX_PASTE = 4096
"""Longer than any credential: the paste holds something else (a whole file, a log)."""


def _strip_quotes(text: str) -> str:
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def normalize_pasted(text: str) -> str:
    """Return the credential inside a paste.

    Strips surrounding whitespace and quotes, a ``Bearer``/``Authorization:`` prefix, a
    ``KEY=`` or ``access_token=`` prefix (a whole ``.env`` line, with its inline comment),
    then every whitespace character inside (terminal wrapping, tabs) and zero-width
    characters. Control characters other than whitespace are kept so that
    :func:`classify` can complain about them.
    """
    value = _INVISIBLE.sub("", text).strip()
    for _ in range(4):  # a quoted KEY="Bearer …" line needs a few rounds
        before = value
        match = _KEY_PREFIX.match(value)
        if match and match.end() < len(value):
            value = value[match.end() :]
            if value[:1] not in _QUOTES:
                value = re.sub(r"\s+#.*$", "", value, flags=re.DOTALL)
            value = value.strip()
        value = _strip_quotes(value)
        value = _BEARER.sub("", value).strip()
        if value == before:
            break
    return _WHITESPACE.sub("", value)


def _looks_like_phone(stripped: str, digits: str) -> bool:
    if not _PHONE.fullmatch(stripped) or not 6 <= len(digits) <= 15:
        return False
    return stripped.startswith("+") or any(c in stripped for c in " -().\u00a0")


def classify(text: str) -> Classification:
    """Guess what ``text`` is, from its shape only (no network).

    Shapes follow graph-api.md §1 "Token string format": access tokens start with
    ``EAA`` and are long; app tokens are ``APP_ID|…``; app secrets are 32 hex
    characters; verify tokens made by this tool are 64 hex characters; Meta ids
    (App, WABA, Phone Number) are 10-20 digits.
    """
    stripped = _strip_quotes(_INVISIBLE.sub("", text).strip())
    value = normalize_pasted(text)
    if not value:
        return Classification(Kind.EMPTY, value, "Nothing was entered.")
    if len(value) > _MAX_PASTE:
        note = (
            f"This paste is {len(value):,} characters long, far longer than any Meta "
            "credential; it holds something else (a whole file or a log?)."
        )
        return Classification(Kind.UNKNOWN, value, note)
    if _CONTROL.search(value):
        note = "This contains invisible control characters; copy the value again."
        return Classification(Kind.UNKNOWN, value, note)
    digits = re.sub(r"\D", "", stripped)
    if _looks_like_phone(stripped, digits) and not (stripped.isdigit() and len(digits) >= 10):
        return Classification(Kind.PHONE_NUMBER, value, "This is a phone number.")
    if value.isascii() and value.isdigit():
        if 10 <= len(value) <= 20:
            note = "This is a numeric Meta id (an App ID, WABA ID or Phone Number ID)."
            return Classification(Kind.NUMERIC_ID, value, note)
        note = f"This is a {len(value)}-digit number, too short or long for a Meta id."
        return Classification(Kind.UNKNOWN, value, note)
    if _APP_TOKEN.fullmatch(value):
        note = "This is an app token (App ID|…): it identifies the app, it cannot send messages."
        return Classification(Kind.APP_TOKEN, value, note)
    if _HEX64.fullmatch(value):
        note = "This looks like a webhook verify token (64 hex characters)."
        return Classification(Kind.VERIFY_TOKEN, value, note)
    if _HEX32.fullmatch(value):
        note = "This looks like an App Secret (32 hex characters)."
        return Classification(Kind.APP_SECRET, value, note)
    if len(value) >= MIN_TOKEN_LENGTH and _TOKEN_CHARS.fullmatch(value):
        if value.startswith("EAA"):
            note = "This looks like a Meta access token."
        else:
            note = (
                "This is long enough for an access token, but Meta's tokens start with "
                "EAA; check that you copied the right value."
            )
        return Classification(Kind.ACCESS_TOKEN, value, note)
    if value.startswith("EAA"):
        note = (
            f"This starts like an access token but is only {len(value)} characters long; "
            "it was probably cut off when copied."
        )
        return Classification(Kind.UNKNOWN, value, note)
    return Classification(Kind.UNKNOWN, value, "This does not look like a Meta credential.")


_DESCRIBE = {
    Kind.ACCESS_TOKEN: "an access token (it starts with EAA)",
    Kind.APP_TOKEN: "an app token (App ID|…), which cannot send messages",
    Kind.APP_SECRET: "your App Secret (32 hex characters)",
    Kind.VERIFY_TOKEN: "the webhook verify token you invented",
    Kind.NUMERIC_ID: "a numeric Meta id",
    Kind.PHONE_NUMBER: "a phone number",
}
_WHERE = {
    "app_id": "The App ID is the number at the top of Meta App Dashboard > App settings > Basic.",
    "app_secret": "The App Secret is under App settings > Basic > App secret (click Show).",
    "access_token": (
        "The access token starts with EAA: copy it from WhatsApp > API Setup, or generate "
        "a permanent one in Business Settings > System users."
    ),
    "verify_token": "The verify token is any string you invent: 16 or more random characters.",
    "phone_number_id": (
        "The Phone Number ID is the 15-digit id under the From number in WhatsApp > API Setup."
    ),
    "waba_id": (
        "The WhatsApp Business Account ID is shown in WhatsApp > API Setup, under the From number."
    ),
    "graph_version": "Use a Graph API version such as v25.0.",
}


def _not_a(field: str) -> str:
    label = FIELD_LABELS.get(field, field)
    if field in {"access_token", "verify_token"}:
        return "an " + label.lower() if field == "access_token" else "a " + label.lower()
    article = "an" if label[0].lower() in "aeiou" else "a"
    return f"{article} {label}"


def check_field(field: str, text: str) -> str | None:
    """Return ``None`` when ``text`` fits ``field`` (a SetupValues field), else one sentence.

    The sentence says what the paste looks like and where the right value is found,
    e.g. "This looks like your App Secret (32 hex characters), not an access token."
    """
    if field not in KEY_DEFAULTS:
        return f"Unknown field {field!r}; expected one of: {', '.join(KEY_DEFAULTS)}."
    where = _WHERE[field]
    found = classify(text)
    if found.kind == Kind.EMPTY:
        return f"Nothing was entered. {where}"
    if field == "graph_version":
        if re.fullmatch(r"v?\d{1,3}(\.\d{1,2})?", found.value, re.IGNORECASE):
            return None
        return f"This is not a Graph API version. {where}"
    if found.kind == Kind.UNKNOWN and field != "verify_token":
        return f"{found.note} {where}"
    expected = {
        "app_id": Kind.NUMERIC_ID,
        "app_secret": Kind.APP_SECRET,
        "access_token": Kind.ACCESS_TOKEN,
        "phone_number_id": Kind.NUMERIC_ID,
        "waba_id": Kind.NUMERIC_ID,
    }
    if field == "verify_token":
        return _check_verify_token(found, where)
    if found.kind == expected[field]:
        if field in {"phone_number_id", "waba_id"} and len(found.value) < 12:
            return (
                f"This {len(found.value)}-digit number looks like a phone number, not "
                f"{_not_a(field)}. {where}"
            )
        return None
    if found.kind == Kind.PHONE_NUMBER and field == "phone_number_id":
        return (
            "This is a phone number; the Phone Number ID is the 15-digit id under the "
            "From number in API Setup."
        )
    if found.kind == Kind.VERIFY_TOKEN and field == "access_token":
        return (
            "This looks like the webhook verify token you invented, not an access token from Meta."
        )
    return f"This looks like {_DESCRIBE[found.kind]}, not {_not_a(field)}. {where}"


def _check_verify_token(found: Classification, where: str) -> str | None:
    """A verify token is free text; refuse only what is clearly another credential."""
    if found.kind in {Kind.ACCESS_TOKEN, Kind.APP_TOKEN}:
        return (
            f"This looks like {_DESCRIBE[found.kind]}, not the webhook verify token. "
            "Never use a Meta token as the verify token: it is sent in plain URLs. " + where
        )
    if found.kind == Kind.UNKNOWN and not found.value.isprintable():
        return f"{found.note} {where}"
    if found.kind == Kind.UNKNOWN and len(found.value) > _MAX_PASTE:
        return f"{found.note} {where}"
    return None


def mask(secret: str | None) -> str:
    """``EAAB…9xZD``: first 4 and last 4 characters; short values fully hidden."""
    if secret is None:
        return "(not set)"
    if secret == "":
        return "(empty)"
    return mask_value(secret)


def generate_verify_token() -> str:
    """32 random bytes as 64 hex characters, like ``openssl rand -hex 32``."""
    return secrets.token_hex(32)
