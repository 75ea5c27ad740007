"""Step 3: App ID and App Secret, checked live as a pair (client_credentials)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from wizard.core.graph import tokens
from wizard.core.tokens import check_field, normalize_pasted
from wizard.tui.steps.base import StepScreen
from wizard.tui.widgets.form_field import FormField
from wizard.tui.widgets.result_card import Line

WHERE = (
    "Both are in the App Dashboard › App settings › Basic. The App Secret stays on your "
    "server; press Show there and paste it here. The page:"
)


def settings_link(app_id: str | None) -> str:
    """Deep link to the app's Basic settings (the apps list when the ID is unknown)."""
    if app_id and app_id.isdigit():
        return f"https://developers.facebook.com/apps/{app_id}/settings/basic/"
    return "https://developers.facebook.com/apps/"


class AppCredentialsStep(StepScreen):
    """Shape checks as you type; Continue proves the pair with Meta."""

    STEP_ID: ClassVar[str] = "app_credentials"
    AUTO_FOCUS = "#app-id"

    def compose_body(self) -> ComposeResult:
        yield Static(WHERE)
        # its own line, unwrapped by us: Textual folds it only if the column is too narrow
        yield Static(settings_link(self.ctx.values.app_id), classes="prose muted", id="where")
        yield FormField(
            "App ID",
            input_id="app-id",
            value=self.ctx.values.app_id or "",
            placeholder="15-16 digits",
            check=lambda text: check_field("app_id", normalize_pasted(text)),
            normalize=normalize_pasted,
        )
        yield FormField(
            "App Secret",
            input_id="app-secret",
            value=self.ctx.values.app_secret or "",
            placeholder="32 hexadecimal characters",
            secret=True,
            check=lambda text: check_field("app_secret", normalize_pasted(text)),
        )

    @on(Input.Changed, "#app-id")
    def _link_follows_id(self, event: Input.Changed) -> None:
        """The link points at the typed app (the apps list until the ID looks right)."""
        app_id = normalize_pasted(event.value)
        shown = app_id if check_field("app_id", app_id) is None else None
        self.query_one("#where", Static).update(settings_link(shown))

    async def proceed(self) -> None:
        app_id = normalize_pasted(self.query_one("#app-id", Input).value)
        secret = normalize_pasted(self.query_one("#app-secret", Input).value)
        ok = True
        for field, input_id, value in (
            ("app_id", "app-id", app_id),
            ("app_secret", "app-secret", secret),
        ):
            problem = check_field(field, value) if value else "This is needed to continue."
            if problem:
                self.query_one(f"#{input_id}-field", FormField).show_problem(problem)
                ok = False
        if not ok:
            return
        values = self.with_values(app_id=app_id, app_secret=secret)

        async def job() -> str:

            return await tokens.app_access_token(
                self.ctx.services.client(), app_id=app_id, app_secret=secret
            )

        def done(_app_token: str) -> None:
            self.show_lines([Line("pass", f"Meta accepted App ID {app_id} with this secret.")])
            self.finish(values, "done")

        self.start_check("Checking the App ID and secret with Meta…", job, done)
