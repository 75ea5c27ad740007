"""WABA, phone number, template and business endpoints (§7) over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from wizard.sandbox.testing import SandboxHandle, bearer, error_of


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    headers = bearer(sandbox.token("system-user-no-targets"))
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5, headers=headers) as http:
        yield http


async def test_business_edges(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    w = sandbox.world
    owned = (await client.get(f"/v25.0/{w.business_id}/owned_whatsapp_business_accounts")).json()
    assert [d["id"] for d in owned["data"]] == [w.waba.id, w.second_waba.id]
    assert set(owned["data"][0]) == {
        "id",
        "name",
        "currency",
        "timezone_id",
        "message_template_namespace",
    }
    assert owned["paging"]["cursors"]["after"]
    client_side = (
        await client.get(f"/v25.0/{w.business_id}/client_whatsapp_business_accounts")
    ).json()
    assert client_side["data"] == []
    assigned = (
        await client.get(f"/v25.0/{w.system_user_id}/assigned_whatsapp_business_accounts")
    ).json()
    assert {d["id"] for d in assigned["data"]} == {w.waba.id, w.second_waba.id}


async def test_waba_default_and_selected_fields(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    w = sandbox.world
    assert (await client.get(f"/v25.0/{w.waba.id}")).json() == {
        "name": w.waba.name,
        "id": w.waba.id,
    }
    body = (
        await client.get(
            f"/v25.0/{w.waba.id}",
            params={"fields": "id,name,owner_business_info,account_review_status"},
        )
    ).json()
    assert body["owner_business_info"] == {"name": w.business_name, "id": w.business_id}
    assert body["account_review_status"] == "APPROVED"
    r = await client.get(f"/v25.0/{w.waba.id}", params={"fields": "bogus"})
    assert r.status_code == 400
    assert "nonexisting field (bogus)" in error_of(r)["message"]


async def test_phone_numbers_list(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    w = sandbox.world
    body = (await client.get(f"/v25.0/{w.waba.id}/phone_numbers")).json()
    test = body["data"][0]
    assert test == {
        "verified_name": "Test Number",
        "code_verification_status": "NOT_VERIFIED",
        "display_phone_number": w.phone.display,
        "quality_rating": "GREEN",
        "platform_type": "CLOUD_API",
        "throughput": {"level": "STANDARD"},
        "id": w.phone.id,
    }
    assert body["data"][1]["platform_type"] == "NOT_APPLICABLE"
    narrow = (
        await client.get(
            f"/v25.0/{w.waba.id}/phone_numbers", params={"fields": "display_phone_number"}
        )
    ).json()
    assert narrow["data"][0] == {"display_phone_number": w.phone.display, "id": w.phone.id}


async def test_phone_node_fields(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    w = sandbox.world
    fields = ",".join(
        [
            "status",
            "name_status",
            "whatsapp_business_manager_messaging_limit",
            "health_status",
            "code_verification_status",
            "platform_type",
            "quality_rating",
            "throughput",
        ]
    )
    body = (await client.get(f"/v25.0/{w.phone.id}", params={"fields": fields})).json()
    assert body["status"] == "CONNECTED"
    assert body["whatsapp_business_manager_messaging_limit"] == "TIER_250"
    assert body["health_status"]["can_send_message"] == "AVAILABLE"
    assert {e["entity_type"] for e in body["health_status"]["entities"]} == {
        "PHONE_NUMBER",
        "WABA",
        "BUSINESS",
        "APP",
    }
    assert body["id"] == w.phone.id
    assert isinstance(body["id"], str)
    pending = (
        await client.get(
            f"/v25.0/{w.pending_phone.id}", params={"fields": "status,platform_type,health_status"}
        )
    ).json()
    assert (pending["status"], pending["platform_type"]) == ("PENDING", "NOT_APPLICABLE")
    assert pending["health_status"]["can_send_message"] == "BLOCKED"


async def test_templates_filters(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    w = sandbox.world
    body = (
        await client.get(f"/v25.0/{w.waba.id}/message_templates", params={"name": "hello_world"})
    ).json()
    (template,) = body["data"]
    assert (template["name"], template["language"], template["status"], template["category"]) == (
        "hello_world",
        "en_US",
        "APPROVED",
        "UTILITY",
    )
    assert [c["type"] for c in template["components"]] == ["HEADER", "BODY", "FOOTER"]
    assert isinstance(template["id"], str)
    assert body["paging"]["cursors"]
    for params in ({"name": "nope"}, {"name": "hello_world", "language": "en"}):
        assert (await client.get(f"/v25.0/{w.waba.id}/message_templates", params=params)).json()[
            "data"
        ] == []


async def test_unknown_object_and_edge(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    r = await client.get("/v25.0/123456789012345")
    error = error_of(r)
    assert (r.status_code, error["code"], error["error_subcode"], error["type"]) == (
        400,
        100,
        33,
        "GraphMethodException",
    )
    assert error["message"].startswith(
        "Unsupported get request. Object with ID '123456789012345' does not exist"
    )
    r = await client.post("/v25.0/123456789012345/messages", json={})
    assert error_of(r)["message"].startswith("Unsupported post request.")
    r = await client.get(f"/v25.0/{sandbox.world.waba.id}/nonsense")
    assert error_of(r) | {"fbtrace_id": ""} == {
        "message": "Unknown path components: /nonsense",
        "type": "OAuthException",
        "code": 2500,
        "fbtrace_id": "",
    }


async def test_target_ids_limit_which_wabas_a_token_sees(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    w = sandbox.world
    headers = bearer(sandbox.token("system-user"))
    assert (await client.get(f"/v25.0/{w.waba.id}", headers=headers)).status_code == 200
    r = await client.get(f"/v25.0/{w.second_waba.id}", headers=headers)
    assert r.status_code == 400
    assert error_of(r)["error_subcode"] == 33


async def test_whatsapp_endpoints_use_whatsapp_statuses(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        f"/v25.0/{sandbox.world.phone.id}", headers=bearer(sandbox.token("expired"))
    )
    assert r.status_code == 401
    assert error_of(r)["code"] == 190
    r = await client.get("/v25.0/me", headers=bearer(sandbox.token("expired")))
    assert r.status_code == 400


async def test_unversioned_and_other_versions_work(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    for prefix in ("", "/v26.0", "/v17.0", "/v25"):
        r = await client.get(f"{prefix}/{sandbox.world.waba.id}")
        assert r.status_code == 200, prefix


async def test_register_makes_pending_number_sendable(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    phone = sandbox.world.pending_phone
    r = await client.post(
        f"/v25.0/{phone.id}/register", json={"messaging_product": "whatsapp", "pin": "12"}
    )
    assert r.status_code == 400
    assert error_of(r)["error_data"]["messaging_product"] == "whatsapp"
    r = await client.post(
        f"/v25.0/{phone.id}/register", json={"messaging_product": "whatsapp", "pin": "123456"}
    )
    assert error_of(r)["code"] == 133006  # verify first (routes/registration.py)
    await client.post(
        f"/v25.0/{phone.id}/request_code", data={"code_method": "SMS", "language": "en_US"}
    )
    await client.post(
        f"/v25.0/{phone.id}/verify_code", data={"code": sandbox.world.registration_code}
    )
    r = await client.post(
        f"/v25.0/{phone.id}/register", json={"messaging_product": "whatsapp", "pin": "123456"}
    )
    assert r.json() == {"success": True}
    body = (
        await client.get(f"/v25.0/{phone.id}", params={"fields": "status,platform_type"})
    ).json()
    assert (body["status"], body["platform_type"]) == ("CONNECTED", "CLOUD_API")
