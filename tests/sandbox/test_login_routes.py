"""The practice Facebook Login: the dialog's 302s and error pages, the code exchange (§19.13)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from wizard.sandbox.testing import SandboxHandle, error_of

REDIRECT = "http://localhost:8914/callback"


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5) as http:
        yield http


async def open_dialog(
    sandbox: SandboxHandle, client: httpx.AsyncClient, **extra: str
) -> httpx.Response:
    params = {
        "client_id": sandbox.world.app.id,
        "redirect_uri": REDIRECT,
        "state": "s-123",
        "response_type": "code",
        "scope": "whatsapp_business_management,whatsapp_business_messaging,business_management",
        **extra,
    }
    return await client.get("/v25.0/dialog/oauth", params=params)


def query(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def exchange(
    sandbox: SandboxHandle, client: httpx.AsyncClient, code: str, redirect: str = REDIRECT
) -> httpx.Response:
    w = sandbox.world
    params = {
        "client_id": w.app.id,
        "redirect_uri": redirect,
        "client_secret": w.app.secret,
        "code": code,
    }
    return await client.get("/v25.0/oauth/access_token", params=params)


async def test_dialog_redirects_with_code_and_state_then_the_code_works_once(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    back = query(await open_dialog(sandbox, client))
    assert back["state"] == "s-123"
    code = back["code"]
    first = await exchange(sandbox, client, code)
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "bearer"
    assert isinstance(body["expires_in"], int)
    w = sandbox.world
    debug = (
        await client.get(
            "/v25.0/debug_token",
            params={"input_token": body["access_token"], "access_token": sandbox.app_token},
        )
    ).json()["data"]
    assert debug["type"] == "USER"
    assert debug["user_id"] == w.user_id
    assert "business_management" in debug["scopes"]
    again = await exchange(sandbox, client, code)
    error = error_of(again)
    assert again.status_code == 400
    assert error["message"] == "This authorization code has been used."
    assert error["code"] == 100


async def test_exchange_needs_the_dialogs_redirect_uri_and_a_fresh_code(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    code = query(await open_dialog(sandbox, client))["code"]
    wrong = error_of(await exchange(sandbox, client, code, "http://localhost:9999/callback"))
    assert "redirect_uri is identical" in wrong["message"]
    sandbox.state.login.codes[code].issued_at -= 3600
    expired = error_of(await exchange(sandbox, client, code))
    assert expired["message"] == "This authorization code has expired."
    bogus = error_of(await exchange(sandbox, client, "AQnotacode"))
    assert bogus["code"] == 100


async def test_denied_login_redirects_with_metas_error(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    sandbox.state.login.deny = True
    back = query(await open_dialog(sandbox, client))
    assert back == {
        "error": "access_denied",
        "error_code": "200",
        "error_description": "Permissions error",
        "error_reason": "user_denied",
        "state": "s-123",
    }


async def test_live_app_blocks_an_unlisted_localhost_redirect(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    sandbox.state.login.live = True
    blocked = await open_dialog(sandbox, client)
    assert "location" not in blocked.headers
    assert "URL Blocked" in blocked.text
    assert "Valid OAuth Redirect URIs" in blocked.text
    sandbox.state.login.redirect_uris.append(REDIRECT)
    assert "code" in query(await open_dialog(sandbox, client))


async def test_unknown_app_and_config_id(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    unknown = await open_dialog(sandbox, client, client_id="123")
    assert unknown.status_code == 400
    assert "Invalid App ID" in unknown.text
    code = query(await open_dialog(sandbox, client, scope="", config_id="777"))["code"]
    assert "whatsapp_business_messaging" in sandbox.state.login.codes[code].scopes
