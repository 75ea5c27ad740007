"""Typed Graph calls: one function per call the wizard makes.

Every function takes a :class:`GraphClient` first and raises :class:`GraphError`.
Parsing is tolerant (graph-api.md marks many fields UNCONFIRMED): optional
fields stay ``None``, ids are always strings even if numbers arrive, and a 2xx
answer without the one field we cannot do without becomes a ``malformed`` error.
Error ``endpoint`` labels are path templates (``/{waba-id}/phone_numbers``), so
no id or secret ends up in an error text.

This module holds the token and oauth calls (debug_token, exchange, app token,
/me, permissions); the other topics are siblings in :mod:`wizard.core.graph`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.core.graph.client import GraphClient
from wizard.core.graph.errors import GraphError, JsonObject, as_int
from wizard.core.graph.parse import as_id, as_list, as_str, data_list, normalize_ids


@dataclass(frozen=True)
class TokenInfo:
    """What ``debug_token`` says about a token (graph-api.md §4)."""

    is_valid: bool
    type: str | None = None
    """``USER``, ``SYSTEM_USER``, ``PAGE`` or ``APP``."""
    app_id: str | None = None
    application: str | None = None
    expires_at: int | None = None
    """Unix seconds; 0 means never; None means the field was absent (unknown)."""
    data_access_expires_at: int | None = None
    issued_at: int | None = None
    scopes: tuple[str, ...] = ()
    granular_scopes: tuple[tuple[str, tuple[str, ...] | None], ...] = ()
    """(scope, target_ids); target_ids None means "applies to every asset"."""
    user_id: str | None = None
    error_code: int | None = None
    error_subcode: int | None = None
    error_message: str | None = None

    def targets(self, scope: str) -> tuple[str, ...] | None:
        """Target ids granted for ``scope``; None when absent or for all assets."""
        for name, ids in self.granular_scopes:
            if name == scope:
                return ids
        return None


@dataclass(frozen=True)
class ExchangeResult:
    """A token from ``/oauth/access_token``; ``expires_in`` None means "ask debug_token"."""

    access_token: str = field(repr=False)
    expires_in: int | None = None


def parse_token_info(payload: JsonObject) -> TokenInfo:
    """Parse a debug_token answer (tolerant of every UNCONFIRMED field)."""
    data = payload.get("data")
    if not isinstance(data, dict):
        raise GraphError(
            "The Graph API answered /debug_token without a data object.",
            kind="malformed",
            endpoint="/debug_token",
        )
    scopes = tuple(s for s in as_list(data.get("scopes")) if isinstance(s, str))
    granular: list[tuple[str, tuple[str, ...] | None]] = []
    for entry in as_list(data.get("granular_scopes")):
        if not isinstance(entry, dict) or not isinstance(entry.get("scope"), str):
            continue
        raw = entry.get("target_ids")
        ids: tuple[str, ...] | None = None
        if isinstance(raw, list):
            ids = tuple(i for i in (as_id(x) for x in raw) if i)
        granular.append((entry["scope"], ids))
    error = data.get("error")
    err = error if isinstance(error, dict) else {}
    return TokenInfo(
        is_valid=data.get("is_valid") is True,
        type=as_str(data.get("type")),
        app_id=as_id(data.get("app_id")),
        application=as_str(data.get("application")),
        expires_at=as_int(data.get("expires_at")),
        data_access_expires_at=as_int(data.get("data_access_expires_at")),
        issued_at=as_int(data.get("issued_at")),
        scopes=scopes,
        granular_scopes=tuple(granular),
        user_id=as_id(data.get("user_id")),
        error_code=as_int(err.get("code")),
        error_subcode=as_int(err.get("subcode", err.get("error_subcode"))),
        error_message=as_str(err.get("message")),
    )


async def debug_token(
    client: GraphClient, input_token: str, *, app_id: str | None, app_secret: str | None
) -> TokenInfo:
    """Inspect ``input_token``; uses ``APP_ID|APP_SECRET`` when both are known."""
    access = f"{app_id}|{app_secret}" if app_id and app_secret else input_token
    payload = await client.request(
        "GET",
        "debug_token",
        token=access,
        params={"input_token": input_token},
        endpoint="/debug_token",
    )
    return parse_token_info(payload)


async def exchange_token(
    client: GraphClient,
    *,
    app_id: str,
    app_secret: str,
    token: str,
    system_user_60_days: bool = False,
) -> ExchangeResult:
    """``fb_exchange_token``: a long-lived token, or the 60-day system-user refresh."""
    params = {
        "grant_type": "fb_exchange_token",
        "client_id": app_id,
        "client_secret": app_secret,
        "fb_exchange_token": token,
    }
    if system_user_60_days:
        params["set_token_expires_in_60_days"] = "true"
    payload = await client.request(
        "GET", "oauth/access_token", params=params, endpoint="/oauth/access_token"
    )
    new = payload.get("access_token")
    if not isinstance(new, str) or not new:
        raise GraphError(
            "The Graph API answered the token exchange without an access_token.",
            kind="malformed",
            endpoint="/oauth/access_token",
        )
    return ExchangeResult(access_token=new, expires_in=as_int(payload.get("expires_in")))


async def exchange_code(
    client: GraphClient, *, app_id: str, app_secret: str, redirect_uri: str, code: str
) -> ExchangeResult:
    """Facebook Login's code for a user token (§19.13); ``redirect_uri`` must be the dialog's."""
    params = {
        "client_id": app_id,
        "redirect_uri": redirect_uri,
        "client_secret": app_secret,
        "code": code,
    }
    payload = await client.request(
        "GET", "oauth/access_token", params=params, endpoint="/oauth/access_token"
    )
    new = payload.get("access_token")
    if not isinstance(new, str) or not new:
        raise GraphError(
            "The Graph API answered the login code exchange without an access_token.",
            kind="malformed",
            endpoint="/oauth/access_token",
        )
    return ExchangeResult(access_token=new, expires_in=as_int(payload.get("expires_in")))


async def app_access_token(client: GraphClient, *, app_id: str, app_secret: str) -> str:
    """An app token via ``client_credentials``; proves the app secret is right."""
    payload = await client.request(
        "GET",
        "oauth/access_token",
        params={
            "grant_type": "client_credentials",
            "client_id": app_id,
            "client_secret": app_secret,
        },
        endpoint="/oauth/access_token",
    )
    token = payload.get("access_token")
    if not isinstance(token, str) or not token:
        raise GraphError(
            "The Graph API answered client_credentials without an access_token.",
            kind="malformed",
            endpoint="/oauth/access_token",
        )
    return token


async def me(client: GraphClient, token: str) -> dict[str, Any]:
    payload = await client.request(
        "GET", "me", token=token, params={"fields": "id,name"}, endpoint="/me"
    )
    return normalize_ids(payload)


async def permissions(client: GraphClient, token: str) -> dict[str, str]:
    """Permission -> status (``granted`` / ``declined`` / ``expired``)."""
    label = "/me/permissions"
    payload = await client.request("GET", "me/permissions", token=token, endpoint=label)
    out: dict[str, str] = {}
    for item in data_list(payload, label):
        name, status = item.get("permission"), item.get("status")
        if isinstance(name, str):
            out[name] = status if isinstance(status, str) else "unknown"
    return out
