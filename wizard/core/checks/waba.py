"""Checks about the WhatsApp Business Account: which one, and its hello_world template.

``waba`` finds the accounts the token reaches (granular scopes, then owned, then
assigned) and settles ``facts["waba_id"]`` for the checks that need it.
"""

from __future__ import annotations

from typing import Any

from wizard.core import actions
from wizard.core.checks.base import CheckContext, CheckResult, from_error, key_name, result
from wizard.core.checks.discovery import Reach, discover_wabas, numbers_of
from wizard.core.graph import account
from wizard.core.graph.errors import GraphError
from wizard.core.graph.tokens import TokenInfo


async def _discover(ctx: CheckContext, info: TokenInfo, token: str) -> Reach:
    """WABAs the token reaches (core.discovery, as the wizard's phone step sees them)."""
    reach = await discover_wabas(ctx.client, token, info)
    if reach.business_id:
        ctx.facts.setdefault("business_id", reach.business_id)
    return reach


async def _holder_of_phone(
    ctx: CheckContext, token: str, wabas: list[str], notes: list[str]
) -> str | None:
    """The one reachable WABA that lists the configured phone number ID, if any."""
    phone_id = ctx.values.phone_number_id
    if not phone_id or len(wabas) < 2:
        return None
    numbers = await numbers_of(ctx.client, token, wabas)
    notes += numbers.notes
    holders = list(dict.fromkeys(w for w, n in numbers.found if str(n.get("id")) == phone_id))
    return holders[0] if len(holders) == 1 else None


async def waba(ctx: CheckContext) -> CheckResult:
    cid = "waba"
    info: TokenInfo = ctx.facts["token_info"]
    token = ctx.values.access_token or ""
    wanted = ctx.values.waba_id
    key = key_name(ctx, "waba_id")
    reach = await _discover(ctx, info, token)
    reachable = reach.wabas
    notes = list(reach.notes)
    data: dict[str, Any] = {"reachable": reachable, "notes": notes}
    if not wanted:
        if len(reachable) == 1:
            ctx.facts["waba_id"] = reachable[0]
            data["id"] = reachable[0]
            return result(
                cid,
                "warn",
                f"{key} is not set; the token reaches WhatsApp account {reachable[0]}.",
                f"Add {key}={reachable[0]} to the env file, or pick it in the wizard.",
                data,
                actions.SETUP,
            )
        holder = await _holder_of_phone(ctx, token, reachable, notes)
        if holder:
            ctx.facts["waba_id"] = holder
            data["id"] = holder
            return result(
                cid,
                "warn",
                f"{key} is not set; phone number ID {ctx.values.phone_number_id} belongs to "
                f"WhatsApp account {holder} (the token reaches {len(reachable)}).",
                f"Add {key}={holder} to the env file, or pick it in the wizard.",
                data,
                actions.SETUP,
            )
        if reachable:
            return result(
                cid,
                "fail",
                f"{key} is not set; the token reaches {len(reachable)} WhatsApp accounts: "
                + ", ".join(reachable),
                f"Add the one you use as {key} in the env file, or pick it in the wizard.",
                data,
                actions.SETUP,
            )
        return result(
            cid,
            "fail",
            f"{key} is not set and the token reaches no WhatsApp account.",
            "Assign the WhatsApp account to the system user (Business Settings › System users "
            "› Assign assets › full control), generate a new token, and store it with the "
            "wizard.",
            data,
            actions.SETUP,
        )
    if reachable and wanted not in reachable and not reach.capped:
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
        details = await account.waba(ctx.client, token, wanted)
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
    if wanted not in reachable and reach.capped:
        return result(
            cid,
            "warn",
            f"{label} · not among the WhatsApp accounts listed before the page cap",
            " ".join(notes) + " The account answers, so the token reaches it.",
            data,
        )
    return result(cid, "pass", label, data=data)


async def template(ctx: CheckContext) -> CheckResult:
    cid = "template"
    token = ctx.values.access_token or ""
    waba_id: str = ctx.facts["waba_id"]
    try:
        listing = await account.message_templates(ctx.client, token, waba_id, name="hello_world")
    except GraphError as error:
        return from_error(cid, ctx, error, "listing the templates")
    found = listing.items
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
        "Send with the exact language and an APPROVED status (error 132001 otherwise).",
        data,
        actions.SEND_TEST.with_command(
            "wa-wizard send-test --to <number> --template hello_world --language <code>"
        ),
    )
