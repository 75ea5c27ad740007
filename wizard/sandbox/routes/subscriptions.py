"""Webhook configuration: ``/{app-id}/subscriptions`` and ``/{waba-id}/subscribed_apps``."""

from __future__ import annotations

import secrets
from http import HTTPStatus
from typing import Any

from wizard.sandbox.auth import Principal, require_scope
from wizard.sandbox.context import Ctx
from wizard.sandbox.errors import GraphFault, unsupported
from wizard.sandbox.state import AppSubscription
from wizard.sandbox.world import PhoneNumber

OBJECTS = ("whatsapp_business_account", "application", "page", "user", "permissions")


def _verification_failed(detail: str) -> GraphFault:
    return GraphFault(
        2200, f"(#2200) Callback verification failed with the following errors: {detail}"
    )


async def handshake(url: str, verify_token: str, timeout: float) -> None:
    """Meta's GET verification (§9.1): a numeric challenge must come back exactly, with 200.

    Raises:
        GraphFault: #2200 with Meta's "HTTP Status Code = …" or curl_errno 28 wording.
    """
    import httpx

    if (httpx.URL(url).host or "").endswith(".invalid"):  # made-up hosts are never contacted
        raise _verification_failed(
            "curl_errno = 6; curl_error = Could not resolve host; HTTP Status Code = 0"
        )
    challenge = str(1_000_000_000 + secrets.randbelow(1_000_000_000))
    params = {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token}
    try:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
            response = await client.get(url, params=params)
    except httpx.HTTPError:
        raise _verification_failed(
            "curl_errno = 28; curl_error = Operation timed out; HTTP Status Code = 0"
        ) from None
    status = response.status_code
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    if status != 200:
        raise _verification_failed(f"HTTP Status Code = {status}; HTTP Message = {phrase}")
    received = response.text
    if received != challenge:
        shown = received[:64].replace('"', "'")
        raise _verification_failed(
            f"HTTP Status Code = 200; HTTP Message = OK; The URL couldn't be validated. "
            f'Response does not match challenge, expected value="{challenge}", '
            f'received="{shown}"'
        )


async def app_subscriptions(ctx: Ctx, principal: Principal, app_id: str) -> dict[str, Any]:
    """GET/POST/DELETE ``/{app-id}/subscriptions`` (app token only, else #15)."""
    if principal.kind != "APP":
        raise GraphFault(15, "(#15) This method must be called with an app access_token.")
    if principal.app.id != app_id:
        raise unsupported(ctx.method, app_id)
    subs = ctx.state.app_subscriptions.setdefault(app_id, {})
    if ctx.method == "GET":
        return {
            "data": [
                {
                    "object": sub.object,
                    "callback_url": sub.callback_url,
                    "active": True,
                    "fields": [{"name": f, "version": sub.version} for f in sub.fields],
                }
                for sub in subs.values()
            ]
        }
    if ctx.method == "DELETE":
        obj = ctx.param("object")
        if obj is None:
            subs.clear()
        else:
            subs.pop(obj, None)
        return {"success": True}
    obj = ctx.param("object")
    if obj is None:
        raise GraphFault(100, "(#100) The parameter object is required")
    if obj not in OBJECTS:
        raise GraphFault(100, f"(#100) Param object must be one of {{{', '.join(OBJECTS)}}}")
    callback = ctx.param("callback_url")
    verify_token = ctx.param("verify_token")
    if callback is None or verify_token is None:
        raise GraphFault(
            100, "(#100) callback_url and verify_token are required to subscribe to this object"
        )
    if not callback.startswith(("http://", "https://")):
        raise GraphFault(100, "(#100) Param callback_url must be a valid URL")
    fields = tuple(f.strip() for f in (ctx.param("fields") or "messages").split(",") if f.strip())
    await handshake(callback, verify_token, ctx.rt.handshake_timeout)
    subs[obj] = AppSubscription(obj, callback, verify_token, fields, ctx.version)
    return {"success": True}


def override_first() -> GraphFault:
    """What Meta answers an override for an app not yet subscribed to the WABA (§19.8)."""
    return GraphFault(
        100,
        "(#100) Before override the current callback uri, your app must be subscribed to "
        "receive messages for WhatsApp Business Account",
    )


def _override_param(ctx: Ctx, body: dict[str, Any] | None) -> str | None:
    """The ``override_callback_uri`` asked for: None when absent, "" to remove one.

    Raises:
        GraphFault: 100 for something that is not an http(s) URL (the sandbox's wording).
    """
    raw = (body or {}).get("override_callback_uri")
    if raw is None:
        raw = ctx.param("override_callback_uri") if body is ctx.json else None
    if raw is None:
        return None
    uri = str(raw).strip()
    if uri and not uri.startswith(("http://", "https://")):
        raise GraphFault(100, "(#100) Param override_callback_uri must be a valid URL")
    return uri


async def subscribed_apps(ctx: Ctx, principal: Principal, waba_id: str) -> dict[str, Any]:
    """GET/POST/DELETE ``/{waba-id}/subscribed_apps`` (§9.6, §19.8).

    A POST with ``override_callback_uri`` needs the app subscribed already (else Meta's
    "Before override…" #100) and passes the GET handshake; a plain POST subscribes and
    keeps an override already set (whether Meta clears it then is UNCONFIRMED).
    """
    require_scope(principal, "whatsapp_business_management")
    apps = ctx.state.waba_subscribed_apps.setdefault(waba_id, {})
    if ctx.method == "POST":
        override = _override_param(ctx, ctx.json)
        if override is None:
            apps.setdefault(principal.app.id, None)
            return {"success": True}
        if principal.app.id not in apps:
            raise override_first()
        if override:
            await handshake(override, ctx.param("verify_token") or "", ctx.rt.handshake_timeout)
        apps[principal.app.id] = override or None
        return {"success": True}
    if ctx.method == "DELETE":
        apps.pop(principal.app.id, None)
        return {"success": True}
    data: list[dict[str, Any]] = []
    for app_id, override in apps.items():
        app = ctx.world.app_by_id(app_id)
        name = app.name if app else "App"
        entry: dict[str, Any] = {
            "whatsapp_business_api_data": {
                "id": app_id,
                "name": name,
                "link": f"https://www.facebook.com/games/?app_id={app_id}",
            }
        }
        if override:
            entry["override_callback_uri"] = override
        data.append(entry)
    return {"data": data}


def webhook_configuration(ctx: Ctx, phone: PhoneNumber) -> dict[str, str]:
    """The phone node's ``webhook_configuration``: each level's URL, only where set (§19.8)."""
    app_id = ctx.world.app.id
    config: dict[str, str] = {}
    if phone.id in ctx.state.phone_overrides:
        config["phone_number"] = ctx.state.phone_overrides[phone.id]
    waba = ctx.state.waba_subscribed_apps.get(phone.waba_id, {}).get(app_id)
    if waba:
        config["whatsapp_business_account"] = waba
    sub = ctx.state.app_subscriptions.get(app_id, {}).get("whatsapp_business_account")
    if sub is not None:
        config["application"] = sub.callback_url
    return config


async def phone_override(ctx: Ctx, principal: Principal, phone: PhoneNumber) -> dict[str, Any]:
    """``POST /{phone-number-id}`` with ``webhook_configuration.override_callback_uri``."""
    require_scope(principal, "whatsapp_business_management")
    body = (ctx.json or {}).get("webhook_configuration")
    if not isinstance(body, dict):
        return {"success": True}  # other phone settings: accepted, not modelled
    override = _override_param(ctx, body) or ""
    if principal.app.id not in ctx.state.waba_subscribed_apps.get(phone.waba_id, {}):
        raise override_first()
    if override:
        verify = str(body.get("verify_token") or "")
        await handshake(override, verify, ctx.rt.handshake_timeout)
        ctx.state.phone_overrides[phone.id] = override
    else:
        ctx.state.phone_overrides.pop(phone.id, None)
    return {"success": True}
