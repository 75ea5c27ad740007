"""Plain terminal output for the non-interactive commands (no Rich, no Textual).

Colour only on a terminal and never with NO_COLOR (https://no-color.org);
FORCE_COLOR turns it on for pipes. Every line passes through :func:`redact`.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import TextIO

from wizard.core.redact import redact

SYMBOLS = {"pass": "✓", "warn": "!", "fail": "✗", "skip": "-", "info": "·"}
_COLOURS = {"pass": "32", "warn": "33", "fail": "31", "skip": "2", "info": "2", "bold": "1"}


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Printer:
    """Writes redacted, optionally coloured lines to one stream."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.colour = use_colour(self.stream)

    def style(self, text: str, style: str) -> str:
        if not self.colour or style not in _COLOURS:
            return text
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m"

    def line(self, text: str = "") -> None:
        print(redact(text), file=self.stream)

    def status(self, status: str, title: str, detail: str = "", indent: int = 2) -> None:
        """``  ✓ Title   detail`` with the symbol coloured by status."""
        symbol = self.style(SYMBOLS.get(status, "·"), status)
        pad = " " * indent
        text = f"{pad}{symbol} {title:<18} {detail}".rstrip()
        self.line(text)

    def hint(self, text: str, indent: int = 4) -> None:
        """A ``- fix`` line under a status line; continuation lines are aligned.

        On a terminal long lines wrap at its width; pipes and files get one line per
        paragraph so that grep and log collectors see whole sentences.
        """
        pad = " " * indent
        # Redact before wrapping: a secret split across two lines would escape the match.
        lines = redact(text).splitlines() or [""]
        if self.colour or _isatty(self.stream):
            width = max(40, shutil.get_terminal_size((100, 24)).columns - indent - 2)
            lines = [
                wrapped
                for paragraph in lines
                for wrapped in (textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
            ]
        self.line(f"{pad}- {lines[0]}")
        for extra in lines[1:]:
            self.line(f"{pad}  {extra}")


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def error_printer() -> Printer:
    return Printer(sys.stderr)
