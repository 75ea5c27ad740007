"""wizard.core.access.permanent over the sandbox: each step succeeds, skips or is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest

from wizard.core import redact
from wizard.core.access.permanent import (
    Fallback,
    Permanent,
    Step,
    already_permanent,
    make_permanent,
)
from wizard.core.graph import system_users as su
from wizard.core.graph import tokens
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.sandbox.access import SystemUser as SandboxUser
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.testing import SandboxHandle


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[GraphClient]:
    http = make_http_client(timeout=5.0)
    try:
        yield GraphClient(http, sandbox.url, "v25.0", sandbox.world.app.secret)
    finally:
        await http.aclose()


class Face:
    """Records what the face was asked and told; says yes unless told otherwise."""

    def __init__(self, decline: str | None = None) -> None:
        self.asked: list[str] = []
        self.told: list[tuple[str, str]] = []
        self.decline = decline

    async def choose(self, users: Sequence[Any]) -> Any:
        return users[0]

    async def confirm(self, step: Step) -> bool:
        self.asked.append(step.id)
        return step.id != self.decline

    def progress(self, status: str, text: str) -> None:
        self.told.append((status, text))


async def run(sandbox: SandboxHandle, client: GraphClient, face: Face, **kw: Any) -> Any:
    w = sandbox.world
    return await make_permanent(
        client,
        app_id=w.app.id,
        admin_token=sandbox.token("admin"),
        waba_id=w.waba.id,
        business_id=kw.pop("business_id", None),
        choose=face.choose,
        confirm=face.confirm,
        progress=face.progress,
        **kw,
    )


async def test_every_step_then_a_verified_never_expiring_token(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    face = Face()
    result = await run(sandbox, client, face)
    assert isinstance(result, Permanent), result
    assert face.asked == ["install", "assign", "mint"]
    assert result.info.type == "SYSTEM_USER"
    assert result.info.expires_at == 0
    assert sandbox.world.waba.id in (result.info.targets("whatsapp_business_management") or ())
    assert result.token in redact._KNOWN
    assert already_permanent(result.info, sandbox.world.waba.id)
    again = Face()
    second = await run(sandbox, client, again)  # the assignment is there now: skipped
    assert isinstance(second, Permanent)
    assert again.asked == ["install", "mint"]
    assert any(s == "skip" and "already manages" in t for s, t in again.told)


async def test_no_system_user_says_how_to_create_one(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    sandbox.state.business.system_users.clear()
    result = await run(sandbox, client, Face())
    assert isinstance(result, Fallback)
    assert result.step == "system_user"
    assert "has no system user yet" in result.reason
    assert "Add" in result.reason
    assert any("settings/system-users?business_id=" in g for g in result.guide)


async def test_install_refused_falls_back_with_its_card(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    sandbox.state.business.install_refused = True
    result = await run(sandbox, client, Face())
    assert isinstance(result, Fallback)
    assert result.step == "install"
    assert result.card is not None
    assert result.card.title == "Meta would not install the app for the system user"
    assert result.card.message is not None
    assert "capability" in result.card.message  # Meta's own words kept
    assert result.guide


@pytest.mark.parametrize(
    ("path", "step"),
    [
        (r"^/\d+/system_users$", "system_user"),
        (r"^/\d+/assigned_users$", "assign"),
        (r"^/\d+/access_tokens$", "mint"),
    ],
)
async def test_each_refusal_becomes_a_fallback(
    sandbox: SandboxHandle, client: GraphClient, path: str, step: str
) -> None:
    sandbox.faults = FaultPlan().error(200, path=path, method="POST" if step != "system_user"
                                       else "GET")  # fmt: skip
    result = await run(sandbox, client, Face())
    assert isinstance(result, Fallback), result
    assert result.step == step
    assert result.card is not None
    assert result.card.code == 200
    assert not result.stopped


async def test_declining_a_step_stops_without_a_card(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    result = await run(sandbox, client, Face(decline="mint"))
    assert isinstance(result, Fallback)
    assert result.stopped
    assert result.step == "mint"
    assert result.card is None
    assert not any(s.type == "SYSTEM_USER" and s.scenario == "minted"
                   for s in sandbox.state.issued.values())  # fmt: skip


async def test_a_token_that_misses_the_waba_is_not_accepted(
    sandbox: SandboxHandle, client: GraphClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_op(*args: Any, **kwargs: Any) -> None:
        return None  # Meta said success but the assignment did not take

    monkeypatch.setattr(su, "assign_waba", no_op)
    result = await run(sandbox, client, Face())
    assert isinstance(result, Fallback)
    assert result.step == "verify"
    assert "does not reach WhatsApp account" in result.reason
    assert "nothing was written" in result.reason


async def test_admin_system_user_skips_the_assignment_and_sixty_days(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    w = sandbox.world
    sandbox.state.business.system_users[w.system_user_id] = SandboxUser(
        w.system_user_id, w.system_user_name, "ADMIN"
    )
    face = Face()
    result = await run(sandbox, client, face, sixty_days=True)
    assert isinstance(result, Permanent), result
    assert face.asked == ["install", "mint"]
    assert result.info.expires_at != 0


async def test_without_the_app_secret_nothing_is_tried(sandbox: SandboxHandle) -> None:
    http = make_http_client(timeout=5.0)
    try:
        bare = GraphClient(http, sandbox.url, "v25.0", None)
        face = Face()
        result = await run(sandbox, bare, face)
    finally:
        await http.aclose()
    assert isinstance(result, Fallback)
    assert "App secret" in result.reason
    assert face.asked == []


async def test_system_user_token_already_permanent(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    w = sandbox.world
    info = await tokens.debug_token(
        client, sandbox.token("system-user"), app_id=w.app.id, app_secret=w.app.secret
    )
    assert already_permanent(info, w.waba.id)
    assert not already_permanent(info, w.second_waba.id)


async def test_the_wizards_button_prefers_an_admin_system_user(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    from wizard.core.access.permanent import make_permanent_automatically

    sandbox.state.business.system_users["42"] = SandboxUser("42", "admin-bot", "ADMIN")
    told: list[str] = []
    outcome = await make_permanent_automatically(
        client,
        app_id=sandbox.world.app.id,
        admin_token=sandbox.token("admin"),
        info=None,
        waba_id=None,
        progress=lambda status, text: told.append(text),
    )
    assert isinstance(outcome.result, Permanent), outcome
    assert outcome.result.system_user.id == "42"
    assert outcome.waba_id in {w.id for w in sandbox.world.wabas}
    assert any("ADMIN system user has every WhatsApp account" in t for t in told)
