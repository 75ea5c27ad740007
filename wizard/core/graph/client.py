"""GraphClient: the one way the wizard talks to the Graph API (or the sandbox).

* The token travels in the ``Authorization`` header, never in a URL we build.
* ``appsecret_proof`` + ``appsecret_time`` go in the query string of every call
  whenever the app secret is known (graph-api.md §6). A timed proof expires after 5
  minutes, so on a machine whose clock is off every call fails with "Invalid
  appsecret_proof": the client then retries once with the plain proof, and if Meta takes
  that, keeps using it and records :data:`CLOCK_SKEW_WARNING` in ``clock_warning``.
* Transient failures are retried with exponential backoff and jitter, bounded
  in attempts and in total time.
* Every request has a total deadline (not only per-read timeouts: a server that
  drips one byte every few seconds never trips those), the client may carry an
  overall deadline for a whole command, and an answer is read as a stream and
  refused past :data:`MAX_RESPONSE_BYTES` (Graph answers are a few KB).
* Every failure becomes a :class:`GraphError` whose text holds no secret and no
  URL: httpx exceptions carry the request URL (with ``client_secret`` for the
  oauth endpoints), so they are never re-raised or chained. GraphError, the
  envelope parser and the retryable code sets live in :mod:`wizard.core.graph.errors`.

httpx is imported lazily so that importing this module stays cheap.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard.core.config import DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, USER_AGENT
from wizard.core.graph.errors import (
    RATE_LIMIT_CODES,
    GraphError,
    JsonObject,
    parse_error_envelope,
)

if TYPE_CHECKING:
    import httpx

MAX_RESPONSE_BYTES = 4 * 1024 * 1024
"""Largest Graph answer read: real ones are a few KB (a template list page is ~100 KB)."""

REQUEST_DEADLINE = 20.0
"""Seconds one HTTP request may take from connect to the last byte of the answer."""

MAX_VALUE_LENGTH = 8192
"""Longest token or parameter sent: Meta tokens are 150–500 characters; 8 KB is not a token."""


CLOCK_SKEW_WARNING = (
    "This computer's clock looks wrong: Meta refused the time-stamped appsecret_proof "
    "(valid for 5 minutes) but accepted the plain one, so wa-wizard now sends the plain "
    "proof. Set the clock right (turn on automatic time / NTP): your own code probably "
    "sends time-stamped proofs too, and they fail the same way."
)
"""Shown by doctor and the wizard when the plain-proof fallback worked (issue 11 pt 8)."""


def appsecret_proof(token: str, app_secret: str, at: int | None = None) -> str:
    """HMAC-SHA256 of the token keyed with the app secret, lowercase hex.

    With ``at`` (unix seconds) this is the time-stamped form over ``token|at``.
    """
    message = token if at is None else f"{token}|{at}"
    return hmac.new(app_secret.encode(), message.encode(), hashlib.sha256).hexdigest()


@dataclass
class RetryPolicy:
    """How hard to try before giving up."""

    max_attempts: int = 3
    """Attempts per call, the first included."""
    base_delay: float = 0.5
    """First backoff in seconds; doubles each attempt, plus jitter."""
    max_delay: float = 4.0
    total_budget: float = 30.0
    """Upper bound in seconds for one call including retries and waits."""


@dataclass
class GraphClient:
    """Async Graph API client over an injected ``httpx.AsyncClient``.

    Args:
        http: the HTTP client (tests inject a transport; see :func:`make_http_client`).
        base_url: ``https://graph.facebook.com`` or a sandbox URL.
        version: normalised version such as ``v25.0``.
        app_secret: when known, every token-authenticated call carries a proof.
    """

    http: httpx.AsyncClient
    base_url: str = DEFAULT_GRAPH_URL
    version: str = DEFAULT_GRAPH_VERSION
    app_secret: str | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    timed_proof: bool = True
    """Send the time-stamped proof (current docs); False sends the classic one."""
    clock_warning: str | None = None
    """Set when Meta refused the timed proof but took the plain one: the clock is off."""
    _plain_refused: bool = field(default=False, init=False, repr=False)
    """The plain proof failed too (a wrong secret): don't double every later call."""
    errors: list[GraphError] = field(default_factory=list)
    """Every error seen by this client, newest last (for reports)."""
    calls: int = 0
    """HTTP requests made, retries included."""
    request_deadline: float = field(default_factory=lambda: REQUEST_DEADLINE)
    """Seconds one request may take in total (connect, send, the whole answer)."""
    deadline: float | None = None
    """Event-loop time after which no call starts or continues (a command's overall limit);
    see :meth:`limit_total_time`."""
    deadline_label: str = "the command"

    def limit_total_time(self, seconds: float, label: str) -> None:
        """Bound every call from now on to ``seconds`` in total (e.g. doctor's whole run).

        Args:
            label: what ran out, for the message ("wa-wizard doctor's time limit").
        """
        self.deadline = asyncio.get_running_loop().time() + seconds
        self.deadline_label = f"{label} of {seconds:.0f} s"

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{self.version}/{path.lstrip('/')}"

    async def get(
        self, path: str, *, token: str | None = None, params: Mapping[str, str] | None = None
    ) -> JsonObject:
        return await self.request("GET", path, token=token, params=params)

    async def post(
        self,
        path: str,
        *,
        token: str | None = None,
        params: Mapping[str, str] | None = None,
        json_body: JsonObject | None = None,
        form: Mapping[str, str] | None = None,
    ) -> JsonObject:
        return await self.request(
            "POST", path, token=token, params=params, json_body=json_body, form=form
        )

    async def delete(
        self, path: str, *, token: str | None = None, params: Mapping[str, str] | None = None
    ) -> JsonObject:
        return await self.request("DELETE", path, token=token, params=params)

    async def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: Mapping[str, str] | None = None,
        json_body: JsonObject | None = None,
        form: Mapping[str, str] | None = None,
        endpoint: str | None = None,
        idempotent: bool = True,
    ) -> JsonObject:
        """Make one logical call (with retries) and return the JSON object.

        Args:
            endpoint: a secret-free label for error texts; defaults to ``path``.
            idempotent: False for calls that must not happen twice (sending a message):
                they are retried only when Meta certainly did nothing, i.e. the connection
                failed before the request left, or Meta refused it with a rate limit.

        Raises:
            GraphError: on any failure; never an httpx exception.
        """
        label = endpoint or path
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.retry.total_budget
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._bounded(
                    deadline, method, path, token, params, json_body, form, label
                )
            except GraphError as error:
                error.repeatable = idempotent
                self.errors.append(error)
                delay = min(self.retry.max_delay, self.retry.base_delay * 2 ** (attempt - 1))
                delay += random.uniform(0, delay / 2)
                out_of_time = loop.time() + delay >= deadline
                maybe_done = error.request_sent and error.code not in RATE_LIMIT_CODES
                if not idempotent and maybe_done:
                    raise  # a timeout or 5xx after sending: the message may have gone out
                if not error.retryable or attempt >= self.retry.max_attempts or out_of_time:
                    raise
                await self.sleep(delay)

    async def _bounded(
        self,
        deadline: float,
        method: str,
        path: str,
        token: str | None,
        params: Mapping[str, str] | None,
        json_body: JsonObject | None,
        form: Mapping[str, str] | None,
        label: str,
    ) -> JsonObject:
        """One attempt within its own total deadline and what is left of the call's."""
        loop = asyncio.get_running_loop()
        left = deadline - loop.time()
        overall = self.deadline is not None and deadline >= self.deadline
        if left <= 0:
            raise self._out_of_time(label, overall=overall, request_sent=False)
        limit = min(self.request_deadline, left)
        try:
            return await asyncio.wait_for(
                self._once(method, path, token, params, json_body, form, label), limit
            )
        except asyncio.TimeoutError:
            raise self._out_of_time(
                label, overall=overall and limit >= left, seconds=limit
            ) from None

    def _out_of_time(
        self, label: str, *, overall: bool, request_sent: bool = True, seconds: float = 0
    ) -> GraphError:
        if overall:
            message = (
                f"Stopped waiting for the Graph API ({label}): {self.deadline_label} ran out. "
                "The server is too slow or sends its answer a trickle at a time."
            )
        else:
            message = (
                f"The Graph API did not finish answering {label} within {seconds:.0f} s "
                "(the whole answer, not just the first byte)."
            )
        return GraphError(message, kind="timeout", endpoint=label, request_sent=request_sent)

    async def _once(
        self,
        method: str,
        path: str,
        token: str | None,
        params: Mapping[str, str] | None,
        json_body: JsonObject | None,
        form: Mapping[str, str] | None,
        label: str,
    ) -> JsonObject:
        timed = bool(token and self.app_secret and "|" not in token and self.timed_proof)
        try:
            return await self._send(method, path, token, params, json_body, form, label, timed)
        except GraphError as error:
            if not (timed and not self._plain_refused and _proof_refused(error)):
                raise
            self.errors.append(error)
        # A timed proof refused: a wrong clock, or a wrong secret. The plain proof tells.
        try:
            answer = await self._send(method, path, token, params, json_body, form, label, False)
        except GraphError as again:
            self._plain_refused = self._plain_refused or _proof_refused(again)
            raise
        self.timed_proof = False
        self.clock_warning = CLOCK_SKEW_WARNING
        return answer

    async def _send(
        self,
        method: str,
        path: str,
        token: str | None,
        params: Mapping[str, str] | None,
        json_body: JsonObject | None,
        form: Mapping[str, str] | None,
        label: str,
        timed: bool,
    ) -> JsonObject:
        import httpx

        query: dict[str, str] = dict(params or {})
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
            if self.app_secret and "|" not in token:
                if timed:
                    now = int(time.time())
                    query["appsecret_proof"] = appsecret_proof(token, self.app_secret, now)
                    query["appsecret_time"] = str(now)
                else:
                    query["appsecret_proof"] = appsecret_proof(token, self.app_secret)
        _refuse_oversized(label, token, query, form)
        self.calls += 1
        try:
            request = self.http.build_request(
                method,
                self.url(path),
                params=query,
                headers=headers,
                json=json_body,
                data=dict(form) if form is not None else None,
            )
            response = await self.http.send(request, stream=True)
            try:
                status, body = response.status_code, await _read_capped(response, label)
            finally:
                await response.aclose()
        except (httpx.InvalidURL, httpx.LocalProtocolError):
            raise GraphError(
                f"The request for {label} could not be built: a value in it is not valid "
                "in a URL or header.",
                kind="input",
                endpoint=label,
                request_sent=False,
            ) from None
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise GraphError(
                f"Could not reach the Graph API ({label}): {type(exc).__name__}.",
                kind="timeout" if isinstance(exc, httpx.ConnectTimeout) else "network",
                endpoint=label,
                request_sent=False,
            ) from None
        except httpx.TimeoutException:
            raise GraphError(
                f"No answer from the Graph API in time ({label}).", kind="timeout", endpoint=label
            ) from None
        except httpx.HTTPError as exc:
            raise GraphError(
                f"Could not reach the Graph API ({label}): {type(exc).__name__}.",
                kind="network",
                endpoint=label,
            ) from None
        return _decode(status, body, label)


def _proof_refused(error: GraphError) -> bool:
    """Meta's "Invalid appsecret_proof" (code 100); an expired timed proof's own text is
    UNCONFIRMED (graph-api.md §6), so any proof refusal other than "missing" counts."""
    text = error.message.lower()
    return error.code == 100 and "appsecret_proof" in text and "require" not in text


def _refuse_oversized(
    label: str,
    token: str | None,
    query: Mapping[str, str],
    form: Mapping[str, str] | None,
) -> None:
    """A value no Meta token or id can be (a 70 KB paste) is refused before sending."""
    values = [("the access token", token or "")]
    values += [(f"the {key} value", value) for key, value in {**query, **(form or {})}.items()]
    for what, value in values:
        if len(value) > MAX_VALUE_LENGTH:
            raise GraphError(
                f"Not sent ({label}): {what} is {len(value):,} characters long; Meta tokens "
                f"and ids are at most a few hundred.",
                kind="input",
                endpoint=label,
                request_sent=False,
            )


async def _read_capped(response: httpx.Response, label: str) -> bytes:
    """The whole answer, or a GraphError as soon as it passes :data:`MAX_RESPONSE_BYTES`."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        raise _too_large(label, response.status_code)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise _too_large(label, response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(label: str, status: int) -> GraphError:
    return GraphError(
        f"The answer to {label} was larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB, so "
        "wa-wizard stopped reading it: Graph API answers are a few KB, so something other "
        "than Meta is answering.",
        kind="malformed",
        http_status=status,
        endpoint=label,
    )


def _decode(status: int, body: bytes, label: str) -> JsonObject:
    try:
        payload: object = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        payload = None
    envelope = parse_error_envelope(payload, status, label)
    if envelope is not None:
        raise envelope
    if status >= 500:
        raise GraphError(
            f"The Graph API had a server error (HTTP {status}) on {label}.",
            kind="server",
            http_status=status,
            endpoint=label,
        )
    if status >= 400:
        raise GraphError(
            f"The Graph API refused {label} with HTTP {status} and no error details.",
            kind="server" if status in (408, 429) else "malformed",
            http_status=status,
            endpoint=label,
        )
    if not isinstance(payload, dict):
        raise GraphError(
            f"The Graph API answered {label} with something that is not a JSON object.",
            kind="malformed",
            http_status=status,
            endpoint=label,
        )
    return payload


def make_http_client(
    transport: httpx.AsyncBaseTransport | None = None, *, timeout: float = 10.0
) -> httpx.AsyncClient:
    """The AsyncClient every face uses; tests and ``--sandbox`` inject a transport."""
    import httpx

    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        follow_redirects=False,
        trust_env=transport is None,
    )
