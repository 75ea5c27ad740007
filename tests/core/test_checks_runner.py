"""run_checks itself: dependency skips, concurrency, never raising."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from wizard.core.checks import runner as checks
from wizard.core.checks.base import Check, CheckContext, CheckResult, result
from wizard.core.checks.local import verify_token
from wizard.core.checks.runner import run_checks
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.core.graph.errors import GraphError
from wizard.core.state import SetupValues


def ctx() -> CheckContext:
    http = make_http_client(httpx.MockTransport(lambda r: httpx.Response(500)))
    return CheckContext(client=GraphClient(http), values=SetupValues())


def patch(monkeypatch: pytest.MonkeyPatch, table: dict[str, Check]) -> None:
    monkeypatch.setattr(checks, "CHECKS", {**checks.CHECKS, **table})


async def test_bug_in_a_check_is_an_internal_error_without_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(_: CheckContext) -> CheckResult:
        raise KeyError("EAAsecret-ish-value")

    patch(monkeypatch, {"env_file": Check("env_file", (), broken)})
    results = await run_checks(ctx(), ["env_file", "verify_token"])
    assert results["env_file"].status == "fail"
    assert "internal error" in results["env_file"].detail
    assert "EAAsecret" not in results["env_file"].detail + results["env_file"].fix
    assert results["verify_token"].status == "skip"
    assert "Env file failed" in results["verify_token"].detail


async def test_graph_error_escaping_a_check_becomes_a_card(monkeypatch: pytest.MonkeyPatch) -> None:
    async def raises(_: CheckContext) -> CheckResult:
        raise GraphError("(#4) Application request limit reached", code=4)

    async def ok(_: CheckContext) -> CheckResult:
        return result("env_file", "pass", "fine")

    patch(
        monkeypatch,
        {
            "env_file": Check("env_file", (), ok),
            "git_safety": Check("git_safety", ("env_file",), raises),
        },
    )
    got = (await run_checks(ctx(), ["git_safety"]))["git_safety"]
    assert got.status == "fail"
    assert got.fix


async def test_independent_checks_run_concurrently(monkeypatch: pytest.MonkeyPatch) -> None:
    running: list[str] = []
    peak = 0

    def make(cid: str) -> Check:
        async def run(_: CheckContext) -> CheckResult:
            nonlocal peak
            running.append(cid)
            peak = max(peak, len(running))
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            running.remove(cid)
            return result(cid, "pass", "ok")

        return Check(cid, ("env_file",) if cid != "env_file" else (), run)

    patch(
        monkeypatch,
        {cid: make(cid) for cid in ("env_file", "verify_token", "git_safety", "app_credentials")},
    )
    results = await run_checks(ctx(), ["verify_token", "git_safety", "app_credentials"])
    assert peak == 3
    assert list(results) == ["app_credentials", "verify_token", "git_safety"]


async def test_unknown_id_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown check"):
        await run_checks(ctx(), ["nope"])


async def test_missing_env_file_fails_and_skips_the_rest(tmp_path: Path) -> None:
    from wizard.core.envfile.store import EnvFile

    context = ctx()
    context.env = EnvFile.read(tmp_path / ".env", environ={})
    results = await run_checks(context)
    assert results["env_file"].status == "fail"
    assert "wa-wizard" in results["env_file"].fix
    assert all(r.status == "skip" for cid, r in results.items() if cid != "env_file")


async def test_shadowing_environment_variable_warns(tmp_path: Path) -> None:
    from wizard.core.envfile.store import EnvFile

    path = tmp_path / ".env"
    path.write_text("WHATSAPP_ACCESS_TOKEN=EAAfile\nMETA_WEBHOOK_VERIFY_TOKEN=" + "a" * 32 + "\n")
    context = ctx()
    context.env = EnvFile.read(path, environ={"WHATSAPP_ACCESS_TOKEN": "EAAenv"})
    got = (await run_checks(context, ["env_file"]))["env_file"]
    assert got.status == "warn"
    assert "WHATSAPP_ACCESS_TOKEN" in got.detail
    assert "unset WHATSAPP_ACCESS_TOKEN" in got.fix


@pytest.mark.parametrize(
    ("verify", "token", "status"),
    [
        (None, "EAAx", "warn"),
        ("short", "EAAx", "warn"),
        ("EAA" + "z" * 40, "EAA" + "z" * 40, "fail"),
        ("q" * 20, "EAAx", "pass"),
    ],
)
async def test_verify_token_rules(verify: str | None, token: str, status: str) -> None:
    context = ctx()
    context.values = SetupValues(verify_token=verify, access_token=token)
    got = await verify_token(context)
    assert got.status == status
