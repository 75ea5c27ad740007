"""Map ``/{object}/{edge}`` to a handler, the way the Graph API resolves ids."""

from __future__ import annotations

from typing import Any

from wizard.sandbox.auth import Principal, authenticate, can_access_waba, require_user
from wizard.sandbox.context import Ctx
from wizard.sandbox.errors import GraphFault, unknown_path, unsupported
from wizard.sandbox.routes import messages, system_users
from wizard.sandbox.routes import oauth as core
from wizard.sandbox.routes import whatsapp as wa
from wizard.sandbox.routes.registration import registration
from wizard.sandbox.routes.subscriptions import app_subscriptions, phone_override, subscribed_apps

REGISTRATION = ("register", "deregister", "request_code", "verify_code")


def is_whatsapp(ctx: Ctx) -> bool:
    """Whether the path addresses a WABA or a phone number (WhatsApp status table)."""
    if not ctx.segments:
        return False
    head = ctx.segments[0]
    return any(w.id == head for w in ctx.world.wabas) or any(p.id == head for p in ctx.world.phones)


async def dispatch(ctx: Ctx) -> dict[str, Any]:
    """Run the handler for ``ctx`` and return its JSON body.

    Raises:
        GraphFault: whatever Meta would answer instead.
    """
    seg = ctx.segments
    method = ctx.method
    if not seg:
        raise GraphFault(100, f"Unsupported {method.lower()} request.", type="GraphMethodException")
    head = seg[0]
    if head == "oauth":
        if len(seg) == 2 and method in ("GET", "POST"):
            if seg[1] == "access_token":
                return core.access_token(ctx)
            if seg[1] == "revoke":
                return core.revoke(ctx)
        raise unknown_path("/".join(seg[1:]) or "oauth")
    if head == "debug_token":
        if len(seg) > 1:
            raise unknown_path("/".join(seg[1:]))
        if method != "GET":
            raise unsupported(method, head)
        return core.debug_token(ctx)
    principal = authenticate(ctx)
    if len(seg) > 2:
        raise unknown_path("/".join(seg[2:]))
    edge = seg[1] if len(seg) == 2 else None
    if head == "me":
        require_user(principal)
        assert principal.spec is not None
        head = principal.spec.user_id
    return await _object(ctx, principal, head, edge)


async def _object(ctx: Ctx, principal: Principal, obj: str, edge: str | None) -> dict[str, Any]:
    world, method = ctx.world, ctx.method
    get_only = method == "GET"
    if (answer := await system_users.route(ctx, principal, obj, edge)) is not None:
        return answer
    if obj in (world.app.id, world.other_app.id):
        if edge == "subscriptions" and method in ("GET", "POST", "DELETE"):
            return await app_subscriptions(ctx, principal, obj)
        if edge is None and get_only:
            app = world.app_by_id(obj)
            assert app is not None
            link = f"https://www.facebook.com/games/?app_id={app.id}"
            return {"id": app.id, "name": app.name, "link": link}
    elif obj == world.business_id:
        if edge in ("owned_whatsapp_business_accounts", "client_whatsapp_business_accounts"):
            if get_only:
                return core.business_edge(ctx, principal, edge)
        elif edge is None and get_only:
            return {"id": obj, "name": world.business_name}
    elif obj in (world.user_id, world.system_user_id):
        if get_only and edge is None:
            return core.user_node(ctx, principal, obj)
        if get_only and edge == "permissions":
            return core.permissions(principal)
        if get_only and edge == "businesses":
            return core.businesses(ctx, principal)
        if get_only and edge == "assigned_whatsapp_business_accounts":
            return core.assigned_wabas(ctx, principal)
    elif waba := next((w for w in world.wabas if w.id == obj), None):
        if not can_access_waba(principal, waba.id):
            raise unsupported(method, obj)
        if edge is None and get_only:
            return wa.waba_node(ctx, principal, waba)
        if edge == "phone_numbers" and get_only:
            return wa.phone_numbers(ctx, principal, waba)
        if edge == "message_templates" and get_only:
            return wa.message_templates(ctx, principal, waba)
        if edge == "subscribed_apps" and method in ("GET", "POST", "DELETE"):
            return await subscribed_apps(ctx, principal, waba.id)
    elif phone := next((p for p in world.phones if p.id == obj), None):
        if not can_access_waba(principal, phone.waba_id):
            raise unsupported(method, obj)
        if edge is None and get_only:
            return wa.phone_node(ctx, principal, phone)
        if edge is None and method == "POST":
            return await phone_override(ctx, principal, phone)
        if edge == "messages" and method == "POST":
            return messages.send(ctx, principal, phone)
        if edge in REGISTRATION:
            return registration(ctx, principal, phone, edge)
    else:
        raise unsupported(method, obj)
    if edge is not None and method == "GET" and not _known_edge(edge):
        raise unknown_path(edge)
    raise unsupported(method, obj)


def _known_edge(edge: str) -> bool:
    return edge in (
        "subscriptions",
        "owned_whatsapp_business_accounts",
        "client_whatsapp_business_accounts",
        "permissions",
        "businesses",
        "assigned_whatsapp_business_accounts",
        "phone_numbers",
        "message_templates",
        "subscribed_apps",
        "messages",
        *REGISTRATION,
        *system_users.EDGES,
    )
