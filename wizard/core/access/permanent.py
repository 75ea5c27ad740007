"""Turn an admin's token into a never-expiring system-user token (graph-api.md §10.2, §19.14).

One sequence for ``wa-wizard make-permanent`` and the wizard's "Make it permanent":
pick a system user of the business, install the app for it, assign it the WABA
(``MANAGE``), mint its token (``appsecret_proof`` required), then prove with debug_token
that the token is ``SYSTEM_USER``, never expires, has the scopes and reaches the WABA.
Each step is confirmed by the face (``confirm``) and skipped when already done. Nothing
is written here: the face writes only a :class:`Permanent` result. Any refusal ends in a
:class:`Fallback`: the error card plus the guided manual steps with deep links.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard.core.cards.graph import SYSTEM_USER_STEPS
from wizard.core.cards.login import install_refusal_card
from wizard.core.cards.lookup import ErrorCard, card_for_error
from wizard.core.cards.spec import SYSTEM_USERS, LinkContext, build_link
from wizard.core.graph import system_users as su
from wizard.core.graph import tokens
from wizard.core.graph.errors import GraphError
from wizard.core.redact import register_secret

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.system_users import SystemUser
    from wizard.core.graph.tokens import TokenInfo

SCOPES = ("business_management", "whatsapp_business_management", "whatsapp_business_messaging")
MANAGEMENT = "whatsapp_business_management"


@dataclass(frozen=True)
class Step:
    """One change about to be made, as the face asks about it."""

    id: str
    """``install``, ``assign`` or ``mint``."""
    title: str
    detail: str


Confirm = Callable[[Step], Awaitable[bool]]
Choose = Callable[[Sequence["SystemUser"]], Awaitable["SystemUser | None"]]
Progress = Callable[[str, str], None]
"""(status ``pass``/``skip``/``info``, sentence): what just happened."""


@dataclass(frozen=True)
class Permanent:
    """A verified token, ready to write."""

    token: str
    info: TokenInfo
    system_user: SystemUser


@dataclass(frozen=True)
class Fallback:
    """Where the automatic path stopped, why, and the manual path from there."""

    step: str
    reason: str
    card: ErrorCard | None = None
    guide: tuple[str, ...] = field(default_factory=tuple)
    stopped: bool = False
    """The person declined a step (not a refusal by Meta)."""


def guided_steps(ctx: LinkContext) -> tuple[str, ...]:
    """Today's manual path (Business Settings), opening on the business's own page."""
    link = build_link(SYSTEM_USERS, ctx)
    return (f"Open {link}", *SYSTEM_USER_STEPS.splitlines())


def already_permanent(info: TokenInfo, waba_id: str | None) -> bool:
    """The token is already what make-permanent would produce."""
    return not verify_problems(info, waba_id, app_id=info.app_id)


def verify_problems(
    info: TokenInfo, waba_id: str | None, *, app_id: str | None, sixty_days: bool = False
) -> list[str]:
    """Why ``info`` is not the promised token (empty when it is), checked before any write."""
    problems: list[str] = []
    if not info.is_valid:
        problems.append(f"Meta says the token is not valid ({info.error_message or 'no reason'}).")
        return problems
    if info.type != "SYSTEM_USER":
        problems.append(f"It is a {info.type or 'token of unknown type'}, not a SYSTEM_USER token.")
    if app_id and info.app_id != app_id:
        problems.append(f"It belongs to app {info.app_id}, not to {app_id}.")
    if sixty_days:
        if not info.expires_at or info.expires_at <= time.time():
            problems.append("It should expire in about 60 days, but debug_token says otherwise.")
    elif info.expires_at != 0:
        problems.append("It expires (debug_token's expires_at is not 0).")
    missing = [s for s in SCOPES if s not in info.scopes]
    if missing:
        problems.append(f"It lacks the permissions {', '.join(missing)}.")
    targets = info.targets(MANAGEMENT)
    if waba_id and targets is not None and waba_id not in targets:
        problems.append(f"It does not reach WhatsApp account {waba_id} (not in target_ids).")
    return problems


async def business_of(client: GraphClient, token: str, waba_id: str) -> str | None:
    """The business that owns the WABA (``owner_business_info``), or None."""
    from wizard.core.graph import account

    try:
        node = await account.waba(client, token, waba_id)
    except GraphError:
        return None
    owner = node.get("owner_business_info")
    if isinstance(owner, dict) and owner.get("id"):
        return str(owner["id"])
    return None


async def make_permanent(
    client: GraphClient,
    *,
    app_id: str,
    admin_token: str,
    waba_id: str,
    business_id: str | None,
    choose: Choose,
    confirm: Confirm,
    progress: Progress,
    sixty_days: bool = False,
) -> Permanent | Fallback:
    """Run the steps; never raises GraphError (a refusal becomes a :class:`Fallback`).

    ``client`` must know the app secret: minting requires ``appsecret_proof``.
    """
    ctx = LinkContext(app_id=app_id, waba_id=waba_id, business_id=business_id)
    step = "system_user"

    def fell(reason: str, error: GraphError | None = None, *, stopped: bool = False) -> Fallback:
        card = card_for_error(error, ctx) if error is not None else None
        if card is not None and error is not None and step == "install":
            card = install_refusal_card(card, error, ctx)
        return Fallback(step, reason, card, guided_steps(ctx), stopped)

    if not client.app_secret:
        return fell("Minting a system-user token needs the App secret (appsecret_proof).")
    try:
        business_id = business_id or await business_of(client, admin_token, waba_id)
        if not business_id:
            return fell(f"Could not tell which business owns WhatsApp account {waba_id}.")
        ctx = LinkContext(app_id=app_id, waba_id=waba_id, business_id=business_id)
        users = await su.system_users(client, admin_token, business_id)
        if not users:
            return fell(
                f"Business {business_id} has no system user yet. Create one in Business "
                "Settings › Users › System users (Add, role Admin), then run this again."
            )
        user = await choose(users)
        if user is None:
            return fell("No system user was picked.", stopped=True)
        progress("pass", f"System user: {user.name} ({user.id}, {user.role or 'role unknown'})")

        step = "install"
        install = Step(
            "install",
            f"Install app {app_id} for {user.name}",
            "POST /{system-user-id}/applications (harmless when it is already installed)",
        )
        if not await confirm(install):
            return fell("Installing the app was declined.", stopped=True)
        await su.install_app(client, admin_token, user.id, app_id)
        progress("pass", f"App {app_id} is installed for {user.name}")

        step = "assign"
        if user.role == "ADMIN":
            progress("skip", "An ADMIN system user has every WhatsApp account already")
        elif await _has_manage(client, admin_token, waba_id, business_id, user.id):
            progress("skip", f"{user.name} already manages WhatsApp account {waba_id}")
        else:
            assign = Step(
                "assign",
                f"Give {user.name} full control (MANAGE) of WhatsApp account {waba_id}",
                "POST /{waba-id}/assigned_users",
            )
            if not await confirm(assign):
                return fell("Assigning the WhatsApp account was declined.", stopped=True)
            await su.assign_waba(client, admin_token, waba_id, user.id)
            progress("pass", f"{user.name} manages WhatsApp account {waba_id}")

        step = "mint"
        expiry = "expiring in 60 days" if sixty_days else "that never expires"
        mint = Step(
            "mint",
            f"Generate a token {expiry} for {user.name}",
            f"POST /{{system-user-id}}/access_tokens with {', '.join(SCOPES)}",
        )
        if not await confirm(mint):
            return fell("Generating the token was declined.", stopped=True)
        token = await su.mint_token(
            client, admin_token, user.id, app_id=app_id, scopes=SCOPES, sixty_days=sixty_days
        )
        register_secret(token)  # before anything can print or log it

        step = "verify"
        info = await tokens.debug_token(client, token, app_id=app_id, app_secret=client.app_secret)
    except GraphError as error:
        return fell(f"Meta refused the {step.replace('_', ' ')} step.", error)
    problems = verify_problems(info, waba_id, app_id=app_id, sixty_days=sixty_days)
    if problems:
        return fell("The new token is not what was asked for, so nothing was written: "
                    + " ".join(problems))  # fmt: skip
    progress("pass", "debug_token: SYSTEM_USER, " + (
        "expires in 60 days" if sixty_days else "never expires"
    ) + f", reaches WhatsApp account {waba_id}")  # fmt: skip
    return Permanent(token, info, user)


async def _has_manage(
    client: GraphClient, token: str, waba_id: str, business_id: str, user_id: str
) -> bool:
    """Whether the user already has MANAGE on the WABA (a failed read means "ask")."""
    try:
        assigned = await su.assigned_users(client, token, waba_id, business_id)
    except GraphError:
        return False
    return any(a.id == user_id and "MANAGE" in a.tasks for a in assigned)


@dataclass(frozen=True)
class Automatic:
    """The one-button path's outcome and the WABA it used (None when none was reachable)."""

    waba_id: str | None
    result: Permanent | Fallback


async def make_permanent_automatically(
    client: GraphClient,
    *,
    app_id: str,
    admin_token: str,
    info: TokenInfo | None,
    waba_id: str | None,
    progress: Progress,
) -> Automatic:
    """The wizard's button: the given WABA or the first reachable one (Meta lists the newest
    first), an ADMIN system user when there is one, and every step confirmed by the press."""
    from wizard.core.checks.discovery import discover_wabas

    reach = await discover_wabas(client, admin_token, info)
    waba_id = waba_id or (reach.wabas[0] if reach.wabas else None)
    if waba_id is None:
        ctx = LinkContext(app_id=app_id, business_id=reach.business_id)
        reason = "This token reaches no WhatsApp Business Account to give the system user."
        return Automatic(None, Fallback("waba", reason, None, guided_steps(ctx)))

    async def choose(users: Sequence[SystemUser]) -> SystemUser | None:
        return next((u for u in users if u.role == "ADMIN"), users[0])

    async def confirm(step: Step) -> bool:
        return True

    result = await make_permanent(
        client,
        app_id=app_id,
        admin_token=admin_token,
        waba_id=waba_id,
        business_id=reach.business_id,
        choose=choose,
        confirm=confirm,
        progress=progress,
    )
    return Automatic(waba_id, result)
