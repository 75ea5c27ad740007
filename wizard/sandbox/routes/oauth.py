"""Core Graph endpoints: oauth, debug_token, /me, business portfolio edges."""

from __future__ import annotations

import hmac
import string
from dataclasses import replace
from typing import Any

from wizard.sandbox.auth import (
    Principal,
    app_principal,
    authenticate,
    require_scope,
    require_user,
    token_problem,
)
from wizard.sandbox.context import Ctx, paged, select_fields
from wizard.sandbox.errors import GraphFault, cannot_parse_token
from wizard.sandbox.routes import login
from wizard.sandbox.world import DAY, App, TokenSpec

LONG_LIVED_EXPIRES_IN = 5183944
"""Meta's sample ``expires_in`` for a long-lived user token (about 59.99 days)."""


def _client_app(ctx: Ctx) -> App:
    client_id = ctx.param("client_id")
    if client_id is None:
        raise GraphFault(101, "Missing client_id parameter.")
    app = ctx.world.app_by_id(client_id)
    if app is None:
        raise GraphFault(101, "Invalid Client ID")
    secret = ctx.param("client_secret") or ""
    if not hmac.compare_digest(secret, app.secret):
        raise GraphFault(1, "Error validating client secret.")
    return app


def access_token(ctx: Ctx) -> dict[str, Any]:
    """``/oauth/access_token``: fb_exchange_token and client_credentials (§2, §3)."""
    app = _client_app(ctx)
    grant = ctx.param("grant_type")
    if grant is None and ctx.param("code") is not None:
        return login.exchange_code(ctx, app)  # Facebook Login's code (§19.13)
    if grant == "client_credentials":
        return {"access_token": app.app_token, "token_type": "bearer"}
    if grant != "fb_exchange_token":
        raise GraphFault(
            100, "(#100) grant_type must be one of fb_exchange_token, client_credentials"
        )
    old = ctx.param("fb_exchange_token")
    if old is None:
        raise GraphFault(100, "(#100) The parameter fb_exchange_token is required")
    spec = ctx.state.lookup(old)
    if spec is None:
        raise cannot_parse_token()
    problem = token_problem(ctx, spec)
    if problem is not None:
        raise problem
    if spec.app_id != app.id:
        raise GraphFault(
            190,
            f"Error validating access token: The token was not issued for application {app.id}.",
            auth="invalid_token",
        )
    now = int(ctx.state.now())
    sixty = (ctx.param("set_token_expires_in_60_days") or "").lower() == "true"
    omit = ctx.world.exchange_omits_expires_in or (spec.type == "SYSTEM_USER" and not sixty)
    expires_at = 0 if omit else now + LONG_LIVED_EXPIRES_IN
    new = replace(
        spec,
        scenario="exchanged",
        description="minted by /oauth/access_token",
        token="EAA" + "".join(ctx.state.rng.choice(string.ascii_letters) for _ in range(177)),
        issued_at=now,
        expires_at=expires_at,
        data_access_expires_at=0 if spec.type == "SYSTEM_USER" else now + 90 * DAY,
    )
    ctx.state.issued[new.token] = new
    body: dict[str, Any] = {"access_token": new.token, "token_type": "bearer"}
    if not omit:
        body["expires_in"] = LONG_LIVED_EXPIRES_IN
    return body


def revoke(ctx: Ctx) -> dict[str, Any]:
    """``/oauth/revoke`` (UNCONFIRMED answer ``{"success": true}``)."""
    _client_app(ctx)
    token = ctx.param("revoke_token")
    if token is None:
        raise GraphFault(100, "(#100) The parameter revoke_token is required")
    if ctx.state.lookup(token) is None:
        raise cannot_parse_token()
    ctx.state.revoked.add(token)
    return {"success": True}


def _token_data(spec: TokenSpec, app: App) -> dict[str, Any]:
    data: dict[str, Any] = {
        "app_id": spec.app_id,
        "type": spec.type,
        "application": app.name,
        "data_access_expires_at": spec.data_access_expires_at,
        "expires_at": spec.expires_at,
        "is_valid": True,
    }
    if spec.issued_at is not None:
        data["issued_at"] = spec.issued_at
    data["scopes"] = list(spec.scopes)
    granular: list[dict[str, Any]] = []
    for scope, targets in spec.granular_scopes:
        entry: dict[str, Any] = {"scope": scope}
        if targets is not None:
            entry["target_ids"] = list(targets)
        granular.append(entry)
    data["granular_scopes"] = granular
    data["user_id"] = spec.user_id
    return data


def debug_token(ctx: Ctx) -> dict[str, Any]:
    """``/debug_token`` (§4): invalid *input* tokens are reported inside ``data``."""
    viewer = authenticate(ctx)
    input_token = ctx.param("input_token")
    if input_token is None:
        raise GraphFault(100, "The parameter input_token is required")
    if "|" in input_token:
        app_view = app_principal(ctx, input_token)
        if app_view is None:
            return {"data": _invalid(cannot_parse_token())}
        _same_app(viewer, app_view.app.id)
        app = app_view.app
        return {
            "data": {"app_id": app.id, "type": "APP", "application": app.name,
                     "is_valid": True, "scopes": []}
        }  # fmt: skip
    spec = ctx.state.lookup(input_token)
    if spec is None:
        return {"data": _invalid(cannot_parse_token())}
    _same_app(viewer, spec.app_id)
    owner = ctx.world.app_by_id(spec.app_id)
    assert owner is not None
    data = _token_data(spec, owner)
    problem = token_problem(ctx, spec)
    if problem is not None:
        data.update(is_valid=False, scopes=[], error=_invalid(problem)["error"])
        data.pop("granular_scopes", None)
    return {"data": data}


def _invalid(problem: GraphFault) -> dict[str, Any]:
    error: dict[str, Any] = {"code": problem.code, "message": problem.message}
    if problem.subcode is not None:
        error["subcode"] = problem.subcode
    return {"error": error, "is_valid": False, "scopes": []}


def _same_app(viewer: Principal, app_id: str) -> None:
    if viewer.app.id != app_id:
        raise GraphFault(100, "(#100) The App_id in the input_token did not match the Viewing App")


def user_node(ctx: Ctx, principal: Principal, user_id: str) -> dict[str, Any]:
    """``/me`` or ``/{user-id}`` with ``fields=id,name``."""
    require_user(principal)
    name = ctx.world.system_user_name if user_id == ctx.world.system_user_id else None
    full = {"id": user_id, "name": name or ctx.world.user_name}
    return select_fields(full, ctx, ["name"], "User")


def permissions(principal: Principal) -> dict[str, Any]:
    require_user(principal)
    return {"data": [{"permission": s, "status": "granted"} for s in principal.scopes]}


def businesses(ctx: Ctx, principal: Principal) -> dict[str, Any]:
    require_user(principal)
    require_scope(principal, "business_management")
    return paged(ctx, [{"id": ctx.world.business_id, "name": ctx.world.business_name}])


def waba_summary(ctx: Ctx, waba_id: str) -> dict[str, Any]:
    waba = next(w for w in ctx.world.wabas if w.id == waba_id)
    return {
        "id": waba.id,
        "name": waba.name,
        "currency": "USD",
        "timezone_id": "1",
        "message_template_namespace": waba.namespace,
    }


def business_edge(ctx: Ctx, principal: Principal, edge: str) -> dict[str, Any]:
    """``owned_`` / ``client_whatsapp_business_accounts`` of the practice business.

    Shared (client) WABAs are listed only under ``client_`` (graph-api.md §19.6).
    """
    require_scope(principal, "business_management")
    shared = edge == "client_whatsapp_business_accounts"
    return paged(ctx, [waba_summary(ctx, w.id) for w in ctx.world.wabas if w.shared == shared])


def assigned_wabas(ctx: Ctx, principal: Principal) -> dict[str, Any]:
    require_user(principal)
    if not ctx.world.assigned_visible:
        return {"data": []}
    return paged(
        ctx,
        [
            {**waba_summary(ctx, w.id), "permitted_tasks": ["MANAGE"]}
            for w in ctx.world.wabas
            if principal.spec is None
            or any(t is None or w.id in t for _, t in principal.spec.granular_scopes)
        ],
    )
