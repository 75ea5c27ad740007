"""Phone registration in the sandbox: request_code, verify_code, register and their refusals
(graph-api.md §7.6, §11.3 rows 133005-133010 and 136024)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from wizard.sandbox.routes.registration import MAX_CODE_MISSES, MAX_CODE_REQUESTS, MAX_PIN_MISSES
from wizard.sandbox.testing import SandboxHandle, bearer, error_of


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    headers = bearer(sandbox.token("system-user"))
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5, headers=headers) as http:
        yield http


def edge(sandbox: SandboxHandle, name: str) -> str:
    return f"/v25.0/{sandbox.world.pending_phone.id}/{name}"


async def request(sandbox: SandboxHandle, client: httpx.AsyncClient) -> httpx.Response:
    return await client.post(
        edge(sandbox, "request_code"), data={"code_method": "SMS", "language": "en_US"}
    )


async def verify(sandbox: SandboxHandle, client: httpx.AsyncClient, code: str) -> httpx.Response:
    return await client.post(edge(sandbox, "verify_code"), data={"code": code})


async def register(sandbox: SandboxHandle, client: httpx.AsyncClient, pin: str) -> httpx.Response:
    return await client.post(
        edge(sandbox, "register"), json={"messaging_product": "whatsapp", "pin": pin}
    )


async def phone(sandbox: SandboxHandle, client: httpx.AsyncClient) -> dict[str, object]:
    r = await client.get(
        f"/v25.0/{sandbox.world.pending_phone.id}",
        params={"fields": "status,code_verification_status,is_pin_enabled,platform_type"},
    )
    body: dict[str, object] = r.json()
    return body


async def test_request_verify_register_connects_the_number(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    before = await phone(sandbox, client)
    assert (before["status"], before["code_verification_status"]) == ("PENDING", "NOT_VERIFIED")
    for r in (
        await request(sandbox, client),
        await verify(sandbox, client, sandbox.world.registration_code),
        await register(sandbox, client, "482913"),
    ):
        assert (r.status_code, r.json()) == (200, {"success": True})
    after = await phone(sandbox, client)
    assert after["status"] == "CONNECTED"
    assert after["code_verification_status"] == "VERIFIED"
    assert after["is_pin_enabled"] is True
    assert after["platform_type"] == "CLOUD_API"


async def test_request_code_needs_a_method_and_a_language(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.post(edge(sandbox, "request_code"), data={"code_method": "EMAIL"})
    assert (r.status_code, error_of(r)["code"]) == (400, 100)
    assert "SMS, VOICE" in error_of(r)["error_data"]["details"]
    r = await client.post(edge(sandbox, "request_code"), data={"code_method": "VOICE"})
    assert "language" in error_of(r)["error_data"]["details"]


async def test_too_many_code_requests_is_136024(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    for _ in range(MAX_CODE_REQUESTS):
        assert (await request(sandbox, client)).status_code == 200
    r = await request(sandbox, client)
    error = error_of(r)
    assert (r.status_code, error["code"]) == (400, 136024)
    assert error["error_data"]["messaging_product"] == "whatsapp"


async def test_wrong_code_then_used_up(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    r = await verify(sandbox, client, sandbox.world.registration_code)
    assert error_of(r)["code"] == 136025  # nothing requested yet
    await request(sandbox, client)
    for _ in range(MAX_CODE_MISSES):
        r = await verify(sandbox, client, "000000")
        assert error_of(r)["code"] == 136025
    assert "Request a new one" in error_of(r)["error_data"]["details"]
    r = await verify(sandbox, client, sandbox.world.registration_code)
    assert error_of(r)["code"] == 136025  # the code is used up
    await request(sandbox, client)
    assert (await verify(sandbox, client, sandbox.world.registration_code)).status_code == 200


async def test_register_before_verifying_is_133006(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await register(sandbox, client, "482913")
    assert (r.status_code, error_of(r)["code"]) == (400, 133006)
    assert (await phone(sandbox, client))["status"] == "PENDING"


@pytest.mark.parametrize("pin", ["12345", "1234567", "abcdef", "12 456", ""])
async def test_register_pin_must_be_six_digits(
    sandbox: SandboxHandle, client: httpx.AsyncClient, pin: str
) -> None:
    r = await register(sandbox, client, pin)
    assert error_of(r)["code"] == 100


async def test_pin_mismatch_then_too_many_guesses(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    await request(sandbox, client)
    await verify(sandbox, client, sandbox.world.registration_code)
    assert (await register(sandbox, client, "482913")).status_code == 200
    await client.post(edge(sandbox, "deregister"))
    assert (await phone(sandbox, client))["status"] == "PENDING"
    for _ in range(MAX_PIN_MISSES - 1):
        r = await register(sandbox, client, "111111")
        assert (r.status_code, error_of(r)["code"]) == (400, 133005)
    r = await register(sandbox, client, "111111")
    assert (r.status_code, error_of(r)["code"]) == (400, 133008)


async def test_registration_edges_are_post_only(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    for name in ("request_code", "verify_code", "register"):
        r = await client.get(edge(sandbox, name))
        assert error_of(r)["code"] == 100


async def test_revoke_ends_a_token(sandbox: SandboxHandle) -> None:
    old = sandbox.token("system-user")
    app = sandbox.world.app
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5) as http:
        r = await http.get(
            "/v25.0/oauth/revoke",
            params={"client_id": app.id, "client_secret": app.secret, "revoke_token": old},
            headers=bearer(sandbox.token("system-user-no-targets")),
        )
        assert r.json() == {"success": True}
        me = await http.get("/v25.0/me", headers=bearer(old))
        assert error_of(me)["code"] == 190
        wrong = await http.get(
            "/v25.0/oauth/revoke",
            params={"client_id": app.id, "client_secret": "0" * 32, "revoke_token": old},
        )
        assert error_of(wrong)["code"] == 1
