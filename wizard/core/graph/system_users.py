"""Typed Business Management calls for system users (graph-api.md §10.2, §19.14).

Same rules as the other :mod:`wizard.core.graph` modules: a :class:`GraphClient` first,
:class:`GraphError` on failure, tolerant parsing, path templates as error endpoints.
Minting a token needs ``appsecret_proof``: the client adds it when it knows the secret.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wizard.core.graph.client import GraphClient
from wizard.core.graph.errors import GraphError
from wizard.core.graph.parse import as_id, as_list, as_str, data_list


@dataclass(frozen=True)
class SystemUser:
    """One entry of ``GET /{business-id}/system_users``."""

    id: str
    name: str
    role: str | None
    """``ADMIN`` or ``EMPLOYEE``."""


@dataclass(frozen=True)
class AssignedUser:
    id: str
    tasks: tuple[str, ...]


async def system_users(client: GraphClient, token: str, business_id: str) -> list[SystemUser]:
    label = "/{business-id}/system_users"
    payload = await client.request(
        "GET", f"{business_id}/system_users", token=token, endpoint=label
    )
    out: list[SystemUser] = []
    for item in data_list(payload, label):
        user_id = as_id(item.get("id"))
        if user_id:
            out.append(
                SystemUser(user_id, as_str(item.get("name")) or user_id, as_str(item.get("role")))
            )
    return out


async def install_app(client: GraphClient, token: str, system_user_id: str, app_id: str) -> None:
    """``POST /{system-user-id}/applications`` with ``business_app``."""
    await client.request(
        "POST",
        f"{system_user_id}/applications",
        token=token,
        form={"business_app": app_id},
        endpoint="/{system-user-id}/applications",
    )


async def assigned_users(
    client: GraphClient, token: str, waba_id: str, business_id: str
) -> list[AssignedUser]:
    label = "/{waba-id}/assigned_users"
    payload = await client.request(
        "GET",
        f"{waba_id}/assigned_users",
        token=token,
        params={"business": business_id},
        endpoint=label,
    )
    out: list[AssignedUser] = []
    for item in data_list(payload, label):
        user_id = as_id(item.get("id"))
        if user_id:
            tasks = tuple(t for t in as_list(item.get("tasks")) if isinstance(t, str))
            out.append(AssignedUser(user_id, tasks))
    return out


async def assign_waba(
    client: GraphClient, token: str, waba_id: str, user_id: str, tasks: Sequence[str] = ("MANAGE",)
) -> None:
    """``POST /{waba-id}/assigned_users`` with ``user`` and ``tasks=['MANAGE']`` (Meta's form)."""
    listed = ",".join(f"'{t}'" for t in tasks)
    await client.request(
        "POST",
        f"{waba_id}/assigned_users",
        token=token,
        form={"user": user_id, "tasks": f"[{listed}]"},
        endpoint="/{waba-id}/assigned_users",
    )


async def mint_token(
    client: GraphClient,
    token: str,
    system_user_id: str,
    *,
    app_id: str,
    scopes: Sequence[str],
    sixty_days: bool = False,
) -> str:
    """``POST /{system-user-id}/access_tokens``: the new token (register it at once)."""
    label = "/{system-user-id}/access_tokens"
    form = {"business_app": app_id, "scope": ",".join(scopes)}
    if sixty_days:
        form["set_token_expires_in_60_days"] = "true"
    payload = await client.request(
        "POST",
        f"{system_user_id}/access_tokens",
        token=token,
        form=form,
        endpoint=label,
        idempotent=False,  # a retry after a lost answer would mint a second token
    )
    new = payload.get("access_token")
    if not isinstance(new, str) or not new:
        raise GraphError(
            "The Graph API answered the token request without an access_token.",
            kind="malformed",
            endpoint=label,
        )
    return new
