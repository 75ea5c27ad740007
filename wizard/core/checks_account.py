"""Checks about the WhatsApp account: WABA, phone number, template, webhook subscription."""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

from wizard.core import api
from wizard.core.api import TokenInfo
from wizard.core.checks_base import CheckContext, CheckResult, from_error, key_name, result
from wizard.core.graph import GraphError

MANAGEMENT = "whatsapp_business_management"
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


async def _discover(ctx: CheckContext, info: TokenInfo, token: str) -> list[str]:
    """WABA ids the token reaches: granular scopes, then owned, then assigned."""
    targets = info.targets(MANAGEMENT)
    if targets:
        return list(targets)
    found: list[str] = []
    try:
        for business in await api.businesses(ctx.client, token):
            if business.get("id"):
                ctx.facts.setdefault("business_id", business["id"])
                for waba in await api.owned_wabas(ctx.client, token, business["id"]):
                    if waba.get("id") and waba["id"] not in found:
                        found.append(waba["id"])
    except GraphError:
        pass  # business_management may be missing; the assigned list may still answer
    if info.user_id:
        try:
            for waba in await api.assigned_wabas(ctx.client, token, info.user_id):
                if waba.get("id") and waba["id"] not in found:
                    found.append(waba["id"])
        except GraphError:
            pass
    return found


async def _holder_of_phone(ctx: CheckContext, token: str, wabas: list[str]) -> str | None:
    """The one reachable WABA that lists the configured phone number ID, if any."""
    phone_id = ctx.values.phone_number_id
    if not phone_id or len(wabas) < 2:
        return None

    async def lists_phone(waba_id: str) -> bool:
        try:
            numbers = await api.phone_numbers(ctx.client, token, waba_id)
        except GraphError:
            return False
        return any(str(number.get("id")) == phone_id for number in numbers)

    found = await asyncio.gather(*(lists_phone(waba_id) for waba_id in wabas))
    holders = [waba_id for waba_id, has in zip(wabas, found, strict=True) if has]
    return holders[0] if len(holders) == 1 else None


async def waba(ctx: CheckContext) -> CheckResult:
    cid = "waba"
    info: TokenInfo = ctx.facts["token_info"]
    token = ctx.values.access_token or ""
    wanted = ctx.values.waba_id
    key = key_name(ctx, "waba_id")
    reachable = await _discover(ctx, info, token)
    data: dict[str, Any] = {"reachable": reachable}
    if not wanted:
        if len(reachable) == 1:
            ctx.facts["waba_id"] = reachable[0]
            data["id"] = reachable[0]
            return result(
                cid,
                "warn",
                f"{key} is not set; the token reaches WhatsApp account {reachable[0]}.",
                f"Add {key}={reachable[0]} to the env file, or run wa-wizard.",
                data,
            )
        holder = await _holder_of_phone(ctx, token, reachable)
        if holder:
            ctx.facts["waba_id"] = holder
            data["id"] = holder
            return result(
                cid,
                "warn",
                f"{key} is not set; phone number ID {ctx.values.phone_number_id} belongs to "
                f"WhatsApp account {holder} (the token reaches {len(reachable)}).",
                f"Add {key}={holder} to the env file, or run wa-wizard.",
                data,
            )
        if reachable:
            return result(
                cid,
                "fail",
                f"{key} is not set; the token reaches {len(reachable)} WhatsApp accounts: "
                + ", ".join(reachable),
                f"Add the one you use as {key} in the env file, or run wa-wizard to pick it.",
                data,
            )
        return result(
            cid,
            "fail",
            f"{key} is not set and the token reaches no WhatsApp account.",
            "Assign the WhatsApp account to the system user (Business Settings › System users "
            "› Assign assets › full control), generate a new token, and run wa-wizard.",
            data,
        )
    if reachable and wanted not in reachable:
        return result(
            cid,
            "fail",
            f"The token cannot reach WhatsApp account {wanted} ({key}); it reaches "
            + ", ".join(reachable)
            + ".",
            f"Correct {key}, or assign WhatsApp account {wanted} to the token's system user "
            "(full control) and generate a new token.",
            data,
        )
    try:
        details = await api.waba(ctx.client, token, wanted)
    except GraphError as error:
        failed = from_error(cid, ctx, error, f"reading WhatsApp account {wanted}")
        if error.code == 100 and error.subcode == 33:
            return result(
                cid,
                "fail",
                f"The token cannot reach WhatsApp account {wanted} ({key}): it does not exist "
                "or the token's user has no access to it.",
                f"Check {key} (App Dashboard › WhatsApp › API Setup shows it), or assign the "
                "account to the system user and generate a new token.",
                {**data, "error": error.to_dict()},
            )
        return failed
    ctx.facts["waba_id"] = wanted
    name = details.get("name")
    data.update(id=wanted, name=name, review=details.get("account_review_status"))
    owner = details.get("owner_business_info")
    if isinstance(owner, dict) and owner.get("id"):
        ctx.facts.setdefault("business_id", str(owner["id"]))
    label = f"{name} ({wanted})" if isinstance(name, str) and name else wanted
    return result(cid, "pass", label, data=data)


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
    if phone_id.isdigit() and phone_id not in (waba_id, ctx.values.waba_id):
        details = asyncio.ensure_future(api.phone_number(ctx.client, token, phone_id, PHONE_FIELDS))
    try:
        numbers = await api.phone_numbers(ctx.client, token, waba_id)
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
            f"Add {key} (the Phone number ID, not the number) or run wa-wizard. {where}".strip(),
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
            phone = await api.phone_number(ctx.client, token, phone_id, PHONE_FIELDS)
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
    test_number = verification == "NOT_VERIFIED" or phone.get("account_mode") == "SANDBOX"
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
        f"Register it for Cloud API: POST /{phone_id}/register with "
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
            f"Verify it again (POST /{phone_id}/request_code, then /verify_code), then register.",
            data,
        )
    if quality == "RED":
        return result(
            cid, "warn", f"{line} · quality RED", "Check quality in WhatsApp Manager.", data
        )
    note = " · test number" if verification == "NOT_VERIFIED" else ""
    return result(cid, "pass", f"{line}{note}", data=data)


async def template(ctx: CheckContext) -> CheckResult:
    cid = "template"
    token = ctx.values.access_token or ""
    waba_id: str = ctx.facts["waba_id"]
    try:
        found = await api.message_templates(ctx.client, token, waba_id, name="hello_world")
    except GraphError as error:
        return from_error(cid, ctx, error, "listing the templates")
    pairs = [(t.get("language"), t.get("status")) for t in found]
    data = {"templates": [{"language": lang, "status": st} for lang, st in pairs]}
    if ("en_US", "APPROVED") in pairs:
        return result(cid, "pass", "hello_world (en_US) approved", data=data)
    if not found:
        return result(
            cid,
            "warn",
            "hello_world is not in this WhatsApp account.",
            "send-test needs an approved template: pass --template NAME --language CODE "
            "with one you have (WhatsApp Manager › Message templates).",
            data,
        )
    seen = ", ".join(f"{lang} {st}" for lang, st in pairs)
    return result(
        cid,
        "warn",
        f"hello_world exists but not approved in en_US ({seen}).",
        "Send with the exact language and an APPROVED status (error 132001 otherwise): "
        "wa-wizard send-test --template hello_world --language <code>.",
        data,
    )
