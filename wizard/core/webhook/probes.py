"""The single probes of the webhook self-test, each the way Meta uses the endpoint.

The GET handshake (right and wrong verify token) and a signed realistic POST (right
and wrong signature). Each returns a :class:`ProbeResult` that says what happened and
the exact fix; none raises for what the endpoint does and none contains a secret.
:mod:`wizard.core.webhook.selftest` runs them in order.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wizard.core.actions import Action, in_cli
from wizard.core.config import USER_AGENT
from wizard.core.webhook.diagnose import (
    Failure,
    Status,
    cdn_block,
    classify_exception,
    describe_status,
    snippet,
    waf_fix,
)
from wizard.core.webhook.payloads import build_messages_payload
from wizard.core.webhook.signing import SIGNATURE_HEADER, sign

if TYPE_CHECKING:
    import httpx


WRONG_TOKEN = "Wrong token"

MAX_ANSWER_BYTES = 64 * 1024
"""Read at most this much of an endpoint's answer: the echo and the status are all we need."""


@dataclass(frozen=True)
class Budget:
    """Time limits of a self-test: each request in total, and the whole run.

    Per-read timeouts alone do not bound anything: a server that sends one byte every
    few seconds never trips them.
    """

    per_request: float = 10.0
    """Seconds from connect to the last byte read of one answer."""
    until: float | None = None
    """Event-loop time when the whole run must stop (None: no overall limit)."""
    run_seconds: float = 0.0
    """The overall limit in seconds, for the message."""

    @classmethod
    def starting_now(cls, per_request: float, run_seconds: float) -> Budget:
        until = asyncio.get_running_loop().time() + run_seconds
        return cls(per_request, until, run_seconds)

    def limit(self) -> tuple[float, bool]:
        """(seconds for the next request, whether the overall limit is what binds)."""
        if self.until is None:
            return self.per_request, False
        left = self.until - asyncio.get_running_loop().time()
        return (min(self.per_request, left), left <= self.per_request)


DEFAULT_BUDGET = Budget()


@dataclass(frozen=True)
class ProbeResult:
    """One line of the self-test: ✓ / ! / ✗ / - with the cause and the fix."""

    id: str
    status: Status
    title: str
    detail: str
    fix: str = ""
    http_status: int | None = None
    latency: float | None = None
    """Seconds until the answer, when there was one."""
    action: Action | None = None
    """What wa-wizard can do about it, apart from the prose of ``fix``."""

    def to_dict(self) -> dict[str, Any]:
        """JSON: ``fix`` as the CLI says it, ``action`` as its stable id."""
        data = asdict(self)
        data["fix"] = in_cli(self.fix, self.action) if self.fix or self.action else ""
        data["action"] = self.action.id if self.action else None
        return data


@dataclass
class _Answer:
    status: int
    headers: dict[str, str]
    body: str
    latency: float


async def _call(
    http: httpx.AsyncClient, method: str, url: str, budget: Budget, **kwargs: Any
) -> _Answer | Failure:
    """One request within ``budget``; at most :data:`MAX_ANSWER_BYTES` of the answer is read."""
    seconds, overall = budget.limit()
    if seconds <= 0:
        return _out_of_time(url, budget, overall=True)
    try:
        return await asyncio.wait_for(_send(http, method, url, **kwargs), seconds)
    except asyncio.TimeoutError:
        return _out_of_time(url, budget, overall=overall, seconds=seconds)


async def _send(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> _Answer | Failure:
    import httpx

    headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
    started = time.perf_counter()
    try:
        async with http.stream(method, url, headers=headers, **kwargs) as response:
            latency = time.perf_counter() - started
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk[: MAX_ANSWER_BYTES - size])
                size += len(chunks[-1])
                if size >= MAX_ANSWER_BYTES:
                    break  # closing the stream drops the rest unread
    except httpx.HTTPError as exc:
        return classify_exception(exc, url)
    body = b"".join(chunks).decode("utf-8", "replace")
    lowered = {k.lower(): v for k, v in response.headers.items()}
    return _Answer(response.status_code, lowered, body, latency)


def _out_of_time(url: str, budget: Budget, *, overall: bool, seconds: float = 0) -> Failure:
    host = urlsplit(url).hostname or "the endpoint"
    if overall:
        return Failure(
            "timeout",
            f"Stopped: the self-test's limit of {budget.run_seconds:.0f} s for all requests "
            f"ran out before {host} finished answering.",
            "Make the endpoint answer at once (HTTP 200 with a short body, then do the work); "
            "Meta gives up after a few seconds and retries.",
        )
    return Failure(
        "timeout",
        f"{host} did not finish its answer within {seconds:.0f} s (the whole answer, not "
        "just the first byte): it hangs or sends its answer a trickle at a time.",
        "Make the endpoint answer at once (HTTP 200 with a short body, then do the work); "
        "Meta gives up after a few seconds and retries. A slow tunnel can also cause this.",
    )


def _answered(
    answer: _Answer, probe: str, status: Status, title: str, detail: str, fix: str = ""
) -> ProbeResult:
    return ProbeResult(probe, status, title, detail, fix, answer.status, answer.latency)


def _failed(probe: str, title: str, failure: Failure) -> ProbeResult:
    return ProbeResult(probe, "fail", title, failure.detail, failure.fix, action=failure.action)


def _challenge() -> str:
    return str(1_000_000_000 + secrets.randbelow(9_000_000_000))


def _params(challenge: str, token: str) -> dict[str, str]:
    return {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": token}


async def handshake_probe(
    url: str, verify_token: str, *, http: httpx.AsyncClient, budget: Budget = DEFAULT_BUDGET
) -> ProbeResult:
    """Meta's GET verification: HTTP 200 with exactly ``hub.challenge`` as the body."""
    title = "Handshake"
    challenge = _challenge()
    answer = await _call(http, "GET", url, budget, params=_params(challenge, verify_token))
    if isinstance(answer, Failure):
        return _failed("handshake", title, answer)
    body, status = answer.body, answer.status
    if status != 200:
        cause, fix = describe_status(status, answer.headers, body, "GET")
        if status in (401, 403) and not cdn_block(answer.headers, body):
            cause = f"HTTP {status}: the endpoint refused the verify token from the env file."
            fix = (
                "The server's verify token differs from META_WEBHOOK_VERIFY_TOKEN in the env "
                "file: use the same value in both (watch for quotes and trailing spaces)."
            )
        return _answered(answer, "handshake", "fail", title, cause, fix)
    if body == challenge:
        where = "https" if url.lower().startswith("https") else "http"
        detail = f"HTTP 200, echoed hub.challenge exactly ({where})"
        return _answered(answer, "handshake", "pass", title, detail)
    return _answered(
        answer, "handshake", "fail", title, *_wrong_echo(answer, challenge, verify_token)
    )


def _wrong_echo(answer: _Answer, challenge: str, verify_token: str) -> tuple[str, str]:
    body = answer.body
    plain = "Return the raw hub.challenge value as the body, as text/plain, nothing else."
    cdn = cdn_block(answer.headers, body)
    if cdn:
        return f"HTTP 200 but {cdn} answered with a challenge page.", waf_fix(cdn)
    if body.strip() == challenge:
        return "The echo has extra whitespace or a newline around hub.challenge.", plain
    if not body:
        return "HTTP 200 with an empty body: hub.challenge was not echoed.", plain
    if verify_token and verify_token in body:
        return "The endpoint echoed the verify token instead of hub.challenge.", plain
    if challenge in body and body.lstrip()[:1] in ("{", "[", '"'):
        return "The challenge is wrapped in JSON (e.g. return {'challenge': …}).", plain + (
            " In Express use res.send(String(challenge)); in FastAPI a PlainTextResponse."
        )
    if body.lstrip()[:1] == "<" or "html" in answer.headers.get("content-type", ""):
        return "HTTP 200 with an HTML page instead of the challenge.", (
            "The URL serves a web page (wrong path, or a framework's default page). " + plain
        )
    if challenge in body:
        return (
            f"The body contains the challenge plus other text: {snippet(body, (verify_token,))}.",
            plain,
        )
    return f"The body is not hub.challenge: {snippet(body, (verify_token,))}.", plain


async def wrong_token_probe(
    url: str, verify_token: str, *, http: httpx.AsyncClient, budget: Budget = DEFAULT_BUDGET
) -> ProbeResult:
    """The handshake with a wrong token must be refused with a non-200 status."""
    title = WRONG_TOKEN
    challenge = _challenge()
    wrong = "wa-wizard-wrong-" + secrets.token_hex(8)
    answer = await _call(http, "GET", url, budget, params=_params(challenge, wrong))
    if isinstance(answer, Failure):
        return _failed("wrong_token", title, answer)
    if answer.status == 200 and challenge in answer.body:
        return _answered(
            answer,
            "wrong_token",
            "fail",
            title,
            "Your endpoint does not check the verify token: "
            "it echoed the challenge for a wrong one.",
            "Compare hub.verify_token with your stored token and answer 403 when they differ.",
        )
    if answer.status == 200:
        return _answered(
            answer,
            "wrong_token",
            "warn",
            title,
            "Answered HTTP 200 (without the challenge) to a wrong token.",
            "Answer 403 when hub.verify_token does not match.",
        )
    return _answered(answer, "wrong_token", "pass", title, f"refused with HTTP {answer.status}")


async def signed_post_probe(
    url: str,
    app_secret: str,
    *,
    http: httpx.AsyncClient,
    bad: bool = False,
    budget: Budget = DEFAULT_BUDGET,
) -> ProbeResult:
    """POST a realistic ``messages`` payload, signed right (expect 200) or wrong (refusal)."""
    body = build_messages_payload()
    signature = sign(body, "wa-wizard-wrong-secret" + app_secret) if bad else sign(body, app_secret)
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
    answer = await _call(http, "POST", url, budget, content=body, headers=headers)
    probe, title = ("bad_signature", "Bad signature") if bad else ("signed_post", "Signed event")
    if isinstance(answer, Failure):
        return _failed(probe, title, answer)
    ok = 200 <= answer.status < 300
    if bad:
        if ok:
            return _answered(
                answer,
                probe,
                "fail",
                title,
                f"HTTP {answer.status}: your endpoint does not verify signatures; "
                "anyone can post fake events.",
                "Compute HMAC-SHA256 of the raw body with the app secret and compare it, in "
                "constant time, with X-Hub-Signature-256; answer 401 or 403 on mismatch.",
            )
        return _answered(answer, probe, "pass", title, f"refused with HTTP {answer.status}")
    if answer.status == 200:
        return _answered(
            answer,
            probe,
            "pass",
            title,
            "HTTP 200 for a signed payload with non-ASCII text and escaped slashes",
        )
    if ok:
        detail = f"HTTP {answer.status}; Meta counts only HTTP 200 as delivered."
        return _answered(answer, probe, "warn", title, detail, "Answer with HTTP 200.")
    cause, fix = describe_status(answer.status, answer.headers, answer.body, "POST")
    if answer.status in (400, 401, 403) and not cdn_block(answer.headers, answer.body):
        cause = f"HTTP {answer.status}: a correctly signed event was refused."
        fix = (
            "Check that the server uses the same app secret as FACEBOOK_APP_SECRET, and hashes "
            "the raw request bytes before JSON parsing: Meta escapes non-ASCII (ä as \\u00e4) "
            "and slashes (image\\/jpeg), so re-serialised JSON does not match."
        )
    return _answered(answer, probe, "fail", title, cause, fix)
