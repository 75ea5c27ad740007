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
from wizard.core.checks.phone_facts import is_test_number
from wizard.core.graph import account
from wizard.core.graph.errors import GraphError

PHONE_FIELDS = (
    "id",
    "display_phone_number",
    "verified_name",
    "status",
    "code_verification_status",
    "quality_rating",
    "platform_type",
    "whatsapp_business_manager_messaging_limit",
    "account_mode",
    "name_status",
)
LIMITS = {
    "TIER_50": "50/day",
    "TIER_250": "250/day",
    "TIER_1K": "1,000/day",
    "TIER_2K": "2,000/day",
    "TIER_10K": "10,000/day",
    "TIER_100K": "100,000/day",
    "TIER_UNLIMITED": "unlimited",
}


def limit_text(tier: object) -> str | None:
    """``TIER_250`` -> ``250/day``; unknown tiers are shown as they are."""
    if not isinstance(tier, str) or not tier:
        return None
    return LIMITS.get(tier, tier)


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
            account.phone_number(ctx.client, token, phone_id, PHONE_FIELDS)
        )
    try:
        numbers = await account.phone_numbers(ctx.client, token, waba_id)
    except GraphError as error:
        await _discard(details)
        return from_error(cid, ctx, error, "listing the phone numbers")
    return await _phone_verdict(ctx, phone_id, waba_id, numbers, details)


async def _discard(task: asyncio.Task[dict[str, Any]] | None) -> None:
    if task is not None:
        with contextlib.suppress(GraphError):
            await task


async def _phone_verdict(
    ctx: CheckContext,
    phone_id: str,
    waba_id: str,
    numbers: list[dict[str, Any]],
    details: asyncio.Task[dict[str, Any]] | None,
) -> CheckResult:
    cid = "phone_number"
    key = key_name(ctx, "phone_number_id")
    token = ctx.values.access_token or ""
    if details is not None and phone_id not in {n.get("id") for n in numbers}:
        await _discard(details)
        details = None
    listing = ", ".join(f"{n.get('display_phone_number')} → {n.get('id')}" for n in numbers)
    where = f"Phone number IDs of this account: {listing}." if numbers else ""
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
            phone = await account.phone_number(ctx.client, token, phone_id, PHONE_FIELDS)
    except GraphError as error:
        return from_error(cid, ctx, error, "reading the phone number")
    return _judge_phone(ctx, phone_id, phone)


def _judge_phone(ctx: CheckContext, phone_id: str, phone: dict[str, Any]) -> CheckResult:
    cid = "phone_number"
    display = phone.get("display_phone_number") or phone_id
    status = phone.get("status")
    quality = phone.get("quality_rating")
    limit = limit_text(phone.get("whatsapp_business_manager_messaging_limit"))
    platform = phone.get("platform_type")
    verification = phone.get("code_verification_status")
    test_number = is_test_number(phone)
    data = {
        "id": phone_id,
        "display_phone_number": display,
        "verified_name": phone.get("verified_name"),
        "status": status,
        "quality_rating": quality,
        "messaging_limit": limit,
        "platform_type": platform,
        "code_verification_status": verification,
        "account_mode": phone.get("account_mode"),
        "test_number": test_number,
    }
    ctx.facts["phone"] = data
    line = " · ".join(str(p) for p in (display, status, quality, limit) if p)
    register = (
        "Register it for Cloud API: run wa-wizard register (a code by SMS or voice call, then "
        f"the two-step PIN), or POST /{phone_id}/register with "
        '{"messaging_product":"whatsapp","pin":"<6-digit PIN>"} (WhatsApp Manager › Phone '
        "numbers shows its state)."
    )
    if platform == "NOT_APPLICABLE":
        return result(cid, "fail", f"{line} · not registered for Cloud API", register, data)
    if status and status != "CONNECTED":
        return result(cid, "fail", f"{line} · must be CONNECTED to send", register, data)
    if verification == "EXPIRED":
        return result(
            cid,
            "warn",
            f"{line} · code verification expired",
            "Verify it again and register: wa-wizard register (or POST "
            f"/{phone_id}/request_code, then /verify_code, then /register).",
            data,
        )
    if quality == "RED":
        return result(
            cid, "warn", f"{line} · quality RED", "Check quality in WhatsApp Manager.", data
        )
    note = " · test number" if verification == "NOT_VERIFIED" else ""
    return result(cid, "pass", f"{line}{note}", data=data)
