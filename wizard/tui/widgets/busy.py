"""Busy: the visible "Checking with Meta…" line shown while a worker runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, LoadingIndicator, Static


class Busy(Horizontal):
    """Progress line with a Cancel button (Escape cancels too).

    Mounted by the step on its first check, not composed up front: most first
    frames never need it, and start-up time counts.
    """

    DEFAULT_CSS = """
    Busy { height: auto; display: none; margin-bottom: 1; }
    Busy.-shown { display: block; }
    Busy LoadingIndicator { width: 6; height: 1; }
    Busy Static { width: 1fr; height: auto; }
    Busy Button { margin-left: 1; }
    """

    def __init__(self, text: str = "Checking with Meta…") -> None:
        super().__init__(id="busy")
        self._text = text

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static(self._label(), id="busy-text")
        cancel = Button("Cancel (esc)", id="cancel", compact=True)
        cancel.can_focus = False  # esc cancels; Enter stays with the step
        yield cancel

    def _label(self) -> str:
        """The text wraps at the column's width (never cut at 80x24)."""
        return self._text

    def start(self, text: str) -> None:
        """Show ``text``; works before the children are composed, too."""
        self._text = text
        for label in self.query("#busy-text").results(Static):
            label.update(self._label())
        self.add_class("-shown")

    def stop(self) -> None:
        self.remove_class("-shown")
