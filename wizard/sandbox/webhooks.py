"""Status webhooks the sandbox sends after an accepted message (§9.2, §9.4).

Bodies are compact JSON with non-ASCII as ``\\uXXXX`` and ``/`` as ``\\/`` (graph-api.md
§9.2, §19.10: Meta's real bodies read ``"mime_type":"image\\/jpeg"``), signed with
``X-Hub-Signature-256: sha256=<hmac(app_secret, body)>``. Like Meta, one status is
delivered twice, and a non-200 answer is retried (a few quick attempts here).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

from wizard.sandbox.state import Delivery

if TYPE_CHECKING:
    from wizard.sandbox.context import Runtime
    from wizard.sandbox.world import PhoneNumber

WEBHOOK_ERRORS: dict[int, tuple[str, str]] = {
    131047: (
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer "
        "last replied to this number.",
    ),
    131026: ("Message undeliverable", "Message Undeliverable."),
}


def sign(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` header value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def meta_body(payload: dict[str, Any]) -> bytes:
    """The bytes Meta would send: ASCII-only, every ``/`` escaped (only strings hold one)."""
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/").encode("ascii")


def status_payload(
    rt: Runtime,
    phone: PhoneNumber,
    wamid: str,
    wa_id: str,
    status: str,
    error: int | None,
    opaque: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(rt.state.now())),
        "recipient_id": wa_id,
    }
    if opaque is not None:
        entry["biz_opaque_callback_data"] = opaque
    if error is not None:
        title, details = WEBHOOK_ERRORS.get(error, ("Simulated failure", "Simulated failure."))
        entry["errors"] = [
            {
                "code": error,
                "title": title,
                "message": title,
                "error_data": {"details": details},
                "href": "/documentation/business-messaging/whatsapp/support/error-codes",
            }
        ]
    else:
        entry["pricing"] = {
            "billable": True,
            "pricing_model": "PMP",
            "type": "regular",
            "category": "utility",
        }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": phone.wa_id,
            "phone_number_id": phone.id,
        },
        "statuses": [entry],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": phone.waba_id, "changes": [{"value": value, "field": "messages"}]}],
    }


def callback_for(rt: Runtime, phone: PhoneNumber) -> str | None:
    """Where Meta would send this number's ``messages`` events for the practice app.

    Only when the app is subscribed to the number's WABA and has a callback; then the
    phone number's override wins, else the WABA's, else the app's callback (§19.8).
    """
    app_id = rt.world.app.id
    subscribed = rt.state.waba_subscribed_apps.get(phone.waba_id, {})
    sub = rt.state.app_subscriptions.get(app_id, {}).get("whatsapp_business_account")
    if app_id not in subscribed or sub is None:
        return None
    return rt.state.phone_overrides.get(phone.id) or subscribed[app_id] or sub.callback_url


UNREACHABLE_SUFFIX = ".invalid"
"""Hosts of the world's made-up "other tool" (RFC 2606): recorded as unreachable, never
contacted, so the sandbox only ever talks to the addresses a person gave it."""


def schedule_statuses(
    rt: Runtime,
    phone: PhoneNumber,
    wamid: str,
    wa_id: str,
    *,
    failed: int | None,
    opaque: str | None = None,
) -> None:
    """Queue sent/delivered/read (or failed) deliveries in the background."""
    url = callback_for(rt, phone)
    if url is None:
        return
    statuses = ["failed"] if failed is not None else ["sent", "delivered", "read"]
    task = asyncio.get_running_loop().create_task(
        _deliver_all(rt, url, phone, wamid, wa_id, statuses, failed, opaque)
    )
    rt.state.track(task)


async def _deliver_all(
    rt: Runtime,
    url: str,
    phone: PhoneNumber,
    wamid: str,
    wa_id: str,
    statuses: list[str],
    error: int | None,
    opaque: str | None,
) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=5.0, trust_env=False) as client:
        for index, status in enumerate(statuses):
            if index and rt.status_delay:
                await asyncio.sleep(rt.status_delay)
            payload = status_payload(rt, phone, wamid, wa_id, status, error, opaque)
            body = meta_body(payload)
            secret = rt.world.app.secret
            if rt.faults.bad_signature:
                secret = "not-" + secret
            copies = 2 if index == 0 else 1
            for copy in range(copies):
                await _post(client, rt, url, body, sign(secret, body), wamid, status, copy > 0)


async def _post(
    client: Any,
    rt: Runtime,
    url: str,
    body: bytes,
    signature: str,
    wamid: str,
    status: str,
    duplicate: bool,
) -> None:
    import httpx

    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": signature,
        "User-Agent": "facebookexternalua",
    }
    fictional = (httpx.URL(url).host or "").endswith(UNREACHABLE_SUFFIX)
    for attempt in range(1, rt.webhook_attempts + 1):
        code: int | None = None
        try:
            if not fictional:
                response = await client.post(url, content=body, headers=headers)
                code = response.status_code
        except httpx.HTTPError:
            code = None
        rt.state.deliveries.append(
            Delivery(wamid, status, url, attempt, code, body, signature, duplicate)
        )
        if code == 200:
            return
        await asyncio.sleep(rt.webhook_retry_delay * 2 ** (attempt - 1))
