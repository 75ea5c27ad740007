"""Modal dialogs with typed results: quit confirmation and the practice card."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from wizard.tui.services import PracticeValue


class ConfirmQuit(ModalScreen[bool]):
    """Asks before quitting when validated values are not written yet."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "stay", "Stay"),
        Binding("y", "quit_anyway", "Quit anyway"),
    ]
    AUTO_FOCUS = "#stay"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "[b]Quit without writing?[/b]\n\nSome values were checked but are not in "
                "the env file yet. Quitting now loses them.",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Stay", id="stay", variant="primary")
                yield Button("Quit anyway", id="quit", variant="error")
        yield Footer()  # the dialog's keys, not the step's (esc Back would be wrong here)

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#quit")
    def action_quit_anyway(self) -> None:
        self.dismiss(True)


class PracticeCard(ModalScreen[str | None]):
    """The sandbox's practice values, one key (F2) away, each one pickable whole.

    Arrows pick a value, Enter puts it into the field that had focus (the card
    dismisses with it), ``c`` copies it to the clipboard. Values are never cut
    into lines: a terminal selection of a wrapped token picks up borders.
    """

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("enter", "use", "Put in field", show=True),
        Binding("c", "copy", "Copy"),
        Binding("escape,f2", "close", "Close"),
    ]
    AUTO_FOCUS = "#practice-values"

    def __init__(self, values: list[PracticeValue], field_id: str | None) -> None:
        super().__init__()
        self._values = values
        self._field_id = field_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog practice-card"):
            keys = "Enter fills the field" if self._field_id else "no field has focus"
            with Horizontal(classes="practice-top"):
                yield Static(  # one line at 80 columns: every value shows at 80x24
                    f"[b]Practice values[/b] (sandbox): {keys}, c copies.",
                    classes="practice-head",
                )
                close = Button("Close", id="close", compact=True)
                close.can_focus = False
                yield close
            width = max(len(item.label) for item in self._values)
            options = [
                Option(_prompt(item, width), id=str(i)) for i, item in enumerate(self._values)
            ]
            yield OptionList(*options, id="practice-values")
        yield Footer()

    def on_mount(self) -> None:
        values = self.query_one(OptionList)
        for index, item in enumerate(self._values):
            if self._field_id and self._field_id in item.fields:
                values.highlighted = index
                break
        else:
            values.highlighted = 0

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer names what Enter does here (the list's own Enter is hidden)."""
        bindings = super().active_bindings
        label = "Put in field" if self._field_id else "Copy"
        bindings["enter"] = ActiveBinding(self, Binding("enter", "use", label), True, "")
        return bindings

    def _chosen(self) -> PracticeValue | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._values[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use":
            return self._field_id is not None
        return True

    @on(OptionList.OptionSelected)
    def action_use(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        if self._field_id is None:
            self.action_copy()
            return
        self.dismiss(chosen.value)

    def action_copy(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            from wizard.tui.clipboard import copy_text

            copy_text(self.app, chosen.value, f"The practice {chosen.label}")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


def _prompt(item: PracticeValue, width: int) -> Text:
    """One line per value, so all of them show at 80x24: a token is shortened to its
    ends (Enter and c use it whole) and the labels line up in a column ``width`` wide."""
    shown = item.value if len(item.value) <= 32 else f"{item.value[:10]}…{item.value[-4:]}"
    text = Text.assemble((f"{item.label:<{width}}  ", "bold"), shown)
    if item.note:
        text.append(f"  {item.note}", style="dim")
    return text
