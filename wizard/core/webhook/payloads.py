"""Webhook signatures, realistic payloads and redacted one-line summaries of events.

Meta signs the raw request body with the app secret (``X-Hub-Signature-256``) and
escapes non-ASCII text as ``\\uXXXX`` and ``/`` as ``\\/`` before signing (graph-api.md
§9.2, §19.10; a real capture reads ``"mime_type":"image\\/jpeg"``): a receiver that
re-serialises parsed JSON does not get those bytes back, so the payloads built here always
carry both non-ASCII text and a slash to catch that bug.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

DEFAULT_WABA_ID = "102290129340398"
DEFAULT_PHONE_NUMBER_ID = "106540352242922"
DEFAULT_DISPLAY_NUMBER = "15550783881"
DEFAULT_SENDER = "16505551234"
DEFAULT_TEXT = "Hällo from wa-wizard: äöå ñ 你好 👋 menu at https://example.com/menu (a test)"
"""Non-ASCII and slashes on purpose: it only verifies when the raw bytes are hashed."""


def serialize(payload: Mapping[str, Any]) -> bytes:
    """Serialise the way Meta does: compact JSON, non-ASCII as ``\\uXXXX`` (lowercase hex)
    and ``/`` as ``\\/``.

    A ``/`` can only occur inside a JSON string, so escaping every one keeps the JSON valid;
    Python's ``json`` never escapes it by itself, which is exactly what a re-serialising
    receiver gets wrong.
    """
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/").encode("ascii")


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
