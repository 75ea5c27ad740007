"""Step 8: send the hello_world template to a real phone and show the wamid."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

INTRO = (
    "Send the approved hello_world template to your own WhatsApp. With Meta's test number "
    "the recipient must be on its allow-list (API Setup › To). Leave it empty to skip."
)


def _normalize(text: str) -> Any:
    from wizard.core.recipients import normalize_recipient

    return normalize_recipient(text)


class TestMessageStep(StepScreen):
    """First Continue sends; the next one moves on."""

    STEP_ID: ClassVar[str] = "test_message"
    AUTO_FOCUS = "#recipient"

    def compose_body(self) -> ComposeResult:
        yield Static(INTRO, classes="prose")
        yield FormField("Recipient", input_id="recipient", placeholder="+44 7700 900456")
        yield Static("", id="preview", classes="muted")

    def on_mount(self) -> None:
        super().on_mount()
        self._sent_to: str | None = None

    @on(Input.Changed, "#recipient")
    def _preview(self, event: Input.Changed) -> None:
        preview = self.query_one("#preview", Static)
        if not event.value.strip():
            preview.update("")
            return
        result = _normalize(event.value)
        text = f"Will send to {result.e164}" if result.e164 else str(result.error)
        preview.update(" ".join([text, *result.notes]))

    async def proceed(self) -> None:
        text = self.query_one("#recipient", Input).value
        if not text.strip():
            self.finish(self.ctx.values, "warn" if self._sent_to is None else "done")
            return
        result = _normalize(text)
        if result.e164 is None:
            self.query_one("#recipient-field", FormField).show_problem(str(result.error))
            return
        if result.e164 == self._sent_to:
            self.finish(self.ctx.values, "done")
            return
        values = self.ctx.values
        if not (values.access_token and values.phone_number_id):
            self.show_lines([Line("fail", "Needs the token (step 4) and a number (step 7).")])
            return

        async def job() -> Any:
            from wizard.core import api

            return await api.send_template(
                self.ctx.services.client(values.app_secret),
                values.access_token or "",
                values.phone_number_id or "",
                result.wa_digits or "",
            )

        def done(sent: Any) -> None:
            self._sent_to = result.e164
            self.ctx.facts["sent_to"] = result.wa_digits  # the Webhook step can send again
            self.show_lines(
                [
                    Line("pass", f"Meta accepted the message to {result.e164}."),
                    Line("info", f"Message id: {sent.wamid}"),
                    Line("info", "Check your phone; press Continue to go on."),
                ]
            )

        self.start_check("Sending hello_world…", job, done)
