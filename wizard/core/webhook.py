"""Webhook signatures, realistic payloads and redacted one-line summaries of events.

Meta signs the raw request body with the app secret (``X-Hub-Signature-256``) and
escapes non-ASCII text as ``\\uXXXX`` before signing (graph-api.md §9.2): a receiver
that re-serialises parsed JSON only matches for ASCII text, so the payloads built
here always carry non-ASCII text to catch that bug.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="

DEFAULT_WABA_ID = "102290129340398"
DEFAULT_PHONE_NUMBER_ID = "106540352242922"
DEFAULT_DISPLAY_NUMBER = "15550783881"
DEFAULT_SENDER = "16505551234"
DEFAULT_TEXT = "Hällo from wa-wizard: äöå ñ 你好 👋 (a signed test message)"
"""Non-ASCII on purpose: it only verifies when the raw bytes are hashed."""

TEXT_PREVIEW = 40
"""Characters of a message body shown by :func:`summarize_event`."""

_FAILURE_HINTS = {
    131047: "send a template (more than 24 h since the user last wrote)",
    131026: "the recipient cannot receive it (not on WhatsApp or an old app)",
    131049: "Meta held it back for ecosystem engagement; do not resend at once",
    131050: "the user stopped marketing messages; do not resend",
    131030: "add the recipient to the test number's allow-list",
    131042: "fix the payment method in WhatsApp Manager",
}


def sign(body: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` value Meta would send for ``body``."""
    digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether ``header`` is the valid signature of the raw ``body`` (constant time)."""
    if not header or not app_secret:
        return False
    expected = sign(body, app_secret)
    candidate = header.strip()
    if candidate[: len(SIGNATURE_PREFIX)].lower() == SIGNATURE_PREFIX:
        candidate = SIGNATURE_PREFIX + candidate[len(SIGNATURE_PREFIX) :].lower()
    return hmac.compare_digest(expected.encode(), candidate.encode("utf-8", "replace"))


def serialize(payload: Mapping[str, Any]) -> bytes:
    """Serialise the way Meta does: compact JSON with non-ASCII escaped as ``\\uXXXX``."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _envelope(waba_id: str, phone_number_id: str, display: str, value: dict[str, Any]) -> Any:
    metadata = {"display_phone_number": display, "phone_number_id": phone_number_id}
    inner = {"messaging_product": "whatsapp", "metadata": metadata, **value}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": waba_id, "changes": [{"value": inner, "field": "messages"}]}],
    }


def build_messages_payload(
    *,
    waba_id: str = DEFAULT_WABA_ID,
    phone_number_id: str = DEFAULT_PHONE_NUMBER_ID,
    display_phone_number: str = DEFAULT_DISPLAY_NUMBER,
    sender: str = DEFAULT_SENDER,
    name: str = "Zoë Test",
    text: str = DEFAULT_TEXT,
    message_id: str = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=",
    timestamp: int | None = None,
) -> bytes:
    """An incoming-text ``messages`` webhook body (graph-api.md §9.3), as Meta sends it."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    value = {
        "contacts": [{"profile": {"name": name}, "wa_id": sender}],
        "messages": [
            {
                "from": sender,
                "id": message_id,
                "timestamp": stamp,
                "text": {"body": text},
                "type": "text",
            }
        ],
    }
    return serialize(_envelope(waba_id, phone_number_id, display_phone_number, value))


def build_status_payload(
    status: str,
    message_id: str,
    recipient_id: str,
    *,
    waba_id: str = DEFAULT_WABA_ID,
    phone_number_id: str = DEFAULT_PHONE_NUMBER_ID,
    display_phone_number: str = DEFAULT_DISPLAY_NUMBER,
    error: Mapping[str, Any] | None = None,
    timestamp: int | None = None,
) -> bytes:
    """A ``statuses`` webhook body (graph-api.md §9.4); ``error`` for a failed status."""
    item: dict[str, Any] = {
        "id": message_id,
        "status": status,
        "timestamp": str(int(time.time()) if timestamp is None else timestamp),
        "recipient_id": recipient_id,
    }
    if error is not None:
        item["errors"] = [dict(error)]
    value = {"statuses": [item]}
    return serialize(_envelope(waba_id, phone_number_id, display_phone_number, value))


def mask_phone(number: object) -> str:
    """``15550100142`` -> ``+1 555-…0142``: enough to recognise, not to dial."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if len(digits) < 7:
        return "+…" + digits[-2:] if digits else "(unknown number)"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+1 {digits[1:4]}-…{digits[-4:]}"
    return f"+{digits[:2]} …{digits[-4:]}"


def mask_wamid(wamid: object) -> str:
    """``wamid.HBgL…Q=`` -> ``wamid.HB…Q=``."""
    text = str(wamid)
    if len(text) <= 12:
        return text
    return f"{text[:8]}…{text[-2:]}"


def shorten(text: object, limit: int = TEXT_PREVIEW) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _status_line(item: Mapping[str, Any]) -> str:
    status = str(item.get("status", "?"))
    wamid, to = mask_wamid(item.get("id", "?")), mask_phone(item.get("recipient_id", ""))
    line = f"status {status} {wamid} to {to}"
    for error in item.get("errors") or []:
        if isinstance(error, Mapping):
            line += " — " + _error_text(error)
    return line


def _error_text(error: Mapping[str, Any]) -> str:
    code = error.get("code")
    title = shorten(error.get("title") or error.get("message") or "error", 60)
    hint = _FAILURE_HINTS.get(code) if isinstance(code, int) else None
    text = f"{code} {title}"
    return f"{text} — {hint}" if hint else text


def _message_line(item: Mapping[str, Any]) -> str:
    kind = str(item.get("type", "message"))
    who = mask_phone(item.get("from", ""))
    text = item.get("text")
    if kind == "text" and isinstance(text, Mapping):
        return f'message text from {who}: "{shorten(text.get("body", ""))}"'
    return f"message {kind} from {who}"


def summarize_event(payload: object) -> list[str]:
    """One redacted line per status, message or error in a webhook body.

    Phone numbers are partly masked and text bodies shortened so the lines can be
    shown on screen or pasted into an issue.
    """
    if not isinstance(payload, Mapping) or not isinstance(payload.get("entry"), list):
        return ["event with an unexpected shape (not a WhatsApp Business Account webhook)"]
    lines: list[str] = []
    for entry in payload["entry"]:
        changes = entry.get("changes") if isinstance(entry, Mapping) else None
        for change in changes if isinstance(changes, list) else []:
            if not isinstance(change, Mapping):
                continue
            value = change.get("value")
            field = str(change.get("field", "?"))
            if not isinstance(value, Mapping):
                lines.append(f"event {field}")
                continue
            before = len(lines)
            lines.extend(
                _status_line(s) for s in value.get("statuses") or [] if isinstance(s, Mapping)
            )
            lines.extend(
                _message_line(m) for m in value.get("messages") or [] if isinstance(m, Mapping)
            )
            lines.extend(
                "error " + _error_text(e)
                for e in value.get("errors") or []
                if isinstance(e, Mapping)
            )
            if len(lines) == before:
                lines.append(f"event {field}")
    return lines or ["event with no changes"]
