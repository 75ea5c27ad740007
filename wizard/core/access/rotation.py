"""Rotate the access token: prove a new token can replace the old one, then end the old one.

"Rotating tokens" (the guides' advice; seed-guides.md) without breaking production: the
new token must belong to the same app, be of the same type, carry every scope the old
one had, reach the configured WhatsApp account and read the configured phone number.
Only then may a face write it (through core/envfile, atomically). Revoking the old token
uses ``GET /oauth/revoke``, third-party knowledge only (UNCONFIRMED), so the outcome is
confirmed with debug_token and, when it cannot be, the person is told where to revoke.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from wizard.core.checks.discovery import discover_wabas
from wizard.core.graph import account, tokens
from wizard.core.graph.errors import GraphError
from wizard.core.redact import register_secret

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.tokens import TokenInfo
    from wizard.core.state import SetupValues

PHONE_FIELDS = ("id", "display_phone_number", "status")
SYSTEM_USERS_PAGE = "Business Settings › Users › System users"


@dataclass(frozen=True)
class Comparison:
    """The old and the new token side by side; ``problems`` empty means "safe to swap"."""

    old: TokenInfo | None
    new: TokenInfo | None
    problems: list[str] = field(default_factory=list)
    """One sentence per mismatch, never containing a token."""
    notes: list[str] = field(default_factory=list)
    """What could not be compared and why (e.g. the old token already expired)."""
    phone: str | None = None
    """The phone number the new token read (display form), when one is configured."""

    @property
    def ok(self) -> bool:
        return not self.problems


def _is_app_mismatch(error: GraphError) -> bool:
    return error.code == 100 and "did not match the viewing app" in error.message.lower()


async def _inspect(
    client: GraphClient, token: str, values: SetupValues, which: str
) -> tuple[TokenInfo | None, str | None]:
    try:
        info = await tokens.debug_token(
            client, token, app_id=values.app_id, app_secret=values.app_secret
        )
    except GraphError as error:
        if _is_app_mismatch(error):
            return None, f"The {which} token was issued for another app than {values.app_id}."
        raise
    return info, None


def _scopes(info: TokenInfo) -> set[str]:
    return set(info.scopes) | {name for name, _ in info.granular_scopes}


async def compare(client: GraphClient, values: SetupValues, new_token: str) -> Comparison:
    """Compare the env file's token (``values.access_token``) with ``new_token``.

    Raises:
        GraphError: debug_token itself failed (network, wrong app secret, ...).
    """
    register_secret(new_token)
    old_token = values.access_token or ""
    problems: list[str] = []
    notes: list[str] = []
    if new_token == old_token:
        return Comparison(None, None, ["The new token is the one already in the env file."])
    old, old_problem = (
        await _inspect(client, old_token, values, "old") if old_token else (None, None)
    )
    new, new_problem = await _inspect(client, new_token, values, "new")
    if new_problem or new is None:
        return Comparison(old, None, [new_problem or "The new token could not be inspected."])
    if not new.is_valid:
        why = new.error_message or "debug_token says it is not valid"
        return Comparison(old, new, [f"The new token is not valid: {why}"])
    if old is None:
        notes.append(old_problem or "The env file had no token to compare with.")
    else:
        if old.app_id and new.app_id != old.app_id:
            problems.append(
                f"App: the new token is for app {new.app_id}, the old one for {old.app_id}."
            )
        if old.type and new.type != old.type:
            problems.append(f"Type: the new token is a {new.type} token, the old one {old.type}.")
        if old.is_valid:
            missing = sorted(_scopes(old) - _scopes(new))
            if missing:
                problems.append("Scopes: the new token lacks " + ", ".join(missing) + ".")
        else:
            notes.append("The old token is no longer valid, so its scopes could not be read.")
    if values.app_id and new.app_id and new.app_id != values.app_id and not problems:
        problems.append(f"App: the new token is for app {new.app_id}, not {values.app_id}.")
    waba_id = values.waba_id
    if waba_id:
        reach = await discover_wabas(client, new_token, new)
        if waba_id not in reach.wabas:
            problems.append(
                f"WhatsApp account: the new token cannot reach {waba_id} (it reaches "
                + (", ".join(reach.wabas) or "none")
                + ")."
            )
    elif old is not None and old.is_valid:
        before = set((await discover_wabas(client, old_token, old)).wabas)
        after = set((await discover_wabas(client, new_token, new)).wabas)
        if before - after:
            problems.append(
                "WhatsApp account: the new token cannot reach "
                + ", ".join(sorted(before - after))
                + "."
            )
    shown: str | None = None
    phone_id = values.phone_number_id
    if phone_id:
        try:
            phone = await account.phone_number(client, new_token, phone_id, PHONE_FIELDS)
        except GraphError as error:
            problems.append(
                f"Phone number: the new token cannot read {phone_id} ({error.code}: "
                f"{error.message.split('. ')[0]})."
            )
        else:
            shown = str(phone.get("display_phone_number") or phone_id)
    return Comparison(old, new, problems, notes, shown)


RevokeResult = Literal["revoked", "refused", "unconfirmed", "broke_new", "skipped"]


@dataclass(frozen=True)
class Revoked:
    result: RevokeResult
    detail: str
    """What happened, one sentence, no token."""


def where_to_revoke(info: TokenInfo | None) -> str:
    """Where a person ends the old token by hand, by token type."""
    if info is not None and info.type == "SYSTEM_USER":
        return (
            f"Revoke it in {SYSTEM_USERS_PAGE}: select the system user, then Revoke tokens "
            "(choose this app)."
        )
    return (
        "A user token cannot be revoked alone from the dashboards: it ends when it expires, "
        "or when you remove the app in Facebook Settings › Apps and websites, which also ends "
        "every other token you gave this app (the new one too, if it is yours)."
    )


async def revoke_old(
    client: GraphClient, values: SetupValues, old_token: str, new_token: str
) -> Revoked:
    """Try ``GET /oauth/revoke`` for the old token, then confirm both tokens' state."""
    from wizard.core.graph.revoke import revoke_token

    app_id, secret = values.app_id, values.app_secret
    if not (app_id and secret):
        return Revoked("skipped", "Revoking needs the App ID and App secret in the env file.")
    try:
        await revoke_token(
            client, app_id=app_id, app_secret=secret, token=old_token, caller=new_token
        )
    except GraphError as error:
        return Revoked("refused", f"Meta refused /oauth/revoke ({error.code}: {error.message}).")
    old = await tokens.debug_token(client, old_token, app_id=app_id, app_secret=secret)
    new = await tokens.debug_token(client, new_token, app_id=app_id, app_secret=secret)
    if not new.is_valid:
        return Revoked(
            "broke_new",
            "After revoking the old token the new one is not valid either: "
            + (new.error_message or "debug_token says so")
            + ".",
        )
    if old.is_valid:
        return Revoked("unconfirmed", "Meta answered /oauth/revoke, but the old token still works.")
    return Revoked("revoked", "The old token no longer works (checked with debug_token).")
