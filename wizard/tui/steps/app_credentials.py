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
    "server; press Show there and paste it here. The page (ctrl+o opens it):"
)


def settings_link(app_id: str | None) -> str:
    """Deep link to the app's Basic settings (the apps list when the ID is unknown)."""
    if app_id and app_id.isdigit():
        return f"https://developers.facebook.com/apps/{app_id}/settings/basic/"
    return "https://developers.facebook.com/apps/"


def shown_link(link: str, width: int) -> str:
    """The link as shown in ``width`` columns: broken after ``/apps/``, never inside the id."""
    if len(link) <= width or "/apps/" not in link:
        return link
    head, tail = link.split("/apps/", 1)
    return f"{head}/apps/\n  {tail}"


class AppCredentialsStep(StepScreen):
    """Shape checks as you type; Continue proves the pair with Meta."""

    STEP_ID: ClassVar[str] = "app_credentials"
    AUTO_FOCUS = "#app-id"

    def compose_body(self) -> ComposeResult:
        yield Static(WHERE)
        # its own line; on a narrow column it breaks after /apps/ (shown_link), not mid-id
        yield Static("", classes="prose muted", id="where")
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

    def on_mount(self) -> None:
        super().on_mount()
        self._show_link()

    def link(self) -> str | None:
        """ctrl+o opens the card's link, else the app's settings page."""
        return self.card.link or self._settings_link()

    def _settings_link(self) -> str:
        app_id = normalize_pasted(self.query_one("#app-id", Input).value)
        return settings_link(app_id if check_field("app_id", app_id) is None else None)

    def _show_link(self) -> None:
        where = self.query_one("#where", Static)
        width = where.content_size.width or self.app.size.width - 30
        where.update(shown_link(self._settings_link(), width))

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_link)

    @on(Input.Changed, "#app-id")
    def _link_follows_id(self, event: Input.Changed) -> None:
        """The link points at the typed app (the apps list until the ID looks right)."""
        self._show_link()

    async def proceed(self) -> None:
        app_id = normalize_pasted(self.query_one("#app-id", Input).value)
        secret = normalize_pasted(self.query_one("#app-secret", Input).value)
        ok = True
        for field, input_id, value in (
            ("app_id", "app-id", app_id),
            ("app_secret", "app-secret", secret),
        ):
            problem = check_field(field, value) if value else "Needed: paste it here, then Enter."
            if problem:
                form = self.query_one(f"#{input_id}-field", FormField)
                if ok:  # Enter takes you to the first field that still needs something
                    form.input.focus()
                form.show_problem(problem)
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
