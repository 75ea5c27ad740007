"""TitleBar: one line with the program, the env file and the mode.

A single Static instead of Textual's Header (icon, title, clock space: four
widgets and their CSS) because it is on the first frame and start-up time counts.
"""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static


class TitleBar(Static):
    """``wa-wizard · .env · sandbox``, docked at the top of every step."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-style: bold;
    }
    """

    def __init__(self, title: str, sub_title: str) -> None:
        text = f"{escape(title)} · {escape(sub_title)}" if sub_title else escape(title)
        super().__init__(text, id="title-bar")
