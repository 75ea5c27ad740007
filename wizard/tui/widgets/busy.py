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
    Busy { height: 3; display: none; }
    Busy.-shown { display: block; }
    Busy LoadingIndicator { width: 8; height: 1; margin-top: 1; }
    Busy Static { width: 1fr; margin-top: 1; }
    """

    def __init__(self, text: str = "Checking with Meta…") -> None:
        super().__init__(id="busy")
        self._text = text

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static(self._label(), id="busy-text")
        yield Button("Cancel", id="cancel")

    def _label(self) -> str:
        return self._text + " (esc cancels)"

    def start(self, text: str) -> None:
        """Show ``text``; works before the children are composed, too."""
        self._text = text
        for label in self.query("#busy-text").results(Static):
            label.update(self._label())
        self.add_class("-shown")

    def stop(self) -> None:
        self.remove_class("-shown")
