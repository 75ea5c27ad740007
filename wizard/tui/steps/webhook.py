"""Step 9 (optional): the webhook callback checklist and the subscription status."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.result_card import Line

CHECKLIST = """\
Optional — only if your server should receive messages and statuses:
 1. Your server answers GET /webhook by echoing hub.challenge when hub.verify_token matches
    META_WEBHOOK_VERIFY_TOKEN, and checks X-Hub-Signature-256 on POSTs with the App Secret.
 2. Meta App › WhatsApp › Configuration › Callback URL (public https) and the same verify token.
 3. Subscribe to the "messages" field, and subscribe the app to your WhatsApp account
    (wa-wizard webhook-subscribe does both)."""


class WebhookStep(StepScreen):
    """Reads the ``webhook_subscription`` check; a live self-test plugs into ``#self-test``."""

    STEP_ID: ClassVar[str] = "webhook"
    AUTO_FOCUS = "#continue"

    def compose_body(self) -> ComposeResult:
        yield Static(CHECKLIST, classes="prose")
        yield Vertical(id="self-test", classes="keys")  # extension point: live self-test

    def on_mount(self) -> None:
        super().on_mount()
        self._status = "warn"
        if not (self.ctx.values.access_token and self.ctx.values.app_secret):
            self.card.show_lines([Line("skip", "Needs the app credentials and a token first.")])
            return
        self.start_check("Reading the webhook subscription…", self._check, self._show)

    async def _check(self) -> Any:
        from wizard.core.checks import CheckContext, run_checks

        values = self.ctx.values
        ctx = CheckContext(
            client=self.ctx.services.client(values.app_secret),
            values=values,
            env=None,
            now=self.ctx.now(),
            facts={},
        )
        results = await run_checks(ctx, only=["webhook_subscription"])
        return results["webhook_subscription"]

    def _show(self, result: Any) -> None:
        self._status = {"pass": "done", "fail": "fail"}.get(result.status, "warn")
        self.show_lines([Line(result.status, f"{result.title}: {result.detail}", result.fix)])

    async def proceed(self) -> None:
        self.finish(self.ctx.values, self._status)
