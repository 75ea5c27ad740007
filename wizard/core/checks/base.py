"""The data types of the checklist and the helpers every check shares.

Split from :mod:`wizard.core.checks` so that the check modules can import these
without a cycle; import them from ``wizard.core.checks``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from wizard.core.actions import Action
from wizard.core.graph.client import GraphClient
from wizard.core.graph.errors import GraphError
from wizard.core.state import KEY_DEFAULTS, SetupValues

if TYPE_CHECKING:
    from wizard.core.envfile.store import EnvFile

Status = Literal["pass", "warn", "fail", "skip"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})

TITLES: dict[str, str] = {
    "env_file": "Env file",
    "app_credentials": "App credentials",
    "token_valid": "Access token",
    "token_app": "Token's app",
    "token_expiry": "Token expiry",
    "permissions": "Permissions",
    "waba": "WhatsApp account",
    "phone_number": "Phone number",
    "template": "Template",
    "webhook_subscription": "Webhook",
    "verify_token": "Verify token",
    "git_safety": "Git safety",
    "clock": "Clock",
}
"""Check id -> the title every face shows."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, as the TUI and doctor show it."""

    id: str
    status: Status
    title: str
    detail: str
    """One line: what was found."""
    fix: str = ""
    """What to do about it (may hold several lines); empty when nothing is needed."""
    data: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    """Facts for faces (token type, expiry, scopes, WABA, phone...); never a secret."""
    action: Action | None = None
    """What wa-wizard can do about it, apart from the prose of ``fix``."""

    @property
    def ok(self) -> bool:
        return self.status != "fail"


@dataclass
class CheckContext:
    """Everything checks read; ``facts`` is how checks pass results to their dependents."""

    client: GraphClient
    values: SetupValues
    env: EnvFile | None = None
    warn_days: int = 7
    now: float = field(default_factory=time.time)
    facts: dict[str, Any] = field(default_factory=dict)


CheckFn = Callable[[CheckContext], Awaitable[CheckResult]]


@dataclass(frozen=True)
class Check:
    """One item of the checklist.

    Args:
        needs: checks that must not fail (or be skipped) for this one to run.
        after: checks to wait for (their facts help) whose failure does not skip this one.
        unless_failed: checks whose failure (not skip) makes this one pointless.
    """

    id: str
    needs: tuple[str, ...]
    run: CheckFn
    after: tuple[str, ...] = ()
    unless_failed: tuple[str, ...] = ()


def result(
    check_id: str,
    status: Status,
    detail: str,
    fix: str = "",
    data: Mapping[str, Any] | None = None,
    action: Action | None = None,
) -> CheckResult:
    """Build a result with the standard title."""
    return CheckResult(
        id=check_id,
        status=status,
        title=TITLES.get(check_id, check_id),
        detail=detail,
        fix=fix,
        data=MappingProxyType(dict(data)) if data else _EMPTY,
        action=action,
    )


def key_name(ctx: CheckContext, field_name: str) -> str:
    """The key this setup uses for a field (its alias when the file uses one)."""
    env = ctx.env
    if env is not None:
        binding = env.bindings.get(field_name)
        if binding is not None:
            return str(binding.key)
    return KEY_DEFAULTS[field_name]


def link_context(ctx: CheckContext) -> Any:
    """The ids known so far, for deep links in error cards."""
    from wizard.core.cards.spec import LinkContext

    return LinkContext(
        app_id=ctx.values.app_id,
        waba_id=ctx.facts.get("waba_id") or ctx.values.waba_id,
        phone_number_id=ctx.values.phone_number_id,
        business_id=ctx.facts.get("business_id"),
    )


def is_proof_required(error: GraphError) -> bool:
    """Meta's "Require App Secret" refusal (code 100, matched on the text)."""
    return error.code == 100 and "require an appsecret_proof" in error.message.lower()


def from_error(check_id: str, ctx: CheckContext, error: GraphError, doing: str = "") -> CheckResult:
    """A GraphError as a result: the error card's cause and fix, never raw URLs or secrets.

    Args:
        doing: what the check was doing, e.g. "inspecting the token".
    """
    secret_key = key_name(ctx, "app_secret")
    if is_proof_required(error) and not ctx.values.app_secret:
        return result(
            check_id,
            "fail",
            "This app has 'Require App Secret' on: every call must carry an appsecret_proof.",
            f"Add {secret_key} to the env file (App Dashboard › App settings › Basic › "
            "App secret › Show); wa-wizard then signs every call.",
            {"error": error.to_dict()},
        )
    from wizard.core.cards.lookup import card_for_error

    card = card_for_error(error, link_context(ctx))
    prefix = f"{doing[:1].upper()}{doing[1:]} failed: " if doing else ""
    if error.kind == "timeout":  # what timed out: one request, or the whole run
        detail = f"{prefix}could not reach the Graph API in time: {error.message}"
    elif error.kind in ("input", "malformed"):
        # Our own secret-free words: which value is too long, what the answer was (not JSON,
        # or larger than any Graph answer).
        detail = f"{prefix}{error.message}"
    elif error.kind == "network":
        detail = f"{prefix}could not reach the Graph API ({card.title})."
    else:
        code = ""
        if error.code is not None:
            code = f" ({error.code}" + (f"/{error.subcode})" if error.subcode else ")")
        detail = f"{prefix}{card.title}{code}"
    fix = card.fix
    if card.link:
        fix = f"{fix}\n{card.link}" if fix else card.link
    data = {"error": error.to_dict(), "cause": card.cause}
    return result(check_id, "fail", detail, fix, data, card.action)
