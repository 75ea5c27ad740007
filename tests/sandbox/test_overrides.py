"""Webhook overrides over HTTP (graph-api.md §19.8, issue 11 pt 7): the ``override`` world,
Meta's "Before override…" error, the phone's ``webhook_configuration`` and where the status
webhooks really go; doctor's verdict on it, and the ``clock-skew`` world through doctor."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.conftest import SANDBOX_SEED
from tests.painpoints.support import write_env
from wizard.cli import main
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.testing import SandboxHandle, bearer, error_of
from wizard.sandbox.world import build_world
from wizard.sandbox.worlds import OTHER_TOOL_PHONE_URL, OTHER_TOOL_WABA_URL

VERIFY = "override-verify-token"
BEFORE_OVERRIDE = (
    "(#100) Before override the current callback uri, your app must be subscribed to receive "
    "messages for WhatsApp Business Account"
)


class Endpoint:
    """A webhook endpoint on loopback that echoes the handshake and records POSTs."""

    def __init__(self) -> None:
        self.url = ""
        self.posts: list[bytes] = []

    async def handle(self, request: Request) -> Response:
        if request.method == "GET":
            if request.query_params.get("hub.verify_token") != VERIFY:
                return PlainTextResponse("no", status_code=403)
            return PlainTextResponse(request.query_params.get("hub.challenge", ""))
        self.posts.append(await request.body())
        return PlainTextResponse("ok")


@pytest.fixture(scope="module")
def _endpoint() -> Iterator[Endpoint]:
    endpoint = Endpoint()
    app = Starlette(routes=[Route("/hook", endpoint.handle, methods=["GET", "POST"])])
    with SandboxServer(app) as url:
        endpoint.url = f"{url}/hook"
        yield endpoint


@pytest.fixture
def endpoint(_endpoint: Endpoint) -> Endpoint:
    _endpoint.posts.clear()
    return _endpoint


@pytest.fixture
def override_world(sandbox: SandboxHandle) -> SandboxHandle:
    sandbox.reset(build_world(seed=SANDBOX_SEED, name="override"))
    return sandbox


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=10, trust_env=False) as http:
        yield http


async def subscribe_app(sandbox: SandboxHandle, client: httpx.AsyncClient, url: str) -> None:
    form = {"object": "whatsapp_business_account", "callback_url": url, "verify_token": VERIFY}
    r = await client.post(
        f"/v25.0/{sandbox.world.app.id}/subscriptions", data=form, headers=bearer(sandbox.app_token)
    )
    assert r.status_code == 200, r.text


async def send(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    body = {
        "messaging_product": "whatsapp",
        "to": sandbox.world.us_recipient,
        "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}},
    }
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}/messages",
        json=body,
        headers=bearer(sandbox.token("system-user")),
    )
    assert r.status_code == 200, r.text
    assert await sandbox.wait_for_webhooks()


async def test_override_world_answers_with_the_overrides(
    override_world: SandboxHandle, client: httpx.AsyncClient
) -> None:
    w, headers = override_world.world, bearer(override_world.token("system-user"))
    apps = (await client.get(f"/v25.0/{w.waba.id}/subscribed_apps", headers=headers)).json()
    (entry,) = apps["data"]
    assert entry["whatsapp_business_api_data"]["id"] == w.app.id
    assert entry["override_callback_uri"] == OTHER_TOOL_WABA_URL
    phone = await client.get(
        f"/v25.0/{w.phone.id}", params={"fields": "webhook_configuration"}, headers=headers
    )
    assert phone.json() == {
        "webhook_configuration": {
            "phone_number": OTHER_TOOL_PHONE_URL,
            "whatsapp_business_account": OTHER_TOOL_WABA_URL,
        },
        "id": w.phone.id,
    }  # keys only where set: the app has no callback yet


async def test_practice_world_has_no_override_keys(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    w, headers = sandbox.world, bearer(sandbox.token("system-user"))
    phone = await client.get(
        f"/v25.0/{w.phone.id}", params={"fields": "webhook_configuration"}, headers=headers
    )
    assert phone.json() == {"webhook_configuration": {}, "id": w.phone.id}
    apps = (await client.get(f"/v25.0/{w.waba.id}/subscribed_apps", headers=headers)).json()
    assert "override_callback_uri" not in apps["data"][0]


async def test_deliveries_go_where_meta_would_send_them(
    override_world: SandboxHandle, client: httpx.AsyncClient, endpoint: Endpoint
) -> None:
    sandbox, w = override_world, override_world.world
    headers = bearer(sandbox.token("system-user"))
    await subscribe_app(sandbox, client, endpoint.url)
    await send(sandbox, client)
    assert {d.url for d in sandbox.state.deliveries} == {OTHER_TOOL_PHONE_URL}
    assert endpoint.posts == []  # the app's callback looks right, yet gets nothing
    # Remove the phone's override: the WABA's override catches the events next.
    r = await client.post(
        f"/v25.0/{w.phone.id}",
        json={"webhook_configuration": {"override_callback_uri": ""}},
        headers=headers,
    )
    assert r.json() == {"success": True}
    sandbox.state.deliveries.clear()
    await send(sandbox, client)
    assert {d.url for d in sandbox.state.deliveries} == {OTHER_TOOL_WABA_URL}
    # Point the WABA's override at our endpoint (Meta verifies it first): events arrive.
    r = await client.post(
        f"/v25.0/{w.waba.id}/subscribed_apps",
        json={"override_callback_uri": endpoint.url, "verify_token": VERIFY},
        headers=headers,
    )
    assert r.json() == {"success": True}
    sandbox.state.deliveries.clear()
    await send(sandbox, client)
    assert {d.url for d in sandbox.state.deliveries} == {endpoint.url}
    assert endpoint.posts


@pytest.mark.parametrize("target", ["waba", "phone"])
async def test_override_before_subscribing_is_meta_s_100(
    sandbox: SandboxHandle, client: httpx.AsyncClient, endpoint: Endpoint, target: str
) -> None:
    w, headers = sandbox.world, bearer(sandbox.token("long-lived"))
    sandbox.state.waba_subscribed_apps[w.waba.id] = {}
    body: dict[str, Any]
    if target == "waba":
        path, body = (
            f"/v25.0/{w.waba.id}/subscribed_apps",
            {"override_callback_uri": endpoint.url, "verify_token": VERIFY},
        )
    else:
        path, body = (
            f"/v25.0/{w.phone.id}",
            {"webhook_configuration": {"override_callback_uri": endpoint.url}},
        )
    r = await client.post(path, json=body, headers=headers)
    error = error_of(r)
    assert (r.status_code, error["code"], error["message"]) == (400, 100, BEFORE_OVERRIDE)
    assert w.app.id not in sandbox.state.waba_subscribed_apps[w.waba.id]


async def test_app_subscriptions_never_answer_before_override(
    sandbox: SandboxHandle, client: httpx.AsyncClient, endpoint: Endpoint
) -> None:
    sandbox.state.waba_subscribed_apps[sandbox.world.waba.id] = {}
    await subscribe_app(sandbox, client, endpoint.url)  # §19.8: not from /{app-id}/subscriptions


async def test_an_override_is_verified_with_the_handshake(
    sandbox: SandboxHandle, client: httpx.AsyncClient, endpoint: Endpoint
) -> None:
    w = sandbox.world
    r = await client.post(
        f"/v25.0/{w.waba.id}/subscribed_apps",
        json={"override_callback_uri": endpoint.url, "verify_token": "wrong"},
        headers=bearer(sandbox.token("long-lived")),
    )
    assert error_of(r)["code"] == 2200


def doctor_json(
    capsys: pytest.CaptureFixture[str], env: Path, *argv: str
) -> dict[str, dict[str, Any]]:
    main([*argv, "--env-file", str(env), "doctor", "--json"])
    checks = json.loads(capsys.readouterr().out)["checks"]
    return {c["id"]: c for c in checks}


def test_doctor_names_the_override_that_catches_the_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = write_env(tmp_path, build_world(seed=SANDBOX_SEED))
    checks = doctor_json(capsys, env, "--world", "override")
    got = checks["webhook_subscription"]
    assert got["status"] == "warn"
    assert OTHER_TOOL_PHONE_URL in got["detail"]
    assert "phone number's override" in got["detail"]
    assert "--replace-overrides" in got["fix"]
    assert OTHER_TOOL_WABA_URL in got["fix"]
    assert got["data"]["receiver_source"] == "phone"
    practice = doctor_json(capsys, env, "--sandbox")["webhook_subscription"]
    assert OTHER_TOOL_PHONE_URL not in json.dumps(practice)


def test_doctor_in_the_clock_skew_world_warns_about_the_clock_not_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = write_env(tmp_path, build_world(seed=SANDBOX_SEED))
    checks = doctor_json(capsys, env, "--world", "clock-skew")
    assert checks["clock"]["status"] == "warn"
    assert "clock" in checks["clock"]["detail"]
    assert checks["token_valid"]["status"] == "pass"
    assert not [c for c in checks.values() if c["status"] == "fail"]
    assert "clock" not in doctor_json(capsys, env, "--sandbox")


def subscribe_cli(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, env: Path, *argv: str
) -> tuple[int, str]:
    code = main(["--graph-url", sandbox.url, "--env-file", str(env), "webhook-subscribe", *argv])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert sandbox.world.app.secret not in out
    assert "Traceback" not in out
    return code, out


async def test_webhook_subscribe_reports_the_override_then_replaces_it(
    override_world: SandboxHandle,
    client: httpx.AsyncClient,
    endpoint: Endpoint,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sandbox = override_world
    env = write_env(tmp_path, sandbox.world, META_WEBHOOK_VERIFY_TOKEN=VERIFY)
    # main() runs its own event loop: in a thread, as a person's shell would.
    code, out = await asyncio.to_thread(
        subscribe_cli, capsys, sandbox, env, "--callback-url", endpoint.url
    )
    assert code == 1, out
    assert "✓ App webhook" in out
    assert "✗ Delivery" in out
    assert OTHER_TOOL_PHONE_URL in out
    assert "--replace-overrides" in out
    code, out = await asyncio.to_thread(
        subscribe_cli, capsys, sandbox, env, "--callback-url", endpoint.url, "--replace-overrides"
    )
    assert code == 0, out
    assert "✓ Overrides" in out
    assert f"events go to {endpoint.url} (the phone number's override)" in out
    sandbox.state.deliveries.clear()
    await send(sandbox, client)
    assert {d.url for d in sandbox.state.deliveries} == {endpoint.url}


async def test_replace_overrides_subscribes_first_when_meta_says_before_override(
    override_world: SandboxHandle, endpoint: Endpoint
) -> None:
    from wizard.core.graph.client import GraphClient
    from wizard.core.state import SetupValues
    from wizard.core.webhook.subscription import WebhookRoute, replace_overrides

    sandbox, w = override_world, override_world.world
    sandbox.state.waba_subscribed_apps[w.waba.id] = {}  # unsubscribed; the phone override stays
    values = SetupValues(
        app_id=w.app.id,
        app_secret=w.app.secret,
        access_token=sandbox.token("system-user"),
        verify_token=VERIFY,
        waba_id=w.waba.id,
        phone_number_id=w.phone.id,
    )
    route = WebhookRoute(None, phone_override=OTHER_TOOL_PHONE_URL)
    async with httpx.AsyncClient(timeout=10, trust_env=False) as http:
        client = GraphClient(http, sandbox.url, "v25.0", w.app.secret)
        assert await replace_overrides(client, values, endpoint.url, route) == ["phone"]
        assert [e.message for e in client.errors] == [BEFORE_OVERRIDE]
    assert sandbox.state.phone_overrides[w.phone.id] == endpoint.url
    assert w.app.id in sandbox.state.waba_subscribed_apps[w.waba.id]


async def test_an_override_that_is_not_a_url_is_refused_without_a_call(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}",
        json={"webhook_configuration": {"override_callback_uri": "javascript:alert(1)"}},
        headers=bearer(sandbox.token("long-lived")),
    )
    assert error_of(r)["code"] == 100
    assert sandbox.state.phone_overrides == {}
