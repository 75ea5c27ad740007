"""Typed Graph calls about the WhatsApp account: businesses, WABAs, phone numbers,
templates, and sending messages.

Same rules as :mod:`wizard.core.api`: a :class:`GraphClient` first, :class:`GraphError`
on failure, tolerant parsing, and path templates (never ids) as error endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wizard.core.api_parse import as_id, as_str, data_list, normalize_ids
from wizard.core.graph import GraphClient, GraphError, JsonObject

__all__ = [
    "WABA_FIELDS",
    "SendResult",
    "assigned_wabas",
    "businesses",
    "message_templates",
    "owned_wabas",
    "phone_number",
    "phone_numbers",
    "send_template",
    "send_text",
    "waba",
]


@dataclass(frozen=True)
class SendResult:
    """An accepted send; delivery is only known from a status webhook."""

    wamid: str
    wa_id: str | None = None
    message_status: str | None = None


async def businesses(client: GraphClient, token: str) -> list[dict[str, Any]]:
    label = "/me/businesses"
    payload = await client.request("GET", "me/businesses", token=token, endpoint=label)
    return data_list(payload, label)


async def owned_wabas(client: GraphClient, token: str, business_id: str) -> list[dict[str, Any]]:
    label = "/{business-id}/owned_whatsapp_business_accounts"
    payload = await client.request(
        "GET", f"{business_id}/owned_whatsapp_business_accounts", token=token, endpoint=label
    )
    return data_list(payload, label)


async def assigned_wabas(client: GraphClient, token: str, user_id: str) -> list[dict[str, Any]]:
    label = "/{user-id}/assigned_whatsapp_business_accounts"
    payload = await client.request(
        "GET", f"{user_id}/assigned_whatsapp_business_accounts", token=token, endpoint=label
    )
    return data_list(payload, label)


WABA_FIELDS = "id,name,account_review_status,business_verification_status,owner_business_info"


async def waba(client: GraphClient, token: str, waba_id: str) -> dict[str, Any]:
    payload = await client.request(
        "GET", waba_id, token=token, params={"fields": WABA_FIELDS}, endpoint="/{waba-id}"
    )
    return normalize_ids(payload)


async def phone_numbers(client: GraphClient, token: str, waba_id: str) -> list[dict[str, Any]]:
    label = "/{waba-id}/phone_numbers"
    payload = await client.request("GET", f"{waba_id}/phone_numbers", token=token, endpoint=label)
    return data_list(payload, label)


async def phone_number(
    client: GraphClient, token: str, phone_id: str, fields: Sequence[str]
) -> dict[str, Any]:
    params = {"fields": ",".join(fields)} if fields else None
    payload = await client.request(
        "GET", phone_id, token=token, params=params, endpoint="/{phone-number-id}"
    )
    return normalize_ids(payload)


async def message_templates(
    client: GraphClient, token: str, waba_id: str, name: str | None = None
) -> list[dict[str, Any]]:
    label = "/{waba-id}/message_templates"
    params = {"name": name} if name else None
    payload = await client.request(
        "GET", f"{waba_id}/message_templates", token=token, params=params, endpoint=label
    )
    items = data_list(payload, label)
    if name:  # the filter is a prefix/contains match on Meta's side; keep exact names
        items = [t for t in items if t.get("name") == name]
    return items


def _send_result(payload: JsonObject) -> SendResult:
    label = "/{phone-number-id}/messages"
    messages = payload.get("messages")
    first = messages[0] if isinstance(messages, list) and messages else None
    wamid = as_str(first.get("id")) if isinstance(first, dict) else None
    if not wamid or not isinstance(first, dict):
        raise GraphError(
            "The Graph API accepted the message but returned no message id.",
            kind="malformed",
            endpoint=label,
        )
    contacts = payload.get("contacts")
    contact = contacts[0] if isinstance(contacts, list) and contacts else None
    wa_id = as_id(contact.get("wa_id")) if isinstance(contact, dict) else None
    return SendResult(wamid=wamid, wa_id=wa_id, message_status=as_str(first.get("message_status")))


async def send_template(
    client: GraphClient,
    token: str,
    phone_id: str,
    to: str,
    name: str = "hello_world",
    language: str = "en_US",
) -> SendResult:
    body: JsonObject = {
        "messaging_product": "whatsapp",
        "to": to,
        "type": "template",
        "template": {"name": name, "language": {"code": language}},
    }
    payload = await client.request(
        "POST",
        f"{phone_id}/messages",
        token=token,
        json_body=body,
        endpoint="/{phone-number-id}/messages",
        idempotent=False,  # a retried send could deliver the message twice
    )
    return _send_result(payload)


async def send_text(
    client: GraphClient, token: str, phone_id: str, to: str, body: str
) -> SendResult:
    message: JsonObject = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": False, "body": body},
    }
    payload = await client.request(
        "POST",
        f"{phone_id}/messages",
        token=token,
        json_body=message,
        endpoint="/{phone-number-id}/messages",
        idempotent=False,  # a retried send could deliver the message twice
    )
    return _send_result(payload)
