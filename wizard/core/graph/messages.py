"""Typed Graph calls that send WhatsApp messages (never retried once they may have left).

Same rules as the other typed calls: a :class:`GraphClient` first, :class:`GraphError` on failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.graph.client import GraphClient
from wizard.core.graph.errors import GraphError, JsonObject
from wizard.core.graph.parse import as_id, as_str


@dataclass(frozen=True)
class SendResult:
    """An accepted send; delivery is only known from a status webhook."""

    wamid: str
    wa_id: str | None = None
    message_status: str | None = None


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
