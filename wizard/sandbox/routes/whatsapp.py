"""WhatsApp asset endpoints: WABA, phone numbers, templates, registration (§7)."""

from __future__ import annotations

from typing import Any

from wizard.sandbox.auth import Principal, require_scope
from wizard.sandbox.context import Ctx, paged, select_fields
from wizard.sandbox.errors import GraphFault
from wizard.sandbox.routes.subscriptions import webhook_configuration
from wizard.sandbox.world import PhoneNumber, Waba

PHONE_DEFAULT = [
    "verified_name",
    "code_verification_status",
    "display_phone_number",
    "quality_rating",
    "platform_type",
    "throughput",
]


def waba_node(ctx: Ctx, principal: Principal, waba: Waba) -> dict[str, Any]:
    require_scope(principal, "whatsapp_business_management")
    full = {
        "id": waba.id,
        "name": waba.name,
        "timezone_id": "1",
        "message_template_namespace": waba.namespace,
        "account_review_status": "APPROVED",
        "business_verification_status": "UNVERIFIED",
        "country": "US",
        "currency": "USD",
        "ownership_type": "SELF",
        "owner_business_info": {"name": ctx.world.business_name, "id": ctx.world.business_id},
        "health_status": _health(ctx, waba.id, None),
    }
    return select_fields(full, ctx, ["name"], "WhatsAppBusinessAccount")


def _health(ctx: Ctx, waba_id: str, phone: PhoneNumber | None) -> dict[str, Any]:
    entities: list[dict[str, Any]] = []
    if phone is not None:
        ok = ctx.state.phone_registered(phone.id)
        entity: dict[str, Any] = {
            "entity_type": "PHONE_NUMBER",
            "id": phone.id,
            "can_send_message": "AVAILABLE" if ok else "BLOCKED",
        }
        if not ok:
            entity["errors"] = [
                {
                    "error_code": 133010,
                    "error_description": "Phone number not registered",
                    "possible_solution": "POST /{phone-number-id}/register",
                }
            ]
        entities.append(entity)
    entities += [
        {"entity_type": "WABA", "id": waba_id, "can_send_message": "AVAILABLE"},
        {"entity_type": "BUSINESS", "id": ctx.world.business_id, "can_send_message": "AVAILABLE"},
        {"entity_type": "APP", "id": ctx.world.app.id, "can_send_message": "AVAILABLE"},
    ]
    overall = (
        "BLOCKED" if any(e["can_send_message"] != "AVAILABLE" for e in entities) else ("AVAILABLE")
    )
    return {"can_send_message": overall, "entities": entities}


def phone_full(ctx: Ctx, phone: PhoneNumber) -> dict[str, Any]:
    registered = ctx.state.phone_registered(phone.id)
    return {
        "id": phone.id,
        "verified_name": phone.verified_name,
        "code_verification_status": phone.code_verification_status,
        "display_phone_number": phone.display,
        "quality_rating": phone.quality_rating,
        "platform_type": "CLOUD_API" if registered else phone.platform_type,
        "throughput": {"level": "STANDARD" if registered else "NOT_APPLICABLE"},
        "status": "CONNECTED" if registered else phone.status,
        "name_status": phone.name_status,
        "new_name_status": "NONE",
        "account_mode": "SANDBOX" if phone.is_test_number else "LIVE",
        "whatsapp_business_manager_messaging_limit": phone.messaging_limit,
        "is_official_business_account": False,
        "is_pin_enabled": False,
        "is_preverified_number": phone.is_test_number,
        "is_on_biz_app": False,
        "health_status": _health(ctx, phone.waba_id, phone),
        "last_onboarded_time": "2026-01-05T10:00:00+0000",
        "country_code": "US",
        "country_dial_code": "1",
        "search_visibility": "NON_VISIBLE",
        "webhook_configuration": webhook_configuration(ctx, phone),
    }


def phone_node(ctx: Ctx, principal: Principal, phone: PhoneNumber) -> dict[str, Any]:
    require_scope(principal, "whatsapp_business_management")
    return select_fields(phone_full(ctx, phone), ctx, PHONE_DEFAULT, "WhatsAppBusinessPhoneNumber")


def phone_numbers(ctx: Ctx, principal: Principal, waba: Waba) -> dict[str, Any]:
    require_scope(principal, "whatsapp_business_management")
    return paged(
        [
            select_fields(phone_full(ctx, p), ctx, PHONE_DEFAULT, "WhatsAppBusinessPhoneNumber")
            for p in ctx.world.phones
            if p.waba_id == waba.id
        ]
    )


def message_templates(ctx: Ctx, principal: Principal, waba: Waba) -> dict[str, Any]:
    """``name=``, ``language=``, ``status=`` and ``category=`` filters (§7.5)."""
    require_scope(principal, "whatsapp_business_management")
    data: list[dict[str, Any]] = []
    for t in waba.templates:
        wanted = {
            "name": t.name,
            "language": t.language,
            "status": t.status,
            "category": t.category,
        }
        if any(ctx.param(k) not in (None, v) for k, v in wanted.items()):
            continue
        full = {
            "name": t.name,
            "parameter_format": "POSITIONAL",
            "components": [dict(c) for c in t.components],
            "language": t.language,
            "status": t.status,
            "category": t.category,
            "id": t.id,
        }
        default = ["name", "parameter_format", "components", "language", "status", "category"]
        data.append(select_fields(full, ctx, default, "WhatsAppMessageTemplate"))
    return {"data": data, "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}}


def registration(ctx: Ctx, principal: Principal, phone: PhoneNumber, edge: str) -> dict[str, Any]:
    """``/register``, ``/deregister``, ``/request_code``, ``/verify_code`` (§7.6)."""
    require_scope(principal, "whatsapp_business_management")
    if ctx.method != "POST":
        raise GraphFault(100, f"(#100) Unsupported {ctx.method.lower()} request on /{edge}")
    if edge == "register":
        body = ctx.json or ctx.params
        if body.get("messaging_product") != "whatsapp":
            raise GraphFault(
                100, "(#100) Invalid parameter", details="Param messaging_product is required"
            )
        pin = str(body.get("pin") or "")
        if not (len(pin) == 6 and pin.isdigit()):
            raise GraphFault(
                100, "(#100) Invalid parameter", details="Param pin must be a 6-digit number"
            )
        ctx.state.registered.add(phone.id)
    elif edge == "deregister":
        ctx.state.registered.discard(phone.id)
    elif edge == "verify_code":
        code = ctx.param("code") or str((ctx.json or {}).get("code") or "")
        if not (code.isdigit() and len(code) == 6):
            raise GraphFault(
                100, "(#100) Invalid parameter", details="Param code must be a 6-digit number"
            )
    return {"success": True}
