"""The checklist as data, and the runner both faces use.

Each :class:`Check` names the checks it ``needs``; :func:`run_checks` runs
independent checks concurrently on one GraphClient, skips a check whose
dependency failed (saying which), and never raises: a GraphError becomes a
result with its error card's fix, anything else a secret-free "internal error".
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from wizard.core import actions
from wizard.core.checks import local, phone, token, waba, webhook
from wizard.core.checks.base import (
    TITLES,
    Check,
    CheckContext,
    CheckFn,
    CheckResult,
    from_error,
    result,
)
from wizard.core.graph.errors import GraphError

CHECK_IDS = (
    "env_file",
    "app_credentials",
    "token_valid",
    "token_app",
    "token_expiry",
    "permissions",
    "waba",
    "phone_number",
    "template",
    "webhook_subscription",
    "verify_token",
    "git_safety",
)
"""Public ids, in display order."""

CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check("env_file", (), local.env_file),
        Check("app_credentials", ("env_file",), token.app_credentials),
        Check("token_valid", ("env_file",), token.token_valid),
        Check("token_app", ("token_valid",), token.token_app),
        Check("token_expiry", ("env_file",), token.token_expiry, after=("token_valid",)),
        Check("permissions", ("token_valid",), token.permissions),
        Check("waba", ("token_valid",), waba.waba, unless_failed=("token_app",)),
        Check("phone_number", ("waba",), phone.phone_number),
        Check("template", ("waba",), waba.template),
        Check(
            "webhook_subscription",
            ("waba",),
            webhook.webhook_subscription,
            after=("app_credentials",),
        ),
        Check("verify_token", ("env_file",), local.verify_token),
        Check("git_safety", ("env_file",), local.git_safety),
    )
}


def _closure(ids: Iterable[str]) -> list[str]:
    """The ids asked for plus everything they need or wait for, in display order."""
    wanted: set[str] = set()
    stack = list(ids)
    while stack:
        cid = stack.pop()
        if cid in wanted:
            continue
        wanted.add(cid)
        check = CHECKS[cid]
        stack.extend(check.needs)
        stack.extend(check.after)
        stack.extend(check.unless_failed)
    return [cid for cid in CHECK_IDS if cid in wanted]


async def _guarded(fn: CheckFn, cid: str, ctx: CheckContext) -> CheckResult:
    try:
        return await fn(ctx)
    except GraphError as error:
        return from_error(cid, ctx, error)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug in a check must not stop the others
        return result(
            cid,
            "fail",
            f"internal error in this check ({type(exc).__name__}).",
            "Please report it, with the redacted diagnostic attached.",
            action=actions.REPORT,
        )


async def run_checks(
    ctx: CheckContext, only: Iterable[str] | None = None
) -> dict[str, CheckResult]:
    """Run the checklist (or ``only`` those ids, with what they need).

    Returns:
        check id -> result, in display order: the ids asked for, plus any
        dependency of theirs that failed.

    Raises:
        ValueError: for an unknown id in ``only`` (a usage error, before any call).
    """
    asked = list(CHECK_IDS) if only is None else list(dict.fromkeys(only))
    unknown = [cid for cid in asked if cid not in CHECKS]
    if unknown:
        raise ValueError(f"unknown check id {', '.join(unknown)}; known: {', '.join(CHECK_IDS)}")
    tasks: dict[str, asyncio.Task[CheckResult]] = {}

    async def run_one(check: Check) -> CheckResult:
        waits = [tasks[d] for d in (*check.needs, *check.after, *check.unless_failed)]
        done = await asyncio.gather(*waits)
        by_id = {r.id: r for r in done}
        for need in check.needs:
            dep = by_id[need]
            if dep.status in ("fail", "skip"):
                why = "failed" if dep.status == "fail" else "was skipped"
                return result(check.id, "skip", f"skipped: {TITLES[need]} {why}.")
        for other in check.unless_failed:
            if by_id[other].status == "fail":
                return result(check.id, "skip", f"skipped: {TITLES[other]} failed.")
        return await _guarded(check.run, check.id, ctx)

    order = _closure(asked)
    for cid in order:  # display order is a topological order: needs come first
        tasks[cid] = asyncio.ensure_future(run_one(CHECKS[cid]))
    results = dict(zip(order, await asyncio.gather(*tasks.values()), strict=True))
    # A hidden dependency that failed is shown too: it is why the asked ones were skipped.
    shown = {
        cid: results[cid]
        for cid in CHECK_IDS
        if cid in asked or (cid in results and results[cid].status == "fail")
    }
    clock = clock_result(ctx)
    if clock is not None:
        shown[clock.id] = clock
    return shown


def clock_result(ctx: CheckContext) -> CheckResult | None:
    """A warning when the client had to drop the timed proof (issue 11 pt 8), else None.

    Not a check of its own: any call may be the one that finds out, so it is read from
    the client after the checks ran, under the id ``clock``.
    """
    warning = ctx.client.clock_warning
    if warning is None:
        return None
    return result(
        "clock",
        "warn",
        "Meta refused the time-stamped appsecret_proof and accepted the plain one: this "
        "computer's clock is probably more than 5 minutes off.",
        warning,
    )
