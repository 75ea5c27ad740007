"""Typed Graph calls about the WhatsApp account: businesses, WABAs, phone numbers,
and templates (sending lives in :mod:`wizard.core.graph.messages`).

Same rules as :mod:`wizard.core.graph.tokens`: a :class:`GraphClient` first, :class:`GraphError`
on failure, tolerant parsing, and path templates (never ids) as error endpoints. Lists
are read to the end, bounded (:mod:`wizard.core.graph.paging`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from wizard.core.graph.client import GraphClient
from wizard.core.graph.paging import Listing, read_all
from wizard.core.graph.parse import normalize_ids


async def businesses(client: GraphClient, token: str) -> Listing:
    return await read_all(client, token, "me/businesses", label="/me/businesses")


async def owned_wabas(client: GraphClient, token: str, business_id: str) -> Listing:
    return await read_all(
        client,
        token,
        f"{business_id}/owned_whatsapp_business_accounts",
        label="/{business-id}/owned_whatsapp_business_accounts",
    )


async def client_wabas(client: GraphClient, token: str, business_id: str) -> Listing:
    """WABAs shared with the business by its clients (agencies, tech providers; §19.6)."""
    return await read_all(
        client,
        token,
        f"{business_id}/client_whatsapp_business_accounts",
        label="/{business-id}/client_whatsapp_business_accounts",
    )


async def assigned_wabas(client: GraphClient, token: str, user_id: str) -> Listing:
    return await read_all(
        client,
        token,
        f"{user_id}/assigned_whatsapp_business_accounts",
        label="/{user-id}/assigned_whatsapp_business_accounts",
    )


WABA_FIELDS = "id,name,account_review_status,business_verification_status,owner_business_info"


async def waba(client: GraphClient, token: str, waba_id: str) -> dict[str, Any]:
    payload = await client.request(
        "GET", waba_id, token=token, params={"fields": WABA_FIELDS}, endpoint="/{waba-id}"
    )
    return normalize_ids(payload)


async def phone_numbers(client: GraphClient, token: str, waba_id: str) -> Listing:
    return await read_all(
        client, token, f"{waba_id}/phone_numbers", label="/{waba-id}/phone_numbers"
    )


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
) -> Listing:
    listing = await read_all(
        client,
        token,
        f"{waba_id}/message_templates",
        label="/{waba-id}/message_templates",
        params={"name": name} if name else None,
    )
    if name:  # the filter is a prefix/contains match on Meta's side; keep exact names
        return replace(listing, items=[t for t in listing.items if t.get("name") == name])
    return listing
