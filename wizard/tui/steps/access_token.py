"""Step 4: paste the access token; it is normalised, classified and inspected live."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from wizard.core.checks.token import token_kind
from wizard.core.graph import tokens
from wizard.core.timefmt import expiry_text, sentence
from wizard.core.tokens import check_field, normalize_pasted
from wizard.tui.flow import StepResult
from wizard.tui.sandbox_words import in_sandbox
from wizard.tui.services import Problem
from wizard.tui.steps.base import ActionButton, StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

WHERE = (  # two lines at 80 columns: the inspection card must fit below at 80x24
    "Paste it from App Dashboard › WhatsApp › API Setup, or Business Settings › System users."
)
REQUIRED = ("whatsapp_business_messaging", "whatsapp_business_management")


def token_lines(
    info: Any, app_id: str | None, now: float, *, expiry_ok: bool = False
) -> list[Line]:
    """The inspection as result lines (shared with the Make-it-last step).

    ``expiry_ok``: an expiry is the expected result (a freshly exchanged 60-day token),
    so it is not shown as a warning.
    """
    app = f"{info.application or 'app'} ({info.app_id})" if info.app_id else "an unknown app"
    lines = [Line("pass", f"Valid {token_kind(info)} for {app}")]
    if app_id and info.app_id and info.app_id != app_id:
        lines.append(
            Line(
                "fail",
                f"It belongs to app {info.app_id}, not to App ID {app_id}.",
                "Generate the token in the same app, or correct the App ID (step 3).",
            )
        )
    expiry = expiry_text(info.expires_at, now)
    lines.append(Line("pass" if info.expires_at == 0 or expiry_ok else "warn", sentence(expiry)))
    scopes = ", ".join(info.scopes) or "none"
    missing = [scope for scope in REQUIRED if scope not in info.scopes]
    lines.append(Line("warn" if missing else "pass", f"Scopes: {scopes}"))
    return lines


class AccessTokenStep(StepScreen):
    """First Continue inspects the token; the next one moves on."""

    STEP_ID: ClassVar[str] = "access_token"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+l", "press('login')", "Log in"),
    ]
    AUTO_FOCUS = "#access-token"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inspected: str | None = None

    def compose_body(self) -> ComposeResult:
        self._drop_stale_draft()
        yield Static(WHERE, classes="prose")
        yield FormField(
            "Access token",
            input_id="access-token",
            value=self.ctx.values.access_token or "",
            placeholder="EAA…",
            secret=True,
            check=self.check_token,
        )
        with Horizontal(classes="actions"):
            yield ActionButton("Log in with Facebook (ctrl+l)", id="login")

    @on(Button.Pressed, "#login")
    def log_in(self) -> None:
        """Facebook Login in the browser instead of pasting (same core as ``wa-wizard login``)."""
        values = self.ctx.values
        if not (values.app_id and values.app_secret):
            self.notify("Logging in needs the App ID and App Secret (step 3).")
            return
        services = self.ctx.services

        async def job() -> Any:
            from wizard.core.access.login import (
                DEFAULT_PORT,
                LoginError,
                http_browser,
                login,
                system_browser,
            )

            client = services.client(values.app_secret)
            practice = services.sandbox  # the practice dialog approves at once, no browser
            try:
                return await login(
                    client,
                    app_id=values.app_id or "",
                    app_secret=values.app_secret or "",
                    port=0 if practice else DEFAULT_PORT,
                    www=services.graph_url if practice else None,
                    opener=http_browser(client.http) if practice else system_browser,
                    announce=self._announce,
                )
            except LoginError as error:
                return Problem("Login did not finish", str(error), error.fix)

        self.start_check("Waiting for Facebook Login in your browser…", job, self._logged_in)

    def _announce(self, url: str, redirect: str, opened: bool) -> None:
        if not opened:
            self.show_lines([Line("warn", f"Open this address in a browser: {url}")])

    def _logged_in(self, outcome: Any) -> None:
        if isinstance(outcome, Problem):
            self.show_problem(outcome)
            return
        info = outcome.info
        if not info.is_valid:
            self.show_problem(invalid_token_problem(info, self.ctx.values.app_id))
            return
        self.query_one("#access-token", Input).value = outcome.token
        self._inspected = outcome.token
        self.ctx.facts["token_info"] = info
        wabas = outcome.reach.wabas
        if len(wabas) == 1 and not self.ctx.values.waba_id:
            self.ctx.values = self.with_values(waba_id=wabas[0])
        lines = [Line("pass", "Logged in with Facebook")]
        lines += token_lines(info, self.ctx.values.app_id, self.ctx.now())
        lines.append(Line("info", "Next step: make it last 60 days, or make it permanent."))
        self.show_lines(lines)

    def check_token(self, text: str) -> str | None:
        """The core's token check, in sandbox words when practising."""
        problem = check_field("access_token", normalize_pasted(text))
        return in_sandbox(problem) if self.ctx.services.sandbox else problem

    def primary_label(self) -> str:
        """Enter inspects a new token, then continues with an inspected one."""
        if not self.is_mounted:
            return self.CONTINUE_LABEL
        token = normalize_pasted(self.query_one("#access-token", Input).value)
        return self.CONTINUE_LABEL if token and token == self._inspected else "Inspect"

    def _drop_stale_draft(self) -> None:
        """The field shows the wizard's token, not a stale draft.

        Step 5 may have exchanged the token since this step was left: Back must then
        show (masked) the exchanged token, so Continue checks that one. A draft typed
        here and left unchecked is kept when nothing changed the token meanwhile.
        (Done before mount: the base restores drafts in ``on_mount``.)
        """
        current = self.ctx.values.access_token
        before = self.ctx.left_with.get(self.STEP_ID)
        if current and before is not None and before.access_token != current:
            self.ctx.drafts.get(self.STEP_ID, {}).pop("access-token", None)

    def leave(self, result: StepResult) -> None:
        self.ctx.left_with[self.STEP_ID] = result.values
        super().leave(result)

    async def proceed(self) -> None:
        field = self.query_one("#access-token-field", FormField)
        token = normalize_pasted(self.query_one("#access-token", Input).value)
        if not token:
            field.show_problem("Paste an access token to continue.")
            return
        problem = self.check_token(token)
        if problem:
            field.show_problem(problem)
            return
        if token == self._inspected:
            info = self.ctx.facts.get("token_info")
            state = "done" if info is not None and info.expires_at == 0 else "warn"
            self.finish(self.with_values(access_token=token), state, token_info=info)
            return
        values = self.ctx.values

        async def job() -> Any:

            return await tokens.debug_token(
                self.ctx.services.client(values.app_secret),
                token,
                app_id=values.app_id,
                app_secret=values.app_secret,
            )

        def done(info: Any) -> None:
            if not info.is_valid:
                self.show_problem(invalid_token_problem(info, values.app_id))
                return
            self._inspected = token
            self.ctx.facts["token_info"] = info
            self.show_lines(token_lines(info, values.app_id, self.ctx.now()))

        self.start_check("Inspecting the token with Meta…", job, done)


def invalid_token_problem(info: Any, app_id: str | None) -> Problem:
    """A card for a token Meta reports as invalid (debug_token answers 200)."""
    if info.error_code is not None:
        from wizard.core.cards.lookup import card_for_code
        from wizard.core.cards.spec import LinkContext

        card = card_for_code(info.error_code, info.error_subcode, LinkContext(app_id=app_id))
        if card is not None:
            return Problem(card.title, card.cause, card.fix, card.link, card.action)
    return Problem(
        "Meta says this token is not valid",
        info.error_message or "It may have expired, been revoked, or been copied incompletely.",
        "Generate a new token (a system-user token never expires) and paste it here.",
    )
