"""Typed Graph calls about webhook subscriptions: the app's callback and the WABA's apps.

Same rules as :mod:`wizard.core.graph.tokens`: a :class:`GraphClient` first, :class:`GraphError`
on failure, tolerant parsing, and path templates (never ids) as error endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wizard.core.graph.client import GraphClient
from wizard.core.graph.paging import read_all
from wizard.core.graph.parse import as_id


async def app_subscriptions(
    client: GraphClient, app_token: str, app_id: str
) -> list[dict[str, Any]]:
    listing = await read_all(
        client, app_token, f"{app_id}/subscriptions", label="/{app-id}/subscriptions"
    )
    return listing.items


async def subscribe_app(
    client: GraphClient,
    app_token: str,
    app_id: str,
    callback_url: str,
    verify_token: str,
    fields: Sequence[str],
) -> None:
    await client.request(
        "POST",
        f"{app_id}/subscriptions",
        token=app_token,
        form={
            "object": "whatsapp_business_account",
            "callback_url": callback_url,
            "verify_token": verify_token,
            "fields": ",".join(fields),
        },
        endpoint="/{app-id}/subscriptions",
    )


async def subscribed_apps(client: GraphClient, token: str, waba_id: str) -> list[dict[str, Any]]:
    listing = await read_all(
        client, token, f"{waba_id}/subscribed_apps", label="/{waba-id}/subscribed_apps"
    )
    return listing.items


def subscribed_app_ids(entries: Sequence[dict[str, Any]]) -> list[str]:
    """App ids in a ``subscribed_apps`` answer (``whatsapp_business_api_data.id``)."""
    ids: list[str] = []
    for entry in entries:
        data = entry.get("whatsapp_business_api_data")
        app = as_id(data.get("id")) if isinstance(data, dict) else as_id(entry.get("id"))
        if app:
            ids.append(app)
    return ids


async def subscribe_waba(client: GraphClient, token: str, waba_id: str) -> None:
    await client.request(
        "POST", f"{waba_id}/subscribed_apps", token=token, endpoint="/{waba-id}/subscribed_apps"
    )


async def unsubscribe_waba(client: GraphClient, token: str, waba_id: str) -> None:
    await client.request(
        "DELETE", f"{waba_id}/subscribed_apps", token=token, endpoint="/{waba-id}/subscribed_apps"
    )


def override_for(entries: Sequence[dict[str, Any]], app_id: str) -> str | None:
    """This app's WABA-level ``override_callback_uri`` in a ``subscribed_apps`` answer.

    Present only when an override is set (graph-api.md §9.6, §19.8).
    """
    for entry in entries:
        data = entry.get("whatsapp_business_api_data")
        entry_app = as_id(data.get("id")) if isinstance(data, dict) else as_id(entry.get("id"))
        uri = entry.get("override_callback_uri")
        if entry_app == app_id and isinstance(uri, str) and uri.strip():
            return uri.strip()
    return None


async def phone_webhook_configuration(
    client: GraphClient, token: str, phone_number_id: str
) -> dict[str, str]:
    """``GET /{phone-number-id}?fields=webhook_configuration`` (§19.8).

    Meta answers ``{"webhook_configuration": {"phone_number": …, "whatsapp_business_account":
    …, "application": …}, "id": …}`` with a key only where that level is set; anything
    missing or not a string is left out.
    """
    payload = await client.request(
        "GET",
        phone_number_id,
        token=token,
        params={"fields": "webhook_configuration"},
        endpoint="/{phone-number-id}?fields=webhook_configuration",
    )
    config = payload.get("webhook_configuration")
    if not isinstance(config, dict):
        return {}
    return {k: v.strip() for k, v in config.items() if isinstance(v, str) and v.strip()}


async def set_waba_override(
    client: GraphClient, token: str, waba_id: str, callback_url: str, verify_token: str
) -> None:
    """Point the WABA's override at ``callback_url`` (Meta verifies it with the handshake).

    Meta refuses with ``(#100) Before override the current callback uri…`` when the app is
    not subscribed to the WABA yet (§19.8).
    """
    await client.request(
        "POST",
        f"{waba_id}/subscribed_apps",
        token=token,
        json_body={"override_callback_uri": callback_url, "verify_token": verify_token},
        endpoint="/{waba-id}/subscribed_apps",
    )


async def set_phone_override(
    client: GraphClient, token: str, phone_number_id: str, callback_url: str, verify_token: str
) -> None:
    """Point the phone number's override at ``callback_url`` (``POST /{phone-number-id}``)."""
    await client.request(
        "POST",
        phone_number_id,
        token=token,
        json_body={
            "webhook_configuration": {
                "override_callback_uri": callback_url,
                "verify_token": verify_token,
            }
        },
        endpoint="/{phone-number-id}",
    )
