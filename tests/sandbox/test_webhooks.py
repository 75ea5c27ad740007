"""Subscription handshake (#2200) and signed status webhooks, against a tiny local endpoint."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from wizard.sandbox.server import SandboxServer
from wizard.sandbox.testing import SandboxHandle, bearer, error_of

VERIFY = "my-verify-token"


@dataclass
class Receiver:
    """A webhook endpoint whose answers a test controls."""

    url: str = ""
    handshake: str = "echo"
    """echo | wrong | 404"""
    failures: int = 0
    """Answer the first N POSTs with 500."""
    posts: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)

    async def endpoint(self, request: Request) -> Response:
        if request.method == "GET":
            self.challenges.append(request.query_params.get("hub.challenge", ""))
            ok = (
                request.query_params.get("hub.verify_token") == VERIFY
                and request.query_params.get("hub.mode") == "subscribe"
            )
            if self.handshake == "404" or not ok:
                return PlainTextResponse("Not Found", status_code=404)
            challenge = request.query_params["hub.challenge"]
            return PlainTextResponse(challenge if self.handshake == "echo" else challenge + "0")
        self.posts.append((await request.body(), dict(request.headers)))
        if self.failures > 0:
            self.failures -= 1
            return PlainTextResponse("nope", status_code=500)
        return PlainTextResponse("ok")


@pytest.fixture(scope="module")
def _receiver_server() -> Iterator[Receiver]:
    receiver = Receiver()
    app = Starlette(routes=[Route("/webhook", receiver.endpoint, methods=["GET", "POST"])])
    with SandboxServer(app) as url:
        receiver.url = f"{url}/webhook"
        yield receiver


@pytest.fixture
def receiver(_receiver_server: Receiver) -> Receiver:
    r = _receiver_server
    r.handshake, r.failures = "echo", 0
    r.posts.clear()
    r.challenges.clear()
    return r


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=10) as http:
        yield http


async def subscribe(sandbox: SandboxHandle, client: httpx.AsyncClient, url: str) -> httpx.Response:
    form = {
        "object": "whatsapp_business_account",
        "callback_url": url,
        "verify_token": VERIFY,
        "fields": "messages",
    }
    return await client.post(
        f"/v25.0/{sandbox.world.app.id}/subscriptions", data=form, headers=bearer(sandbox.app_token)
    )


async def send(
    sandbox: SandboxHandle, client: httpx.AsyncClient, to: str, kind: str = "template"
) -> str:
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "to": to,
        "type": kind,
        "biz_opaque_callback_data": "Grüße ✓",
    }
    if kind == "template":
        body["template"] = {"name": "hello_world", "language": {"code": "en_US"}}
    else:
        body["text"] = {"body": "Grüße ✓"}
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}/messages",
        json=body,
        headers=bearer(sandbox.token("system-user")),
    )
    assert r.status_code == 200, r.text
    wamid: str = r.json()["messages"][0]["id"]
    return wamid


async def test_subscribe_performs_the_handshake(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    r = await subscribe(sandbox, client, receiver.url)
    assert r.status_code == 200
    assert r.json() == {"success": True}
    (challenge,) = receiver.challenges
    assert challenge.isdigit()
    listing = (
        await client.get(
            f"/v25.0/{sandbox.world.app.id}/subscriptions", headers=bearer(sandbox.app_token)
        )
    ).json()
    assert listing == {
        "data": [
            {
                "object": "whatsapp_business_account",
                "callback_url": receiver.url,
                "active": True,
                "fields": [{"name": "messages", "version": "v25.0"}],
            }
        ]
    }
    r = await client.delete(
        f"/v25.0/{sandbox.world.app.id}/subscriptions",
        params={"object": "whatsapp_business_account"},
        headers=bearer(sandbox.app_token),
    )
    assert r.json() == {"success": True}
    assert (
        await client.get(
            f"/v25.0/{sandbox.world.app.id}/subscriptions", headers=bearer(sandbox.app_token)
        )
    ).json() == {"data": []}


async def test_challenges_are_random(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await subscribe(sandbox, client, receiver.url)
    await subscribe(sandbox, client, receiver.url)
    assert len(set(receiver.challenges)) == 2


@pytest.mark.parametrize(
    ("mode", "tail"),
    [
        ("404", "HTTP Status Code = 404; HTTP Message = Not Found"),
        ("wrong", "Response does not match challenge"),
    ],
)
async def test_failed_handshake_is_2200(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver, mode: str, tail: str
) -> None:
    receiver.handshake = mode
    r = await subscribe(sandbox, client, receiver.url)
    error = error_of(r)
    assert (r.status_code, error["code"]) == (400, 2200)
    assert error["message"].startswith(
        "(#2200) Callback verification failed with the following errors: "
    )
    assert tail in error["message"]
    assert sandbox.state.app_subscriptions.get(sandbox.world.app.id, {}) == {}


async def test_unreachable_callback_is_curl_28(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    from wizard.sandbox.server import bind

    sock = bind(0)
    port = sock.getsockname()[1]
    sock.close()
    r = await subscribe(sandbox, client, f"http://127.0.0.1:{port}/webhook")
    assert error_of(r)["message"].endswith(
        "curl_errno = 28; curl_error = Operation timed out; HTTP Status Code = 0"
    )


async def test_subscriptions_need_an_app_token(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        f"/v25.0/{sandbox.world.app.id}/subscriptions", headers=bearer(sandbox.token("system-user"))
    )
    assert error_of(r) | {"fbtrace_id": ""} == {
        "message": "(#15) This method must be called with an app access_token.",
        "type": "OAuthException",
        "code": 15,
        "fbtrace_id": "",
    }


async def test_waba_subscribed_apps(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    w, headers = sandbox.world, bearer(sandbox.token("long-lived"))
    main = (await client.get(f"/v25.0/{w.waba.id}/subscribed_apps", headers=headers)).json()
    assert main["data"][0]["whatsapp_business_api_data"]["id"] == w.app.id
    path = f"/v25.0/{w.second_waba.id}/subscribed_apps"
    assert (await client.get(path, headers=headers)).json() == {"data": []}
    assert (await client.post(path, headers=headers)).json() == {"success": True}
    assert len((await client.get(path, headers=headers)).json()["data"]) == 1
    assert (await client.delete(path, headers=headers)).json() == {"success": True}
    assert (await client.get(path, headers=headers)).json() == {"data": []}


def verify(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


async def test_status_webhooks_signed_with_duplicate(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await subscribe(sandbox, client, receiver.url)
    wamid = await send(sandbox, client, sandbox.world.us_recipient)
    assert await sandbox.wait_for_webhooks()
    statuses = []
    for body, headers in receiver.posts:
        assert verify(sandbox.world.app.secret, body, headers["x-hub-signature-256"])
        assert body.isascii()
        assert b"Gr\\u00fc\\u00dfe \\u2713" in body
        payload = json.loads(body)
        assert payload["object"] == "whatsapp_business_account"
        entry = payload["entry"][0]
        assert entry["id"] == sandbox.world.waba.id
        value = entry["changes"][0]["value"]
        assert value["metadata"]["phone_number_id"] == sandbox.world.phone.id
        status = value["statuses"][0]
        assert status["id"] == wamid
        assert isinstance(status["timestamp"], str)
        assert status["biz_opaque_callback_data"] == "Grüße ✓"
        assert status["recipient_id"] == sandbox.world.us_recipient
        statuses.append(status["status"])
    assert statuses == ["sent", "sent", "delivered", "read"]
    assert [d.duplicate for d in sandbox.state.deliveries] == [False, True, False, False]


async def test_text_outside_window_fails_async_with_131047(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await subscribe(sandbox, client, receiver.url)
    await send(sandbox, client, sandbox.world.uk_recipient, kind="text")
    assert await sandbox.wait_for_webhooks()
    payload = json.loads(receiver.posts[0][0])
    status = payload["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert status["status"] == "failed"
    (error,) = status["errors"]
    assert set(error) == {"code", "title", "message", "error_data", "href"}
    assert (error["code"], error["title"]) == (131047, "Re-engagement message")


async def test_retries_on_non_200(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await subscribe(sandbox, client, receiver.url)
    receiver.failures = 2
    await send(sandbox, client, sandbox.world.us_recipient)
    assert await sandbox.wait_for_webhooks()
    first = [d for d in sandbox.state.deliveries if d.status == "sent" and not d.duplicate]
    assert [(d.attempt, d.http_status) for d in first] == [(1, 500), (2, 500), (3, 200)]


async def test_bad_signature_fault(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await subscribe(sandbox, client, receiver.url)
    sandbox.faults.bad_signature = True
    await send(sandbox, client, sandbox.world.us_recipient)
    assert await sandbox.wait_for_webhooks()
    assert receiver.posts
    assert not any(
        verify(sandbox.world.app.secret, b, h["x-hub-signature-256"]) for b, h in receiver.posts
    )


async def test_no_webhooks_without_waba_subscription(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    await subscribe(sandbox, client, receiver.url)
    await client.delete(
        f"/v25.0/{sandbox.world.waba.id}/subscribed_apps",
        headers=bearer(sandbox.token("system-user")),
    )
    await send(sandbox, client, sandbox.world.us_recipient)
    assert await sandbox.wait_for_webhooks()
    assert receiver.posts == []
    assert sandbox.state.deliveries == []


async def test_status_bodies_escape_slashes_like_meta(
    sandbox: SandboxHandle, client: httpx.AsyncClient, receiver: Receiver
) -> None:
    # Issue 11 pt 9 (§19.10): Meta sends "/" as "\/", so re-serialised JSON never verifies.
    await subscribe(sandbox, client, receiver.url)
    await send(sandbox, client, sandbox.world.uk_recipient, kind="text")  # failed: has an href
    assert await sandbox.wait_for_webhooks()
    body, headers = receiver.posts[0]
    assert b'"href":"\\/documentation\\/business-messaging\\/whatsapp' in body
    assert b"/" not in body.replace(b"\\/", b"")
    secret = sandbox.world.app.secret
    assert verify(secret, body, headers["x-hub-signature-256"])
    again = json.dumps(json.loads(body), ensure_ascii=True, separators=(",", ":")).encode()
    assert again != body
    assert not verify(secret, again, headers["x-hub-signature-256"])
