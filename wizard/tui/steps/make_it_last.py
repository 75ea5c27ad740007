"""Step 5: make the token last: exchange a short-lived user token, or a system-user token."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from wizard.core.graph import tokens
from wizard.core.timefmt import expiry_text
from wizard.core.tokens import check_field, normalize_pasted
from wizard.tui.services import Problem
from wizard.tui.steps.access_token import invalid_token_problem, token_lines
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

if TYPE_CHECKING:
    from wizard.core.exchange import Exchanged

SYSTEM_USER_INTRO = (
    "For production, make a token that never expires: Make it permanent does it with a "
    "business admin's token (such as the one Log in with Facebook gives), or by hand:"
)
SYSTEM_USER_STEPS = (
    "Business Settings › Users › System users "
    "(https://business.facebook.com/settings/system-users)",
    "Add a system user (Admin), then Assign assets: your app and your WhatsApp account.",
    'Generate token: pick this app, expiry "Never", and the permissions '
    "whatsapp_business_messaging, whatsapp_business_management, business_management.",
    "Meta shows the token only once: copy it at once, then check it in the Access Token "
    "Debugger (Expires: Never).",
    "Paste the new token below and press Verify.",
)
"""One sentence per item, never wrapped by hand: Textual wraps at the column's width."""


def numbered(items: tuple[str, ...]) -> ComposeResult:
    """A numbered list with a hanging indent (wrapped lines align under the text)."""
    for number, item in enumerate(items, 1):
        with Horizontal(classes="numbered"):
            yield Static(f"{number}.", classes="number muted")
            text = Static(item, classes="item muted prose")
            text.styles.margin = 0  # a list, not paragraphs
            yield text


class MakeItLastStep(StepScreen):
    """Done at once when the token never expires."""

    STEP_ID: ClassVar[str] = "make_it_last"
    AUTO_FOCUS = "#continue"
    DEFAULT_CSS = """
    MakeItLastStep .numbered { height: auto; }
    MakeItLastStep .numbered .number { width: 3; }
    MakeItLastStep .numbered .item { width: 1fr; }
    MakeItLastStep #system-user-steps { height: auto; margin-bottom: 1; }
    """

    def compose_body(self) -> ComposeResult:
        info = self.ctx.facts.get("token_info")
        if info is None:
            status = "The token was not inspected yet: check it in step 4 first."
        else:
            status = f"Current token: {expiry_text(info.expires_at, self.ctx.now())}."
        yield Static(status, classes="prose", id="expiry")
        if info is not None and info.expires_at == 0:
            yield Static("Nothing to do: this token never expires.", classes="prose")
            return
        with Horizontal(classes="actions"):
            yield Button("Exchange for a 60-day token", id="exchange")
            yield Button("Make it permanent", id="permanent")
        yield Static(SYSTEM_USER_INTRO, classes="muted")
        with Vertical(id="system-user-steps"):
            yield from numbered(SYSTEM_USER_STEPS)
        yield FormField("System-user token", input_id="new-token", secret=True, placeholder="EAA…")
        with Horizontal(classes="actions"):
            yield Button("Verify", id="verify")

    @on(Button.Pressed, "#exchange")
    def exchange(self) -> None:
        values = self.ctx.values
        if not (values.app_id and values.app_secret and values.access_token):
            self.notify("Exchanging needs the App ID, App Secret (step 3) and the token (step 4).")
            return

        from wizard.core.exchange import needs_no_exchange

        info = self.ctx.facts.get("token_info")
        if info is not None and needs_no_exchange(info):
            self.show_lines([Line("pass", "Nothing to do: this token never expires.")])
            return

        async def job() -> Exchanged:
            from wizard.core.exchange import exchange_and_confirm

            return await exchange_and_confirm(
                self.ctx.services.client(values.app_secret),
                app_id=values.app_id or "",
                app_secret=values.app_secret or "",
                token=values.access_token or "",
            )

        self.start_check("Exchanging the token with Meta…", job, self._adopt_exchanged)

    @on(Button.Pressed, "#permanent")
    def make_permanent(self) -> None:
        """The system-user steps done for you (same core as ``wa-wizard make-permanent``)."""
        values = self.ctx.values
        if not (values.app_id and values.app_secret and values.access_token):
            self.notify("This needs the App ID, App Secret (step 3) and an admin's token (step 4).")
            return
        client = self.ctx.services.client(values.app_secret)
        done: list[Line] = []

        async def job() -> Any:
            from wizard.core.permanent import make_permanent_automatically

            return await make_permanent_automatically(
                client,
                app_id=values.app_id or "",
                admin_token=values.access_token or "",
                info=self.ctx.facts.get("token_info"),
                waba_id=values.waba_id,
                progress=lambda status, text: done.append(Line(status, text)),
            )

        def finish(outcome: Any) -> None:
            from wizard.core.permanent import Permanent

            result = outcome.result
            if isinstance(result, Permanent):
                if not self.ctx.values.waba_id:
                    self.ctx.values = replace(self.ctx.values, waba_id=outcome.waba_id)
                self._adopt((result.token, result.info))
                lines = token_lines(result.info, self.ctx.values.app_id, self.ctx.now())
                self.show_lines([*done, *lines])
                return
            card, guide = result.card, "\n".join(result.guide)
            self.show_problem(
                Problem(
                    card.title if card else "Make it permanent stopped",
                    f"{result.reason} {card.cause}" if card else result.reason,
                    f"{card.fix}\n{guide}" if card else guide,
                    card.link if card else None,
                )
            )

        self.start_check("Making a never-expiring system-user token…", job, finish)

    def _adopt_exchanged(self, new: Exchanged) -> None:
        """The same checks as ``wa-wizard exchange``: valid, same token, never expires."""
        if new.same_token and new.info.is_valid:
            self.ctx.facts["token_info"] = new.info
            self.show_lines(
                [
                    Line("pass", "Meta returned the same token: nothing changes."),
                    *token_lines(new.info, self.ctx.values.app_id, self.ctx.now()),
                ]
            )
            return
        self._adopt((new.token, new.info))

    @on(Button.Pressed, "#verify")
    def verify(self) -> None:
        field = self.query_one("#new-token-field", FormField)
        token = normalize_pasted(self.query_one("#new-token", Input).value)
        problem = check_field("access_token", token) if token else "Paste the new token first."
        if problem:
            field.show_problem(problem)
            return
        values = self.ctx.values

        async def job() -> tuple[str, Any]:
            from wizard.core.redact import register_secret

            register_secret(token)
            info = await tokens.debug_token(
                self.ctx.services.client(values.app_secret),
                token,
                app_id=values.app_id,
                app_secret=values.app_secret,
            )
            return token, info

        self.start_check("Inspecting the new token with Meta…", job, self._adopt)

    def _adopt(self, outcome: tuple[str, Any]) -> None:
        token, info = outcome
        if not info.is_valid:
            self.show_problem(invalid_token_problem(info, self.ctx.values.app_id))
            return
        self.ctx.values = replace(self.ctx.values, access_token=token)  # step 4 shows it on Back
        self.ctx.facts["token_info"] = info
        self.ctx.states["access_token"] = "done"
        self.query_one("#expiry", Static).update(
            f"New token: {expiry_text(info.expires_at, self.ctx.now())}."
        )
        self.show_lines(token_lines(info, self.ctx.values.app_id, self.ctx.now()))

    def on_mount(self) -> None:
        """Focus the thing to do (Exchange) and keep Tab on visible widgets.

        The scrolling body would otherwise take a Tab stop of its own with no visible
        focus; focusing a widget scrolls it into view anyway.
        """
        super().on_mount()
        self.query_one("#step-body").can_focus = False
        for button in self.query("#exchange").results(Button):
            button.focus()

    async def proceed(self) -> None:
        info = self.ctx.facts.get("token_info")
        lasting = info is not None and (info.expires_at == 0 or _days_left(info, self) >= 30)
        self.finish(self.ctx.values, "done" if lasting else "warn")


def _days_left(info: Any, step: StepScreen) -> float:
    if not info.expires_at:
        return 0.0
    return float(info.expires_at - step.ctx.now()) / 86400
