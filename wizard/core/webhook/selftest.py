"""Test a webhook endpoint the way Meta uses it, before Meta does.

Probes: the URL itself, the GET handshake with the right and a wrong verify token,
a signed realistic POST and the same body with a bad signature, then latency.
Every result says what happened and the exact fix; none contains a secret.

The probes themselves live in :mod:`wizard.core.webhook.probes`;
this module runs them in order, skips what cannot run, and times the answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from wizard.core import actions
from wizard.core.webhook.diagnose import Failure, check_url
from wizard.core.webhook.probes import (
    DEFAULT_BUDGET,
    WRONG_TOKEN,
    Budget,
    ProbeResult,
    handshake_probe,
    signed_post_probe,
    wrong_token_probe,
)

if TYPE_CHECKING:
    import httpx


PROBE_IDS = ("url", "handshake", "wrong_token", "signed_post", "bad_signature", "latency")
SLOW_SECONDS = 2.0
"""Above this an answer is reported as slow: Meta wants a fast 200 and retries otherwise."""

NO_ANSWER = "the endpoint did not answer the handshake"
SET_VERIFY_TOKEN = (
    "Set META_WEBHOOK_VERIFY_TOKEN in the env file and use the same value in your server."
)
SET_APP_SECRET = (
    "Add FACEBOOK_APP_SECRET to the env file (App Dashboard > App settings > Basic > App secret)."
)


def _latency(results: list[ProbeResult], slow_after: float) -> ProbeResult:
    timed = [r.latency for r in results if r.latency is not None]
    if not timed:
        return ProbeResult("latency", "skip", "Latency", "no answer to time")
    worst = max(timed)
    detail = f"slowest answer {worst * 1000:.0f} ms"
    if worst > slow_after:
        return ProbeResult(
            "latency",
            "warn",
            "Latency",
            f"{detail}; Meta wants a fast 200.",
            "Answer 200 first and process the event afterwards (a queue or background task).",
            latency=worst,
        )
    return ProbeResult("latency", "pass", "Latency", detail, latency=worst)


async def self_test(
    url: str,
    verify_token: str | None,
    app_secret: str | None,
    *,
    http: httpx.AsyncClient,
    slow_after: float = SLOW_SECONDS,
    budget: Budget = DEFAULT_BUDGET,
) -> list[ProbeResult]:
    """Run every probe against ``url``; never raises for anything the endpoint does.

    Args:
        budget: the time limits per request and for the whole run.
    """
    status, detail, fix = check_url(url)
    results = [ProbeResult("url", status, "Callback URL", detail, fix)]
    if status == "fail":
        return results
    unreachable: Failure | None = None
    if verify_token:
        first = await handshake_probe(url, verify_token, http=http, budget=budget)
        results.append(first)
        unreachable = _no_answer(first)
        if first.http_status == 200:
            results.append(await wrong_token_probe(url, verify_token, http=http, budget=budget))
        else:
            results.append(_skipped("wrong_token", WRONG_TOKEN, "the handshake failed"))
    else:
        results.append(
            ProbeResult(
                "handshake",
                "skip",
                "Handshake",
                "no verify token",
                SET_VERIFY_TOKEN,
                action=actions.GENERATE_VERIFY_TOKEN,
            )
        )
        results.append(
            ProbeResult(
                "wrong_token",
                "skip",
                WRONG_TOKEN,
                "no verify token",
                SET_VERIFY_TOKEN,
                action=actions.GENERATE_VERIFY_TOKEN,
            )
        )
    if app_secret and unreachable is None:
        signed = await signed_post_probe(url, app_secret, http=http, budget=budget)
        results.append(signed)
        if signed.http_status is not None and 200 <= signed.http_status < 300:
            results.append(
                await signed_post_probe(url, app_secret, http=http, bad=True, budget=budget)
            )
        else:
            results.append(_skipped("bad_signature", "Bad signature", "the signed event failed"))
    elif app_secret:
        results.append(_skipped("signed_post", "Signed event", NO_ANSWER))
        results.append(_skipped("bad_signature", "Bad signature", NO_ANSWER))
    else:
        for probe, title in (("signed_post", "Signed event"), ("bad_signature", "Bad signature")):
            results.append(ProbeResult(probe, "skip", title, "no app secret", SET_APP_SECRET))
    results.append(_latency(results, slow_after))
    return results


def _no_answer(result: ProbeResult) -> Failure | None:
    if result.status == "fail" and result.http_status is None:
        return Failure("network", result.detail, result.fix, result.action)
    return None


def _skipped(probe: str, title: str, why: str) -> ProbeResult:
    return ProbeResult(probe, "skip", title, f"skipped: {why}")


def passed(results: Iterable[ProbeResult]) -> bool:
    """True when nothing failed and nothing was skipped: Meta will be able to use it."""
    return all(r.status in ("pass", "warn") for r in results)
