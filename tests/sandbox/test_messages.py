"""``POST /{phone-number-id}/messages``: validations and success shapes (§8)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from wizard.sandbox.testing import SandboxHandle, bearer, error_of


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    headers = bearer(sandbox.token("system-user"))
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5, headers=headers) as http:
        yield http


def template(to: str, name: str = "hello_world", lang: str = "en_US") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": to,
        "type": "template",
        "template": {"name": name, "language": {"code": lang}},
    }


async def test_template_send_success(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    to = "+" + sandbox.world.uk_recipient
    r = await client.post(f"/v25.0/{sandbox.world.phone.id}/messages", json=template(to))
    assert r.status_code == 200
    body = r.json()
    assert body["messaging_product"] == "whatsapp"
    assert body["contacts"] == [{"input": to, "wa_id": sandbox.world.uk_recipient}]
    (message,) = body["messages"]
    assert message["id"].startswith("wamid.")
    assert message["message_status"] == "accepted"
    assert sandbox.state.sent[-1].wamid == message["id"]


async def test_text_send_has_no_message_status(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    body = {
        "messaging_product": "whatsapp",
        "to": sandbox.world.us_recipient,
        "type": "text",
        "text": {"body": "Hi"},
    }
    r = await client.post(f"/v25.0/{sandbox.world.phone.id}/messages", json=body)
    assert r.status_code == 200
    assert set(r.json()["messages"][0]) == {"id"}


@pytest.mark.parametrize(
    ("mutate", "code", "status"),
    [
        (lambda b: b.pop("messaging_product"), 131008, 400),
        (lambda b: b.pop("to"), 131008, 400),
        (lambda b: b.update(to="not a number"), 131009, 400),
        (lambda b: b.update(type="hologram"), 100, 400),
        (lambda b: b.update(to="+15550009999"), 131030, 400),
        (lambda b: b["template"].update(name="nope"), 132001, 404),
        (lambda b: b["template"].update(language={"code": "en"}), 132001, 404),
        (
            lambda b: b["template"].update(
                components=[{"type": "body", "parameters": [{"type": "text", "text": "x"}]}]
            ),
            132000,
            400,
        ),
    ],
)
async def test_send_validation(
    sandbox: SandboxHandle, client: httpx.AsyncClient, mutate: Any, code: int, status: int
) -> None:
    body = template(sandbox.world.us_recipient)
    mutate(body)
    r = await client.post(f"/v25.0/{sandbox.world.phone.id}/messages", json=body)
    error = error_of(r)
    assert (r.status_code, error["code"]) == (status, code)
    assert error["message"].startswith(f"(#{code})")
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert error["error_data"]["details"]


async def test_allow_list_exact_131030_body(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}/messages", json=template("+447700900999")
    )
    error = error_of(r)
    assert error["message"] == "(#131030) Recipient phone number not in allowed list"
    assert error["error_data"] == {
        "messaging_product": "whatsapp",
        "details": "Recipient phone number not in allowed list: Add recipient phone number "
        "to recipient list and try again.",
    }


async def test_mexico_quirk(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    mx = sandbox.world.mx_recipient
    webhook_form = "521" + mx[2:]
    r = await client.post(f"/v25.0/{sandbox.world.phone.id}/messages", json=template(webhook_form))
    assert error_of(r)["code"] == 131030
    r = await client.post(f"/v25.0/{sandbox.world.phone.id}/messages", json=template("+" + mx))
    assert r.status_code == 200


async def test_sender_is_recipient(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}/messages", json=template(sandbox.world.phone.display)
    )
    assert error_of(r)["code"] == 131021


async def test_unregistered_number_133010_until_registered(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    phone = sandbox.world.pending_phone
    r = await client.post(f"/v25.0/{phone.id}/messages", json=template(sandbox.world.us_recipient))
    assert (r.status_code, error_of(r)["code"]) == (400, 133010)
    await client.post(
        f"/v25.0/{phone.id}/request_code", data={"code_method": "SMS", "language": "en_US"}
    )
    await client.post(
        f"/v25.0/{phone.id}/verify_code", data={"code": sandbox.world.registration_code}
    )
    await client.post(
        f"/v25.0/{phone.id}/register", json={"messaging_product": "whatsapp", "pin": "123456"}
    )
    r = await client.post(f"/v25.0/{phone.id}/messages", json=template(sandbox.world.us_recipient))
    assert r.status_code == 200


async def test_missing_messaging_permission_is_403_code_10(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}/messages",
        json=template(sandbox.world.us_recipient),
        headers=bearer(sandbox.token("no-messaging")),
    )
    assert (r.status_code, error_of(r)["code"]) == (403, 10)


async def test_expired_token_on_send_has_no_error_data(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"/v25.0/{sandbox.world.phone.id}/messages",
        json=template(sandbox.world.us_recipient),
        headers=bearer(sandbox.token("expired")),
    )
    error = error_of(r)
    assert (r.status_code, error["code"], error["error_subcode"]) == (401, 190, 463)
    assert "error_data" not in error
