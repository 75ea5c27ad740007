"""App-wide messages (past tense, dataclass style)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StepChosen(Message):
    """The person picked a step in the checklist sidebar."""

    index: int


@dataclass
class WebhookDelivered(Message):
    """The local receiver handled a request (posted from its thread; thread-safe)."""

    kind: str
    """``event``, ``handshake``, ``bad_signature``… (see ``webhook_receiver.Delivery``)."""
    lines: list[str]
    """Redacted one-line summaries."""
