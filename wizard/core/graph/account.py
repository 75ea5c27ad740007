"""Typed Graph calls about the WhatsApp account: businesses, WABAs, phone numbers,
and templates (sending lives in :mod:`wizard.core.graph.messages`).

Same rules as :mod:`wizard.core.graph.tokens`: a :class:`GraphClient` first, :class:`GraphError`
on failure, tolerant parsing, and path templates (never ids) as error endpoints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wizard.core.graph.client import GraphClient
from wizard.core.graph.parse import data_list, normalize_ids


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
