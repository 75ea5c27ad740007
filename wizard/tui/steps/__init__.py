"""One Screen per checklist step, imported only when the step opens (fast start-up)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.tui.steps.base import StepScreen

STEP_CLASSES: tuple[tuple[str, str], ...] = (
    ("overview", "OverviewStep"),
    ("verify_token", "VerifyTokenStep"),
    ("app_credentials", "AppCredentialsStep"),
    ("access_token", "AccessTokenStep"),
    ("make_it_last", "MakeItLastStep"),
    ("permissions", "PermissionsStep"),
    ("phone_number", "PhoneNumberStep"),
    ("test_message", "TestMessageStep"),
    ("webhook", "WebhookStep"),
    ("review", "ReviewStep"),
)
"""(module in wizard.tui.steps, class) in the order of ``flow.STEPS``."""


def step_screen(index: int) -> type[StepScreen]:
    """The class of step ``index``; its module is imported on first use only."""
    module, name = STEP_CLASSES[index]
    screen: type[StepScreen] = getattr(importlib.import_module(f"wizard.tui.steps.{module}"), name)
    return screen


def step_screens() -> tuple[type[StepScreen], ...]:
    """Every step class in order (imports them all: for tests and tools, not start-up)."""
    return tuple(step_screen(index) for index in range(len(STEP_CLASSES)))
