"""The wizard's steps as data, and the typed result every step screen returns.

Kept free of widgets so the sidebar, the app and tests share one list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from wizard.core.state import SetupValues

StepState = Literal["done", "warn", "fail", "todo"]
"""What the sidebar shows for a step that is not the current one."""

STATE_MARKS: dict[str, str] = {"done": "✓", "warn": "!", "fail": "✗", "todo": "·", "current": "▸"}

STEPS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("verify_token", "Verify token"),
    ("app_credentials", "App ID and secret"),
    ("access_token", "Access token"),
    ("make_it_last", "Make it last"),
    ("permissions", "Permissions"),
    ("phone_number", "Phone number"),
    ("test_message", "Test message"),
    ("webhook", "Webhook"),
    ("review", "Review and write"),
)
"""(id, title) in the order a person walks them."""

OVERVIEW_INTRO = (
    "This wizard sets up the WhatsApp Cloud API credentials in your env file, one step at a "
    "time. Every value is checked with Meta before it is written, nothing is written until the "
    "last step, and you can go back at any time (esc)."
)
"""The first step's opening text (here, not in the step: the still first frame shows it too)."""

STEP_IDS = tuple(step_id for step_id, _ in STEPS)

Action = Literal["next", "back", "jump", "finish"]


@dataclass(frozen=True)
class StepResult:
    """What a step screen dismisses with; the app decides where to go next."""

    action: Action
    values: SetupValues
    """The candidate values after this step (unchanged on Back)."""
    state: str | None = None
    """New sidebar state for the step, or None to keep the current one."""
    target: int | None = None
    """Index of the step to open when ``action == "jump"``."""
    facts: dict[str, object] = field(default_factory=dict)
    """Things learned on the way (token info, chosen number) for later steps."""
