"""Token endpoints over real HTTP: oauth, debug_token, /me, appsecret_proof (§2-§6)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from wizard.sandbox.testing import SandboxHandle, bearer, error_of


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5) as http:
        yield http


def creds(sandbox: SandboxHandle, **extra: str) -> dict[str, str]:
    return {"client_id": sandbox.world.app.id, "client_secret": sandbox.world.app.secret, **extra}


async def test_exchange_short_lived_for_long_lived(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    params = creds(
        sandbox, grant_type="fb_exchange_token", fb_exchange_token=sandbox.token("short-lived")
    )
    r = await client.get("/v25.0/oauth/access_token", params=params)
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 5183944
    new = body["access_token"]
    assert new.startswith("EAA")
    assert new != sandbox.token("short-lived")
    info = (
        await client.get(
            "/v25.0/debug_token", params={"input_token": new, "access_token": sandbox.app_token}
        )
    ).json()
    assert info["data"]["is_valid"] is True
    assert info["data"]["type"] == "USER"
    assert info["data"]["expires_at"] - sandbox.world.now > 59 * 86400
    # POST with form fields works too
    r = await client.post("/oauth/access_token", data=params)
    assert r.status_code == 200


async def test_exchange_without_expires_in_when_configured(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    from dataclasses import replace

    sandbox.reset(replace(sandbox.world, exchange_omits_expires_in=True))
    params = creds(
        sandbox, grant_type="fb_exchange_token", fb_exchange_token=sandbox.token("long-lived")
    )
    body = (await client.get("/v25.0/oauth/access_token", params=params)).json()
    assert "expires_in" not in body
    assert body["token_type"] == "bearer"


async def test_system_user_60_day_refresh(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    params = creds(
        sandbox,
        grant_type="fb_exchange_token",
        fb_exchange_token=sandbox.token("system-user"),
        set_token_expires_in_60_days="true",
    )
    body = (await client.get("/v25.0/oauth/access_token", params=params)).json()
    assert body["expires_in"] == 5183944
    spec = sandbox.state.issued[body["access_token"]]
    assert spec.type == "SYSTEM_USER"
    assert spec.expires_at > 0


@pytest.mark.parametrize(
    ("change", "code", "subcode", "message"),
    [
        ({"client_secret": "0" * 32}, 1, None, "Error validating client secret."),
        ({"client_id": None}, 101, None, "Missing client_id parameter."),
        ({"client_id": "123456789012345"}, 101, None, "Invalid Client ID"),
        (
            {"fb_exchange_token": "expired"},
            190,
            463,
            "Error validating access token: Session has expired on ",
        ),
        (
            {"fb_exchange_token": "revoked"},
            190,
            460,
            "Error validating access token: The session has been invalidated",
        ),
        (
            {"fb_exchange_token": "EAAgarbage"},
            190,
            None,
            "Invalid OAuth access token - Cannot parse access token",
        ),
    ],
)
async def test_exchange_errors(
    sandbox: SandboxHandle,
    client: httpx.AsyncClient,
    change: dict[str, str | None],
    code: int,
    subcode: int | None,
    message: str,
) -> None:
    params: dict[str, str | None] = {
        **creds(
            sandbox, grant_type="fb_exchange_token", fb_exchange_token=sandbox.token("short-lived")
        )
    }
    for key, value in change.items():
        if key == "fb_exchange_token" and value in ("expired", "revoked"):
            value = sandbox.token(value)
        params[key] = value
    r = await client.get(
        "/v25.0/oauth/access_token", params={k: v for k, v in params.items() if v is not None}
    )
    assert r.status_code == 400
    error = error_of(r)
    assert (error["code"], error.get("error_subcode"), error["type"]) == (
        code,
        subcode,
        "OAuthException",
    )
    assert error["message"].startswith(message)


async def test_client_credentials_app_token(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    body = (
        await client.get(
            "/v25.0/oauth/access_token", params=creds(sandbox, grant_type="client_credentials")
        )
    ).json()
    assert set(body) == {"access_token", "token_type"}
    app_id, _, rest = body["access_token"].partition("|")
    assert app_id == sandbox.world.app.id
    assert rest
    assert rest != sandbox.world.app.secret
    # usable wherever an app token is
    r = await client.get(f"/v25.0/{app_id}/subscriptions", headers=bearer(body["access_token"]))
    assert r.status_code == 200
    assert r.json() == {"data": []}


async def test_debug_token_valid_system_user(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    w = sandbox.world
    r = await client.get(
        "/v25.0/debug_token",
        params={"input_token": sandbox.token("system-user")},
        headers=bearer(sandbox.app_token),
    )
    data = r.json()["data"]
    assert r.status_code == 200
    assert data["type"] == "SYSTEM_USER"
    assert data["is_valid"] is True
    assert data["expires_at"] == 0
    assert data["data_access_expires_at"] == 0
    assert data["app_id"] == w.app.id
    assert isinstance(data["app_id"], str)
    assert data["application"] == w.app.name
    assert data["user_id"] == w.system_user_id
    assert isinstance(data["issued_at"], int)
    assert {"scope": "whatsapp_business_management", "target_ids": [w.waba.id]} in data[
        "granular_scopes"
    ]
    assert {"scope": "business_management"} in data["granular_scopes"]


async def test_debug_token_without_targets_and_self_inspection(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    token = sandbox.token("system-user-no-targets")
    data = (
        await client.get("/debug_token", params={"input_token": token}, headers=bearer(token))
    ).json()["data"]
    assert data["granular_scopes"]
    assert all("target_ids" not in g for g in data["granular_scopes"])
    short = (
        await client.get(
            "/v25.0/debug_token",
            params={"input_token": sandbox.token("short-lived"), "access_token": sandbox.app_token},
        )
    ).json()["data"]
    assert "issued_at" not in short
    assert short["expires_at"] - sandbox.world.now == pytest.approx(7200, abs=1)


@pytest.mark.parametrize(("scenario", "subcode"), [("expired", 463), ("revoked", 460)])
async def test_debug_token_invalid_input_is_http_200(
    sandbox: SandboxHandle, client: httpx.AsyncClient, scenario: str, subcode: int
) -> None:
    r = await client.get(
        "/v25.0/debug_token",
        params={"input_token": sandbox.token(scenario), "access_token": sandbox.app_token},
    )
    assert r.status_code == 200
    data = r.json()["data"]
    assert data["is_valid"] is False
    assert data["scopes"] == []
    assert data["error"]["code"] == 190
    assert data["error"]["subcode"] == subcode
    assert "error_subcode" not in data["error"]


async def test_debug_token_garbage_input_and_missing_param(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    data = (
        await client.get(
            "/v25.0/debug_token",
            params={"input_token": "EAAnope", "access_token": sandbox.app_token},
        )
    ).json()["data"]
    assert data == {
        "error": {"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"},
        "is_valid": False,
        "scopes": [],
    }
    r = await client.get("/v25.0/debug_token", params={"access_token": sandbox.app_token})
    assert r.status_code == 400
    assert error_of(r)["code"] == 100


async def test_debug_token_other_app_mismatch_and_app_token_input(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/v25.0/debug_token",
        params={"input_token": sandbox.token("other-app"), "access_token": sandbox.app_token},
    )
    assert r.status_code == 400
    assert (
        error_of(r)["message"]
        == "(#100) The App_id in the input_token did not match the Viewing App"
    )
    data = (
        await client.get(
            "/v25.0/debug_token",
            params={"input_token": sandbox.app_token, "access_token": sandbox.app_token},
        )
    ).json()["data"]
    assert data == {
        "app_id": sandbox.world.app.id,
        "type": "APP",
        "application": sandbox.world.app.name,
        "is_valid": True,
        "scopes": [],
    }


async def test_bad_access_token_is_top_level_error(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/v25.0/debug_token",
        params={"input_token": sandbox.token("system-user")},
        headers=bearer(sandbox.token("expired")),
    )
    assert r.status_code == 400
    assert error_of(r)["error_subcode"] == 463
    assert r.headers["WWW-Authenticate"].startswith('OAuth "Facebook Platform" "invalid_token"')
    r = await client.get("/v25.0/me")
    assert error_of(r)["code"] == 104
