"""Checks about the app credentials and the access token."""

from __future__ import annotations

from wizard.core import actions
from wizard.core.checks.base import (
    CheckContext,
    CheckResult,
    from_error,
    key_name,
    link_context,
    result,
)
from wizard.core.graph import tokens
from wizard.core.graph.errors import GraphError
from wizard.core.graph.tokens import TokenInfo
from wizard.core.redact import register_secret
from wizard.core.timefmt import DAY, when

MESSAGING = "whatsapp_business_messaging"
MANAGEMENT = "whatsapp_business_management"
SYSTEM_USER_FIX = (
    "Make a never-expiring system-user token: Business Settings › Users › System users › "
    "Add (Admin), assign it this app and your WhatsApp account, Generate token with "
    f"{MESSAGING}, {MANAGEMENT} and business_management, expiry Never. Meta shows the token "
    "only once: copy it at once, then check and store it with the wizard."
)


def token_kind(info: TokenInfo) -> str:
    return {
        "SYSTEM_USER": "system-user token",
        "USER": "user token",
        "APP": "app token",
        "PAGE": "page token",
    }.get(info.type or "", "token")


async def app_credentials(ctx: CheckContext) -> CheckResult:
    """The app secret is right when Meta hands out an app token for it."""
    cid = "app_credentials"
    app_id, secret = ctx.values.app_id, ctx.values.app_secret
    if not app_id:
        return result(
            cid,
            "warn",
            f"{key_name(ctx, 'app_id')} is not set.",
            "Add the App ID (App Dashboard › App settings › Basic) to the env file, "
            "or enter it in the wizard.",
            action=actions.SETUP,
        )
    if not secret:
        return result(
            cid,
            "skip",
            f"{key_name(ctx, 'app_secret')} is not set; the secret is optional, but "
            "exchange, the webhook checks and 'Require App Secret' apps need it.",
        )
    try:
        token = await tokens.app_access_token(ctx.client, app_id=app_id, app_secret=secret)
    except GraphError as error:
        if error.code in (1, 101) and error.kind == "api":
            return result(
                cid,
                "fail",
                f"Meta rejected the App ID / App secret pair ({error.message.rstrip('.')}).",
                f"Copy both again from App Dashboard › App settings › Basic (App secret › "
                f"Show) into {key_name(ctx, 'app_id')} and {key_name(ctx, 'app_secret')}; "
                "check they come from the same app.",
                {"error": error.to_dict()},
            )
        return from_error(cid, ctx, error, "getting an app token")
    register_secret(token)
    ctx.facts["app_token"] = token
    return result(cid, "pass", f"app {app_id}: the App secret is accepted", data={"app_id": app_id})


def _is_app_mismatch(error: GraphError) -> bool:
    return error.code == 100 and "did not match the viewing app" in error.message.lower()


async def _inspect(ctx: CheckContext, token: str) -> TokenInfo:
    values = ctx.values
    try:
        return await tokens.debug_token(
            ctx.client, token, app_id=values.app_id, app_secret=values.app_secret
        )
    except GraphError as error:
        if not (_is_app_mismatch(error) and values.app_id and values.app_secret):
            raise
    # A token of another app: let it inspect itself, without a proof of our secret.
    ctx.facts["token_other_app"] = True
    from dataclasses import replace

    bare = replace(ctx.client, app_secret=None, calls=0)
    info = await tokens.debug_token(bare, token, app_id=None, app_secret=None)
    ctx.client.calls += bare.calls
    return info


async def token_valid(ctx: CheckContext) -> CheckResult:
    """debug_token says the token is valid (an invalid one is reported inside ``data``)."""
    cid = "token_valid"
    token = ctx.values.access_token
    key = key_name(ctx, "access_token")
    if not token:
        return result(
            cid,
            "fail",
            f"{key} is not set.",
            "Get an access token and store it with the wizard.",
            action=actions.SETUP,
        )
    try:
        info = await _inspect(ctx, token)
    except GraphError as error:
        return from_error(cid, ctx, error, "inspecting the token")
    ctx.facts["token_info"] = info
    data = {
        "type": info.type,
        "app_id": info.app_id,
        "application": info.application,
        "expires_at": info.expires_at,
        "data_access_expires_at": info.data_access_expires_at,
        "scopes": list(info.scopes),
        "user_id": info.user_id,
    }
    if info.is_valid:
        app = f" for {info.application}" if info.application else ""
        return result(cid, "pass", f"valid {token_kind(info)}{app}", data=data)
    code = info.error_code
    if code is not None:
        from wizard.core.cards.lookup import card_for_code

        card = card_for_code(code, info.error_subcode, link_context(ctx))
    else:
        card = None
    sub = f"/{info.error_subcode}" if info.error_subcode else ""
    why = info.error_message or "Meta says this token is not valid"
    detail = f"Meta rejected this token ({code}{sub}): {why}" if code else why
    expired = info.error_subcode == 463 or (
        bool(info.expires_at) and (info.expires_at or 0) < ctx.now
    )
    action = None
    if expired:
        fix = "It expired. " + SYSTEM_USER_FIX
    elif card is not None:
        fix, action = card.fix, card.action
    else:
        fix = f"Generate a new token and store it in {key} (the wizard checks it). "
        fix += SYSTEM_USER_FIX
    return result(cid, "fail", detail.rstrip(), fix, data, action)


async def token_app(ctx: CheckContext) -> CheckResult:
    cid = "token_app"
    info: TokenInfo = ctx.facts["token_info"]
    app_id = ctx.values.app_id
    if not app_id:
        return result(cid, "skip", f"{key_name(ctx, 'app_id')} is not set.")
    if info.app_id and info.app_id != app_id:
        name = f" ({info.application})" if info.application else ""
        return result(
            cid,
            "fail",
            f"The token belongs to app {info.app_id}{name}, not to {app_id}.",
            "Generate the token for the right app (pick it in the app dropdown of API Setup "
            f"or of the system-user Generate token dialog), or correct {key_name(ctx, 'app_id')}.",
            {"token_app_id": info.app_id, "app_id": app_id},
        )
    if ctx.facts.get("token_other_app"):
        return result(
            cid,
            "fail",
            f"Meta says the token was issued for a different app than {app_id}.",
            f"Generate the token for app {app_id}, or correct {key_name(ctx, 'app_id')}.",
        )
    return result(cid, "pass", f"issued for app {app_id}", data={"app_id": app_id})


async def token_expiry(ctx: CheckContext) -> CheckResult:
    """Never / far / soon / short-lived / expired, by token type."""
    cid = "token_expiry"
    info: TokenInfo | None = ctx.facts.get("token_info")
    if info is None:
        return result(cid, "skip", "The token could not be inspected.")
    exp, now = info.expires_at, ctx.now
    data = {
        "type": info.type,
        "expires_at": exp,
        "data_access_expires_at": info.data_access_expires_at,
    }
    kind = token_kind(info)
    expired = info.error_subcode == 463 or (exp is not None and exp != 0 and exp <= now)
    if expired:
        at = f" on {when(exp, now)}" if exp else ""
        return result(
            cid,
            "fail",
            f"The {kind} expired{at}.",
            "Tokens from API Setup last about a day. " + SYSTEM_USER_FIX,
            data,
        )
    if not info.is_valid:
        return result(cid, "skip", "The token is not valid (see Access token).", data=data)
    if exp == 0:
        lapsed = info.data_access_expires_at
        if lapsed and lapsed <= now:
            return result(
                cid,
                "warn",
                f"The {kind} never expires, but its data access lapsed {when(lapsed, now)}.",
                "Re-authorise the app (log in again) or use a system-user token.",
                data,
            )
        return result(cid, "pass", f"{kind}, never expires", data=data)
    if exp is None:
        if info.type == "APP":
            return result(cid, "pass", "app token, does not expire", data=data)
        return result(
            cid, "warn", f"Meta did not say when this {kind} expires.", SYSTEM_USER_FIX, data
        )
    left = exp - now
    if left < DAY and info.type != "SYSTEM_USER":
        return result(
            cid,
            "warn",
            f"A short-lived {kind}: expires {when(exp, now)}.",
            "Exchange it for a 60-day token, or, for production, "
            + SYSTEM_USER_FIX[0].lower()
            + SYSTEM_USER_FIX[1:],
            data,
            actions.EXCHANGE_TOKEN,
        )
    if left < ctx.warn_days * DAY:
        if info.type == "SYSTEM_USER":
            fix, action = "Refresh it for 60 more days.", actions.REFRESH_SYSTEM_USER_TOKEN
        else:
            fix = (
                "Exchange it for a fresh 60-day token, or "
                + SYSTEM_USER_FIX[0].lower()
                + SYSTEM_USER_FIX[1:]
            )
            action = actions.EXCHANGE_TOKEN
        return result(cid, "warn", f"The {kind} expires {when(exp, now)}.", fix, data, action)
    return result(cid, "pass", f"{kind}, expires {when(exp, now)}", data=data)


async def permissions(ctx: CheckContext) -> CheckResult:
    cid = "permissions"
    info: TokenInfo = ctx.facts["token_info"]
    scopes = set(info.scopes) | {name for name, _ in info.granular_scopes}
    missing = [s for s in (MESSAGING, MANAGEMENT) if s not in scopes]
    data = {"scopes": sorted(scopes), "missing": missing}
    if missing:
        names = " and ".join(missing)
        return result(
            cid,
            "fail",
            f"The token lacks {names}.",
            f"Generate a new token with {MESSAGING} and {MANAGEMENT} (and business_management) "
            "ticked, then store it with wa-wizard. A token is a snapshot: adding a permission "
            "later does not change an existing token.",
            data,
        )
    shown = ", ".join(s for s in (MESSAGING, MANAGEMENT, "business_management") if s in scopes)
    return result(cid, "pass", shown, data=data)
