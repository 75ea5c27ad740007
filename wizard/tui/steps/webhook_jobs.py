"""The Webhook step's network jobs: endpoint self-test, subscribe, and the subscription check.

Kept apart from the screen so they read as the CLI's ``webhook-test`` and
``webhook-subscribe`` do: the same core calls in the same order, lines instead of prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wizard.core.graph import messages
from wizard.tui.widgets.result_card import Line

if TYPE_CHECKING:
    from wizard.core.state import SetupValues
    from wizard.core.webhook.probes import ProbeResult
    from wizard.tui.services import Services

FIELDS = ("messages",)
NEEDED = (
    ("verify_token", "the verify token (step 2)"),
    ("app_id", "the App ID (step 3)"),
    ("app_secret", "the App Secret (step 3)"),
    ("access_token", "the access token (step 4)"),
    ("waba_id", "the WhatsApp account, chosen with the number (step 7)"),
)


def missing_for_subscribe(values: SetupValues) -> list[str]:
    """What subscribing still needs, as words a person can act on."""
    return [words for name, words in NEEDED if not getattr(values, name)]


def probe_line(probe: ProbeResult) -> Line:
    """One ✓/!/✗ line per probe; the fix underneath unless it passed."""
    failed = probe.status != "pass"
    return Line(
        probe.status,
        f"{probe.title}: {probe.detail}",
        probe.fix * failed,
        probe.action if failed else None,
    )


def check_line(result: Any) -> Line:
    """The ``webhook_subscription`` check as a result line (same words as doctor)."""
    return Line(result.status, f"{result.title}: {result.detail}", result.fix, result.action)


async def self_test_lines(url: str, values: SetupValues) -> list[Line]:
    """Act like Meta against ``url`` (handshake, wrong token, signed and badly signed POST)."""
    from wizard.core.webhook.diagnose import endpoint_client
    from wizard.core.webhook.probes import Budget
    from wizard.core.webhook.selftest import passed, self_test

    budget = Budget.starting_now(10.0, 60.0)  # the same limits as `wa-wizard webhook-test`
    async with endpoint_client(url, 10.0) as http:
        results = await self_test(
            url, values.verify_token, values.app_secret, http=http, budget=budget
        )
    lines = [probe_line(probe) for probe in results]
    if passed(results):
        lines.append(Line("pass", "The endpoint behaves as Meta needs: press Subscribe."))
    return lines


async def subscription_check(services: Services, values: SetupValues, now: float) -> Any:
    """Doctor's ``webhook_subscription`` check, through ``run_checks`` on the step's values.

    No env file is needed (``env=None``: the values are supplied directly). When a
    check it depends on failed (bad token, WABA not reachable), that failure is
    returned instead of a bare "skipped", because it carries the fix.
    """
    from wizard.core.checks.base import CheckContext, result
    from wizard.core.checks.runner import run_checks

    if not values.waba_id:
        return result(
            "webhook_subscription",
            "skip",
            "No WhatsApp account yet: pick the phone number in step 7 first.",
        )
    ctx = CheckContext(
        client=services.client(values.app_secret), values=values, env=None, now=now, facts={}
    )
    results = await run_checks(ctx, only=["webhook_subscription"])
    check = results["webhook_subscription"]
    if check.status == "skip":
        failed = [r for cid, r in results.items() if cid != check.id and r.status == "fail"]
        if failed:
            return failed[0]
    return check


async def subscribe(
    services: Services, values: SetupValues, url: str, now: float, fields: Sequence[str] = FIELDS
) -> tuple[list[Line], Any]:
    """App subscription (Meta verifies the URL), then the WABA subscription, then the check.

    Raises GraphError (the step turns it into a card, #2200 included).
    """
    from wizard.core.webhook.subscription import SubscribeError, subscribe_webhook

    try:
        await subscribe_webhook(services.client(values.app_secret), values, url, fields)
    except SubscribeError as failed:
        raise failed.error from None
    lines = [
        Line("pass", f"Meta verified {url}; it is the app's callback ({', '.join(fields)})."),
        Line("pass", f"App {values.app_id} subscribed to WhatsApp account {values.waba_id}."),
    ]
    result = await subscription_check(services, values, now)
    if result.status == "pass":
        del lines[1]  # the check's own line names the WABA subscription (one screen at 80x24)
    lines.append(check_line(result))
    return lines, result


async def send_again(services: Services, values: SetupValues, to: str) -> str:
    """Send hello_world to the recipient of step 8 again; returns the wamid."""

    sent = await messages.send_template(
        services.client(values.app_secret),
        values.access_token or "",
        values.phone_number_id or "",
        to,
    )
    return str(sent.wamid)
