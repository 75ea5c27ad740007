"""System users through the Business Management API (graph-api.md §10.2, §19.14).

``GET /{business-id}/system_users``, ``POST /{system-user-id}/applications``,
``GET|POST /{waba-id}/assigned_users`` and ``POST /{system-user-id}/access_tokens``.
Who may call: the business admin's user token or an ADMIN system user's token, with
``business_management`` (Meta answers 200 otherwise). Minting always needs
``appsecret_proof``, whatever the app's "Require App Secret" switch says [DOC].
UNCONFIRMED texts (marked below) are our best wording, kept close to Meta's style.
"""

from __future__ import annotations

import json
import re
import string
from typing import Any

from wizard.sandbox.access import SystemUser
from wizard.sandbox.auth import Principal, authenticate, can_access_waba, require_scope
from wizard.sandbox.context import Ctx, paged
from wizard.sandbox.errors import GraphFault, unsupported
from wizard.sandbox.models import TokenSpec
from wizard.sandbox.scenarios import DAY

EDGES = ("system_users", "applications", "access_tokens", "assigned_users")
TASKS = (
    "MANAGE",
    "DEVELOP",
    "MANAGE_TEMPLATES",
    "MANAGE_PHONE",
    "VIEW_COST",
    "MANAGE_EXTENSIONS",
    "VIEW_PHONE_ASSETS",
    "MANAGE_PHONE_ASSETS",
    "VIEW_TEMPLATES",
    "VIEW_INSIGHTS",
    "MANAGE_USERS",
    "MANAGE_BILLING",
)
PERMISSIONS = (
    "business_management",
    "whatsapp_business_management",
    "whatsapp_business_messaging",
    "public_profile",
)
INSTALL_REFUSED = "(#3) Application does not have the capability to make this API call."
"""Code 3 is Meta's "capability" error (§11.2); the wording for this case is UNCONFIRMED."""
NOT_INSTALLED = "(#100) The app must be installed for the system user before it can get a token"
"""UNCONFIRMED wording (the restriction itself is [DOC])."""


async def route(
    ctx: Ctx, principal: Principal, obj: str, edge: str | None
) -> dict[str, Any] | None:
    """Handle one of :data:`EDGES`, or None when ``obj``/``edge`` is not ours."""
    if edge not in EDGES:
        return None
    world, business = ctx.world, ctx.state.business
    if edge == "system_users" and obj == world.business_id:
        if ctx.method != "GET":
            raise unsupported(ctx.method, obj)  # creating one: UNCONFIRMED, not simulated
        return _list(ctx, principal)
    if edge in ("applications", "access_tokens") and obj in business.system_users:
        if ctx.method != "POST":
            raise unsupported(ctx.method, obj)
        user = business.system_users[obj]
        if edge == "applications":
            return _install(ctx, principal, user)
        return _mint(ctx, user)
    waba = next((w for w in world.wabas if w.id == obj), None)
    if edge == "assigned_users" and waba is not None:
        if not can_access_waba(principal, waba.id):
            raise unsupported(ctx.method, obj)
        if ctx.method == "GET":
            return _assigned(ctx, principal, waba.id)
        if ctx.method == "POST":
            return _assign(ctx, principal, waba.id)
        raise unsupported(ctx.method, obj)
    return None


def _require_admin(ctx: Ctx, principal: Principal) -> None:
    """The business admin (the practice user) or an ADMIN system user, with business_management."""
    require_scope(principal, "business_management")
    spec = principal.spec
    admin = spec is not None and (
        spec.user_id == ctx.world.user_id
        or (
            (su := ctx.state.business.system_users.get(spec.user_id)) is not None
            and su.role == "ADMIN"
        )
    )
    if not admin:
        raise GraphFault(200, "(#200) Permissions error")


def _list(ctx: Ctx, principal: Principal) -> dict[str, Any]:
    if principal.kind == "APP":
        raise GraphFault(200, "(#200) Permissions error")
    require_scope(principal, "business_management")
    users = ctx.state.business.system_users.values()
    return paged(ctx, [{"id": u.id, "name": u.name, "role": u.role} for u in users])


def _install(ctx: Ctx, principal: Principal, user: SystemUser) -> dict[str, Any]:
    if principal.spec is None or principal.spec.user_id != user.id:
        _require_admin(ctx, principal)
    app_id = ctx.param("business_app")
    if app_id is None:
        raise GraphFault(100, "(#100) The parameter business_app is required")
    if ctx.world.app_by_id(app_id) is None:
        raise GraphFault(100, "(#100) Param business_app must be a valid application id")
    if ctx.state.business.install_refused:
        raise GraphFault(3, INSTALL_REFUSED)
    ctx.state.business.installed.setdefault(user.id, set()).add(app_id)
    return {"success": True}


def _tasks(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        raise GraphFault(100, "(#100) The parameter tasks is required")
    text = raw.strip()
    try:
        parsed = json.loads(text.replace("'", '"')) if text.startswith("[") else None
    except ValueError:
        parsed = None
    items = parsed if isinstance(parsed, list) else re.split(r"[,\s]+", text.strip("[]"))
    tasks = tuple(str(t).strip().strip("'\"") for t in items if str(t).strip())
    bad = [t for t in tasks if t not in TASKS]
    if not tasks or bad:
        raise GraphFault(100, f"(#100) Param tasks[0] must be one of {{{', '.join(TASKS)}}}")
    return tasks


def _assign(ctx: Ctx, principal: Principal, waba_id: str) -> dict[str, Any]:
    _require_admin(ctx, principal)
    user_id = ctx.param("user")
    if user_id is None:
        raise GraphFault(100, "(#100) The parameter user is required")
    if user_id not in ctx.state.business.system_users and user_id != ctx.world.user_id:
        raise GraphFault(100, "(#100) Param user must be a valid user or system user id")
    tasks = _tasks(ctx.param("tasks"))
    ctx.state.business.assigned.setdefault(waba_id, {})[user_id] = tasks
    return {"success": True}


def _assigned(ctx: Ctx, principal: Principal, waba_id: str) -> dict[str, Any]:
    require_scope(principal, "business_management")
    if ctx.param("business") is None:
        raise GraphFault(100, "(#100) The parameter business is required")
    names = {u.id: u.name for u in ctx.state.business.system_users.values()}
    names[ctx.world.user_id] = ctx.world.user_name
    users = ctx.state.business.assigned.get(waba_id, {})
    return paged(
        ctx,
        [{"id": uid, "name": names.get(uid, "User"), "tasks": list(t)} for uid, t in users.items()],
    )


def _mint(ctx: Ctx, user: SystemUser) -> dict[str, Any]:
    principal = authenticate(ctx, proof_required=True)  # [DOC]: required for this call
    if principal.spec is None or principal.spec.user_id != user.id:
        _require_admin(ctx, principal)
    app_id = ctx.param("business_app")
    if app_id is None:
        raise GraphFault(100, "(#100) The parameter business_app is required")
    if app_id != principal.app.id:
        raise GraphFault(100, "(#100) Param business_app must match the app of the access token")
    if app_id not in ctx.state.business.installed.get(user.id, set()):
        raise GraphFault(100, NOT_INSTALLED)
    scopes = tuple(s for s in re.split(r"[,\s]+", ctx.param("scope") or "") if s)
    if not scopes or any(s not in PERMISSIONS for s in scopes):
        raise GraphFault(3962, "Provided permission is not valid. Check your spelling and syntax.")
    assigned = ctx.state.business.assigned
    wabas = tuple(  # an ADMIN system user gets every WABA by default (§10.1)
        w.id for w in ctx.world.wabas if user.role == "ADMIN" or user.id in assigned.get(w.id, {})
    )
    granular: list[tuple[str, tuple[str, ...] | None]] = [
        (s, wabas) for s in scopes if s.startswith("whatsapp_")
    ]
    if "business_management" in scopes:
        granular.append(("business_management", None))
    now = int(ctx.state.now())
    sixty = (ctx.param("set_token_expires_in_60_days") or "").lower() == "true"
    spec = TokenSpec(
        scenario="minted",
        description="minted by /{system-user-id}/access_tokens",
        token="EAA" + "".join(ctx.state.rng.choice(string.ascii_letters) for _ in range(177)),
        type="SYSTEM_USER",
        app_id=app_id,
        user_id=user.id,
        scopes=scopes,
        granular_scopes=tuple(granular),
        issued_at=now,
        expires_at=now + 60 * DAY if sixty else 0,
        data_access_expires_at=0,
    )
    ctx.state.issued[spec.token] = spec
    return {"access_token": spec.token}
