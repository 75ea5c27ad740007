"""The checklist sidebar: every step with its state; pick one to jump to it."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wizard.tui.flow import STATE_MARKS, STEPS
from wizard.tui.messages import StepChosen


class Checklist(OptionList):
    """Sidebar map of the whole job; always visible and always true."""

    def __init__(self, states: Mapping[str, str], current: int) -> None:
        super().__init__(*_options(states, current), id="checklist")
        self.border_title = "Checklist"
        self._current = current

    def on_mount(self) -> None:
        self.highlighted = self._current

    def set_states(self, states: Mapping[str, str]) -> None:
        """Redraw the marks after checks ran."""
        self.clear_options()
        self.add_options(_options(states, self._current))
        self.highlighted = self._current

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index != self._current:
            self.post_message(StepChosen(event.option_index))


def _options(states: Mapping[str, str], current: int) -> list[Option]:
    options = []
    for index, (step_id, title) in enumerate(STEPS):
        state = "current" if index == current else states.get(step_id, "todo")
        options.append(Option(f"[${_tone(state)}]{STATE_MARKS[state]}[/] {title}", id=step_id))
    return options


def _tone(state: str) -> str:
    return {
        "done": "success",
        "warn": "warning",
        "fail": "error",
        "current": "accent",
    }.get(state, "text-muted")
