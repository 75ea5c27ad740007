"""WizardApp: wiring only. Owns the context, drives the steps, quits safely.

Built by :func:`make_app`, the one factory the CLI and the tests use. Nothing
heavy is imported here: httpx, the sandbox and starlette load inside workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wizard.tui.context import WizardContext
from wizard.tui.flow import STEP_IDS, STEPS, StepResult
from wizard.tui.messages import WebhookDelivered
from wizard.tui.services import Services

if TYPE_CHECKING:
    import httpx

    from wizard.tui.first_frame import FirstFrame


class WizardApp(App[int]):
    """The setup wizard; its return value is the process exit code."""

    CSS_PATH = "wizard.tcss"
    TITLE = "wa-wizard"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit (asks if unsaved)"),
        Binding("f2", "practice_card", "Practice card", tooltip="Sandbox practice values"),
    ]

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._index = 0
        self.sub_title = str(ctx.env_path) + (" · sandbox" if ctx.services.sandbox else "")

    def get_default_screen(self) -> Screen[Any]:
        """Paint a still picture of the first step, then build the live one.

        The still frame (Statics only) costs about what a bare Textual app does; it is
        the app's first screen (no extra screen to push), the live Overview is pushed over
        it right after its first paint, and keys pressed meanwhile are replayed on it.
        """
        from wizard.tui.first_frame import FirstFrame

        frame = FirstFrame(self.sub_title, str(self.ctx.env_path), self.ctx.services.sandbox)
        frame.go_live = lambda: self._go_live(frame)
        return frame

    def on_ready(self) -> None:
        """The first frame is on the terminal: now build the live first step."""
        from wizard.tui.first_frame import FirstFrame

        if isinstance(self.screen, FirstFrame):
            self.screen.call_after_refresh(self.screen.painted)

    def _go_live(self, frame: FirstFrame, index: int = 0) -> None:
        """Open the live step over the still frame; replay the keys it kept."""
        frame.go_live = None
        self.open_step(index)
        pending, frame.pending = frame.pending, []
        for key in pending:
            self.post_message(key)

    def open_step(self, index: int) -> None:
        """Show step ``index``; its StepResult comes back to :meth:`step_done`."""
        from wizard.tui.steps import step_screen

        if index:  # the Overview reads it after its first paint
            self.ctx.load_env()
        self._index = index
        self.push_screen(step_screen(index)(self.ctx, index), callback=self.step_done)

    def step_done(self, result: StepResult | None) -> None:
        """The step loop: each step dismisses a StepResult, the app decides what is next."""
        if result is None:
            return
        index = self._index
        self.ctx.values = result.values
        if result.state is not None:
            self.ctx.states[STEP_IDS[index]] = result.state
        self.ctx.facts.update(result.facts)
        if result.action == "finish":
            self.exit(0)
            return
        if result.action == "jump" and result.target is not None:
            index = result.target
        elif result.action == "back":
            index = max(0, index - 1)
        else:
            index = min(len(STEPS) - 1, index + 1)
        self.open_step(index)

    def jump_to(self, index: int) -> None:
        """Open a step from the command palette; the current step keeps its drafts."""
        from wizard.tui.first_frame import FirstFrame
        from wizard.tui.steps.base import StepScreen

        screen = self.screen
        if isinstance(screen, FirstFrame):  # nothing live yet: start at that step
            self._go_live(screen, index)
            return
        if isinstance(screen, StepScreen) and screen.index != index:
            screen.cancel_check()
            screen.leave(StepResult("jump", self.ctx.values, target=index))

    async def action_quit(self) -> None:
        """Ctrl+Q: ask first when something validated is not written yet."""
        if not self.ctx.unsaved:
            self.exit(0)
            return
        from wizard.tui.widgets.dialogs import ConfirmQuit

        def decided(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(1)

        self.push_screen(ConfirmQuit(), decided)

    def action_practice_card(self) -> None:
        if not self.ctx.services.sandbox:
            self.notify("The practice card exists only with --sandbox.", severity="warning")
            return
        from textual.widgets import Input

        from wizard.tui.widgets.dialogs import PracticeCard

        target = self.screen.focused
        field = target if isinstance(target, Input) and target.id else None

        def chosen(value: str | None) -> None:
            """Put the picked value into the field that had focus, whole."""
            if value and field is not None and field.is_attached:
                field.value = value
                field.cursor_position = len(value)
                field.focus()

        card = PracticeCard(self.ctx.services.practice_values(), field.id if field else None)
        self.push_screen(card, chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "practice_card":
            from textual.screen import ModalScreen

            return self.ctx.services.sandbox and not isinstance(self.screen, ModalScreen)
        return True

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for index, (_, title) in enumerate(STEPS):
            yield SystemCommand(
                f"Step {index + 1}: {title}",
                f"Go to the {title} step",
                lambda index=index: self.jump_to(index),
            )
        if self.ctx.services.sandbox:
            yield SystemCommand(
                "Show practice card", "Sandbox practice values", self.action_practice_card
            )

    def on_webhook_delivered(self, message: WebhookDelivered) -> None:
        """Live webhook traffic: the Webhook step lists it; elsewhere events are toasts."""
        show = getattr(self.screen, "webhook_delivered", None)
        if callable(show):
            show(message)
        elif message.kind == "event":
            self.notify("\n".join(message.lines), title="Webhook event arrived")

    async def on_unmount(self) -> None:
        await self.ctx.services.close()


def make_app(
    env_path: Path,
    *,
    graph_url: str,
    graph_version: str,
    transport: httpx.AsyncBaseTransport | None = None,
    sandbox: bool = False,
    now: float | None = None,
    world: Any = None,
) -> WizardApp:
    """Build the wizard with every dependency explicit (CLI and tests).

    Args:
        env_path: the env file to read and, at the end, update.
        transport: an httpx transport (tests: the in-process sandbox); None = real network,
            or the in-process sandbox when ``sandbox`` is set.
        now: a fixed clock for reproducible expiry texts (snapshots).
        world: the sandbox world (``--world``); None builds the practice world.
    """
    services = Services(
        graph_url=graph_url,
        graph_version=graph_version,
        transport=transport,
        sandbox=sandbox,
        now=now,
        world_given=world,
    )
    return WizardApp(WizardContext(env_path=env_path, services=services, fixed_now=now))
