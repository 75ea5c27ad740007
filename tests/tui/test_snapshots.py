"""Snapshots of the screens at a fixed size and clock (sync tests: snap_compare)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.reliability.pilot import goto, live, settle
from wizard.tui.app import WizardApp, make_app

from .conftest import NOW

pytestmark = pytest.mark.usefixtures("in_tmp")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def offline() -> WizardApp:
    return make_app(Path(".env"), graph_url="http://127.0.0.1:9", graph_version="v25.0", now=NOW)


def at_step(index: int, **inputs: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, WizardApp)
        await goto(app, pilot, index)
        for input_id, text in inputs.items():
            app.screen.query_one(f"#{input_id.replace('_', '-')}", Input).value = text
        await pilot.pause()

    return run_before


def test_overview(snap_compare: Any) -> None:
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=at_step(0))


def test_overview_80x24(snap_compare: Any) -> None:
    assert snap_compare(offline(), terminal_size=(80, 24), run_before=at_step(0))


def test_verify_token(snap_compare: Any) -> None:
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=at_step(1))


def test_app_credentials_bad_shape(snap_compare: Any) -> None:
    run = at_step(2, app_id="12ab", app_secret="nothex")
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=run)


def test_access_token_secret_pasted(snap_compare: Any) -> None:
    run = at_step(3, access_token="9b1e57c0d2f84a6b91c3e7d5f0a2b4a0")
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=run)


def test_make_it_last(snap_compare: Any) -> None:
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=at_step(4))


def test_test_message_preview(snap_compare: Any) -> None:
    run = at_step(7, recipient="+44 7700 900456")
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=run)


def test_review(snap_compare: Any) -> None:
    """A changed secret shows as EnvFile.plan masked it (EAAB…9xZD → EAAC…7QwE), not ••••."""
    Path(".env").write_text(
        "WHATSAPP_ACCESS_TOKEN=EAAB" + "x" * 40 + "9xZD\nFACEBOOK_APP_ID=1204958371625540\n",
        encoding="utf-8",
    )

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, WizardApp)
        await live(app, pilot)  # the overview's offline check is done: no toast
        app.ctx.values = replace(
            app.ctx.values,
            access_token="EAAC" + "y" * 40 + "7QwE",
            app_secret="9b1e57c0d2f84a6b91c3e7d5f0a2b4a0",
        )
        await at_step(9)(pilot)

    assert snap_compare(offline(), terminal_size=(100, 30), run_before=run_before)


def test_network_failure_card(snap_compare: Any) -> None:
    """An unreachable Graph API: the card in place, no traceback, no URL."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await at_step(2, app_id="1204958371625540", app_secret="9b1e57c0d2f84a6b91c3e7d5f0a2b4a0")(
            pilot
        )
        app = pilot.app
        assert isinstance(app, WizardApp)
        app.ctx.services.graph_url = "http://127.0.0.1:9"
        await pilot.click("#continue")
        await settle(app, pilot)

    assert snap_compare(offline(), terminal_size=(100, 30), run_before=run_before)


def test_webhook(snap_compare: Any) -> None:
    run = at_step(8, callback_url="http://localhost:8080/webhook")
    assert snap_compare(offline(), terminal_size=(100, 30), run_before=run)
