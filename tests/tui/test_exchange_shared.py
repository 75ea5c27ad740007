"""The wizard's exchange is the CLI's: the new token is registered, the same token is said."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wizard.core import redact
from wizard.core.access.exchange import exchange_and_confirm
from wizard.core.graph import tokens
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.tui.app import WizardApp

from .test_happy_path import card_text, fill, press_continue, settle, step, walk_to_token


async def at_make_it_last(app: WizardApp, pilot: Any, world: Any, token: str) -> Any:
    screen = await walk_to_token(app, pilot, world)
    await fill(pilot, screen, "access-token", token)
    await press_continue(app, pilot)
    await press_continue(app, pilot)
    return await step(app, pilot, "make_it_last")


async def test_exchanged_token_is_registered_for_redaction(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        short = world.token("short-lived")
        await at_make_it_last(app, pilot, world, short)
        await pilot.click("#exchange")
        await settle(app, pilot)
        new = app.ctx.values.access_token
        assert new not in (None, short)
        assert new in redact._KNOWN  # masked in every log, card and report from now on


async def test_same_token_returned_is_said_and_kept(
    make_wizard: Callable[..., WizardApp], world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = world.token("short-lived")

    async def same(client: Any, **kwargs: Any) -> tokens.ExchangeResult:
        return tokens.ExchangeResult(access_token=kwargs["token"], expires_in=None)

    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_make_it_last(app, pilot, world, short)
        monkeypatch.setattr(tokens, "exchange_token", same)
        await pilot.click("#exchange")
        await settle(app, pilot)
        assert "Meta returned the same token" in card_text(screen)
        assert app.ctx.values.access_token == short


async def test_core_exchange_confirms_over_http(sandbox: Any) -> None:
    world = sandbox.world
    http = make_http_client(timeout=3.0)
    client = GraphClient(http, sandbox.url, "v25.0", world.app.secret)
    short = sandbox.token("short-lived")
    try:
        new = await exchange_and_confirm(
            client, app_id=world.app.id, app_secret=world.app.secret, token=short
        )
    finally:
        await http.aclose()
    assert new.info.is_valid
    assert not new.same_token
    assert new.token != short
    assert new.token in redact._KNOWN
    assert not new.never_expires
