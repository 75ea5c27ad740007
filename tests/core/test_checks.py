"""Every check in every token scenario, against the sandbox over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.applications import Starlette

from wizard.core import actions
from wizard.core.checks.base import CheckContext, CheckResult
from wizard.core.checks.runner import run_checks
from wizard.core.envfile.store import EnvFile
from wizard.core.graph.client import GraphClient, RetryPolicy, make_http_client
from wizard.sandbox.app import create_app, runtime_of
from wizard.sandbox.faults import Fault, FaultPlan
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.state import AppSubscription
from wizard.sandbox.world import World, build_world

NET = ("token_valid", "token_app", "permissions", "waba", "phone_number", "template")


@dataclass
class Live:
    world: World
    app: Starlette
    url: str


@pytest.fixture
def live() -> Iterator[Live]:
    world = build_world()
    app = create_app(world)
    with SandboxServer(app) as url:
        yield Live(world, app, url)


def write_env(
    tmp_path: Path, world: World, scenario: str = "system-user", **over: str | None
) -> EnvFile:
    values: dict[str, str | None] = {
        "FACEBOOK_APP_ID": world.app.id,
        "FACEBOOK_APP_SECRET": world.app.secret,
        "WHATSAPP_ACCESS_TOKEN": world.token(scenario),
        "WHATSAPP_BUSINESS_ACCOUNT_ID": world.waba.id,
        "WHATSAPP_PHONE_NUMBER_ID": world.phone.id,
        "META_WEBHOOK_VERIFY_TOKEN": "ab" * 32,
    }
    values.update(over)
    path = tmp_path / ".env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items() if v is not None))
    return EnvFile.read(path, environ={})


async def check(
    url: str, env: EnvFile, only: list[str] | None = None, retry: RetryPolicy | None = None
) -> dict[str, CheckResult]:
    values = env.values()
    http = make_http_client(timeout=3.0)
    client = GraphClient(http, url, "v25.0", values.app_secret)
    client.retry = retry or RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02)
    try:
        return await run_checks(CheckContext(client=client, values=values, env=env), only)
    finally:
        await http.aclose()


def statuses(results: dict[str, CheckResult]) -> dict[str, str]:
    return {cid: r.status for cid, r in results.items()}


ALL_PASS = dict.fromkeys(NET, "pass") | {"token_expiry": "pass"}
SKIPPED = dict.fromkeys(("token_app", "permissions", "waba", "phone_number", "template"), "skip")


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("system-user", ALL_PASS),
        ("system-user-no-targets", ALL_PASS),
        ("long-lived", ALL_PASS),
        ("short-lived", ALL_PASS | {"token_expiry": "warn"}),
        ("expiring-soon", ALL_PASS | {"token_expiry": "warn"}),
        ("expired", SKIPPED | {"token_valid": "fail", "token_expiry": "fail"}),
        ("revoked", SKIPPED | {"token_valid": "fail", "token_expiry": "skip"}),
        ("no-messaging", ALL_PASS | {"permissions": "fail"}),
        (
            "other-app",
            ALL_PASS
            | {"token_app": "fail", "waba": "skip", "phone_number": "skip", "template": "skip"},
        ),
    ],
)
async def test_token_scenarios(
    live: Live, tmp_path: Path, scenario: str, expected: dict[str, str]
) -> None:
    results = await check(live.url, write_env(tmp_path, live.world, scenario))
    got = statuses(results)
    assert {cid: got[cid] for cid in expected} == expected
    assert got["app_credentials"] == "pass"
    assert got["verify_token"] == "pass"
    assert got["env_file"] == "pass"
    assert list(results) == [cid for cid in results]  # display order kept


async def test_expiry_texts_name_the_right_fix(live: Live, tmp_path: Path) -> None:
    short = await check(live.url, write_env(tmp_path, live.world, "short-lived"), ["token_expiry"])
    assert short["token_expiry"].action == actions.EXCHANGE_TOKEN
    assert "system-user" in short["token_expiry"].fix
    expired = await check(live.url, write_env(tmp_path, live.world, "expired"), ["token_expiry"])
    assert "system-user" in expired["token_expiry"].fix
    soon = await check(live.url, write_env(tmp_path, live.world, "expiring-soon"), ["token_expiry"])
    assert "days" in soon["token_expiry"].detail
    env = write_env(tmp_path, live.world, "expiring-soon")
    values = env.values()
    http = make_http_client()
    ctx = CheckContext(
        client=GraphClient(http, live.url, "v25.0", values.app_secret),
        values=values,
        env=env,
        warn_days=2,
    )
    relaxed = await run_checks(ctx, ["token_expiry"])
    await http.aclose()
    assert relaxed["token_expiry"].status == "pass"


async def test_never_expiring_data(live: Live, tmp_path: Path) -> None:
    results = await check(live.url, write_env(tmp_path, live.world, "system-user"))
    assert results["token_expiry"].data["expires_at"] == 0
    assert "never expires" in results["token_expiry"].detail
    assert results["token_valid"].data["type"] == "SYSTEM_USER"
    assert results["waba"].data["id"] == live.world.waba.id
    phone = results["phone_number"]
    assert "250/day" in phone.detail
    assert phone.data["test_number"] is True  # NOT_VERIFIED is normal for a test number
    assert phone.data["display_phone_number"] == live.world.phone.display


async def test_missing_permission_is_named(live: Live, tmp_path: Path) -> None:
    results = await check(
        live.url, write_env(tmp_path, live.world, "no-messaging"), ["permissions"]
    )
    assert "whatsapp_business_messaging" in results["permissions"].detail
    assert "whatsapp_business_management" not in results["permissions"].detail


async def test_wrong_secret_fails_app_credentials(live: Live, tmp_path: Path) -> None:
    env = write_env(tmp_path, live.world, FACEBOOK_APP_SECRET="0" * 32)
    results = await check(live.url, env, ["app_credentials"])
    assert results["app_credentials"].status == "fail"
    assert "App secret" in results["app_credentials"].fix
    assert "0" * 32 not in repr(results)


async def test_waba_without_targets_comes_from_business_or_assigned(
    live: Live, tmp_path: Path
) -> None:
    env = write_env(
        tmp_path, live.world, "system-user-no-targets", WHATSAPP_BUSINESS_ACCOUNT_ID=None
    )
    results = await check(live.url, env, ["waba"])
    # no target_ids: both accounts are discovered from the business / assignments, and
    # the one holding the configured phone number ID is proposed
    assert set(results["waba"].data["reachable"]) == {live.world.waba.id, live.world.second_waba.id}
    assert results["waba"].status == "warn"
    assert f"WHATSAPP_BUSINESS_ACCOUNT_ID={live.world.waba.id}" in results["waba"].fix


async def test_unreachable_waba_fails(live: Live, tmp_path: Path) -> None:
    env = write_env(tmp_path, live.world, WHATSAPP_BUSINESS_ACCOUNT_ID="123456789012345")
    results = await check(live.url, env, ["waba"])
    assert results["waba"].status == "fail"
    assert "cannot reach" in results["waba"].detail


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("+1 555-019-0000", "holds a phone number"),
        ("WABA", "WhatsApp Business Account ID"),
        ("PENDING", "not registered"),
        ("OTHER", "does not belong"),
    ],
)
async def test_phone_number_mixups(live: Live, tmp_path: Path, phone: str, words: str) -> None:
    value = {
        "WABA": live.world.waba.id,
        "PENDING": live.world.pending_phone.id,
        "OTHER": "111122223333444",
    }.get(phone, phone)
    env = write_env(tmp_path, live.world, WHATSAPP_PHONE_NUMBER_ID=value)
    results = await check(live.url, env, ["phone_number"])
    assert results["phone_number"].status == "fail"
    assert words in results["phone_number"].detail
    if phone == "PENDING":
        assert "register" in results["phone_number"].fix


async def test_webhook_warn_fail_pass(live: Live, tmp_path: Path) -> None:
    env = write_env(tmp_path, live.world)
    state = runtime_of(live.app).state
    first = await check(live.url, env, ["webhook_subscription"])
    assert first["webhook_subscription"].status == "warn"  # nothing configured: never a failure
    state.app_subscriptions[live.world.app.id] = {
        "whatsapp_business_account": AppSubscription(
            "whatsapp_business_account",
            "https://example.test/hook",
            "v" * 20,
            ("messages",),
            "v25.0",
        )
    }
    state.waba_subscribed_apps[live.world.waba.id] = {}
    second = await check(live.url, env, ["webhook_subscription"])
    assert second["webhook_subscription"].status == "fail"
    subscribe = second["webhook_subscription"].action
    assert subscribe is not None
    assert subscribe.id == actions.SUBSCRIBE_WEBHOOK.id
    assert "webhook-subscribe --callback-url https://" in subscribe.command
    state.waba_subscribed_apps[live.world.waba.id] = {live.world.app.id: None}
    third = await check(live.url, env, ["webhook_subscription"])
    assert third["webhook_subscription"].status == "pass"
    assert third["webhook_subscription"].data["callback_url"] == "https://example.test/hook"


async def test_webhook_skipped_without_secret(live: Live, tmp_path: Path) -> None:
    env = write_env(tmp_path, live.world, FACEBOOK_APP_SECRET=None)
    results = await check(live.url, env, ["webhook_subscription"])
    assert results["webhook_subscription"].status == "skip"
    assert "FACEBOOK_APP_SECRET" in results["webhook_subscription"].detail


async def test_require_proof_with_and_without_secret(live: Live, tmp_path: Path) -> None:
    runtime_of(live.app).require_proof = True
    with_secret = await check(live.url, write_env(tmp_path, live.world))
    assert all(with_secret[cid].status == "pass" for cid in NET)
    without = await check(live.url, write_env(tmp_path, live.world, FACEBOOK_APP_SECRET=None))
    assert without["token_valid"].status == "fail"
    assert "FACEBOOK_APP_SECRET" in without["token_valid"].fix
    assert "Require App Secret" in without["token_valid"].detail


async def test_network_down_explains_and_finishes(tmp_path: Path) -> None:
    env = write_env(tmp_path, build_world())
    results = await check("http://127.0.0.1:9", env)  # discard port: connection refused
    assert results["token_valid"].status == "fail"
    assert "could not reach" in results["token_valid"].detail
    assert results["app_credentials"].status == "fail"
    assert "could not reach" in results["app_credentials"].detail
    assert results["waba"].status == "skip"
    assert results["verify_token"].status == "pass"  # local checks still run


@pytest.mark.parametrize(
    ("fault", "word"),
    [
        (Fault("status", status=503), "server"),
        (Fault("malformed"), ""),
        (Fault("reset"), "could not reach"),
        (Fault("timeout", delay_ms=4000), "could not reach"),
        (Fault("error", code=80007), ""),
        (Fault("error", code=4), ""),
    ],
)
async def test_faults_are_retried_then_explained(
    live: Live, tmp_path: Path, fault: Fault, word: str
) -> None:
    fault.path = "^/debug_token"
    runtime_of(live.app).faults = FaultPlan([fault])
    results = await check(live.url, write_env(tmp_path, live.world), ["token_valid"])
    got = results["token_valid"]
    assert got.status == "fail"
    assert got.fix  # every failure carries its fix
    assert word.lower() in (got.detail + got.fix).lower()
    assert "Traceback" not in got.detail


async def test_transient_fault_once_is_absorbed_by_retry(live: Live, tmp_path: Path) -> None:
    runtime_of(live.app).faults = FaultPlan([Fault("error", code=4, path="^/debug_token", times=1)])
    results = await check(live.url, write_env(tmp_path, live.world), ["token_valid"])
    assert results["token_valid"].status == "pass"


async def test_waba_unset_is_found_from_the_phone_number_id(live: Live, tmp_path: Path) -> None:
    """A token reaching two WABAs plus a phone id: the WABA holding that phone is named."""
    env = write_env(tmp_path, live.world, "short-lived", WHATSAPP_BUSINESS_ACCOUNT_ID=None)
    results = await check(live.url, env, ["waba", "phone_number"])
    assert results["waba"].status == "warn", results["waba"]
    assert f"WHATSAPP_BUSINESS_ACCOUNT_ID={live.world.waba.id}" in results["waba"].fix
    assert results["phone_number"].status == "pass", results["phone_number"]


async def test_waba_unset_without_phone_id_asks_to_pick(live: Live, tmp_path: Path) -> None:
    env = write_env(
        tmp_path,
        live.world,
        "short-lived",
        WHATSAPP_BUSINESS_ACCOUNT_ID=None,
        WHATSAPP_PHONE_NUMBER_ID=None,
    )
    results = await check(live.url, env, ["waba"])
    assert results["waba"].status == "fail"
    assert "reaches 2 WhatsApp accounts" in results["waba"].detail


async def test_values_without_an_env_file_run_every_check(live: Live) -> None:
    """The wizard checks candidate values before any file exists (env=None)."""
    from wizard.core.state import SetupValues

    world = live.world
    values = SetupValues(
        app_id=world.app.id,
        app_secret=world.app.secret,
        access_token=world.token("system-user"),
        waba_id=world.waba.id,
        phone_number_id=world.phone.id,
    )
    http = make_http_client(timeout=3.0)
    client = GraphClient(http, live.url, "v25.0", values.app_secret)
    try:
        results = await run_checks(CheckContext(client=client, values=values, env=None))
    finally:
        await http.aclose()
    assert results["env_file"].status == "pass"
    assert {cid: results[cid].status for cid in NET} == dict.fromkeys(NET, "pass")
    assert results["git_safety"].status == "skip"
