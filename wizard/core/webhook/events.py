"""Redacted one-line summaries of webhook events, for people watching deliveries arrive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
