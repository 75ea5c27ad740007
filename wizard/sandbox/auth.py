"""Who is calling: token lookup, expiry, revocation, appsecret_proof, permissions."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from wizard.sandbox.context import Ctx
from wizard.sandbox.errors import GraphFault, cannot_parse_token
from wizard.sandbox.world import App, TokenSpec

PROOF_WINDOW = 300
"""Seconds a time-stamped proof stays valid (graph-api.md §6)."""

_PACIFIC = timezone(timedelta(hours=-8), "PST")


@dataclass(frozen=True)
class Principal:
    """The caller behind an access token."""

    kind: str
    """``APP``, ``USER`` or ``SYSTEM_USER``."""
    app: App
    token: str
    spec: TokenSpec | None = None

    @property
    def scopes(self) -> tuple[str, ...]:
        return self.spec.scopes if self.spec else ()


def _meta_time(ts: float) -> str:
    return datetime.fromtimestamp(ts, _PACIFIC).strftime("%A, %d-%b-%y %H:%M:%S PST")


def expired_message(expires_at: int, now: float) -> str:
    """Meta's 190/463 text: "Session has expired on <date>. The current time is <date>."."""
    return (
        f"Error validating access token: Session has expired on {_meta_time(expires_at)}. "
        f"The current time is {_meta_time(now)}."
    )


def token_problem(ctx: Ctx, spec: TokenSpec) -> GraphFault | None:
    """Why Meta would reject this known token now (revoked, invalidated, expired), or None."""
    if spec.token in ctx.state.revoked:
        return GraphFault(
            190,
            "Error validating access token: The user has not authorized application "
            f"{spec.app_id}.",
            subcode=458 if spec.type == "USER" else 467,
            auth="invalid_token",
        )
    if spec.invalid is not None:
        code, subcode, message = spec.invalid
        return GraphFault(code, message, subcode=subcode, auth="invalid_token")
    now = ctx.state.now()
    if spec.expired(now):
        return GraphFault(
            190, expired_message(spec.expires_at, now), subcode=463, auth="invalid_token"
        )
    return None


def token_of(ctx: Ctx) -> str | None:
    header = ctx.headers.get("authorization", "")
    if header[:7].lower() == "bearer " and header[7:].strip():
        return header[7:].strip()
    if header[:6].lower() == "oauth " and header[6:].strip():
        return header[6:].strip()
    return ctx.param("access_token")


def app_principal(ctx: Ctx, token: str) -> Principal | None:
    """``APP_ID|APP_SECRET`` or a client_credentials token, else None."""
    app_id, _, rest = token.partition("|")
    app = ctx.world.app_by_id(app_id)
    if app is None or not rest:
        return None
    if hmac.compare_digest(rest, app.secret) or hmac.compare_digest(rest, app.token_suffix):
        return Principal("APP", app, token)
    return None


def authenticate(ctx: Ctx, *, proof_required: bool | None = None) -> Principal:
    """Resolve the caller or raise Meta's error (104, 190/…, 100 proof errors)."""
    token = token_of(ctx)
    if not token:
        raise GraphFault(
            104, "An access token is required to request this resource.", auth="invalid_request"
        )
    if "|" in token:
        principal = app_principal(ctx, token)
        if principal is None:
            raise GraphFault(190, "Invalid OAuth access token signature.", auth="invalid_token")
        return principal
    spec = ctx.state.lookup(token)
    if spec is None:
        raise cannot_parse_token()
    problem = token_problem(ctx, spec)
    if problem is not None:
        raise problem
    app = ctx.world.app_by_id(spec.app_id)
    assert app is not None  # every token's app is in the world
    required = ctx.rt.require_proof if proof_required is None else proof_required
    check_proof(ctx, token, app.secret, required=required)
    return Principal(spec.type, app, token, spec)


def check_proof(ctx: Ctx, token: str, secret: str, *, required: bool) -> None:
    """Classic HMAC(token) or timed HMAC(token|time) with a 5-minute window.

    The window is measured on Meta's clock: the machine's plus ``world.clock_skew``, so a
    skewed world refuses every timed proof and still takes the plain one (§19.9).
    """
    proof = ctx.param("appsecret_proof")
    if proof is None:
        if required:
            raise GraphFault(
                100,
                "API calls from the server require an appsecret_proof argument",
                type="GraphMethodException",
            )
        return
    invalid = GraphFault(
        100, "Invalid appsecret_proof provided in the API argument", type="GraphMethodException"
    )
    stamp = ctx.param("appsecret_time")
    message = token
    if stamp is not None:
        meta_now = time.time() + ctx.world.clock_skew
        if not stamp.isdigit() or abs(meta_now - int(stamp)) > PROOF_WINDOW:
            raise invalid
        message = f"{token}|{stamp}"
    expected = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, proof.strip().lower()):
        raise invalid


def require_user(principal: Principal) -> None:
    """Endpoints about a user or system user refuse app tokens (code 2500 on /me)."""
    if principal.kind == "APP":
        raise GraphFault(
            2500,
            "An active access token must be used to query information about the current user.",
            auth="invalid_request",
        )


def require_scope(principal: Principal, scope: str, *, code: int = 200) -> None:
    """Permission check per graph-api.md §13: 10 for messaging, 200 otherwise."""
    if principal.kind == "APP" or scope in principal.scopes:
        return
    if code == 10:
        raise GraphFault(10, "(#10) Application does not have permission for this action")
    raise GraphFault(200, f"(#200) Requires {scope} permission to manage the object")


def can_access_waba(principal: Principal, waba_id: str) -> bool:
    """Granular ``target_ids`` limit which WABAs a token sees; none listed means all."""
    if principal.spec is None:
        return True
    for scope, targets in principal.spec.granular_scopes:
        if scope == "whatsapp_business_management" and targets is not None:
            return waba_id in targets
    return True
