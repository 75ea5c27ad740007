"""Step 1: what will happen, what the env file already holds, and what already works."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import Static

from wizard.core.state import FIELD_LABELS, SECRET_FIELDS
from wizard.tui.flow import OVERVIEW_INTRO
from wizard.tui.steps.base import StepScreen

CHECK_TO_STEP = {
    "verify_token": "verify_token",
    "app_credentials": "app_credentials",
    "token_valid": "access_token",
    "token_expiry": "make_it_last",
    "permissions": "permissions",
    "phone_number": "phone_number",
    "webhook_subscription": "webhook",
}
"""Doctor check id -> the step it proves done, so a re-run resumes."""

SHORT_LABELS = {**FIELD_LABELS, "waba_id": "WhatsApp account ID"}
"""The overview's labels: one column wide enough for all of them, even at 80x24."""
LABEL_WIDTH = max(len(label) for label in SHORT_LABELS.values())


class OverviewStep(StepScreen):
    """What the env file holds (masked), where each value came from."""

    STEP_ID: ClassVar[str] = "overview"
    CONTINUE_LABEL: ClassVar[str] = "Start"
    AUTO_FOCUS = "#continue"

    def compose_body(self) -> ComposeResult:
        yield Static(OVERVIEW_INTRO, classes="prose")
        reading = f"Reading {escape(str(self.ctx.env_path))}…"
        yield Static(
            self._keys_markup() if self.ctx.env_loaded else reading, classes="keys", id="keys"
        )

    def _keys_markup(self) -> str:
        from wizard.core.tokens import mask

        env = self.ctx.facts.get("env")
        error = self.ctx.facts.get("env_error")
        where = escape(str(self.ctx.env_path))
        if error:
            return f"[$error]✗[/] {escape(str(error))}"
        if env is None or not getattr(env, "exists", False):
            head = f"{where} does not exist yet; it will be created at the end."
        else:
            head = f"{where} holds:"
        lines = [head]
        bindings: dict[str, Any] = getattr(env, "bindings", {}) if env is not None else {}
        for field, label in SHORT_LABELS.items():
            binding = bindings.get(field)
            if binding is None:
                lines.append(f"  [$text-muted]·[/] {label:<{LABEL_WIDTH}} not set")
                continue
            value = mask(binding.value) if field in SECRET_FIELDS else binding.value
            origin = f"{binding.key}, line {binding.line}" if binding.line else binding.key
            if binding.source == "environment":
                origin = f"environment variable {binding.key}"
            shadow = "  [$warning]! shadowed by an environment variable[/]" * bool(
                binding.shadowed_by_env
            )
            lines.append(
                f"  [$success]✓[/] {label:<{LABEL_WIDTH}} {escape(value)}  "
                f"[$text-muted]({escape(origin)})[/]{shadow}"
            )
        return "\n".join(lines)

    def on_mount(self) -> None:
        super().on_mount()
        if self.ctx.env_loaded:
            self._env_ready()
        else:  # first start: paint the frame first, then read the file
            self.call_after_refresh(self._env_ready)

    def _env_ready(self) -> None:
        """Show what the file holds; resume from what already works."""
        self.ctx.load_env()
        self.query_one("#keys", Static).update(self._keys_markup())
        if self.ctx.facts.get("resumed") or not self.ctx.values.access_token:
            return
        self.start_check("Checking what already works…", self._run_checks, self._resume)

    async def _run_checks(self) -> dict[str, Any]:
        from wizard.core.checks.base import CheckContext
        from wizard.core.checks.runner import run_checks

        ctx = CheckContext(
            client=self.ctx.services.client(self.ctx.values.app_secret),
            values=self.ctx.values,
            env=self.ctx.facts.get("env"),
            now=self.ctx.now(),
            facts={},
        )
        return await run_checks(ctx, only=list(CHECK_TO_STEP))

    def _resume(self, results: dict[str, Any]) -> None:
        self.ctx.facts["resumed"] = True
        status_to_state = {"pass": "done", "warn": "warn", "fail": "fail"}
        for check_id, step_id in CHECK_TO_STEP.items():
            result = results.get(check_id)
            if result is not None and result.status in status_to_state:
                self.ctx.states[step_id] = status_to_state[result.status]
        from wizard.tui.widgets.checklist import Checklist

        self.query_one(Checklist).set_states(self.ctx.states)
        done = sum(state == "done" for state in self.ctx.states.values())
        if done:  # "0 steps already work" is noise, and a toast hides the step's text
            self.notify(f"{done} steps already work; they are marked ✓.")
        clock = results.get("clock")  # the client fell back to the plain appsecret_proof
        if clock is not None:
            self.notify(clock.fix, title=clock.title, severity="warning", timeout=30)
