"""WhatsApp asset endpoints: WABA, phone numbers, templates (§7); registration is in
routes/registration.py."""

from __future__ import annotations

from typing import Any

from wizard.sandbox.auth import Principal, require_scope
from wizard.sandbox.context import Ctx, paged, select_fields
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


def _entity(ctx: Ctx, entity_type: str, entity_id: str) -> dict[str, Any]:
    entity: dict[str, Any] = {"entity_type": entity_type, "id": entity_id}
    health = ctx.world.health_of(entity_id)
    entity["can_send_message"] = health.can_send_message if health else "AVAILABLE"
    if health and health.errors:
        entity["errors"] = [
            {"error_code": code, "error_description": text, "possible_solution": fix}
            for code, text, fix in health.errors
        ]
    if health and health.additional_info:
        entity["additional_info"] = list(health.additional_info)
    return entity


def _health(ctx: Ctx, waba_id: str, phone: PhoneNumber | None) -> dict[str, Any]:
    """``health_status`` (graph-api.md §19.7): one entity per layer, the worst wins."""
    entities: list[dict[str, Any]] = []
    if phone is not None:
        entity = _entity(ctx, "PHONE_NUMBER", phone.id)
        if not ctx.state.phone_registered(phone.id):
            entity["can_send_message"] = "BLOCKED"
            entity["errors"] = [
                {
                    "error_code": 133010,
                    "error_description": "Phone number not registered",
                    "possible_solution": "POST /{phone-number-id}/register",
                }
            ]
        entities.append(entity)
    entities += [
        _entity(ctx, "WABA", waba_id),
        _entity(ctx, "BUSINESS", ctx.world.business_id),
        _entity(ctx, "APP", ctx.world.app.id),
    ]
    states = {e["can_send_message"] for e in entities}
    overall = next((s for s in ("BLOCKED", "LIMITED") if s in states), "AVAILABLE")
    return {"can_send_message": overall, "entities": entities}


NEW_LIMIT_FIELD_SINCE = 24.0
"""``whatsapp_business_manager_messaging_limit`` exists from v24.0 (graph-api.md §19.3)."""
OLD_TIERS = {"TIER_2K": "TIER_1K"}
"""The deprecated ``messaging_limit_tier`` predates TIER_2K (its values: §7.4)."""


def phone_full(ctx: Ctx, phone: PhoneNumber) -> dict[str, Any]:
    registered = ctx.state.phone_registered(phone.id)
    reg = ctx.state.registration
    verified = "VERIFIED" if phone.id in reg.verified else phone.code_verification_status
    full: dict[str, Any] = {
        "id": phone.id,
        "verified_name": phone.verified_name,
        "code_verification_status": verified,
        "display_phone_number": phone.display,
        "quality_rating": phone.quality_rating,
        "platform_type": "CLOUD_API" if registered else phone.platform_type,
        "throughput": {"level": "STANDARD" if registered else "NOT_APPLICABLE"},
        "status": "CONNECTED" if registered else phone.status,
        "name_status": phone.name_status,
        "new_name_status": "NONE",
        "account_mode": "SANDBOX" if phone.is_test_number else "LIVE",
        "whatsapp_business_manager_messaging_limit": phone.messaging_limit,
        "messaging_limit_tier": OLD_TIERS.get(phone.messaging_limit, phone.messaging_limit),
        "is_official_business_account": False,
        "is_pin_enabled": phone.id in reg.pins,
        "is_preverified_number": phone.is_test_number,
        "is_on_biz_app": False,
        "health_status": _health(ctx, phone.waba_id, phone),
        "last_onboarded_time": "2026-01-05T10:00:00+0000",
        "country_code": "US",
        "country_dial_code": "1",
        "search_visibility": "NON_VISIBLE",
        "webhook_configuration": webhook_configuration(ctx, phone),
    }
    if ctx.version_number < NEW_LIMIT_FIELD_SINCE:
        # Asking an older version for it fails the whole call, as Meta does (§19.3).
        del full["whatsapp_business_manager_messaging_limit"]
    return full


def phone_node(ctx: Ctx, principal: Principal, phone: PhoneNumber) -> dict[str, Any]:
    require_scope(principal, "whatsapp_business_management")
    return select_fields(phone_full(ctx, phone), ctx, PHONE_DEFAULT, "WhatsAppBusinessPhoneNumber")


def phone_numbers(ctx: Ctx, principal: Principal, waba: Waba) -> dict[str, Any]:
    require_scope(principal, "whatsapp_business_management")
    return paged(
        ctx,
        [
            select_fields(phone_full(ctx, p), ctx, PHONE_DEFAULT, "WhatsAppBusinessPhoneNumber")
            for p in ctx.world.phones
            if p.waba_id == waba.id
        ],
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
            "health_status": _template_health(ctx, waba, t.id),
        }
        default = ["name", "parameter_format", "components", "language", "status", "category"]
        data.append(select_fields(full, ctx, default, "WhatsAppMessageTemplate"))
    return paged(ctx, data)


def _template_health(ctx: Ctx, waba: Waba, template_id: str) -> dict[str, Any]:
    """A template's ``health_status``: the WABA's layers plus the template itself."""
    health = _health(ctx, waba.id, None)
    entity = _entity(ctx, "MESSAGE_TEMPLATE", template_id)
    entities = [*health["entities"], entity]
    states = {e["can_send_message"] for e in entities}
    overall = next((s for s in ("BLOCKED", "LIMITED") if s in states), "AVAILABLE")
    return {"can_send_message": overall, "entities": entities}
