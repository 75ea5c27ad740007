"""The phone number check: the configured Phone number ID, in the WABA, able to send.

Catches the usual mix-ups (a phone number or the WABA id in the phone id field, an
id from another account) before asking for the number's status, quality and limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

from wizard.core import actions
from wizard.core.checks.base import CheckContext, CheckResult, from_error, key_name, result
from wizard.core.checks.phone_facts import limit_field, limit_tier, number_kind
from wizard.core.checks.phone_verdict import judge_phone, limit_text
from wizard.core.graph import account
from wizard.core.graph.errors import GraphError
from wizard.core.graph.paging import Listing

PHONE_FIELDS = (
    "id",
    "display_phone_number",
    "verified_name",
    "status",
    "code_verification_status",
    "quality_rating",
    "platform_type",
    "account_mode",
    "name_status",
    "health_status",
)
"""Asked of every version; the messaging-limit field is added per version (phone_fields)."""


SHOWN = 10
"""Numbers named in a fix text; an account with hundreds would drown the fix."""


def phone_fields(version: str) -> tuple[str, ...]:
    """:data:`PHONE_FIELDS` plus the messaging-limit field ``version`` knows (§19.3)."""
    return (*PHONE_FIELDS, limit_field(version))


def _looks_like_phone(value: str) -> bool:
    return value.strip().startswith("+") or bool(re.search(r"[\s\-()]", value.strip()))


def _digits(value: object) -> str:
    return re.sub(r"\D", "", value) if isinstance(value, str) else ""


async def phone_number(ctx: CheckContext) -> CheckResult:
    cid = "phone_number"
    token = ctx.values.access_token or ""
    waba_id: str = ctx.facts["waba_id"]
    phone_id = (ctx.values.phone_number_id or "").strip()
    # Ask for the list and the number's details at once: one round trip, not two.
    details: asyncio.Task[dict[str, Any]] | None = None
    if phone_id.isascii() and phone_id.isdigit() and phone_id not in (waba_id, ctx.values.waba_id):
        details = asyncio.ensure_future(
            account.phone_number(ctx.client, token, phone_id, _fields(ctx))
        )
    try:
        listing = await account.phone_numbers(ctx.client, token, waba_id)
    except GraphError as error:
        await _discard(details)
        return from_error(cid, ctx, error, "listing the phone numbers")
    return await _phone_verdict(ctx, phone_id, waba_id, listing, details)


def _fields(ctx: CheckContext) -> tuple[str, ...]:
    return phone_fields(ctx.client.version)


async def _discard(task: asyncio.Task[dict[str, Any]] | None) -> None:
    if task is not None:
        with contextlib.suppress(GraphError):
            await task


async def _phone_verdict(
    ctx: CheckContext,
    phone_id: str,
    waba_id: str,
    listing: Listing,
    details: asyncio.Task[dict[str, Any]] | None,
) -> CheckResult:
    cid = "phone_number"
    key = key_name(ctx, "phone_number_id")
    token = ctx.values.access_token or ""
    numbers = listing.items
    if listing.capped and phone_id not in {n.get("id") for n in numbers} and details:
        # Not among the numbers read before the page cap: ask the number itself rather
        # than call it foreign (it may simply be further down the list).
        return await _beyond_the_cap(ctx, phone_id, listing, details)
    if details is not None and phone_id not in {n.get("id") for n in numbers}:
        await _discard(details)
        details = None
    shown = ", ".join(f"{n.get('display_phone_number')} → {n.get('id')}" for n in numbers[:SHOWN])
    more = f" and {len(numbers) - SHOWN} more" if len(numbers) > SHOWN else ""
    where = f"Phone number IDs of this account: {shown}{more}." if numbers else ""
    if not phone_id:
        return result(
            cid,
            "warn" if len(numbers) == 1 else "fail",
            f"{key} is not set.",
            f"Add {key} (the Phone number ID, not the number), or pick it in the wizard. "
            f"{where}".strip(),
            {"numbers": [str(n.get("id")) for n in numbers if n.get("id")]},
            actions.SETUP,
        )
    by_phone = [
        n
        for n in numbers
        if _digits(phone_id) and _digits(n.get("display_phone_number")) == _digits(phone_id)
    ]
    if _looks_like_phone(phone_id) or by_phone:
        match = f" Its Phone number ID is {by_phone[0]['id']}." if by_phone else ""
        return result(
            cid,
            "fail",
            f"{key} holds a phone number ({phone_id}), not a Phone number ID.{match}",
            "The Phone number ID is the 15-17 digit id shown under the From dropdown in "
            f"App Dashboard › WhatsApp › API Setup; put that in {key}. {where}".strip(),
        )
    if phone_id == waba_id or phone_id == ctx.values.waba_id:
        return result(
            cid,
            "fail",
            f"{key} holds the WhatsApp Business Account ID ({phone_id}), not a Phone number ID.",
            f"Put the Phone number ID in {key}; the account id belongs in "
            f"{key_name(ctx, 'waba_id')}. {where}".strip(),
        )
    if phone_id not in {n.get("id") for n in numbers}:
        return result(
            cid,
            "fail",
            f"Phone number ID {phone_id} does not belong to WhatsApp account {waba_id}.",
            f"Use a Phone number ID of this account in {key}, or correct "
            f"{key_name(ctx, 'waba_id')} (a phone id from one account with the id of another "
            f"sends from the wrong account). {where}".strip(),
        )
    try:
        if details is not None:
            phone = await details
        else:
            phone = await account.phone_number(ctx.client, token, phone_id, _fields(ctx))
    except GraphError as error:
        return from_error(cid, ctx, error, "reading the phone number")
    return _judge_phone(ctx, phone_id, phone)


async def _beyond_the_cap(
    ctx: CheckContext, phone_id: str, listing: Listing, details: asyncio.Task[dict[str, Any]]
) -> CheckResult:
    try:
        phone = await details
    except GraphError as error:
        return from_error("phone_number", ctx, error, "reading the phone number")
    judged = _judge_phone(ctx, phone_id, phone)
    note = listing.note() or ""
    if judged.status == "pass":
        return result(
            judged.id,
            "warn",
            f"{judged.detail} · not checked against the WABA's list",
            f"{note} Check that this number belongs to the configured WhatsApp account "
            "in WhatsApp Manager.".strip(),
            judged.data,
        )
    return judged


def _judge_phone(ctx: CheckContext, phone_id: str, phone: dict[str, Any]) -> CheckResult:
    """The shared verdict (:func:`judge_phone`) as doctor's check result."""
    verdict = judge_phone(phone_id, phone)
    data = {
        "id": phone_id,
        "display_phone_number": phone.get("display_phone_number") or phone_id,
        "verified_name": phone.get("verified_name"),
        "status": phone.get("status"),
        "quality_rating": phone.get("quality_rating"),
        "messaging_limit": limit_text(limit_tier(phone)),
        "platform_type": phone.get("platform_type"),
        "code_verification_status": phone.get("code_verification_status"),
        "account_mode": phone.get("account_mode"),
        "number_kind": number_kind(phone),
        "test_number": {"test": True, "live": False}.get(number_kind(phone)),
        "health_status": phone.get("health_status"),
    }
    ctx.facts["phone"] = data
    return result("phone_number", verdict.level, verdict.text, verdict.fix or "", data)
