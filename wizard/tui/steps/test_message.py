"""Step 8: send the hello_world template to a real phone and show the wamid."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from wizard.core.checks.phone_facts import TEST_NUMBER_FIELDS, is_test_number
from wizard.core.graph import account, messages
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

INTRO = (
    "Send the approved hello_world template to your own WhatsApp. With Meta's test number "
    "the recipient must be on its allow-list (API Setup › To). Leave it empty to skip."
)
EXAMPLE = "your WhatsApp number, e.g. +<country code> <number>"
"""Obviously an example: a real-looking number gets mistaken for a filled-in value."""


def _normalize(text: str, test_number: bool) -> Any:
    from wizard.core.recipients import normalize_recipient

    return normalize_recipient(text, test_number=test_number)


def preview_text(result: Any) -> str:
    """ "Will send to +52…." and the notes, each a sentence (the error goes to the field)."""
    return " ".join([f"Will send to {result.e164}.", *result.notes])


class TestMessageStep(StepScreen):
    """First Continue sends; the next one moves on."""

    STEP_ID: ClassVar[str] = "test_message"
    AUTO_FOCUS = "#recipient"

    def compose_body(self) -> ComposeResult:
        yield Static(INTRO, classes="prose")
        yield FormField("Recipient", input_id="recipient", placeholder=self._example())
        yield Static("", id="preview", classes="muted")

    def _example(self) -> str:
        """A number that works here: the practice allow-list in sandbox mode."""
        if self.ctx.services.sandbox:
            world = self.ctx.services.world()
            shown = world.recipient_display
            where = "practice allow-list" if world.phone.is_test_number else "practice number"
            return f"e.g. {shown[0]} ({where}; F2 picks it)" if shown else EXAMPLE
        return EXAMPLE

    def primary_label(self) -> str:
        """Enter sends to a new recipient, skips with none, continues after a send."""
        if not self.is_mounted:
            return self.CONTINUE_LABEL
        text = self.query_one("#recipient", Input).value
        if not text.strip():
            return self.CONTINUE_LABEL if self._sent_to else "Skip test"
        result = _normalize(text, bool(self._test_number))
        return self.CONTINUE_LABEL if result.e164 and result.e164 == self._sent_to else "Send"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sent_to: str | None = None
        self._test_number: bool | None = None

    def on_mount(self) -> None:
        super().on_mount()
        phone = self.ctx.facts.get("phone") or {}
        if any(key in phone for key in TEST_NUMBER_FIELDS):
            self._test_number = is_test_number(phone)
        elif self.ctx.values.access_token and self.ctx.values.phone_number_id:
            self.run_worker(self._learn_test_number(), group="phone", exit_on_error=False)

    async def _learn_test_number(self) -> bool:
        """Ask Meta whether the number is a test number (quietly: the send explains errors)."""
        from wizard.core.graph.errors import GraphError

        values = self.ctx.values
        try:
            phone = await account.phone_number(
                self.ctx.services.client(values.app_secret),
                values.access_token or "",
                values.phone_number_id or "",
                TEST_NUMBER_FIELDS,
            )
        except GraphError:
            phone = {}
        self._test_number = is_test_number(phone)
        self._refresh_preview(self.query_one("#recipient", Input).value)
        return self._test_number

    @on(Input.Changed, "#recipient")
    def _preview(self, event: Input.Changed) -> None:
        self._refresh_preview(event.value)

    def _refresh_preview(self, text: str) -> None:
        """One place per message: the error under the field, the number and notes below."""
        field = self.query_one("#recipient-field", FormField)
        preview = self.query_one("#preview", Static)
        if not text.strip():
            field.show_problem("")
            preview.update("")
            return
        result = _normalize(text, bool(self._test_number))
        field.show_problem(str(result.error or ""))
        preview.update(preview_text(result) if result.e164 else "")

    async def proceed(self) -> None:
        text = self.query_one("#recipient", Input).value
        if not text.strip():
            if self._sent_to is None:
                self.notify("Test message skipped: step 8 stays marked ! in the checklist.")
            self.finish(self.ctx.values, "warn" if self._sent_to is None else "done")
            return
        result = _normalize(text, bool(self._test_number))
        if result.e164 is None:
            self._refresh_preview(text)
            return
        values = self.ctx.values
        if not (values.access_token and values.phone_number_id):
            self.show_lines([Line("fail", "Needs the token (step 4) and a number (step 7).")])
            return
        if result.e164 == self._sent_to:
            self.finish(self.ctx.values, "done")
            return

        async def job() -> tuple[Any, Any]:

            recipient = result
            if self._test_number is None:  # not known yet: ask first, as send-test does
                recipient = _normalize(text, await self._learn_test_number())
            sent = await messages.send_template(
                self.ctx.services.client(values.app_secret),
                values.access_token or "",
                values.phone_number_id or "",
                recipient.e164 or "",
            )
            return recipient, sent

        def done(outcome: tuple[Any, Any]) -> None:
            recipient, sent = outcome
            self._sent_to = recipient.e164
            self.ctx.facts["sent_to"] = recipient.wa_digits  # the Webhook step can send again
            self.show_lines(
                [
                    Line("pass", f"Meta accepted the message to {recipient.e164}."),
                    Line("info", f"Message id: {sent.wamid}"),
                    Line("info", "Check your phone; Enter continues."),
                ]
            )

        self.start_check("Sending hello_world…", job, done)
