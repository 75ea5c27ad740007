"""Step 2: the webhook verify token — a value you invent, not the access token."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from wizard.core.tokens import check_field, generate_verify_token, normalize_pasted
from wizard.tui.clipboard import copy_text
from wizard.tui.steps.base import ActionButton, StepScreen
from wizard.tui.widgets.form_field import FormField

WHERE = (
    "Meta sends this value back when it checks your webhook, and your server compares it. "
    "You invent it: it is [b]not[/b] the access token. Put the same value in both places: "
    "here (the env file) and in Meta App › WhatsApp › Configuration › Verify token."
)

MIN_LENGTH = 16
"""Shorter verify tokens are guessable; doctor warns below 16 too (checks_local.py)."""
TOO_SHORT = (
    "This verify token has only {n} characters: anyone could guess it. Use at least "
    f"{MIN_LENGTH} random characters, or press Generate for a 64-character one."
)


class VerifyTokenStep(StepScreen):
    """Generate (32 random bytes, hex) or keep the current verify token; copy it."""

    STEP_ID: ClassVar[str] = "verify_token"
    AUTO_FOCUS = "#verify-token"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+g", "press('generate')", "Generate"),
        Binding("ctrl+y", "press('copy')", "Copy"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(WHERE, classes="prose")
        yield FormField(
            "Webhook verify token",
            input_id="verify-token",
            value=self.ctx.values.verify_token or "",
            placeholder="Enter generates one (or type 16+ characters)",
            secret=True,
            check=lambda text: check_field("verify_token", normalize_pasted(text)),
        )
        with Horizontal(classes="actions"):
            yield ActionButton("Generate (ctrl+g)", id="generate")
            yield ActionButton("Copy (ctrl+y)", id="copy")

    @property
    def field(self) -> FormField:
        return self.query_one("#verify-token-field", FormField)

    def primary_label(self) -> str:
        """Enter generates a token into an empty field, then continues."""
        if self.is_mounted and not self.field.input.value.strip():
            return "Generate"
        return self.CONTINUE_LABEL

    @on(Button.Pressed, "#generate")
    def generate(self) -> None:
        self.field.input.value = generate_verify_token()
        self.field.input.focus()
        self.notify("A new 64-character verify token was generated.")

    @on(Button.Pressed, "#copy")
    def copy(self) -> None:
        value = normalize_pasted(self.field.input.value)
        if not value:
            self.notify("Nothing to copy yet: generate a verify token first.", severity="warning")
            return
        copy_text(self.app, value, "The verify token")

    async def proceed(self) -> None:
        value = normalize_pasted(self.query_one("#verify-token", Input).value)
        if not value:
            self.generate()
            return
        problem = check_field("verify_token", value)
        if problem is None and len(value) < MIN_LENGTH:
            problem = TOO_SHORT.format(n=len(value))
        if problem:
            self.field.show_problem(problem)
            return
        self.finish(self.with_values(verify_token=value), "done")
