"""The wizard's words for a core :class:`~wizard.core.actions.Action`: the button that does it.

Cards and checks name the action a fix needs apart from their prose. On a step that
has a button for that action the wizard says "Press Subscribe."; on a step without
one it shows the command line, as the CLI does. Inside the wizard, "set it up with
the wizard" needs no words at all.
"""

from __future__ import annotations

from wizard.core import actions
from wizard.core.actions import Action

BUTTONS: dict[str, dict[str, str]] = {
    "verify_token": {actions.GENERATE_VERIFY_TOKEN.id: "Generate"},
    "app_credentials": {actions.DOCTOR.id: "Continue"},
    "access_token": {actions.DOCTOR.id: "Continue"},
    "make_it_last": {actions.EXCHANGE_TOKEN.id: "Exchange", actions.DOCTOR.id: "Verify"},
    "phone_number": {actions.REGISTER_NUMBER.id: "Register this number…"},
    "test_message": {actions.SEND_TEST.id: "Continue", actions.DOCTOR.id: "Continue"},
    "webhook": {
        actions.SUBSCRIBE_WEBHOOK.id: "Subscribe",
        actions.TEST_WEBHOOK.id: "Test endpoint",
        actions.LISTEN_WEBHOOK.id: "Listen locally",
        actions.SEND_TEST.id: "Send again",
    },
}
"""Step id -> action id -> the label of the button on that step that does it."""

SILENT = frozenset({actions.SETUP.id})
"""Actions that need no words inside the wizard (the person is already in it)."""


def in_wizard(fix: str, action: Action | None, step_id: str) -> str:
    """The fix as the wizard says it on ``step_id``: the prose, then the button or command."""
    if action is None or action.id in SILENT:
        return fix
    button = BUTTONS.get(step_id, {}).get(action.id)
    words = f"Press {button}." if button else f"Run: {action.command}"
    if not fix:
        return words
    return f"{fix}\n{words}" if "\n" in fix else f"{fix} {words}"
