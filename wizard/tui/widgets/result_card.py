"""ResultCard: a failure (or a result) explained in place: title, Why, Fix, link."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.dom import NoScreen
from textual.markup import escape
from textual.reactive import reactive
from textual.widgets import Static

from wizard.core.actions import Action
from wizard.tui.actions import in_wizard

MARKS = {"pass": "✓", "ok": "✓", "warn": "!", "fail": "✗", "skip": "·", "info": "·"}
TONES = {"pass": "success", "ok": "success", "warn": "warning", "fail": "error"}


@dataclass(frozen=True)
class Line:
    """One result line: a status mark, a sentence, optional indented detail."""

    status: str
    text: str
    detail: str = ""
    action: Action | None = None
    """What wa-wizard can do about it; worded after the detail by the card's step."""


def render_lines(lines: Iterable[Line]) -> str:
    """Markup for result lines; user and server text is escaped."""
    out: list[str] = []
    for line in lines:
        tone = TONES.get(line.status, "text-muted")
        mark = MARKS.get(line.status, "·")
        out.append(f"[${tone}]{mark}[/] {escape(line.text)}")
        if line.detail:
            out.extend(f"  {escape(part)}" for part in line.detail.splitlines())
    return "\n".join(out)


class ResultCard(Static):
    """A card in place of a traceback: ✗ title, Why, Fix and an Open link (ctrl+o)."""

    link: reactive[str | None] = reactive(None)
    """Deep link opened by ctrl+o on the step, when the card has one."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id, classes="result-card")
        self.display = False

    @property
    def step_id(self) -> str:
        """The step showing the card: its buttons do the fixes' actions."""
        try:
            return str(getattr(self.screen, "STEP_ID", ""))
        except NoScreen:  # not mounted yet: keep the core's words
            return ""

    def show_problem(
        self,
        title: str,
        why: str,
        fix: str,
        link: str | None = None,
        action: Action | None = None,
    ) -> None:
        """Show a failure with its cause and the exact fix (its action in this step's words)."""
        fix = in_wizard(fix, action, self.step_id)
        parts = [f"[$error]✗[/] [b]{escape(title)}[/b]"]
        if why:
            parts.append(f"  [b]Why:[/b] {escape(why)}")
        if fix:
            parts.append(f"  [b]Fix:[/b] {escape(fix)}")
        if link:
            parts.append(f"  [$text-muted]Open: {escape(link)}  (ctrl+o)[/]")
        self.link = link
        self.set_classes("result-card -failed")
        self.update("\n".join(parts))
        self._reveal()

    def show_lines(
        self, lines: Iterable[Line], link: str | None = None, *, scroll: bool = True
    ) -> None:
        """Show a list of result lines (✓ / ! / ✗).

        ``scroll=False`` for a check a step runs as it opens: the step's own text stays
        on screen, the card is below it (a person reads from the top).
        """
        step = self.step_id
        lines = [Line(ln.status, ln.text, in_wizard(ln.detail, ln.action, step)) for ln in lines]
        self.link = link
        self.set_classes("result-card -ok")
        self.update(render_lines(lines))
        self._reveal(scroll)

    def _reveal(self, scroll: bool = True) -> None:
        """Show the card and scroll it into view: at 80x24 it often lands below the fold."""
        self.display = True
        if scroll:
            self.call_after_refresh(self.scroll_visible, animate=False)

    def clear(self) -> None:
        self.link = None
        self.update("")
        self.display = False
