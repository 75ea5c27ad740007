"""What a fix asks a person to do, as data: each face says it in its own words.

A card or a check keeps its fix as prose and names the :class:`Action` that carries it
out separately. The CLI renders the action as the command line to run; the wizard
renders it as the button on the current step that does the same thing (or the
command, when the step has no such button). No face rewrites another face's words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Action:
    """One thing wa-wizard can do for the person, under a stable id."""

    id: str
    """Stable name faces map to their own controls (``subscribe_webhook``)."""
    command: str
    """The command line that does it, as the CLI shows it."""

    def with_command(self, command: str) -> Action:
        """The same action with a concrete command line (a URL filled in, say)."""
        return replace(self, command=command)


DOCTOR = Action("doctor", "wa-wizard doctor")
SETUP = Action("setup", "wa-wizard")
REPORT = Action("report", "wa-wizard report")
GENERATE_VERIFY_TOKEN = Action("generate_verify_token", "wa-wizard verify-token --write")
EXCHANGE_TOKEN = Action("exchange_token", "wa-wizard exchange")
REFRESH_SYSTEM_USER_TOKEN = Action(
    "refresh_system_user_token", "wa-wizard exchange --system-user-refresh"
)
REGISTER_NUMBER = Action("register_number", "wa-wizard register")
SEND_TEST = Action("send_test", "wa-wizard send-test --to <number>")
SUBSCRIBE_WEBHOOK = Action(
    "subscribe_webhook", "wa-wizard webhook-subscribe --callback-url https://…/webhook"
)
TEST_WEBHOOK = Action("test_webhook", "wa-wizard webhook-test https://…/webhook")
LISTEN_WEBHOOK = Action("listen_webhook", "wa-wizard webhook-listen")


def in_cli(fix: str, action: Action | None) -> str:
    """The fix as the command line says it: the prose, then ``Run: <command>``."""
    if action is None:
        return fix
    run = f"Run: {action.command}"
    return f"{fix}\n{run}" if fix else run
