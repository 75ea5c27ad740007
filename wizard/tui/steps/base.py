"""StepScreen: the frame every step shares (sidebar, title, card, busy line, Back/Continue)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static
from textual.widgets.button import ButtonVariant

from wizard.core.state import SetupValues
from wizard.tui.context import WizardContext
from wizard.tui.flow import STEPS, StepResult
from wizard.tui.messages import StepChosen
from wizard.tui.services import Problem, problem_for
from wizard.tui.widgets.checklist import Checklist
from wizard.tui.widgets.form_field import FieldInput
from wizard.tui.widgets.result_card import Line, ResultCard
from wizard.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wizard.tui.widgets.busy import Busy


class ContinueButton(Button):
    """The step's primary button: its label is what Enter does next (see ``primary_label``)."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("enter", "press", "Continue", tooltip="The step's next action"),
    ]


class ActionButton(Button):
    """A step's secondary button (Generate, Copy, Exchange, Subscribe…).

    It never takes focus: a keyboard presses it with its key (shown in the footer,
    bound on the step with ``press('<button id>')``), a mouse by clicking. So Enter
    always stays with the step's one primary action, and Tab only visits fields.
    To add one: yield ``ActionButton("Label", id="x")`` and add
    ``Binding("ctrl+…", "press('x')", "Label")`` to the step's BINDINGS.
    """

    can_focus = False

    def __init__(self, label: str, *, id: str, variant: ButtonVariant = "default") -> None:  # noqa: A002
        super().__init__(label, variant, id=id, compact=True)


class StepScreen(Screen[StepResult]):
    """Base for the ten steps; subclasses fill ``compose_body`` and ``proceed``."""

    STEP_ID: ClassVar[str] = ""
    CONTINUE_LABEL: ClassVar[str] = "Continue"
    """What Enter does when the step has nothing else to do first (``primary_label``)."""
    PLACES_CARD: ClassVar[bool] = False
    """The step yields ``ResultCard(id="card")`` itself (higher up than the body's end)."""
    CONTINUE_WHILE_BUSY: ClassVar[bool] = False
    """Optional steps set it: Continue then drops a running check instead of waiting."""
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "back", "Back", tooltip="Go back (or cancel a running check)"),
        Binding("enter", "continue", "Continue", tooltip="Check and go to the next step"),
        Binding("ctrl+o", "open_link", "Open link", tooltip="Open the card's link in a browser"),
    ]
    ENTER_OWNERS: ClassVar[tuple[type[object], ...]] = (FieldInput, ContinueButton)
    """Focused widgets whose Enter runs the step's primary action (the footer names it)."""

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
                    if not self.PLACES_CARD:
                        yield ResultCard(id="card")
                with Horizontal(id="nav"):
                    back = Button("Back", id="back", disabled=self.index == 0)
                    back.can_focus = False  # esc goes back; Tab stays on fields
                    yield back
                    yield ContinueButton(
                        self.CONTINUE_LABEL + " ▸", id="continue", variant="primary"
                    )
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        for input_id, text in self.ctx.drafts.get(self.STEP_ID, {}).items():
            for widget in self.query(f"#{input_id}").results(Input):
                widget.value = text
        self.call_after_refresh(self.show_primary)

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """Focus without centring: Textual centres a focused widget it cannot show whole,
        which at 80x24 scrolls a step's own first lines away. Scroll only as far as needed."""
        super().set_focus(widget, scroll_visible=False, from_app_focus=from_app_focus)
        if scroll_visible and widget is not None and self.focused is widget:
            self.call_after_refresh(widget.scroll_visible, animate=False)

    # ----- the one primary action ------------------------------------------
    def primary_label(self) -> str:
        """What Enter does next on this step ("Inspect", "Exchange", "Send"…).

        Steps whose first Enter does something before moving on override this;
        ``proceed`` must do exactly what it names. The Continue button and the
        footer both show it (``show_primary``).
        """
        return self.CONTINUE_LABEL

    def show_primary(self) -> None:
        """Put the current primary action on the Continue button and in the footer."""
        if not self.is_mounted:
            return
        label = self.primary_label()
        for button in self.query("#continue").results(ContinueButton):
            if str(button.label) == label + " ▸":
                return  # unchanged: no footer rebuild per typed character (a pasted token)
            width = button.outer_size.width
            button.label = label + " ▸"
            if width:  # never narrower: a click under way (focus renames it) stays on it
                button.styles.min_width = width
            button.refresh(layout=True)  # a longer label widens it (no layout reactive)
        self.refresh_bindings()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's keys: Enter is named after the primary action, wherever focus is."""
        bindings = super().active_bindings
        enter = bindings.get("enter")
        if enter is not None and (enter.node is self or isinstance(enter.node, self.ENTER_OWNERS)):
            binding = replace(enter.binding, description=self.primary_label(), show=True)
            bindings["enter"] = ActiveBinding(enter.node, binding, enter.enabled, enter.tooltip)
        escape = bindings.get("escape")
        if self.busy and escape is not None and escape.node is self:
            binding = replace(escape.binding, description="Cancel")
            bindings["escape"] = ActiveBinding(self, binding, escape.enabled, escape.tooltip)
        return bindings

    def action_press(self, button_id: str) -> None:
        """A secondary button's key: press it when it is shown and enabled."""
        for button in self.query(f"#{button_id}").results(Button):
            if button.display and not button.disabled:
                button.press()

    def check_press(self, button_id: str) -> bool:
        for button in self.query(f"#{button_id}").results(Button):
            return bool(button.display and not button.disabled)
        return False

    @on(Input.Changed)
    def _primary_follows_input(self) -> None:
        self.show_primary()

    def on_descendant_focus(self) -> None:
        self.show_primary()

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
            if not self.continue_while_busy():
                return
            self._generation += 1  # drop the running check's result quietly
            self.workers.cancel_group(self, "graph")
            self.busy = False
        await self.proceed()

    def continue_while_busy(self) -> bool:
        """Whether Enter drops a running check (optional steps) instead of waiting."""
        return self.CONTINUE_WHILE_BUSY

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
        link = self.link()
        if link:
            self.app.open_url(link)
            self.notify("Opening the link in your browser.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_link":
            return bool(self.is_mounted and self.link())
        if action == "press" and parameters:
            return self.is_mounted and self.check_press(str(parameters[0]))
        return True

    def link(self) -> str | None:
        """The page ctrl+o opens: the card's link (steps may offer their own)."""
        return self.card.link

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
    def _cancel_pressed(self) -> None:
        self.cancel_check()  # by name: steps may extend cancel_check

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
            self.show_primary()

    def show_problem(self, problem: Problem) -> None:
        self.card.show_problem(
            problem.title, problem.why, problem.fix, problem.link, problem.action
        )
        self.show_primary()
        self.refresh_bindings()  # ctrl+o follows the card's link

    def show_lines(
        self, lines: list[Line], link: str | None = None, *, scroll: bool = True
    ) -> None:
        self.card.show_lines(lines, link, scroll=scroll)
        self.show_primary()
        self.refresh_bindings()  # ctrl+o follows the card's link

    def with_values(self, **changes: str | None) -> SetupValues:
        return replace(self.ctx.values, **changes)
