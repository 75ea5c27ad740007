"""Step 9 (optional): callback URL, endpoint self-test, subscribe, and live events.

In sandbox mode (or on request) the reference receiver runs inside the app on a
free 127.0.0.1 port; its URL is offered as the callback, and every request it
handles shows up here as it arrives, so sent/delivered/read can be watched.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Button, Input, Static

from wizard.tui.messages import WebhookDelivered
from wizard.tui.services import Problem
from wizard.tui.steps import webhook_jobs as jobs
from wizard.tui.steps.base import ActionButton, StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line, render_lines

INTRO = (  # two lines at 80 columns: the step is whole at 80x24
    "Optional: Meta POSTs messages and statuses to your https callback URL. "
    "Enter subscribes; no URL skips."
)
SANDBOX_RECEIVER = "The wizard's own receiver: the sandbox calls it."
EVENTS_SHOWN = 8
"""The newest receiver lines kept on screen."""


class WebhookStep(StepScreen):
    """Callback URL, Test endpoint, Subscribe, Listen locally; Skip keeps it optional."""

    STEP_ID: ClassVar[str] = "webhook"
    AUTO_FOCUS = "#callback-url"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+t", "press('test-endpoint')", "Test endpoint"),
        Binding("ctrl+l", "press('listen')", "Listen locally"),
        Binding("ctrl+s", "press('send-test')", "Send again"),
    ]
    DEFAULT_CSS = """
    WebhookStep .button-row { height: auto; }
    WebhookStep .button-row Button { margin-right: 2; }
    WebhookStep #callback-url-field { margin-bottom: 0; }
    WebhookStep #url-note { margin-bottom: 1; }
    WebhookStep.-subscribed #intro,
    WebhookStep.-subscribed #callback-url-field,
    WebhookStep.-subscribed #url-note { display: none; }
    """
    """Subscribed in this visit: the form folds away so the card and events fit at 80x24
    (Subscribe or Test endpoint unfold it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._status: str | None = None
        self._subscribe_tried = False
        self._reading = False
        """The opening subscription read runs: Enter skips without waiting for it."""

    def continue_while_busy(self) -> bool:
        return self._reading  # optional: Skip never waits for the opening read

    def cancel_check(self) -> None:
        self._reading = False
        super().cancel_check()

    def show_problem(self, problem: Problem) -> None:
        self._reading = False  # the opening read failed: its card says why
        super().show_problem(problem)

    def compose_body(self) -> ComposeResult:
        yield Static(INTRO, id="intro", classes="prose")
        yield FormField(
            "Callback URL",
            input_id="callback-url",
            placeholder="https://your-server.example/webhook",
            value=self.ctx.services.receiver.url or "",
        )
        yield Static("", id="url-note")
        # two one-line rows: four buttons in one row are cut off at 80 columns
        with Horizontal(classes="button-row"):
            yield ActionButton("Subscribe (Enter)", id="subscribe")
            yield ActionButton("Test endpoint (ctrl+t)", id="test-endpoint")
        with Horizontal(classes="actions"):
            yield ActionButton("Listen locally (ctrl+l)", id="listen")
            yield ActionButton("Send again (ctrl+s)", id="send-test")
        with Vertical(id="self-test", classes="keys"):
            yield Static("", id="events")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#send-test", Button).display = bool(self.ctx.facts.get("sent_to"))
        self._show_events()
        values = self.ctx.values
        can_listen = bool(values.verify_token and values.app_secret)
        if self.ctx.services.sandbox and can_listen and not self.ctx.services.receiver.running:
            self.listen()
        if not (values.access_token and values.app_secret and values.app_id):
            self.card.show_lines([Line("skip", "Needs the app credentials and a token first.")])
            return
        self._reading = True
        self.start_check(
            "Reading the webhook subscription…",
            lambda: jobs.subscription_check(self.ctx.services, self.ctx.values, self.ctx.now()),
            self._show_check,
        )

    def primary_label(self) -> str:
        """Subscribe a URL (once), continue when subscribed, skip without a URL."""
        if self._reading:
            return "Skip"
        if self._status == "done":
            return self.CONTINUE_LABEL
        if self.is_mounted and self.url and not self._subscribe_tried:
            return "Subscribe"
        return "Skip"

    # ----- the callback URL -------------------------------------------------
    @property
    def url(self) -> str:
        return self.query_one("#callback-url", Input).value.strip()

    @on(Input.Changed, "#callback-url")
    def _url_changed(self, event: Input.Changed) -> None:
        note = self.query_one("#url-note", Static)
        if not event.value.strip():
            note.update("")
            return
        from wizard.core.webhook.diagnose import check_url

        url = event.value.strip()
        if self.ctx.services.sandbox and url == self.ctx.services.receiver.url:
            note.update(render_lines([Line("pass", SANDBOX_RECEIVER)]))  # not the user's URL
            return
        status, detail, fix = check_url(url)
        note.update(render_lines([Line(status, detail, fix)]))

    def _need_url(self) -> str | None:
        url = self.url
        if not url:
            self.query_one("#callback-url-field", FormField).show_problem(
                "Type your callback URL first (or press Listen locally)."
            )
            return None
        self.query_one("#callback-url-field", FormField).show_problem("")
        return url

    # ----- listen locally ---------------------------------------------------
    @on(Button.Pressed, "#listen")
    def listen(self) -> None:
        """Start the reference receiver in the app and offer its URL as the callback."""
        values = self.ctx.values
        if not (values.verify_token and values.app_secret):
            self.show_lines(
                [
                    Line(
                        "warn",
                        "The local receiver needs the verify token and the App Secret.",
                        "Set the verify token in step 2 and the App Secret in step 3: without "
                        "them it would refuse every handshake and every event, as it should.",
                    )
                ]
            )
            return
        self.run_worker(self._listen(), group="receiver", exclusive=True, exit_on_error=False)

    async def _listen(self) -> None:
        app, values = self.app, self.ctx.values

        def delivered(delivery: Any) -> None:  # runs in the receiver's thread
            with contextlib.suppress(RuntimeError):  # the app is closing; it stops too
                app.post_message(WebhookDelivered(str(delivery.kind), list(delivery.lines)))

        try:
            url = await self.ctx.services.receiver.start(
                values.verify_token, values.app_secret, delivered
            )
        except Exception as error:  # port or thread trouble: a card, never a traceback
            self.show_problem(
                Problem(
                    "The local receiver could not start",
                    f"Starting a server on 127.0.0.1 failed ({type(error).__name__}).",
                    "Run `wa-wizard webhook-listen` in another terminal instead, and paste "
                    "its URL above.",
                )
            )
            return
        self.query_one("#callback-url", Input).value = url
        self._show_events()

    def webhook_delivered(self, message: WebhookDelivered) -> None:
        """Called by the app for each request the receiver handled."""
        self._show_events()

    def _show_events(self) -> None:
        receiver = self.ctx.services.receiver
        events = self.query_one("#events", Static)
        if not receiver.running or receiver.log is None:
            events.update("")
            return
        where = "" if receiver.url == self.url else f" on {escape(receiver.url or '')}"
        seen = [line for d in receiver.log.deliveries for line in d.lines]
        head = f"What the wizard's receiver{where} got:"
        lines = [head if seen else f"{head} [$text-muted]nothing yet[/]"]
        lines.extend(f"  [$accent]→[/] {escape(line)}" for line in seen[-EVENTS_SHOWN:])
        if not self.ctx.services.sandbox:
            from wizard.core.webhook.diagnose import TUNNEL_HINT

            lines.append(f"[$text-muted]Meta cannot reach 127.0.0.1. {escape(TUNNEL_HINT)}[/]")
        events.update("\n".join(lines))

    # ----- test, subscribe, send ------------------------------------------
    @on(Button.Pressed, "#test-endpoint")
    def test_endpoint(self) -> None:
        self.remove_class("-subscribed")
        url = self._need_url()
        if url is None:
            return
        values = self.ctx.values
        self.start_check(
            "Testing the endpoint the way Meta does…",
            lambda: jobs.self_test_lines(url, values),
            self.show_lines,
        )

    @on(Button.Pressed, "#subscribe")
    def subscribe(self) -> None:
        self.remove_class("-subscribed")
        self._subscribe_tried = True
        url = self._need_url()
        if url is None:
            return
        missing = jobs.missing_for_subscribe(self.ctx.values)
        if missing:
            self.show_lines([Line("fail", "Subscribing needs " + ", ".join(missing) + ".")])
            return
        values, now = self.ctx.values, self.ctx.now()
        self.start_check(
            "Subscribing the app and your WhatsApp account…",
            lambda: jobs.subscribe(self.ctx.services, values, url, now),
            self._subscribed,
        )

    def _subscribed(self, outcome: tuple[list[Line], Any]) -> None:
        lines, result = outcome
        self._adopt(result)
        self.set_class(result.status == "pass", "-subscribed")
        if self.ctx.facts.get("sent_to"):
            lines.append(Line("info", "Press Send again (ctrl+s): its statuses arrive below."))
        else:
            lines.append(Line("info", "Send a test message (step 8): its statuses arrive here."))
        self.show_lines(lines)

    @on(Button.Pressed, "#send-test")
    def send_test(self) -> None:
        to, values = str(self.ctx.facts.get("sent_to") or ""), self.ctx.values
        if not (to and values.access_token and values.phone_number_id):
            self.show_lines([Line("fail", "Send a test message in step 8 first.")])
            return

        def done(wamid: str) -> None:
            self.show_lines(
                [
                    Line("pass", "Meta accepted the test message."),
                    Line("info", f"Message id: {wamid}; its statuses arrive below."),
                ]
            )

        self.start_check(
            "Sending hello_world…", lambda: jobs.send_again(self.ctx.services, values, to), done
        )

    def _show_check(self, result: Any) -> None:
        self._reading = False
        self._adopt(result)
        self.show_lines([jobs.check_line(result)], scroll=False)  # the step opens at its top

    def _adopt(self, result: Any) -> None:
        self._status = {"pass": "done", "fail": "fail", "warn": "warn"}.get(result.status)
        self.show_primary()

    async def proceed(self) -> None:
        """Enter does what ``primary_label`` names: Subscribe, Continue or Skip."""
        if self._reading:  # the opening read was dropped: skip, as the button said
            self.finish(self.ctx.values, self._status)
            return
        if self.primary_label() == "Subscribe":
            self.subscribe()
            return
        self.finish(self.ctx.values, self._status)
