"""Issue 11 points 1-6 over the sandbox: paging, client WABAs, versions, health, live numbers.

Each world is served in-process (httpx ASGI transport); doctor's checks, the wizard's
phone-step functions and the report must agree on every world.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from wizard.commands.connect import SANDBOX_URL
from wizard.core.checks.base import CheckContext, CheckResult
from wizard.core.checks.discovery import discover_wabas
from wizard.core.checks.runner import run_checks
from wizard.core.envfile.store import EnvFile
from wizard.core.graph import account
from wizard.core.graph.client import GraphClient, RetryPolicy, make_http_client
from wizard.core.graph.errors import GraphError
from wizard.core.graph.paging import read_all
from wizard.core.graph.tokens import debug_token
from wizard.sandbox.app import create_app
from wizard.sandbox.world import World, build_world
from wizard.sandbox.worlds import MANY_PHONES, MANY_WABAS, WORLDS
from wizard.tui.steps.phone_number import numbers_of, verdict_lines, with_details

SEED, NOW = 20261121, 1_795_000_000.0
V = "v25.0"


@asynccontextmanager
async def client_for(
    world: World, version: str = V, seen: list[httpx.URL] | None = None
) -> AsyncIterator[GraphClient]:
    async def record(request: httpx.Request) -> None:
        if seen is not None:
            seen.append(request.url)

    transport = httpx.ASGITransport(app=create_app(world))
    http = make_http_client(transport)
    http.event_hooks["request"].append(record)
    client = GraphClient(http, SANDBOX_URL, version, world.app.secret)
    client.retry = RetryPolicy(max_attempts=1)
    try:
        yield client
    finally:
        await http.aclose()


def world(name: str) -> World:
    return build_world(seed=SEED, now=NOW, name=name)


async def raw(world: World, path: str, token: str, **params: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_app(world))
    async with httpx.AsyncClient(transport=transport, base_url=SANDBOX_URL) as http:
        return await http.get(path, params=params, headers={"Authorization": f"Bearer {token}"})


# --- the sandbox pages like Meta ------------------------------------------------------


async def test_sandbox_pages_25_by_default_and_next_only_when_there_is_more() -> None:
    w = world("many-assets")
    token = w.token("system-user-no-targets")
    first = (await raw(w, f"/{V}/{w.waba.id}/phone_numbers", token)).json()
    assert len(first["data"]) == 25
    assert "access_token=" in first["paging"]["next"]  # like Meta: never follow it
    assert "previous" not in first["paging"]
    last = (
        await raw(
            w,
            f"/{V}/{w.waba.id}/phone_numbers",
            token,
            limit="100",
            after=(await raw(w, f"/{V}/{w.waba.id}/phone_numbers", token, limit="100")).json()[
                "paging"
            ]["cursors"]["after"],
        )
    ).json()
    assert len(last["data"]) == MANY_PHONES + 2 - 100
    assert "next" not in last["paging"]
    assert "previous" in last["paging"]
    back = (
        await raw(
            w,
            f"/{V}/{w.waba.id}/phone_numbers",
            token,
            limit="100",
            before=last["paging"]["cursors"]["before"],
        )
    ).json()
    assert len(back["data"]) == 100


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
async def test_sandbox_refuses_a_bad_limit(limit: str) -> None:
    w = world("practice")
    r = await raw(w, f"/{V}/{w.waba.id}/phone_numbers", w.token("system-user"), limit=limit)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == 100


async def test_sandbox_answers_an_old_version_asking_the_new_field_like_meta() -> None:
    w = world("practice")
    r = await raw(
        w,
        f"/v23.0/{w.phone.id}",
        w.token("system-user"),
        fields="whatsapp_business_manager_messaging_limit",
    )
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["message"] == (
        "(#100) Tried accessing nonexisting field (whatsapp_business_manager_messaging_limit) "
        "on node type (WhatsAppBusinessPhoneNumber)"
    )
    assert (error["code"], error["type"]) == (100, "OAuthException")
    ok = await raw(w, f"/v23.0/{w.phone.id}", w.token("system-user"), fields="messaging_limit_tier")
    assert ok.json()["messaging_limit_tier"] == "TIER_250"


async def test_sandbox_lists_client_wabas_only_under_client_edge() -> None:
    w = world("agency")
    token = w.token("system-user-no-targets")
    owned = await raw(w, f"/{V}/{w.business_id}/owned_whatsapp_business_accounts", token)
    client = await raw(w, f"/{V}/{w.business_id}/client_whatsapp_business_accounts", token)
    assert owned.json()["data"] == []
    assert w.waba.id in [x["id"] for x in client.json()["data"]]


# --- the core reads every page, never follows next ------------------------------------


async def test_core_reads_every_page_with_its_own_requests() -> None:
    w = world("many-assets")
    seen: list[httpx.URL] = []
    async with client_for(w, seen=seen) as client:
        listing = await account.phone_numbers(client, w.token("system-user"), w.waba.id)
    assert len(listing.items) == MANY_PHONES + 2
    assert (listing.pages, listing.capped) == (2, False)
    assert [u.params.get("limit") for u in seen] == ["100", "100"]
    assert "after" in seen[1].params
    assert all("access_token" not in str(u) for u in seen)  # we never followed `next`


async def test_the_page_cap_is_reported() -> None:
    w = world("many-assets")
    async with client_for(w) as client:
        listing = await read_all(
            client,
            w.token("system-user"),
            f"{w.waba.id}/phone_numbers",
            label="/{waba-id}/phone_numbers",
            max_pages=1,
        )
    assert listing.capped
    assert "Only the first 100 entries (1 pages) of /{waba-id}/phone_numbers" in (
        listing.note() or ""
    )


async def test_discovery_finds_client_wabas() -> None:
    w = world("agency")
    token = w.token("system-user-no-targets")
    async with client_for(w) as client:
        info = await debug_token(client, token, app_id=w.app.id, app_secret=w.app.secret)
        reach = await discover_wabas(client, token, info)
    assert w.waba.id in reach.wabas


async def test_discovery_finds_a_waba_on_page_two() -> None:
    w = world("many-assets")
    token = w.token("system-user-no-targets")
    async with client_for(w) as client:
        info = await debug_token(client, token, app_id=w.app.id, app_secret=w.app.secret)
        reach = await discover_wabas(client, token, info)
    assert len(reach.wabas) == MANY_WABAS + 2
    assert w.waba.id in reach.wabas


# --- doctor, the wizard's phone step and the report agree on every world -------------


def env_for(tmp_path: Path, w: World, scenario: str = "system-user-no-targets") -> EnvFile:
    values = {
        "FACEBOOK_APP_ID": w.app.id,
        "FACEBOOK_APP_SECRET": w.app.secret,
        "WHATSAPP_ACCESS_TOKEN": w.token(scenario),
        "WHATSAPP_BUSINESS_ACCOUNT_ID": w.waba.id,
        "WHATSAPP_PHONE_NUMBER_ID": w.phone.id,
        "META_WEBHOOK_VERIFY_TOKEN": "ab" * 32,
    }
    path = tmp_path / ".env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return EnvFile.read(path, environ={})


async def doctor(w: World, env: EnvFile, version: str) -> dict[str, CheckResult]:
    async with client_for(w, version) as client:
        ctx = CheckContext(client=client, values=env.values(), env=env)
        return await run_checks(ctx, ["token_valid", "waba", "phone_number", "template"])


async def phone_step(w: World, version: str) -> dict[str, Any]:
    token = w.token("system-user-no-targets")
    async with client_for(w, version) as client:
        info = await debug_token(client, token, app_id=w.app.id, app_secret=w.app.secret)
        reach = await discover_wabas(client, token, info)
        found, _ = await numbers_of(client, token, reach.wabas)
        rows = dict((str(p["id"]), p) for _, p in await with_details(client, token, found))
    return rows[w.phone.id]


EXPECTED = {  # world -> (waba, phone_number) status
    "practice": ("pass", "pass"),
    "production": ("pass", "pass"),
    "many-assets": ("pass", "pass"),
    "agency": ("pass", "pass"),
    "blocked": ("pass", "fail"),
    "old-version": ("pass", "pass"),
    "override": ("pass", "pass"),  # the webhook world: the number itself is fine
    "clock-skew": ("pass", "pass"),  # the client falls back to the plain proof
}


@pytest.mark.parametrize("name", list(WORLDS))
async def test_doctor_phone_step_and_report_agree(name: str, tmp_path: Path) -> None:
    from wizard.core.report import ReportInput, render  # noqa: F401 - the report's renderer

    w = world(name)
    version = w.graph_version or V
    results = await doctor(w, env_for(tmp_path, w), version)
    assert results["token_valid"].status == "pass"
    assert (results["waba"].status, results["phone_number"].status) == EXPECTED[name], (
        results["waba"].detail,
        results["phone_number"].detail,
    )
    phone = await phone_step(w, version)
    lines = verdict_lines(w.phone.id, phone)
    assert lines[0].status == results["phone_number"].status
    assert lines[0].text in results["phone_number"].detail
    assert "verify again" not in results["phone_number"].detail.lower()


async def test_production_world_says_live_and_no_test_number_rules(tmp_path: Path) -> None:
    w = world("production")
    results = await doctor(w, env_for(tmp_path, w), V)
    phone = results["phone_number"]
    assert phone.status == "pass"
    assert "live number" in phone.detail
    assert phone.data["test_number"] is False
    assert phone.data["code_verification_status"] == "EXPIRED"


async def test_blocked_world_fails_with_metas_words(tmp_path: Path) -> None:
    w = world("blocked")
    phone = (await doctor(w, env_for(tmp_path, w), V))["phone_number"]
    assert "payment method" in phone.detail
    assert "Payment methods" in phone.fix
    assert "display name has not been approved" in phone.detail


async def test_old_version_world_asks_the_old_field(tmp_path: Path) -> None:
    w = world("old-version")
    phone = (await doctor(w, env_for(tmp_path, w), "v23.0"))["phone_number"]
    assert phone.status == "pass"
    assert "250/day" in phone.detail


async def test_the_new_field_on_an_old_version_would_fail_the_call() -> None:
    w = world("old-version")
    async with client_for(w, "v23.0") as client:
        with pytest.raises(GraphError) as caught:
            await account.phone_number(
                client,
                w.token("system-user"),
                w.phone.id,
                ("id", "whatsapp_business_manager_messaging_limit"),
            )
    assert caught.value.code == 100


@pytest.mark.parametrize("name", ["production", "blocked", "many-assets"])
def test_report_shows_the_phone_verdict(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard.cli import main

    w = world(name)
    env = env_for(tmp_path, w)
    assert (
        main(
            [
                "--sandbox",
                "--world",
                name,
                "--env-file",
                str(env.path),
                "report",
                "--stdout",
                "--output",
                str(tmp_path / "r.md"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    expected = {
        "production": "live number",
        "blocked": "payment method",
        "many-assets": "test number",
    }[name]
    assert expected in out


def test_world_args_namespace_is_untouched() -> None:
    args = argparse.Namespace(graph_version="v25.0", graph_version_given=False)
    from wizard.commands.connect import with_world_version

    with_world_version(args, world("old-version"))
    assert args.graph_version == "v25.0"


async def test_agency_world_without_a_waba_id_finds_the_client_waba(tmp_path: Path) -> None:
    w = world("agency")
    env = env_for(tmp_path, w)
    path = env.path
    text = path.read_text().replace(f"WHATSAPP_BUSINESS_ACCOUNT_ID={w.waba.id}\n", "")
    path.write_text(text)
    results = await doctor(w, EnvFile.read(path, environ={}), V)
    waba = results["waba"]
    assert waba.status == "warn"
    assert f"belongs to WhatsApp account {w.waba.id}" in waba.detail


async def test_many_assets_without_a_waba_id_asks_the_wabas_a_few_at_a_time(
    tmp_path: Path,
) -> None:
    w = world("many-assets")
    path = env_for(tmp_path, w).path
    path.write_text(path.read_text().replace(f"WHATSAPP_BUSINESS_ACCOUNT_ID={w.waba.id}\n", ""))
    results = await doctor(w, EnvFile.read(path, environ={}), V)
    waba = results["waba"]
    assert f"belongs to WhatsApp account {w.waba.id}" in waba.detail
    assert any("8 at a time" in note for note in waba.data["notes"])


async def test_blocked_world_refuses_a_template_send_with_the_health_error() -> None:
    w = world("blocked")
    transport = httpx.ASGITransport(app=create_app(w))
    async with httpx.AsyncClient(transport=transport, base_url=SANDBOX_URL) as http:
        r = await http.post(
            f"/{V}/{w.phone.id}/messages",
            json={
                "messaging_product": "whatsapp",
                "to": w.us_recipient,
                "type": "template",
                "template": {"name": "hello_world", "language": {"code": "en_US"}},
            },
            headers={"Authorization": f"Bearer {w.token('system-user')}"},
        )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == 131042
