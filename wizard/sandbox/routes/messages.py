"""``POST /{phone-number-id}/messages`` with Meta's validations (§8)."""

from __future__ import annotations

import base64
import re
from typing import Any

from wizard.sandbox.auth import Principal, require_scope
from wizard.sandbox.context import Ctx
from wizard.sandbox.errors import GraphFault, missing_parameter
from wizard.sandbox.state import SentMessage
from wizard.sandbox.webhooks import schedule_statuses
from wizard.sandbox.world import PhoneNumber

TYPES = (
    "text", "template", "image", "audio", "video", "document", "sticker", "location",
    "contacts", "interactive", "reaction",
)  # fmt: skip
_TO_RE = re.compile(r"^\+?[\d\s\-().]{5,30}$")


def _invalid_value(details: str) -> GraphFault:
    return GraphFault(131009, "(#131009) Parameter value is not valid", details=details)


def send(ctx: Ctx, principal: Principal, phone: PhoneNumber) -> dict[str, Any]:
    require_scope(principal, "whatsapp_business_messaging", code=10)
    body = ctx.json
    if body is None:
        body = dict(ctx.params)
        body.pop("access_token", None)
    if not body.get("messaging_product"):
        raise missing_parameter("messaging_product")
    if body.get("messaging_product") != "whatsapp":
        raise _invalid_value("messaging_product must be 'whatsapp'")
    raw_to = body.get("to")
    if raw_to in (None, ""):
        raise missing_parameter("to")
    to = str(raw_to)
    if not _TO_RE.match(to):
        raise _invalid_value(f"Invalid parameter to: '{to[:40]}' is not a phone number")
    wa_id = re.sub(r"\D", "", to)
    kind = body.get("type") or ("text" if "text" in body else None)
    if kind is None:
        raise missing_parameter("type")
    if kind not in TYPES:
        raise GraphFault(
            100, "(#100) Invalid parameter", details=f"Param type must be one of {list(TYPES)}"
        )
    if not ctx.state.phone_registered(phone.id):
        raise GraphFault(133010, "(#133010) Account not registered", details=(
            "Phone number not registered on the Cloud API: register it with "
            "POST /{phone-number-id}/register."))  # fmt: skip
    if wa_id == phone.wa_id:
        raise GraphFault(131021, "(#131021) Recipient cannot be sender", details=(
            "Sender and recipient phone number is the same."))  # fmt: skip
    if phone.is_test_number and wa_id not in ctx.world.allow_list:
        raise GraphFault(131030, "(#131030) Recipient phone number not in allowed list", details=(
            "Recipient phone number not in allowed list: Add recipient phone number to "
            "recipient list and try again."))  # fmt: skip
    if kind == "template":
        _check_template(ctx, phone, body.get("template"))
        _check_health(ctx, phone)
    elif kind == "text":
        text = body.get("text")
        if not isinstance(text, dict) or not text.get("body"):
            raise missing_parameter("text['body']")
    wamid = _wamid(ctx, wa_id)
    ctx.state.sent.append(SentMessage(wamid, phone.id, to, wa_id, str(kind), dict(body)))
    message: dict[str, Any] = {"id": wamid}
    if kind == "template":
        message["message_status"] = "accepted"
    outside = kind != "template" and wa_id not in ctx.world.open_window
    opaque = body.get("biz_opaque_callback_data")
    schedule_statuses(
        ctx.rt,
        phone,
        wamid,
        wa_id,
        failed=131047 if outside else None,
        opaque=str(opaque) if opaque is not None else None,
    )
    return {
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": wa_id}],
        "messages": [message],
    }


def _check_health(ctx: Ctx, phone: PhoneNumber) -> None:
    """A WABA whose ``health_status`` is BLOCKED cannot start conversations (the
    ``blocked`` world): the first error of the entity answers the send, as Meta's 131042
    does for a payment problem (graph-api.md §11.3)."""
    health = ctx.world.health_of(phone.waba_id)
    if health is None or health.can_send_message != "BLOCKED" or not health.errors:
        return
    code, description, _ = health.errors[0]
    raise GraphFault(code, f"(#{code}) Business eligibility payment issue", details=description)


def _check_template(ctx: Ctx, phone: PhoneNumber, template: object) -> None:
    if not isinstance(template, dict):
        raise missing_parameter("template")
    name = template.get("name")
    if not isinstance(name, str) or not name:
        raise GraphFault(
            100, "(#100) Invalid parameter", details="Param template['name'] is invalid"
        )
    language = template.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    if not isinstance(code, str) or not code:
        raise missing_parameter("template['language']['code']")
    waba = next(w for w in ctx.world.wabas if w.id == phone.waba_id)
    found = [t for t in waba.templates if t.name == name and t.language == code]
    if not found or found[0].status != "APPROVED":
        raise GraphFault(
            132001,
            "(#132001) Template name does not exist in the translation",
            details=f"template name ({name}) does not exist in {code}",
        )
    params = 0
    for component in template.get("components") or []:
        if isinstance(component, dict):
            params += len(component.get("parameters") or [])
    if params:
        raise GraphFault(
            132000,
            "(#132000) Number of parameters does not match the expected number of params",
            details=f"body: number of localizable_params ({params}) does not match the "
            "expected number of params (0)",
        )


def _wamid(ctx: Ctx, wa_id: str) -> str:
    raw = f"\x18\x0b{wa_id}\x15\x02\x00\x11\x18\x12".encode() + ctx.state.rng.randbytes(9)
    return "wamid." + base64.b64encode(raw).decode()
