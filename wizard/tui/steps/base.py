"""StepScreen: the frame every step shares (sidebar, title, card, busy line, Back/Continue)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from wizard.core.state import SetupValues
from wizard.tui.context import WizardContext
from wizard.tui.flow import STEPS, StepResult
from wizard.tui.messages import StepChosen
from wizard.tui.services import Problem, problem_for
from wizard.tui.widgets.checklist import Checklist
from wizard.tui.widgets.result_card import Line, ResultCard
from wizard.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wizard.tui.widgets.busy import Busy


class ContinueButton(Button):
    """The step's main button; the footer keeps showing "enter Continue" while it has focus."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("enter", "press", "Continue", tooltip="Check and go to the next step"),
    ]


class StepScreen(Screen[StepResult]):
    """Base for the ten steps; subclasses fill ``compose_body`` and ``proceed``."""

    STEP_ID: ClassVar[str] = ""
    CONTINUE_LABEL: ClassVar[str] = "Continue ▸"
    CONTINUE_WHILE_BUSY: ClassVar[bool] = False
    """Optional steps set it: Continue then drops a running check instead of waiting."""
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "back", "Back", tooltip="Go back (or cancel a running check)"),
        Binding("enter", "continue", "Continue", tooltip="Check and go to the next step"),
        Binding("ctrl+o", "open_link", "Open link", tooltip="Open the card's link in a browser"),
    ]

    busy: reactive[bool] = reactive(False, bindings=True)
    """A network check is running; TCSS dims the step and Escape cancels."""

    def __init__(self, ctx: WizardContext, index: int) -> None:
        super().__init__(id=f"step-{self.STEP_ID.replace('_', '-')}")
        self.ctx = ctx
        self.index = index
        self._generation = 0

    # ----- layout -------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title, self.app.sub_title)
        with Horizontal(id="frame"):
            yield Checklist(self.ctx.states, self.index)
            with Vertical(id="step"):
                yield Static(f"{self.index + 1} · {STEPS[self.index][1]}", classes="step-title")
                with VerticalScroll(id="step-body", can_focus=False):
                    yield from self.compose_body()
                    yield ResultCard(id="card")
                with Horizontal(id="nav"):
                    yield Button("Back", id="back", disabled=self.index == 0)
                    yield ContinueButton(self.CONTINUE_LABEL, id="continue", variant="primary")
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        for input_id, text in self.ctx.drafts.get(self.STEP_ID, {}).items():
            for widget in self.query(f"#{input_id}").results(Input):
                widget.value = text

    def watch_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")
        if not busy:
            for line in self.query("#busy"):
                line.remove_class("-shown")

    @property
    def card(self) -> ResultCard:
        return self.query_one("#card", ResultCard)

    # ----- navigation ---------------------------------------------------
    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Escape: cancel a running check first; otherwise go back keeping values."""
        if self.busy:
            self.cancel_check()
            return
        if self.index > 0:
            self.leave(StepResult("back", self.ctx.values))

    @on(Button.Pressed, "#continue")
    @on(Input.Submitted)
    async def action_continue(self) -> None:
        if self.busy:
            if not self.CONTINUE_WHILE_BUSY:
                return
            self._generation += 1  # drop the running check's result quietly
            self.workers.cancel_group(self, "graph")
            self.busy = False
        await self.proceed()

    async def proceed(self) -> None:
        """Validate and finish; steps with live checks override this."""
        self.finish(self.ctx.values, "done")

    @on(StepChosen)
    def _jump(self, event: StepChosen) -> None:
        self.cancel_check()
        self.leave(StepResult("jump", self.ctx.values, target=event.index))

    def finish(self, values: SetupValues, state: str | None, **facts: Any) -> None:
        """Go to the next step with new values (or the same ones)."""
        self.leave(StepResult("next", values, state=state, facts=facts))

    def leave(self, result: StepResult) -> None:
        self.ctx.drafts[self.STEP_ID] = {
            str(widget.id): widget.value for widget in self.query(Input) if widget.id
        }
        self.dismiss(result)

    def action_open_link(self) -> None:
        if self.card.link:
            self.app.open_url(self.card.link)
            self.notify("Opening the link in your browser.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_link":
            return bool(self.is_mounted and self.card.link)
        return True

    # ----- network checks ----------------------------------------------
    def start_check(
        self,
        label: str,
        job: Callable[[], Awaitable[Any]],
        done: Callable[[Any], Any],
    ) -> None:
        """Run ``job`` in a worker with a visible progress line; ``done`` gets its result.

        A newer check or a cancel makes older results stale: they are dropped.
        """
        self._generation += 1
        self.card.clear()
        self.busy = True
        self.busy_line().start(label)
        self._run_check(job, done, self._generation)

    def busy_line(self) -> Busy:
        """The progress line, mounted above Back/Continue on the first check."""
        from wizard.tui.widgets.busy import Busy

        for line in self.query(Busy).results(Busy):
            return line
        line = Busy()
        self.query_one("#step", Vertical).mount(line, before="#nav")
        return line

    @on(Button.Pressed, "#cancel")
    def cancel_check(self) -> None:
        if self.busy:
            self._generation += 1
            self.workers.cancel_group(self, "graph")
            self.busy = False
            self.notify("Check cancelled.")

    @work(exclusive=True, exit_on_error=False, group="graph")
    async def _run_check(
        self,
        job: Callable[[], Awaitable[Any]],
        done: Callable[[Any], Any],
        generation: int,
    ) -> None:
        try:
            result = await job()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # every failure becomes a card, never a traceback
            if generation == self._generation:
                self.busy = False
                self.show_problem(problem_for(error, app_id=self.ctx.values.app_id))
            return
        if generation == self._generation:
            self.busy = False
            outcome = done(result)
            if asyncio.iscoroutine(outcome):
                await outcome

    def show_problem(self, problem: Problem) -> None:
        self.card.show_problem(
            problem.title, problem.why, problem.fix, problem.link, problem.action
        )
        self.refresh_bindings()

    def show_lines(self, lines: list[Line], link: str | None = None) -> None:
        self.card.show_lines(lines, link)
        self.refresh_bindings()

    def with_values(self, **changes: str | None) -> SetupValues:
        return replace(self.ctx.values, **changes)
