"""Step 4's "Log in with Facebook" and step 5's "Make it permanent", by keyboard, on the sandbox.

The practice dialog approves at once and redirects to the wizard's loopback callback, so
the whole path (dialog, 302, callback, code exchange, system-user steps, debug_token) runs
without copying a token from any screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dotenv import dotenv_values

from wizard.core import redact
from wizard.sandbox.app import runtime_of
from wizard.tui.app import WizardApp

from .test_happy_path import (
    card_text,
    fill,
    press_continue,
    settle,
    step,
    subscribe_and_leave_webhook,
    walk_to_token,
)


def sandbox_state(app: WizardApp) -> Any:
    transport = app.ctx.services.transport
    return runtime_of(transport.app).state  # type: ignore[union-attr]


async def test_login_then_make_permanent_by_keyboard(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        await pilot.press("ctrl+l")  # Log in with Facebook: a key, never a focus stop
        await settle(app, pilot)
        text = card_text(screen)
        assert "Logged in with Facebook" in text, text
        info = app.ctx.facts["token_info"]
        assert info.type == "USER"
        await press_continue(app, pilot)  # the logged-in token counts as inspected
        user_token = app.ctx.values.access_token
        assert user_token in redact._KNOWN
        assert user_token not in text
        await step(app, pilot, "make_it_last")
        await pilot.press("ctrl+n")  # Make it permanent
        screen = await step(app, pilot, "make_it_last")
        text = card_text(screen)
        info = app.ctx.facts["token_info"]
        assert info.type == "SYSTEM_USER", text
        assert info.expires_at == 0
        token = app.ctx.values.access_token
        assert token != user_token
        assert token in redact._KNOWN
        assert token not in text
        assert "debug_token: SYSTEM_USER, never expires" in text
        business = sandbox_state(app).business
        assert world.app.id in business.installed[world.system_user_id]
        # …and on to a written .env, as a new user would, without copying any token.
        await press_continue(app, pilot)
        await step(app, pilot, "permissions")
        await press_continue(app, pilot)
        screen = await step(app, pilot, "phone_number")
        await fill(pilot, screen, "phone-id", world.phone.id)
        await press_continue(app, pilot)
        screen = await step(app, pilot, "test_message")
        await fill(pilot, screen, "recipient", world.recipient_display[0])
        await press_continue(app, pilot)
        assert "wamid" in card_text(screen)
        await press_continue(app, pilot)
        await subscribe_and_leave_webhook(app, pilot)
        await step(app, pilot, "review")
        await press_continue(app, pilot)
        await press_continue(app, pilot)
    assert app.return_value == 0
    written = dotenv_values(".env", interpolate=False)
    assert written["WHATSAPP_ACCESS_TOKEN"] == token
    assert written["WHATSAPP_BUSINESS_ACCOUNT_ID"] == world.waba.id


async def test_login_denied_shows_a_card(make_wizard: Callable[..., WizardApp], world: Any) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        sandbox_state(app).login.deny = True
        await pilot.press("ctrl+l")  # Log in with Facebook: a key, never a focus stop
        await settle(app, pilot)
        text = card_text(screen)
        assert "Login did not finish" in text
        assert "not approved" in text
        assert app.ctx.values.access_token is None


async def test_make_permanent_refused_falls_back_to_the_guided_steps(
    make_wizard: Callable[..., WizardApp], world: Any
) -> None:
    app = make_wizard()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await walk_to_token(app, pilot, world)
        await pilot.press("ctrl+l")  # Log in with Facebook: a key, never a focus stop
        await settle(app, pilot)
        await press_continue(app, pilot)
        user_token = app.ctx.values.access_token
        screen = await step(app, pilot, "make_it_last")
        sandbox_state(app).business.install_refused = True
        await pilot.press("ctrl+n")  # Make it permanent
        screen = await step(app, pilot, "make_it_last")
        text = card_text(screen)
        assert "would not install the app" in text
        assert "business.facebook.com/settings/system-users" in text
        assert app.ctx.values.access_token == user_token  # nothing adopted
