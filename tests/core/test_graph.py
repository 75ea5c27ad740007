"""GraphClient: proofs, retries, backoff, budget, and secret-free errors (MockTransport)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable

import httpx
import pytest

from wizard.core.graph.client import GraphClient, RetryPolicy, appsecret_proof, make_http_client
from wizard.core.graph.errors import GraphError

SECRET = "0123456789abcdef0123456789abcdef"
TOKEN = "EAAB" + "x" * 60


class Sleeps:
    """A fake sleep that records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def client_for(
    handler: Callable[[httpx.Request], httpx.Response],
    *,
    secret: str | None = None,
    retry: RetryPolicy | None = None,
    sleeps: Sleeps | None = None,
    timed: bool = True,
) -> GraphClient:
    http = make_http_client(httpx.MockTransport(handler))
    client = GraphClient(http, "https://graph.test", "v25.0", secret, timed_proof=timed)
    if retry is not None:
        client.retry = retry
    if sleeps is not None:
        client.sleep = sleeps
    return client


def envelope(
    code: int, message: str = "boom", status: int = 400, **extra: object
) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": message, "code": code, **extra}})


def test_classic_proof_is_hmac_of_token() -> None:
    expected = hmac.new(SECRET.encode(), TOKEN.encode(), hashlib.sha256).hexdigest()
    assert appsecret_proof(TOKEN, SECRET) == expected


def test_timed_proof_covers_token_and_time() -> None:
    expected = hmac.new(SECRET.encode(), f"{TOKEN}|1700000000".encode(), hashlib.sha256)
    assert appsecret_proof(TOKEN, SECRET, 1700000000) == expected.hexdigest()
    assert appsecret_proof(TOKEN, SECRET, 1700000000) != appsecret_proof(TOKEN, SECRET)


async def test_timed_proof_sent_in_query_with_bearer_header() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "1"})

    client = client_for(handler, secret=SECRET)
    await client.get("me", token=TOKEN)
    query = seen[0].url.params
    at = int(query["appsecret_time"])
    assert query["appsecret_proof"] == appsecret_proof(TOKEN, SECRET, at)
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert "access_token" not in query


async def test_classic_proof_when_timed_is_off() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    await client_for(handler, secret=SECRET, timed=False).get("me", token=TOKEN)
    assert seen[0].url.params["appsecret_proof"] == appsecret_proof(TOKEN, SECRET)
    assert "appsecret_time" not in seen[0].url.params


async def test_no_proof_with_app_token_or_without_secret() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    await client_for(handler, secret=SECRET).get("debug_token", token="123|abc")
    await client_for(handler).get("me", token=TOKEN)
    assert all("appsecret_proof" not in r.url.params for r in seen)


async def test_transient_code_is_retried_with_growing_backoff() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return (
            envelope(4, "(#4) Application request limit reached")
            if calls < 3
            else (httpx.Response(200, json={"ok": True}))
        )

    sleeps = Sleeps()
    client = client_for(handler, sleeps=sleeps)
    assert await client.get("me", token=TOKEN) == {"ok": True}
    assert calls == 3 == client.calls
    assert len(sleeps.delays) == 2
    assert 0.5 <= sleeps.delays[0] <= 0.75
    assert 1.0 <= sleeps.delays[1] <= 1.5
    assert [e.code for e in client.errors] == [4, 4]


async def test_gives_up_after_max_attempts_and_raises_last_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="<html>down</html>")

    sleeps = Sleeps()
    client = client_for(handler, sleeps=sleeps, retry=RetryPolicy(max_attempts=4))
    with pytest.raises(GraphError) as caught:
        await client.get("me", token=TOKEN)
    assert caught.value.kind == "server"
    assert caught.value.http_status == 503
    assert client.calls == 4
    assert len(sleeps.delays) == 3


async def test_budget_stops_retries_before_max_attempts() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope(2, "(#2) Service temporarily unavailable", status=503)

    sleeps = Sleeps()
    policy = RetryPolicy(max_attempts=10, base_delay=1.0, max_delay=8.0, total_budget=2.0)
    client = client_for(handler, sleeps=sleeps, retry=policy)
    with pytest.raises(GraphError):
        await client.get("me", token=TOKEN)
    assert client.calls < 10
    assert sum(sleeps.delays) < 2.0


async def test_permanent_error_is_not_retried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope(190, "Error validating access token", error_subcode=463)

    sleeps = Sleeps()
    client = client_for(handler, sleeps=sleeps)
    with pytest.raises(GraphError) as caught:
        await client.get("me", token=TOKEN)
    assert (caught.value.code, caught.value.subcode) == (190, 463)
    assert client.calls == 1
    assert sleeps.delays == []


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ConnectError("fail"), "network"),
        (httpx.ReadTimeout("slow"), "timeout"),
        (httpx.RemoteProtocolError("reset"), "network"),
    ],
)
async def test_transport_failures_become_secret_free_graph_errors(
    exc: Exception, kind: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    client = client_for(handler, secret=SECRET, sleeps=Sleeps())
    with pytest.raises(GraphError) as caught:
        await client.get(
            "oauth/access_token",
            params={"client_secret": SECRET, "fb_exchange_token": TOKEN},
        )
    error = caught.value
    assert error.kind == kind
    assert error.__cause__ is None
    assert error.__suppress_context__
    text = str(error) + json.dumps(error.to_dict())
    assert SECRET not in text
    assert TOKEN not in text
    assert "graph.test" not in text
    assert client.calls == 3  # retried: the network may come back


async def test_malformed_success_is_a_malformed_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"{not json")

    client = client_for(handler, sleeps=Sleeps())
    with pytest.raises(GraphError) as caught:
        await client.get("me", token=TOKEN)
    assert caught.value.kind == "malformed"
    assert client.calls == 1


async def test_envelope_fields_are_parsed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope(
            131030,
            "(#131030) Recipient phone number not in allowed list",
            error_data={"messaging_product": "whatsapp", "details": "Add it"},
            fbtrace_id="AbC123",
            type="OAuthException",
        )

    with pytest.raises(GraphError) as caught:
        await client_for(handler).post("1/messages", token=TOKEN, json_body={})
    error = caught.value
    assert (error.code, error.details, error.fbtrace_id, error.type) == (
        131030,
        "Add it",
        "AbC123",
        "OAuthException",
    )
    assert error.endpoint == "1/messages"


@pytest.mark.parametrize("odd", ["¹", "٣", "１２"])
def test_non_ascii_digits_in_a_code_are_not_numbers(odd: str) -> None:
    """str.isdigit() accepts '¹' but int() refuses it: found by hypothesis."""
    from wizard.core.cards.lookup import card_for_webhook_error
    from wizard.core.graph.errors import parse_error_envelope
    from wizard.core.graph.tokens import parse_token_info

    envelope = parse_error_envelope({"error": {"code": odd, "error_subcode": odd}}, 400)
    assert envelope is not None
    assert (envelope.code, envelope.subcode) == (None, None)
    assert card_for_webhook_error({"code": odd}).title
    parse_token_info({"data": {"expires_at": odd, "is_valid": True}})


SENT = {"messages": [{"id": "wamid.X"}], "contacts": [{"input": "+1", "wa_id": "1"}]}


@pytest.mark.parametrize(
    ("first", "retried"),
    [
        (httpx.ReadTimeout("slow"), False),  # Meta may have accepted it: never send twice
        (httpx.Response(503, text="busy"), False),
        (envelope(131000, "Something went wrong", status=500), False),
        (httpx.ConnectError("refused"), True),  # nothing left the machine
        (envelope(130429, "(#130429) Rate limit hit"), True),  # an explicit refusal
    ],
)
async def test_a_send_is_retried_only_when_nothing_was_sent(
    first: httpx.Response | Exception, retried: bool
) -> None:
    from wizard.core.graph.messages import send_template

    posts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        posts.append(request)
        if len(posts) == 1:
            if isinstance(first, Exception):
                raise first
            return first
        return httpx.Response(200, json=SENT)

    client = client_for(handler, sleeps=Sleeps(), retry=RetryPolicy(max_attempts=3))
    if retried:
        assert (await send_template(client, TOKEN, "1234", "+15550100142")).wamid == "wamid.X"
        assert len(posts) == 2
    else:
        with pytest.raises(GraphError):
            await send_template(client, TOKEN, "1234", "+15550100142")
        assert len(posts) == 1


INVALID_PROOF = "Invalid appsecret_proof provided in the API argument"
"""Meta's text, code 100, GraphMethodException (graph-api.md §6, real captures)."""


def skewed_meta(offset: int, *, secret: str = SECRET) -> Callable[[httpx.Request], httpx.Response]:
    """Meta whose clock is ``offset`` seconds from ours: timed proofs over 300 s refused."""

    def handler(request: httpx.Request) -> httpx.Response:
        q = request.url.params
        at = q.get("appsecret_time")
        message = TOKEN if at is None else f"{TOKEN}|{at}"
        fresh = at is None or abs(int(time.time()) + offset - int(at)) <= 300
        if q.get("appsecret_proof") != appsecret_proof(TOKEN, secret) and at is None:
            fresh = False
        if (
            at is not None
            and q.get("appsecret_proof")
            != hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
        ):
            fresh = False
        if not fresh:
            return envelope(100, INVALID_PROOF, type="GraphMethodException")
        return httpx.Response(200, json={"id": "1"})

    return handler


async def test_clock_skew_falls_back_to_the_plain_proof_once_and_warns() -> None:
    seen: list[httpx.Request] = []
    meta = skewed_meta(600)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return meta(request)

    client = client_for(handler, secret=SECRET)
    assert await client.get("me", token=TOKEN) == {"id": "1"}
    assert [("appsecret_time" in r.url.params) for r in seen] == [True, False]
    assert client.clock_warning is not None
    assert "clock" in client.clock_warning
    assert not client.timed_proof
    await client.get("me", token=TOKEN)  # from now on the plain proof, one request per call
    assert len(seen) == 3
    assert "appsecret_time" not in seen[2].url.params


async def test_a_right_clock_keeps_the_timed_proof_and_no_warning() -> None:
    client = client_for(skewed_meta(30), secret=SECRET)
    assert await client.get("me", token=TOKEN) == {"id": "1"}
    assert client.clock_warning is None
    assert client.timed_proof


async def test_a_wrong_secret_still_fails_with_the_proof_card_and_is_tried_plain_once() -> None:
    seen: list[httpx.Request] = []
    meta = skewed_meta(0, secret="another-secret")

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return meta(request)

    client = client_for(handler, secret=SECRET)
    with pytest.raises(GraphError, match="Invalid appsecret_proof"):
        await client.get("me", token=TOKEN)
    assert client.clock_warning is None
    assert len(seen) == 2
    with pytest.raises(GraphError):
        await client.get("me", token=TOKEN)
    assert len(seen) == 3  # no second fallback: the plain proof was refused too
