"""App-wide messages (past tense, dataclass style)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StepChosen(Message):
    """The person picked a step in the checklist sidebar."""

    index: int
