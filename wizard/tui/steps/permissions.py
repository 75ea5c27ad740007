"""Step 6: which permissions the token has, and the fix for each missing one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from wizard.core.graph import tokens
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.result_card import Line

PERMISSIONS: tuple[tuple[str, bool, str], ...] = (
    ("whatsapp_business_messaging", True, "needed to send messages"),
    ("whatsapp_business_management", True, "needed to list numbers, templates, webhooks"),
    ("business_management", False, "only for business-portfolio lookups"),
)
FIX = (
    "Generate the token again with this permission ticked (Business Settings › System users "
    "› Generate token, or API Setup), then paste it in step 4."
)


def permission_lines(granted: dict[str, str]) -> tuple[list[Line], bool]:
    """Lines for each permission and whether every required one is granted."""
    lines: list[Line] = []
    ok = True
    for name, required, why in PERMISSIONS:
        status = granted.get(name)
        if status == "granted":
            lines.append(Line("pass", f"{name} granted ({why})"))
            continue
        state = "missing" if status is None else status
        ok = ok and not required
        kind = "required" if required else "optional"
        lines.append(Line("fail" if required else "warn", f"{name} {state} — {kind}, {why}", FIX))
    return lines, ok


class PermissionsStep(StepScreen):
    """Checks /me/permissions as soon as it opens."""

    STEP_ID: ClassVar[str] = "permissions"
    AUTO_FOCUS = "#continue"

    def compose_body(self) -> ComposeResult:
        yield Static("Permissions granted to this token:", classes="prose")

    def on_mount(self) -> None:
        super().on_mount()
        self._ok = False
        token = self.ctx.values.access_token
        if not token:
            self.card.show_lines([Line("fail", "No token yet: paste one in step 4.")])
            return

        async def job() -> dict[str, str]:

            return await tokens.permissions(
                self.ctx.services.client(self.ctx.values.app_secret), token
            )

        def done(granted: dict[str, str]) -> None:
            lines, self._ok = permission_lines(granted)
            self.show_lines(lines)

        self.start_check("Reading the token's permissions…", job, done)

    async def proceed(self) -> None:
        self.finish(self.ctx.values, "done" if self._ok else "fail")
