"""System users through the API: list, install the app, assign the WABA, mint (§10.2, §19.14)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from wizard.sandbox.access import SystemUser
from wizard.sandbox.testing import SandboxHandle, bearer, error_of, proof

SCOPE = "business_management,whatsapp_business_management,whatsapp_business_messaging"


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5) as http:
        yield http


async def install(sandbox: SandboxHandle, client: httpx.AsyncClient, token: str) -> httpx.Response:
    w = sandbox.world
    return await client.post(
        f"/v25.0/{w.system_user_id}/applications",
        headers=bearer(token),
        data={"business_app": w.app.id},
    )


async def assign(sandbox: SandboxHandle, client: httpx.AsyncClient, token: str) -> httpx.Response:
    w = sandbox.world
    return await client.post(
        f"/v25.0/{w.waba.id}/assigned_users",
        headers=bearer(token),
        data={"user": w.system_user_id, "tasks": "['MANAGE']"},
    )


async def mint(
    sandbox: SandboxHandle, client: httpx.AsyncClient, token: str, *, with_proof: bool = True,
    scope: str = SCOPE, **extra: str,
) -> httpx.Response:  # fmt: skip
    w = sandbox.world
    params = {"appsecret_proof": proof(token, w.app.secret)} if with_proof else {}
    return await client.post(
        f"/v25.0/{w.system_user_id}/access_tokens",
        headers=bearer(token),
        params=params,
        data={"business_app": w.app.id, "scope": scope, **extra},
    )


async def debug(sandbox: SandboxHandle, client: httpx.AsyncClient, token: str) -> dict[str, object]:
    answer = await client.get(
        "/v25.0/debug_token", params={"input_token": token, "access_token": sandbox.app_token}
    )
    data: dict[str, object] = answer.json()["data"]
    return data


async def test_the_whole_path_gives_a_never_expiring_token_for_the_waba(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    w, admin = sandbox.world, sandbox.token("admin")
    listed = (
        await client.get(f"/v25.0/{w.business_id}/system_users", headers=bearer(admin))
    ).json()
    assert listed["data"] == [
        {"id": w.system_user_id, "name": w.system_user_name, "role": "EMPLOYEE"}
    ]
    assert (await install(sandbox, client, admin)).json() == {"success": True}
    assert (await assign(sandbox, client, admin)).json() == {"success": True}
    users = (
        await client.get(
            f"/v25.0/{w.waba.id}/assigned_users",
            headers=bearer(admin),
            params={"business": w.business_id},
        )
    ).json()
    assert users["data"][0] == {"id": w.system_user_id, "name": w.system_user_name,
                                "tasks": ["MANAGE"]}  # fmt: skip
    minted = await mint(sandbox, client, admin)
    assert set(minted.json()) == {"access_token"}
    data = await debug(sandbox, client, minted.json()["access_token"])
    assert data["type"] == "SYSTEM_USER"
    assert data["expires_at"] == 0
    assert data["user_id"] == w.system_user_id
    assert {"scope": "whatsapp_business_management", "target_ids": [w.waba.id]} in data[
        "granular_scopes"
    ]  # type: ignore[operator]
    sixty = await mint(sandbox, client, admin, set_token_expires_in_60_days="true")
    sixty_data = await debug(sandbox, client, sixty.json()["access_token"])
    assert sixty_data["expires_at"] != 0


async def test_minting_refusals(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    admin = sandbox.token("admin")
    not_installed = error_of(await mint(sandbox, client, admin))
    assert "must be installed for the system user" in not_installed["message"]
    await install(sandbox, client, admin)
    no_proof = error_of(await mint(sandbox, client, admin, with_proof=False))
    assert no_proof["message"] == "API calls from the server require an appsecret_proof argument"
    bad_scope = error_of(await mint(sandbox, client, admin, scope="whatsapp_business_mangement"))
    assert bad_scope["code"] == 3962
    unassigned = await mint(sandbox, client, admin)
    data = await debug(sandbox, client, unassigned.json()["access_token"])
    targets = {g["scope"]: g.get("target_ids") for g in data["granular_scopes"]}  # type: ignore[attr-defined]
    assert targets["whatsapp_business_management"] == []  # no WABA without the assignment


async def test_only_admins_may_install_and_assign(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    robin = sandbox.token("long-lived")  # the business admin's own user token works…
    assert (await install(sandbox, client, robin)).status_code == 200
    other = sandbox.state.business.system_users
    other["42"] = SystemUser("42", "another-bot", "EMPLOYEE")
    w = sandbox.world
    refused = await client.post(  # …an EMPLOYEE system user's token does not, for another user
        "/v25.0/42/applications",
        headers=bearer(sandbox.token("system-user")),
        data={"business_app": w.app.id},
    )
    assert error_of(refused)["code"] == 200
    assert error_of(await assign(sandbox, client, sandbox.token("system-user")))["code"] == 200
    app_token = await client.get(
        f"/v25.0/{w.business_id}/system_users", headers=bearer(sandbox.app_token)
    )
    assert error_of(app_token)["code"] == 200


async def test_install_refused_and_bad_tasks(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    admin = sandbox.token("admin")
    sandbox.state.business.install_refused = True
    refused = error_of(await install(sandbox, client, admin))
    assert refused["code"] == 3
    w = sandbox.world
    bad = await client.post(
        f"/v25.0/{w.waba.id}/assigned_users",
        headers=bearer(admin),
        data={"user": w.system_user_id, "tasks": "['OWN']"},
    )
    assert error_of(bad)["code"] == 100
