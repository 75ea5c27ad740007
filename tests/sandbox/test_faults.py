"""Fault injection and garbage input: always a Meta-shaped answer, never a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from wizard.core.graph.client import GraphClient, RetryPolicy
from wizard.core.graph.errors import GraphError
from wizard.sandbox.app import runtime_of
from wizard.sandbox.faults import Fault, FaultPlan
from wizard.sandbox.testing import SandboxHandle, bearer, error_of


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        base_url=sandbox.url, timeout=5, headers=bearer(sandbox.token("system-user"))
    ) as http:
        yield http


@pytest.mark.parametrize(
    ("code", "status", "transient", "subcode"),
    [
        (4, 400, True, None),
        (17, 400, True, 2446079),
        (80007, 400, None, None),
        (130429, 400, None, 2494055),
        (2, 400, True, None),
        (131000, 400, None, None),
        (131016, 400, None, None),
        (133004, 400, None, None),
    ],
)
async def test_error_faults_on_core_paths(
    sandbox: SandboxHandle,
    client: httpx.AsyncClient,
    code: int,
    status: int,
    transient: bool | None,
    subcode: int | None,
) -> None:
    sandbox.faults = FaultPlan().error(code, path="^/me$", times=1)
    r = await client.get("/v25.0/me")
    error = error_of(r)
    assert (
        r.status_code,
        error["code"],
        error.get("is_transient"),
        error.get("error_subcode"),
    ) == (status, code, transient, subcode)
    assert (await client.get("/v25.0/me")).status_code == 200  # times=1: only the first


@pytest.mark.parametrize(
    ("code", "status"), [(131000, 500), (131016, 500), (133004, 503), (2, 503), (130429, 400)]
)
async def test_error_faults_on_whatsapp_paths_use_whatsapp_statuses(
    sandbox: SandboxHandle, client: httpx.AsyncClient, code: int, status: int
) -> None:
    sandbox.faults = FaultPlan().error(code, path="/messages$")
    body = {
        "messaging_product": "whatsapp",
        "to": sandbox.world.us_recipient,
        "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}},
    }
    for _ in range(2):  # every request
        r = await client.post(f"/v25.0/{sandbox.world.phone.id}/messages", json=body)
        assert (r.status_code, error_of(r)["code"]) == (status, code)
    assert (
        await client.get(f"/v25.0/{sandbox.world.phone.id}")
    ).status_code == 200  # path did not match


async def test_status_and_malformed_faults(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    sandbox.faults = FaultPlan().add("status", status=502, times=1).add("malformed", times=1)
    r = await client.get("/v25.0/me")
    assert r.status_code == 502
    assert "error" not in r.text
    r = await client.get("/v25.0/me")
    assert r.status_code == 200
    with pytest.raises(ValueError, match=r"Unterminated string|Expecting"):
        r.json()


async def test_latency_and_timeout_faults(sandbox: SandboxHandle) -> None:
    sandbox.faults = FaultPlan().add("timeout", delay_ms=1500, times=1)
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=0.2) as http:
        with pytest.raises(httpx.TimeoutException):
            await http.get("/v25.0/me", headers=bearer(sandbox.token("system-user")))
    sandbox.faults = FaultPlan().add("latency", delay_ms=50)
    async with httpx.AsyncClient(base_url=sandbox.url, timeout=5) as http:
        r = await http.get("/v25.0/me", headers=bearer(sandbox.token("system-user")))
        assert r.status_code == 200


async def test_reset_fault_over_http(sandbox: SandboxHandle, client: httpx.AsyncClient) -> None:
    sandbox.faults = FaultPlan().add("reset", times=1)
    with pytest.raises(httpx.TransportError):
        await client.get("/v25.0/me")
    assert (await client.get("/v25.0/me")).status_code == 200


async def test_reset_fault_in_process(inprocess_transport: httpx.ASGITransport) -> None:
    runtime = runtime_of(inprocess_transport.app)  # type: ignore[arg-type]
    runtime.faults = FaultPlan().add("reset", times=1)
    async with httpx.AsyncClient(transport=inprocess_transport, base_url="http://sandbox") as http:
        with pytest.raises(httpx.ReadError):
            await http.get("/v25.0/me", headers=bearer(runtime.world.token("system-user")))
        r = await http.get("/v25.0/me", headers=bearer(runtime.world.token("system-user")))
        assert r.json()["id"] == runtime.world.system_user_id


async def test_graph_client_retries_transient_then_succeeds(
    inprocess_transport: httpx.ASGITransport,
) -> None:
    runtime = runtime_of(inprocess_transport.app)  # type: ignore[arg-type]
    runtime.faults = FaultPlan().error(17, times=2)

    async def no_sleep(_: float) -> None:
        return None

    async with httpx.AsyncClient(transport=inprocess_transport) as http:
        graph = GraphClient(
            http=http, base_url="http://sandbox", sleep=no_sleep, retry=RetryPolicy(max_attempts=3)
        )
        me = await graph.get("me", token=runtime.world.token("system-user"))
        assert me["id"] == runtime.world.system_user_id
        assert graph.calls == 3
        runtime.faults = FaultPlan().add("malformed")
        with pytest.raises(GraphError) as info:
            await graph.get("me", token=runtime.world.token("system-user"))
        assert info.value.kind == "malformed"


async def test_admin_route_sets_faults_and_settings(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    admin = {"X-Sandbox-Admin": "1"}
    r = await client.post(
        "/_sandbox/faults",
        json={"faults": [{"kind": "error", "code": 80007, "path": "^/me$"}]},
        headers=admin,
    )
    assert r.status_code == 200
    assert r.json()["faults"][0]["code"] == 80007
    assert error_of(await client.get("/v25.0/me"))["code"] == 80007
    r = await client.post("/_sandbox/faults", json={"faults": [{"kind": "explode"}]}, headers=admin)
    assert r.status_code == 400
    assert "unknown fault kind" in r.json()["error"]
    await client.delete("/_sandbox/faults", headers=admin)
    assert (await client.get("/v25.0/me")).status_code == 200
    # without the header the admin path is just an unknown Graph object
    r = await client.post("/_sandbox/faults", json={"faults": [{"kind": "reset"}]})
    assert error_of(r)["error_subcode"] == 33
    assert sandbox.faults.faults == []
    r = await client.post("/_sandbox/settings", json={"require_proof": True}, headers=admin)
    assert r.json()["require_proof"] is True
    assert sandbox.require_proof is True


def test_fault_plan_matching_and_validation() -> None:
    plan = FaultPlan([Fault("error", path="/messages$", method="POST", times=2)])
    assert plan.take("GET", "/1/messages") is None
    assert plan.take("POST", "/1/messages") is not None
    assert plan.take("POST", "/1/messages") is not None
    assert plan.take("POST", "/1/messages") is None
    with pytest.raises(ValueError, match="unknown fault kind"):
        FaultPlan.from_dict({"faults": [{"kind": "nope"}]})
    with pytest.raises(ValueError, match="bad fault"):
        FaultPlan.from_dict({"faults": [{"kind": "error", "colour": "red"}]})


@pytest.mark.parametrize(
    ("method", "path", "content", "ctype"),
    [
        ("GET", "/", None, None),
        ("GET", "/v25.0/", None, None),
        ("GET", "/vX.Y/me", None, None),
        ("GET", "/v25.0/me/permissions/extra/deep", None, None),
        ("PUT", "/v25.0/me", None, None),
        ("PATCH", "/v25.0/oauth/access_token", None, None),
        ("POST", "/v25.0/debug_token", None, None),
        ("POST", "/v25.0/{phone}/messages", b"{not json", "application/json"),
        ("POST", "/v25.0/{phone}/messages", b"[1, 2]", "application/json"),
        ("POST", "/v25.0/{phone}/messages", b"\xff\xfe", "application/x-www-form-urlencoded"),
        ("POST", "/v25.0/{phone}/messages", b"x" * (1024 * 1024 + 1), "application/json"),
        ("GET", "/v25.0/%00%ff", None, None),
    ],
)
async def test_garbage_gets_a_meta_error(
    sandbox: SandboxHandle,
    client: httpx.AsyncClient,
    method: str,
    path: str,
    content: bytes | None,
    ctype: str | None,
) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    r = await client.request(
        method, path.replace("{phone}", sandbox.world.phone.id), content=content, headers=headers
    )
    assert 400 <= r.status_code < 500
    error_of(r)


async def test_unsupported_http_method_is_meta_shaped(
    sandbox: SandboxHandle, client: httpx.AsyncClient
) -> None:
    r = await client.request("TRACE", "/v25.0/me")
    assert r.status_code == 405
    error_of(r)
