"""Typed Graph calls: one function per call the wizard makes.

Every function takes a :class:`GraphClient` first and raises :class:`GraphError`.
Parsing is tolerant (graph-api.md marks many fields UNCONFIRMED): optional
fields stay ``None``, ids are always strings even if numbers arrive, and a 2xx
answer without the one field we cannot do without becomes a ``malformed`` error.
Error ``endpoint`` labels are path templates (``/{waba-id}/phone_numbers``), so
no id or secret ends up in an error text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wizard.core.graph import GraphClient, GraphError, JsonObject


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


@dataclass(frozen=True)
class SendResult:
    """An accepted send; delivery is only known from a status webhook."""

    wamid: str
    wa_id: str | None = None
    message_status: str | None = None


def _id(value: object) -> str | None:
    """Ids arrive as strings, sometimes as numbers in old samples."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, str)):
        text = str(value).strip()
        return text or None
    return None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _data_list(payload: JsonObject, label: str) -> list[dict[str, Any]]:
    """The ``data`` array of a list answer, objects only."""
    data = payload.get("data")
    if data is None:
        return []
    if not isinstance(data, list):
        raise GraphError(
            f"The Graph API answered {label} without a list of results.",
            kind="malformed",
            endpoint=label,
        )
    out: list[dict[str, Any]] = []
    for item in data:
        if isinstance(item, dict):
            if "id" in item:
                item = {**item, "id": _id(item["id"])}
            out.append(item)
    return out


def _normalize_ids(obj: JsonObject) -> dict[str, Any]:
    result = dict(obj)
    if "id" in result:
        result["id"] = _id(result["id"])
    return result


def parse_token_info(payload: JsonObject) -> TokenInfo:
    """Parse a debug_token answer (tolerant of every UNCONFIRMED field)."""
    data = payload.get("data")
    if not isinstance(data, dict):
        raise GraphError(
            "The Graph API answered /debug_token without a data object.",
            kind="malformed",
            endpoint="/debug_token",
        )
    scopes = tuple(s for s in _list(data.get("scopes")) if isinstance(s, str))
    granular: list[tuple[str, tuple[str, ...] | None]] = []
    for entry in _list(data.get("granular_scopes")):
        if not isinstance(entry, dict) or not isinstance(entry.get("scope"), str):
            continue
        raw = entry.get("target_ids")
        ids: tuple[str, ...] | None = None
        if isinstance(raw, list):
            ids = tuple(i for i in (_id(x) for x in raw) if i)
        granular.append((entry["scope"], ids))
    error = data.get("error")
    err = error if isinstance(error, dict) else {}
    return TokenInfo(
        is_valid=data.get("is_valid") is True,
        type=_str(data.get("type")),
        app_id=_id(data.get("app_id")),
        application=_str(data.get("application")),
        expires_at=_int(data.get("expires_at")),
        data_access_expires_at=_int(data.get("data_access_expires_at")),
        issued_at=_int(data.get("issued_at")),
        scopes=scopes,
        granular_scopes=tuple(granular),
        user_id=_id(data.get("user_id")),
        error_code=_int(err.get("code")),
        error_subcode=_int(err.get("subcode", err.get("error_subcode"))),
        error_message=_str(err.get("message")),
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
    return ExchangeResult(access_token=new, expires_in=_int(payload.get("expires_in")))


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
    return _normalize_ids(payload)


async def permissions(client: GraphClient, token: str) -> dict[str, str]:
    """Permission -> status (``granted`` / ``declined`` / ``expired``)."""
    label = "/me/permissions"
    payload = await client.request("GET", "me/permissions", token=token, endpoint=label)
    out: dict[str, str] = {}
    for item in _data_list(payload, label):
        name, status = item.get("permission"), item.get("status")
        if isinstance(name, str):
            out[name] = status if isinstance(status, str) else "unknown"
    return out


async def businesses(client: GraphClient, token: str) -> list[dict[str, Any]]:
    label = "/me/businesses"
    payload = await client.request("GET", "me/businesses", token=token, endpoint=label)
    return _data_list(payload, label)


async def owned_wabas(client: GraphClient, token: str, business_id: str) -> list[dict[str, Any]]:
    label = "/{business-id}/owned_whatsapp_business_accounts"
    payload = await client.request(
        "GET", f"{business_id}/owned_whatsapp_business_accounts", token=token, endpoint=label
    )
    return _data_list(payload, label)


async def assigned_wabas(client: GraphClient, token: str, user_id: str) -> list[dict[str, Any]]:
    label = "/{user-id}/assigned_whatsapp_business_accounts"
    payload = await client.request(
        "GET", f"{user_id}/assigned_whatsapp_business_accounts", token=token, endpoint=label
    )
    return _data_list(payload, label)


WABA_FIELDS = "id,name,account_review_status,business_verification_status,owner_business_info"


async def waba(client: GraphClient, token: str, waba_id: str) -> dict[str, Any]:
    payload = await client.request(
        "GET", waba_id, token=token, params={"fields": WABA_FIELDS}, endpoint="/{waba-id}"
    )
    return _normalize_ids(payload)


async def phone_numbers(client: GraphClient, token: str, waba_id: str) -> list[dict[str, Any]]:
    label = "/{waba-id}/phone_numbers"
    payload = await client.request("GET", f"{waba_id}/phone_numbers", token=token, endpoint=label)
    return _data_list(payload, label)


async def phone_number(
    client: GraphClient, token: str, phone_id: str, fields: Sequence[str]
) -> dict[str, Any]:
    params = {"fields": ",".join(fields)} if fields else None
    payload = await client.request(
        "GET", phone_id, token=token, params=params, endpoint="/{phone-number-id}"
    )
    return _normalize_ids(payload)


async def message_templates(
    client: GraphClient, token: str, waba_id: str, name: str | None = None
) -> list[dict[str, Any]]:
    label = "/{waba-id}/message_templates"
    params = {"name": name} if name else None
    payload = await client.request(
        "GET", f"{waba_id}/message_templates", token=token, params=params, endpoint=label
    )
    items = _data_list(payload, label)
    if name:  # the filter is a prefix/contains match on Meta's side; keep exact names
        items = [t for t in items if t.get("name") == name]
    return items


def _send_result(payload: JsonObject) -> SendResult:
    label = "/{phone-number-id}/messages"
    messages = payload.get("messages")
    first = messages[0] if isinstance(messages, list) and messages else None
    wamid = _str(first.get("id")) if isinstance(first, dict) else None
    if not wamid or not isinstance(first, dict):
        raise GraphError(
            "The Graph API accepted the message but returned no message id.",
            kind="malformed",
            endpoint=label,
        )
    contacts = payload.get("contacts")
    contact = contacts[0] if isinstance(contacts, list) and contacts else None
    wa_id = _id(contact.get("wa_id")) if isinstance(contact, dict) else None
    return SendResult(wamid=wamid, wa_id=wa_id, message_status=_str(first.get("message_status")))


async def send_template(
    client: GraphClient,
    token: str,
    phone_id: str,
    to: str,
    name: str = "hello_world",
    language: str = "en_US",
) -> SendResult:
    body: JsonObject = {
        "messaging_product": "whatsapp",
        "to": to,
        "type": "template",
        "template": {"name": name, "language": {"code": language}},
    }
    payload = await client.request(
        "POST",
        f"{phone_id}/messages",
        token=token,
        json_body=body,
        endpoint="/{phone-number-id}/messages",
    )
    return _send_result(payload)


async def send_text(
    client: GraphClient, token: str, phone_id: str, to: str, body: str
) -> SendResult:
    message: JsonObject = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": False, "body": body},
    }
    payload = await client.request(
        "POST",
        f"{phone_id}/messages",
        token=token,
        json_body=message,
        endpoint="/{phone-number-id}/messages",
    )
    return _send_result(payload)


async def app_subscriptions(
    client: GraphClient, app_token: str, app_id: str
) -> list[dict[str, Any]]:
    label = "/{app-id}/subscriptions"
    payload = await client.request(
        "GET", f"{app_id}/subscriptions", token=app_token, endpoint=label
    )
    return _data_list(payload, label)


async def subscribe_app(
    client: GraphClient,
    app_token: str,
    app_id: str,
    callback_url: str,
    verify_token: str,
    fields: Sequence[str],
) -> None:
    await client.request(
        "POST",
        f"{app_id}/subscriptions",
        token=app_token,
        form={
            "object": "whatsapp_business_account",
            "callback_url": callback_url,
            "verify_token": verify_token,
            "fields": ",".join(fields),
        },
        endpoint="/{app-id}/subscriptions",
    )


async def subscribed_apps(client: GraphClient, token: str, waba_id: str) -> list[dict[str, Any]]:
    label = "/{waba-id}/subscribed_apps"
    payload = await client.request("GET", f"{waba_id}/subscribed_apps", token=token, endpoint=label)
    return _data_list(payload, label)


def subscribed_app_ids(entries: Sequence[dict[str, Any]]) -> list[str]:
    """App ids in a ``subscribed_apps`` answer (``whatsapp_business_api_data.id``)."""
    ids: list[str] = []
    for entry in entries:
        data = entry.get("whatsapp_business_api_data")
        app = _id(data.get("id")) if isinstance(data, dict) else _id(entry.get("id"))
        if app:
            ids.append(app)
    return ids


async def subscribe_waba(client: GraphClient, token: str, waba_id: str) -> None:
    await client.request(
        "POST", f"{waba_id}/subscribed_apps", token=token, endpoint="/{waba-id}/subscribed_apps"
    )


async def unsubscribe_waba(client: GraphClient, token: str, waba_id: str) -> None:
    await client.request(
        "DELETE", f"{waba_id}/subscribed_apps", token=token, endpoint="/{waba-id}/subscribed_apps"
    )
