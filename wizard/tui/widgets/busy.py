"""Busy: the visible "Checking with Meta…" line shown while a worker runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, LoadingIndicator, Static


class Busy(Horizontal):
    """Progress line with a Cancel button (Escape cancels too)."""

    DEFAULT_CSS = """
    Busy { height: 3; display: none; }
    Busy.-shown { display: block; }
    Busy LoadingIndicator { width: 8; height: 1; margin-top: 1; }
    Busy Static { width: 1fr; margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="busy")

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static("Checking with Meta… (esc cancels)", id="busy-text")
        yield Button("Cancel", id="cancel")

    def start(self, text: str) -> None:
        self.query_one("#busy-text", Static).update(text + " (esc cancels)")
        self.add_class("-shown")

    def stop(self) -> None:
        self.remove_class("-shown")
