"""`doctor --fix`: the fixes that need no decision, planned from check results and applied.

Decision-free means the checks already know the one right answer:

* write the WABA id discovery found (the token reaches exactly one, or the one holding
  the configured phone number), and the phone number ID when the account has one number;
* add the env file (and its backups) to .gitignore;
* exchange a user token that expires within ``--warn-days`` for a 60-day one;
* subscribe the app to the WABA when the app's callback is already set.

Everything else that warns or fails needs a person (a secret to paste, a choice among
several accounts, a dashboard click) and is listed with its fix, never guessed. Every
env-file write goes through :class:`EnvFile` (one atomic write with a backup).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from wizard.core.graph.errors import GraphError
from wizard.core.timefmt import DAY

if TYPE_CHECKING:
    from wizard.core.checks.base import CheckResult
    from wizard.core.envfile.store import EnvFile
    from wizard.core.graph.client import GraphClient
    from wizard.core.state import SetupValues

FixKind = Literal["write_waba_id", "write_phone_number_id", "gitignore", "exchange", "subscribe"]


@dataclass(frozen=True)
class Fix:
    """One planned change; ``value`` is an id or path, never a secret."""

    kind: FixKind
    check: str
    title: str
    value: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "check": self.check, "title": self.title}


@dataclass(frozen=True)
class ForPerson:
    """A warning or failure that needs a decision or a secret: shown, not acted on."""

    check: str
    status: str
    title: str
    detail: str
    fix: str

    def to_dict(self) -> dict[str, str]:
        return {
            "check": self.check,
            "status": self.status,
            "title": self.title,
            "detail": self.detail,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class FixPlan:
    fixes: list[Fix] = field(default_factory=list)
    for_person: list[ForPerson] = field(default_factory=list)


@dataclass(frozen=True)
class Applied:
    fix: Fix
    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.fix.to_dict(), "ok": self.ok, "detail": self.detail}


def _data(results: Mapping[str, CheckResult], cid: str) -> Mapping[str, Any]:
    found = results.get(cid)
    return found.data if found is not None else {}


def plan_fixes(
    results: Mapping[str, CheckResult],
    values: SetupValues,
    env: EnvFile | None,
    *,
    warn_days: int,
    now: float,
    key_of: Mapping[str, str],
) -> FixPlan:
    """What ``doctor --fix`` would do for these results; nothing is changed here.

    Args:
        key_of: field -> the env key it is written to (for the plan's wording).
    """
    fixes: list[Fix] = []
    covered: set[str] = set()
    waba = results.get("waba")
    waba_id = str(_data(results, "waba").get("id") or values.waba_id or "")
    if waba and waba.status == "warn" and not values.waba_id and waba_id:
        fixes.append(Fix("write_waba_id", "waba", f"Write {key_of['waba_id']}={waba_id}", waba_id))
        covered.add("waba")
    phone = results.get("phone_number")
    numbers = list(_data(results, "phone_number").get("numbers") or [])
    if phone and phone.status == "warn" and not values.phone_number_id and len(numbers) == 1:
        key = key_of["phone_number_id"]
        fixes.append(
            Fix("write_phone_number_id", "phone_number", f"Write {key}={numbers[0]}", numbers[0])
        )
        covered.add("phone_number")
    git = results.get("git_safety")
    if git and git.status == "warn" and git.data.get("status") == "not_ignored" and env:
        fixes.append(
            Fix("gitignore", "git_safety", f"Add {env.path.name} and its backups to .gitignore")
        )
        covered.add("git_safety")
    expiry = results.get("token_expiry")
    exp = _data(results, "token_expiry").get("expires_at")
    if (
        expiry
        and expiry.status == "warn"
        and expiry.data.get("type") == "USER"
        and isinstance(exp, int)
        and now < exp <= now + warn_days * DAY
        and values.app_id
        and values.app_secret
    ):
        fixes.append(Fix("exchange", "token_expiry", "Exchange the user token for a 60-day one"))
        covered.add("token_expiry")
    hook = results.get("webhook_subscription")
    hook_data = _data(results, "webhook_subscription")
    if (
        hook
        and hook.status == "fail"
        and hook_data.get("callback_url")
        and hook_data.get("waba_subscribed") is False
        and waba_id
    ):
        fixes.append(
            Fix(
                "subscribe", "webhook_subscription", f"Subscribe the app to WABA {waba_id}", waba_id
            )
        )
        covered.add("webhook_subscription")
    for_person = [
        ForPerson(r.id, r.status, r.title, r.detail, r.fix)
        for r in results.values()
        if r.status in ("warn", "fail") and r.id not in covered
    ]
    return FixPlan(fixes, for_person)


async def apply_fixes(
    plan: FixPlan, client: GraphClient, values: SetupValues, env: EnvFile
) -> list[Applied]:
    """Apply ``plan``: exchange first, then one env write, .gitignore, the subscription.

    Never raises for a fix that fails: its :class:`Applied` says why (no secret in it).
    """
    from wizard.core.envfile.write import EnvFileError

    done: list[Applied] = []
    by_kind = {f.kind: f for f in plan.fixes}
    token = values.access_token or ""
    changes: dict[str, str] = {}
    env_fixes: list[Fix] = []
    if (fix := by_kind.get("exchange")) is not None:
        new_token, problem = await _exchange(client, values)
        if new_token is None:
            done.append(Applied(fix, False, problem))
        else:
            changes["access_token"] = new_token
            env_fixes.append(fix)
    id_fields: tuple[tuple[FixKind, str], ...] = (
        ("write_waba_id", "waba_id"),
        ("write_phone_number_id", "phone_number_id"),
    )
    for kind, name in id_fields:
        if (fix := by_kind.get(kind)) is not None:
            changes[name] = fix.value
            env_fixes.append(fix)
    if changes:
        try:
            backup = env.plan(changes).apply()
        except EnvFileError as error:
            done += [Applied(f, False, str(error)) for f in env_fixes]
        else:
            if "access_token" in changes:
                token = changes["access_token"]
            where = f" (backup: {backup})" if backup else ""
            done += [Applied(f, True, f"written to {env.path}{where}") for f in env_fixes]
    if (fix := by_kind.get("gitignore")) is not None:
        from wizard.core.envfile.gitsafety import add_to_gitignore

        try:
            path = await asyncio.to_thread(add_to_gitignore, env.path)
        except EnvFileError as error:
            done.append(Applied(fix, False, str(error)))
        else:
            done.append(Applied(fix, True, f"updated {path}"))
    if (fix := by_kind.get("subscribe")) is not None:
        from wizard.core.graph import webhooks

        try:
            await webhooks.subscribe_waba(client, token, fix.value)
        except GraphError as error:
            done.append(Applied(fix, False, _refusal(error)))
        else:
            done.append(Applied(fix, True, "POST /{waba-id}/subscribed_apps succeeded"))
    return done


async def _exchange(client: GraphClient, values: SetupValues) -> tuple[str | None, str]:
    """(the new token, "") or (None, a sentence saying why there is none)."""
    from wizard.core.access.exchange import exchange_and_confirm

    try:
        new = await exchange_and_confirm(
            client,
            app_id=values.app_id or "",
            app_secret=values.app_secret or "",
            token=values.access_token or "",
        )
    except GraphError as error:
        return None, _refusal(error)
    if not new.info.is_valid:
        return None, "Meta returned a token that debug_token calls invalid; nothing was written."
    if new.same_token:
        return None, "Meta returned the same token; nothing to write."
    return new.token, ""


def _refusal(error: GraphError) -> str:
    from wizard.core.cards.lookup import card_for_error

    card = card_for_error(error)
    code = f" ({error.code})" if error.code is not None else ""
    return f"{card.title}{code}. {card.fix}".strip()
