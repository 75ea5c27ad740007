"""One Screen per checklist step; ``step_screens()`` imports them in order."""

from __future__ import annotations

from wizard.tui.steps.base import StepScreen


def step_screens() -> tuple[type[StepScreen], ...]:
    """The step classes in the order of ``flow.STEPS``."""
    from wizard.tui.steps.access_token import AccessTokenStep
    from wizard.tui.steps.app_credentials import AppCredentialsStep
    from wizard.tui.steps.make_it_last import MakeItLastStep
    from wizard.tui.steps.overview import OverviewStep
    from wizard.tui.steps.permissions import PermissionsStep
    from wizard.tui.steps.phone_number import PhoneNumberStep
    from wizard.tui.steps.review import ReviewStep
    from wizard.tui.steps.test_message import TestMessageStep
    from wizard.tui.steps.verify_token import VerifyTokenStep
    from wizard.tui.steps.webhook import WebhookStep

    return (
        OverviewStep,
        VerifyTokenStep,
        AppCredentialsStep,
        AccessTokenStep,
        MakeItLastStep,
        PermissionsStep,
        PhoneNumberStep,
        TestMessageStep,
        WebhookStep,
        ReviewStep,
    )
