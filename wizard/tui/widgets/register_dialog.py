"""The phone step's Register dialog: code by SMS or voice call, then the two-step PIN.

The same core sequence as ``wa-wizard register`` (core/registration.py). Code and PIN
are typed into password inputs; the PIN is sent once and then cleared from the input,
never shown, stored or written to the env file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.registration import PhoneState
    from wizard.tui.services import PracticeValue


class RegisterNumber(ModalScreen["PhoneState | None"]):
    """Dismissed with the number's new state once Meta registered it, else None."""

    DEFAULT_CSS = """
    RegisterNumber { align: center middle; }
    RegisterNumber .dialog { overflow-y: auto; }
    RegisterNumber .dialog-buttons { margin-top: 0; }
    RegisterNumber .dialog-buttons Button { min-width: 10; }
    RegisterNumber #reg-status { height: auto; }
    """
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("f2", "practice_card", "Practice card", tooltip="Sandbox practice values"),
    ]

    def __init__(
        self,
        client: GraphClient,
        token: str,
        phone: PhoneState,
        app_id: str | None = None,
        *,
        practice_values: Callable[[], list[PracticeValue]] | None = None,
    ) -> None:
        """``practice_values`` (the sandbox's practice card) enables F2 and the code hint."""
        super().__init__()
        self._practice_values = practice_values
        self._sandbox = practice_values is not None
        self._client = client
        self._token = token
        self._phone = phone
        self._app_id = app_id
        self._verified = phone.verified
        self._code_sent = False

    def compose(self) -> ComposeResult:
        phone = self._phone
        with Vertical(classes="dialog"):
            yield Static(
                f"[b]Register {escape(phone.display)}[/b]\n\n"
                + (
                    "Already verified: type its two-step verification PIN."
                    if self._verified
                    else "Press Send SMS (or Voice call): Meta sends a 6-digit code. Type it, "
                    "then the number's two-step verification PIN."
                )
                + " A first registration sets the PIN: keep it safe."
                + (" Sandbox: the code is on the practice card (F2)." if self._sandbox else ""),
                id="reg-intro",
            )
            yield Input(placeholder="Code from Meta (6 digits)", id="reg-code", password=True)
            yield Input(
                placeholder="Two-step PIN (6 digits)", id="reg-pin", password=True, max_length=6
            )
            yield Static("", id="reg-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Send SMS", id="reg-sms", variant="primary")
                yield Button("Voice call", id="reg-voice")
                yield Button("Register", id="reg-go", variant="success")
                yield Button("Cancel", id="reg-cancel")

    def on_mount(self) -> None:
        if self._verified:
            self._hide_code()
            self.query_one("#reg-pin", Input).focus()
        else:
            self.query_one("#reg-sms", Button).focus()

    def _hide_code(self) -> None:
        """Verified: only the PIN is left to type."""
        for selector in ("#reg-sms", "#reg-voice", "#reg-code"):
            self.query_one(selector).display = False

    def _say(self, text: str) -> None:
        self.query_one("#reg-status", Static).update(escape(text))

    def _refused(self, error: BaseException) -> None:
        from wizard.tui.services import problem_for

        problem = problem_for(error, app_id=self._app_id)
        details = getattr(error, "details", None)
        said = f"\nMeta says: {details}" if details else ""
        self._say(f"✗ {problem.title}{said}\n{problem.fix}")

    @on(Button.Pressed, "#reg-sms")
    @on(Button.Pressed, "#reg-voice")
    def _send(self, event: Button.Pressed) -> None:
        method = "VOICE" if event.button.id == "reg-voice" else "SMS"
        self._say("Asking Meta to send the code…")
        self.run_worker(self._request(method), group="register", exclusive=True)

    async def _request(self, method: str) -> None:
        from wizard.core import registration
        from wizard.core.graph.errors import GraphError

        try:
            await registration.request_code(
                self._client, self._token, self._phone.id, method, "en_US"
            )
        except GraphError as error:
            self._refused(error)
            return
        self._code_sent = True
        how = "an SMS" if method == "SMS" else "a voice call"
        self._say(f"✓ Meta sends {how} to {self._phone.display}. Type the code below.")
        self.query_one("#reg-code", Input).focus()

    @on(Input.Submitted, "#reg-code")
    def _next(self) -> None:
        self.query_one("#reg-pin", Input).focus()

    @on(Input.Submitted, "#reg-pin")
    @on(Button.Pressed, "#reg-go")
    def _go(self) -> None:
        from wizard.core.registration import code_problem, normalize_code, pin_problem

        code = normalize_code(self.query_one("#reg-code", Input).value)
        pin = self.query_one("#reg-pin", Input).value.strip()
        if not self._verified:
            problem = code_problem(code)
            if problem:
                hint = "" if self._code_sent else " Press Send code first."
                self._say(f"✗ {problem}{hint}")
                return
        problem = pin_problem(pin)
        if problem:
            self._say(f"✗ {problem}")
            return
        self._say("Registering with Meta…")
        self.run_worker(self._register(code, pin), group="register", exclusive=True)

    async def _register(self, code: str, pin: str) -> None:
        from wizard.core import registration
        from wizard.core.graph.errors import GraphError

        try:
            if not self._verified:
                await registration.verify_code(self._client, self._token, self._phone.id, code)
                self._verified = True
                self._hide_code()
            state = await registration.register(self._client, self._token, self._phone.id, pin)
        except GraphError as error:
            self._refused(error)
            return
        finally:
            self.query_one("#reg-pin", Input).value = ""
        self.dismiss(state)

    def action_practice_card(self) -> None:
        """A modal screen hides the app's F2: offer it here (the sandbox's code is on it)."""
        from wizard.tui.widgets.dialogs import PracticeCard

        if self._practice_values is None:
            return
        target = self.focused
        field = target if isinstance(target, Input) and target.id else None

        def chosen(value: str | None) -> None:
            """Put the picked value (the practice code, say) into the field that had focus."""
            if value and field is not None and field.is_attached:
                field.value = value
                field.cursor_position = len(value)
                field.focus()

        card = PracticeCard(self._practice_values(), field.id if field else None)
        self.app.push_screen(card, chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "practice_card":
            return self._sandbox
        return True

    @on(Button.Pressed, "#reg-cancel")
    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "register")
        self.dismiss(None)
