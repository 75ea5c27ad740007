"""Step 5: make the token last: exchange a short-lived user token, or a system-user token."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from wizard.core.graph import tokens
from wizard.core.timefmt import expiry_text
from wizard.core.tokens import check_field, normalize_pasted
from wizard.tui.sandbox_words import in_sandbox
from wizard.tui.services import Problem
from wizard.tui.steps.access_token import invalid_token_problem, token_lines
from wizard.tui.steps.base import ActionButton, StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line, ResultCard

if TYPE_CHECKING:
    from wizard.core.access.exchange import Exchanged

SYSTEM_USER_INTRO = (
    "For production, a token that never expires: Make it permanent (ctrl+n) does it with a "
    "business admin's token (such as the one Log in with Facebook gives), or by hand:"
)
LASTING_DAYS = 30
"""A token with at least this many days left needs no exchange (a 60-day token)."""
SYSTEM_USER_STEPS = (
    "Business Settings › Users › System users "
    "(https://business.facebook.com/settings/system-users)",
    "Add a system user (Admin), then Assign assets: your app and your WhatsApp account.",
    'Generate token: pick this app, expiry "Never", and the permissions '
    "whatsapp_business_messaging, whatsapp_business_management, business_management.",
    "Meta shows the token only once: copy it at once, then check it in the Access Token "
    "Debugger (Expires: Never).",
    "Paste the new token in the field above and press Enter: it is checked, then used.",
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
    AUTO_FOCUS = "#new-token"
    PLACES_CARD: ClassVar[bool] = True
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+t", "press('exchange')", "Exchange"),
        Binding("ctrl+n", "press('permanent')", "Make permanent"),
    ]
    DEFAULT_CSS = """
    MakeItLastStep .numbered { height: auto; }
    MakeItLastStep .numbered .number { width: 3; }
    MakeItLastStep .numbered .item { width: 1fr; }
    MakeItLastStep #system-user-steps { height: auto; margin-bottom: 1; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._exchange_tried = False

    def compose_body(self) -> ComposeResult:
        info = self.ctx.facts.get("token_info")
        if info is None:
            status = "The token was not inspected yet: check it in step 4 first."
        else:
            status = f"Current token: {expiry_text(info.expires_at, self.ctx.now())}."
        yield Static(status, classes="prose", id="expiry")
        if info is not None and info.expires_at == 0:
            yield Static("Nothing to do: this token never expires.", classes="prose")
            yield ResultCard(id="card")
            return
        with Horizontal(classes="actions"):
            yield ActionButton("Exchange for a 60-day token (ctrl+t)", id="exchange")
            yield ActionButton("Make it permanent (ctrl+n)", id="permanent")
        # The field (then the result card) come before the long how-to, so focusing the
        # field or showing a result keeps this step's own text on screen, even at 80x24.
        # No Verify button: with a pasted token, Enter (and the primary button) verify it.
        yield FormField(
            "Or a system-user token (never expires)",
            input_id="new-token",
            secret=True,
            placeholder="EAA… then Enter checks it",
            check=self._check_token,
        )
        yield ResultCard(id="card")
        yield Static(SYSTEM_USER_INTRO, classes="muted")
        with Vertical(id="system-user-steps"):
            yield from numbered(SYSTEM_USER_STEPS)

    def _check_token(self, text: str) -> str | None:
        problem = check_field("access_token", normalize_pasted(text))
        return in_sandbox(problem) if self.ctx.services.sandbox else problem

    def _pasted(self) -> str:
        for field in self.query("#new-token").results(Input):
            return normalize_pasted(field.value)
        return ""

    def _wants_exchange(self) -> bool:
        """A short-lived token not exchanged yet (one try: a failure explains itself)."""
        info = self.ctx.facts.get("token_info")
        if info is None or not info.expires_at or self._exchange_tried:
            return False
        return _days_left(info, self) < LASTING_DAYS

    def primary_label(self) -> str:
        """Verify a pasted token; else exchange a short-lived one; else continue."""
        pasted = self._pasted()
        if pasted and pasted != self.ctx.values.access_token:
            return "Verify"
        if self._wants_exchange():
            return "Exchange"
        return self.CONTINUE_LABEL

    @on(Button.Pressed, "#exchange")
    def exchange(self) -> None:
        self._exchange_tried = True
        values = self.ctx.values
        if not (values.app_id and values.app_secret and values.access_token):
            self.notify("Exchanging needs the App ID, App Secret (step 3) and the token (step 4).")
            return

        from wizard.core.access.exchange import needs_no_exchange

        info = self.ctx.facts.get("token_info")
        if info is not None and needs_no_exchange(info):
            self.show_lines([Line("pass", "Nothing to do: this token never expires.")])
            return

        async def job() -> Exchanged:
            from wizard.core.access.exchange import exchange_and_confirm

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
            from wizard.core.access.permanent import make_permanent_automatically

            return await make_permanent_automatically(
                client,
                app_id=values.app_id or "",
                admin_token=values.access_token or "",
                info=self.ctx.facts.get("token_info"),
                waba_id=values.waba_id,
                progress=lambda status, text: done.append(Line(status, text)),
            )

        def finish(outcome: Any) -> None:
            from wizard.core.access.permanent import Permanent

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
        self._adopt((new.token, new.info), exchanged=True)

    def verify(self) -> None:
        field = self.query_one("#new-token-field", FormField)
        token = self._pasted()
        problem = self._check_token(token) if token else "Paste the new token first."
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

    def _adopt(self, outcome: tuple[str, Any], *, exchanged: bool = False) -> None:
        token, info = outcome
        if not info.is_valid:
            self.show_problem(invalid_token_problem(info, self.ctx.values.app_id))
            return
        self.ctx.values = replace(self.ctx.values, access_token=token)  # step 4 shows it on Back
        self.ctx.facts["token_info"] = info
        self.ctx.states["access_token"] = "done"
        expiry = expiry_text(info.expires_at, self.ctx.now())
        self.query_one("#expiry", Static).update(f"New token: {expiry}.")
        now, app_id = self.ctx.now(), self.ctx.values.app_id
        if exchanged:  # the expected result: said plainly, never in a warning colour
            lines = [Line("pass", f"Exchanged: the new token {expiry}.")]
        else:
            lines = token_lines(info, app_id, now)
        self.show_lines(lines)

    async def proceed(self) -> None:
        """Enter does what ``primary_label`` names: Verify, Exchange or Continue."""
        action = self.primary_label()
        if action == "Verify":
            self.verify()
            return
        if action == "Exchange":
            self.exchange()
            return
        info = self.ctx.facts.get("token_info")
        lasting = info is not None and (
            info.expires_at == 0 or _days_left(info, self) >= LASTING_DAYS
        )
        self.finish(self.ctx.values, "done" if lasting else "warn")


def _days_left(info: Any, step: StepScreen) -> float:
    if not info.expires_at:
        return 0.0
    return float(info.expires_at - step.ctx.now()) / 86400
