"""FormField: one labelled Input with core-backed validation and, for secrets, a reveal toggle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Static


class CoreValidator(Validator):
    """Adapter from a pure core predicate (``text -> problem sentence | None``) to Textual."""

    def __init__(self, check: Callable[[str], str | None]) -> None:
        super().__init__()
        self._check = check

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()  # empty is handled by Continue, not shouted while typing
        problem = self._check(value)
        return self.success() if problem is None else self.failure(problem)


class FieldInput(Input):
    """An Input whose Enter shows in the footer (Input hides its own).

    The step runs its primary action on ``Input.Submitted`` and names it in the
    footer (``StepScreen.active_bindings``); without a shown binding here the
    focused input's hidden ``enter`` shadows the screen's and the footer loses it.
    A secret field also answers ctrl+r (reveal), so its Reveal button needs no focus.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Continue", tooltip="The step's next action"),
        Binding("ctrl+r", "reveal", "Reveal", tooltip="Show or hide this secret"),
    ]

    def __init__(
        self,
        *args: Any,
        normalize: Callable[[str], str] | None = None,
        secret: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._normalize = normalize
        self.secret = secret

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.secret
        return super().check_action(action, parameters)

    def action_reveal(self) -> None:
        for field in self.ancestors:
            if isinstance(field, FormField):
                field.toggle_reveal()
                return

    def _on_paste(self, event: events.Paste) -> None:
        """Keep a multi-line paste whole (Input keeps only its first line).

        Tokens copied from a wrapped card or a terminal arrive over several lines;
        credential fields join them with ``normalize`` (``normalize_pasted``), other
        fields join the lines with a space.
        """
        if not self._normalize and "\n" not in event.text and "\r" not in event.text:
            return  # Input's own handler does the same for a single line
        event.prevent_default()  # Input's handler would cut the paste to its first line
        event.stop()
        if self._normalize is not None:
            text = self._normalize(event.text)
        else:
            text = " ".join(part.strip() for part in event.text.splitlines() if part.strip())
        if not text:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)


class FormField(Vertical):
    """Label, input, live problem line and (for secrets) a reveal button."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > Horizontal { height: auto; }
    FormField > Horizontal > Label { width: 1fr; }
    FormField Input { width: 1fr; }
    FormField .reveal { min-width: 8; }
    FormField .problem { color: $error; height: auto; display: none; }
    FormField .problem.-shown { display: block; }
    FormField .hint { color: $text-muted; height: auto; }
    """

    def __init__(
        self,
        label: str,
        *,
        input_id: str,
        value: str = "",
        placeholder: str = "",
        secret: bool = False,
        check: Callable[[str], str | None] | None = None,
        hint: str = "",
        normalize: Callable[[str], str] | None = None,
    ) -> None:
        """Build the field.

        Args:
            normalize: applied to a paste before it is inserted (credential fields pass
                ``normalize_pasted``: wrapped lines, quotes and ``Bearer`` go); None for
                free text, whose multi-line pastes are joined with spaces.
        """
        super().__init__(id=f"{input_id}-field")
        self._label = label
        self._input_id = input_id
        self._value = value
        self._placeholder = placeholder
        self._secret = secret
        self._check = check
        self._hint = hint
        if normalize is None and secret:
            from wizard.core.tokens import normalize_pasted

            normalize = normalize_pasted
        self._normalize = normalize

    def compose(self) -> ComposeResult:
        # The Reveal button sits on the label's line, so the input has the full width
        # (a 64-character verify token fits at 100 columns). It never takes focus:
        # ctrl+r in the field does the same.
        with Horizontal():
            yield Label(escape(self._label))
            if self._secret:
                reveal = Button(
                    "Reveal", id=f"{self._input_id}-reveal", classes="reveal", compact=True
                )
                reveal.can_focus = False
                yield reveal
        yield FieldInput(
            self._value,
            placeholder=self._placeholder,
            password=self._secret,
            id=self._input_id,
            validators=[CoreValidator(self._check)] if self._check else [],
            valid_empty=True,
            normalize=self._normalize,
            secret=self._secret,
        )
        yield Static("", classes="problem")
        if self._hint:
            yield Static(escape(self._hint), classes="hint")

    @property
    def input(self) -> Input:
        return self.query_one(f"#{self._input_id}", Input)

    def on_mount(self) -> None:
        self.input.cursor_blink = False
        if self._value:
            self.input.validate(self._value)
            self._show(self.input.validate(self._value))

    @on(Button.Pressed, ".reveal")
    def toggle_reveal(self, event: Button.Pressed | None = None) -> None:
        """Show or hide the secret; the value itself never leaves the input."""
        if event is not None:
            event.stop()
        self.input.password = not self.input.password
        self.query_one(".reveal", Button).label = "Hide" if not self.input.password else "Reveal"

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.validation_result)

    def show_problem(self, text: str) -> None:
        """Show a problem found elsewhere (e.g. on Continue)."""
        self._problem(text)

    def _show(self, result: ValidationResult | None) -> None:
        text = "" if result is None or result.is_valid else " ".join(result.failure_descriptions)
        self._problem(text)

    def _problem(self, text: str) -> None:
        """The problem line takes a row only while it has something to say (80x24)."""
        line = self.query_one(".problem", Static)
        line.update(escape(text))
        line.set_class(bool(text), "-shown")
