"""/me, /me/permissions, /me/businesses, revocation and Require-App-Secret mode (§5, §6)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest

from wizard.sandbox.testing import SandboxHandle, bearer, error_of, proof


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5) as http:
        yield http


def creds(sandbox: SandboxHandle, **extra: str) -> dict[str, str]:
    return {"client_id": sandbox.world.app.id, "client_secret": sandbox.world.app.secret, **extra}


async def test_me_permissions_businesses(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    w = sandbox.world
    me = (
        await client.get(
            "/v25.0/me", params={"fields": "id,name"}, headers=bearer(sandbox.token("system-user"))
        )
    ).json()
    assert me == {"id": w.system_user_id, "name": w.system_user_name}
    perms = (
        await client.get(
            "/v25.0/me/permissions", params={"access_token": sandbox.token("no-messaging")}
        )
    ).json()
    granted = {p["permission"]: p["status"] for p in perms["data"]}
    assert "whatsapp_business_messaging" not in granted
    assert granted["whatsapp_business_management"] == "granted"
    biz = (
        await client.get("/v25.0/me/businesses", headers=bearer(sandbox.token("long-lived")))
    ).json()
    assert biz["data"] == [{"id": w.business_id, "name": w.business_name}]
    assert "paging" in biz


async def test_me_with_app_token_is_2500(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    r = await client.get("/v25.0/me", headers=bearer(sandbox.app_token))
    assert r.status_code == 400
    assert error_of(r)["code"] == 2500
    assert '"invalid_request"' in r.headers["WWW-Authenticate"]


async def test_revoke_then_token_fails(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    token = sandbox.token("long-lived")
    r = await client.get("/v25.0/oauth/revoke", params=creds(sandbox, revoke_token=token))
    assert r.json() == {"success": True}
    r = await client.get("/v25.0/me", headers=bearer(token))
    assert error_of(r)["code"] == 190


class TestRequireProof:
    async def test_missing_proof(self, sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
        sandbox.require_proof = True
        r = await client.get("/v25.0/me", headers=bearer(sandbox.token("system-user")))
        error = error_of(r)
        assert (r.status_code, error["code"], error["type"]) == (400, 100, "GraphMethodException")
        assert error["message"] == "API calls from the server require an appsecret_proof argument"
        assert "error_subcode" not in error

    async def test_classic_and_timed_proofs_pass(
        self, sandbox: SandboxHandle, client: httpx.AsyncClient
    ) -> None:
        sandbox.require_proof = True
        token, secret = sandbox.token("system-user"), sandbox.world.app.secret
        r = await client.get(
            "/v25.0/me", params={"appsecret_proof": proof(token, secret)}, headers=bearer(token)
        )
        assert r.status_code == 200
        now = int(time.time())
        r = await client.get(
            "/v25.0/me",
            params={"appsecret_proof": proof(token, secret, now), "appsecret_time": str(now)},
            headers=bearer(token),
        )
        assert r.status_code == 200

    @pytest.mark.parametrize(
        "case", ["expired-time", "wrong-secret", "other-token", "time-not-signed"]
    )
    async def test_bad_proofs(
        self, sandbox: SandboxHandle, client: httpx.AsyncClient, case: str
    ) -> None:
        sandbox.require_proof = True
        token, secret = sandbox.token("system-user"), sandbox.world.app.secret
        now = int(time.time())
        params = {
            "expired-time": {
                "appsecret_proof": proof(token, secret, now - 301),
                "appsecret_time": str(now - 301),
            },
            "wrong-secret": {"appsecret_proof": proof(token, "f" * 32)},
            "other-token": {"appsecret_proof": proof(sandbox.token("long-lived"), secret)},
            "time-not-signed": {
                "appsecret_proof": proof(token, secret),
                "appsecret_time": str(now),
            },
        }[case]
        r = await client.get("/v25.0/me", params=params, headers=bearer(token))
        error = error_of(r)
        assert (error["code"], error["type"]) == (100, "GraphMethodException")
        assert error["message"] == "Invalid appsecret_proof provided in the API argument"

    async def test_off_by_default_and_app_tokens_exempt(
        self, sandbox: SandboxHandle, client: httpx.AsyncClient
    ) -> None:
        r = await client.get("/v25.0/me", headers=bearer(sandbox.token("system-user")))
        assert r.status_code == 200
        sandbox.require_proof = True
        r = await client.get(
            f"/v25.0/{sandbox.world.app.id}/subscriptions", headers=bearer(sandbox.app_token)
        )
        assert r.status_code == 200


class TestClockSkew:
    """Issue 11 pt 8 (§6, §19.9): Meta checks a timed proof against its own clock."""

    @pytest.mark.parametrize("skew", [600, -600])
    async def test_skewed_meta_refuses_timed_proofs_and_takes_plain_ones(
        self, sandbox: SandboxHandle, client: httpx.AsyncClient, skew: int
    ) -> None:
        import dataclasses

        sandbox.reset(dataclasses.replace(sandbox.world, clock_skew=skew))
        token, secret = sandbox.token("system-user"), sandbox.world.app.secret
        now = int(time.time())
        timed = {"appsecret_proof": proof(token, secret, now), "appsecret_time": str(now)}
        r = await client.get("/v25.0/me", params=timed, headers=bearer(token))
        assert error_of(r)["message"] == "Invalid appsecret_proof provided in the API argument"
        plain = {"appsecret_proof": proof(token, secret)}
        assert (await client.get("/v25.0/me", params=plain, headers=bearer(token))).is_success
        at = now + skew  # stamped with Meta's time: fine
        meta = {"appsecret_proof": proof(token, secret, at), "appsecret_time": str(at)}
        assert (await client.get("/v25.0/me", params=meta, headers=bearer(token))).is_success

    async def test_graph_client_falls_back_and_warns(self, sandbox: SandboxHandle) -> None:
        import dataclasses

        from wizard.core.graph.client import GraphClient

        sandbox.reset(dataclasses.replace(sandbox.world, clock_skew=900))
        sandbox.require_proof = True
        token = sandbox.token("system-user")
        async with httpx.AsyncClient(timeout=5, trust_env=False) as http:
            client = GraphClient(http, sandbox.url, "v25.0", sandbox.world.app.secret)
            me = await client.get("me", token=token)
            assert me["id"] == sandbox.world.system_user_id
            assert client.clock_warning is not None
            assert client.calls == 2
            await client.get("me", token=token)
            assert client.calls == 3
