"""Phone registration: ``/request_code``, ``/verify_code``, ``/register``, ``/deregister``.

Built from graph-api.md §7.6 and the registration rows of §11.3: ``request_code`` takes
``code_method`` (SMS or VOICE) and ``language``; ``verify_code`` takes ``code``;
``register`` takes ``{"messaging_product": "whatsapp", "pin": "NNNNNN"}``; each answers
``{"success": true}``. The refusals use Meta's codes: 136024 (request code error),
133006 (verify first), 133005 (PIN mismatch), 133008 (too many PIN guesses).

Sandbox choices (no Meta source says when these happen; keep clients tolerant):

* the practice code is ``world.registration_code`` (the practice card shows it);
* a wrong code is refused with 136025 "Verify code error" (UNCONFIRMED code and text);
  after :data:`MAX_CODE_MISSES` wrong codes the code is used up: request a new one;
* more than :data:`MAX_CODE_REQUESTS` requests before a verification: 136024;
* a number's first successful ``/register`` sets its PIN; later ones must repeat it
  (133005), and the :data:`MAX_PIN_MISSES`-th wrong PIN is 133008;
* a number that is not a test number must be verified before ``/register`` (133006).
"""

from __future__ import annotations

from typing import Any

from wizard.sandbox.auth import Principal, require_scope
from wizard.sandbox.context import Ctx
from wizard.sandbox.errors import GraphFault
from wizard.sandbox.world import PhoneNumber

MAX_CODE_REQUESTS = 3
MAX_CODE_MISSES = 3
MAX_PIN_MISSES = 3
CODE_METHODS = ("SMS", "VOICE")


def _param(ctx: Ctx, name: str) -> str:
    """A form/query parameter, or the JSON body's value as text."""
    value = ctx.param(name)
    if value is None and ctx.json is not None and ctx.json.get(name) is not None:
        value = str(ctx.json[name])
    return (value or "").strip()


def _invalid(details: str) -> GraphFault:
    return GraphFault(100, "(#100) Invalid parameter", details=details)


def request_code(ctx: Ctx, phone: PhoneNumber) -> dict[str, Any]:
    reg = ctx.state.registration
    method = _param(ctx, "code_method")
    if method.upper() not in CODE_METHODS:
        raise _invalid("Param code_method must be one of {SMS, VOICE}")
    if not _param(ctx, "language"):
        raise _invalid("The parameter language is required")
    count = reg.codes_requested.get(phone.id, 0) + 1
    if count > MAX_CODE_REQUESTS:
        raise GraphFault(
            136024,
            "(#136024) Request code error",
            details="Too many verification codes were requested for this number. "
            "Wait before requesting another one.",
        )
    reg.codes_requested[phone.id] = count
    reg.code_pending.add(phone.id)
    reg.code_misses.pop(phone.id, None)
    return {"success": True}


def verify_code(ctx: Ctx, phone: PhoneNumber) -> dict[str, Any]:
    reg = ctx.state.registration
    code = _param(ctx, "code")
    if not code:
        raise _invalid("The parameter code is required")
    if phone.id not in reg.code_pending:
        raise GraphFault(
            136025,
            "(#136025) Verify code error",
            details="No verification code is waiting for this number: request a new one.",
        )
    if code != ctx.world.registration_code:
        misses = reg.code_misses.get(phone.id, 0) + 1
        reg.code_misses[phone.id] = misses
        if misses >= MAX_CODE_MISSES:
            reg.code_pending.discard(phone.id)
            details = "Too many wrong codes: this code can no longer be used. Request a new one."
        else:
            details = "The code you entered is not correct."
        raise GraphFault(136025, "(#136025) Verify code error", details=details)
    reg.code_pending.discard(phone.id)
    reg.codes_requested.pop(phone.id, None)
    reg.verified.add(phone.id)
    return {"success": True}


def register(ctx: Ctx, phone: PhoneNumber) -> dict[str, Any]:
    reg = ctx.state.registration
    if _param(ctx, "messaging_product") != "whatsapp":
        raise _invalid("Param messaging_product is required")
    pin = _param(ctx, "pin")
    if not (len(pin) == 6 and pin.isascii() and pin.isdigit()):
        raise _invalid("Param pin must be a 6-digit number")
    if not phone.is_test_number and phone.id not in reg.verified:
        raise GraphFault(
            133006,
            "(#133006) Phone number re-verification needed",
            details="Verify the phone number (request_code, verify_code) before registering.",
        )
    known = reg.pins.get(phone.id)
    if known is not None and pin != known:
        misses = reg.pin_misses.get(phone.id, 0) + 1
        reg.pin_misses[phone.id] = misses
        if misses >= MAX_PIN_MISSES:
            raise GraphFault(
                133008,
                "(#133008) Too many two step verification PIN guesses",
                details="Too many PIN guesses for this phone number. Try again in 12 hours.",
            )
        raise GraphFault(
            133005,
            "(#133005) Two step verification PIN Mismatch",
            details="The PIN does not match the two-step verification PIN of this number.",
        )
    reg.pins[phone.id] = pin
    reg.pin_misses.pop(phone.id, None)
    ctx.state.registered.add(phone.id)
    return {"success": True}


def deregister(ctx: Ctx, phone: PhoneNumber) -> dict[str, Any]:
    ctx.state.registered.discard(phone.id)
    return {"success": True}


EDGES = {
    "request_code": request_code,
    "verify_code": verify_code,
    "register": register,
    "deregister": deregister,
}


def registration(ctx: Ctx, principal: Principal, phone: PhoneNumber, edge: str) -> dict[str, Any]:
    """Dispatch one registration edge (POST only, ``whatsapp_business_management``)."""
    require_scope(principal, "whatsapp_business_management")
    if ctx.method != "POST":
        raise GraphFault(100, f"(#100) Unsupported {ctx.method.lower()} request on /{edge}")
    return EDGES[edge](ctx, phone)
