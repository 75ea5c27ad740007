"""FirstFrame: the Overview step drawn with Statics only, painted before the live step exists.

Composing the live Overview (an OptionList, Buttons, a Footer with a widget per key,
a scroll view: ~70 widgets and their CSS) costs more than Textual's own start-up. So
the app paints this look-alike first (about ten Statics) and swaps in the live step
right after that first paint. Keys pressed before the swap are kept and replayed on
the live step in order, so the first key press always works.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static

from wizard.tui.flow import OVERVIEW_INTRO, STATE_MARKS, STEPS
from wizard.tui.widgets.title_bar import TitleBar

FOOTER_KEYS = (("⏎", "Start"), ("esc", "Back"), ("^q", "Quit"))
"""The live Overview's footer keys, in its order (F2 is added in sandbox mode); Enter
is named after OverviewStep.CONTINUE_LABEL."""


class FirstFrame(Screen[None]):
    """A still picture of step 1 (same ids and classes, so wizard.tcss styles it alike)."""

    DEFAULT_CSS = """
    FirstFrame #checklist { padding: 0 1; }
    FirstFrame #step-body { height: 1fr; }
    FirstFrame .still-button {
        width: 16;
        height: 3;
        margin-left: 1;
        text-align: center;
        content-align: center middle;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;
    }
    FirstFrame #back { text-opacity: 0.6; }
    FirstFrame #continue {
        color: $button-color-foreground;
        background: $primary;
        border-top: tall $primary-lighten-3;
        border-bottom: tall $primary-darken-3;
    }
    FirstFrame #still-footer {
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    FirstFrame #still-keys { width: 1fr; }
    FirstFrame #still-palette {
        width: auto;
        padding-right: 1;
        border-left: vkey $foreground 20%;
    }
    """

    def __init__(self, sub_title: str, env_path: str, sandbox: bool) -> None:
        super().__init__(id="first-frame")
        self._sub_title = sub_title
        self._env_path = env_path
        self._sandbox = sandbox
        self.pending: list[events.Key] = []
        """Keys pressed before the live step took over, oldest first."""
        self.go_live: Callable[[], None] | None = None
        """Set by the app: swaps in the live step and replays ``pending``."""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.title, self._sub_title)
        with Horizontal(id="frame"):
            sidebar = Static(_checklist_markup(), id="checklist")
            sidebar.border_title = "Checklist"
            yield sidebar
            with Vertical(id="step"):
                yield Static(f"1 · {STEPS[0][1]}", classes="step-title")
                with Vertical(id="step-body"):
                    yield Static(OVERVIEW_INTRO, classes="prose")
                    yield Static(f"Reading {escape(self._env_path)}…", classes="keys")
                with Horizontal(id="nav"):
                    yield Static("Back", id="back", classes="still-button")
                    yield Static("Start ▸", id="continue", classes="still-button")
        with Horizontal(id="still-footer"):
            yield Static(self._footer_markup(), id="still-keys")
            yield Static(_key("^p", "palette"), id="still-palette")

    def _footer_markup(self) -> str:
        keys = [*FOOTER_KEYS, *((("f2", "Practice card"),) if self._sandbox else ())]
        return "".join(f" {_key(key, label)} " for key, label in keys)

    def painted(self) -> None:
        """The still frame is on the terminal (the app got ``Ready``): build the live step."""
        if self.go_live is not None:
            self.go_live()

    def on_key(self, event: events.Key) -> None:
        """Keep every key for the live step (priority keys such as ctrl+q act at once)."""
        if self.go_live is None:  # live already: this frame only lies under the steps
            return
        event.stop()
        event.prevent_default()
        self.pending.append(events.Key(event.key, event.character))

    def on_click(self, event: events.Click) -> None:
        """A click on the still Start button counts as Enter (what the live button does)."""
        if self.go_live is not None and event.widget is not None and event.widget.id == "continue":
            self.pending.append(events.Key("enter", "\r"))


def _key(key: str, label: str) -> str:
    return f"[b $footer-key-foreground]{key}[/] [$footer-description-foreground]{label}[/]"


def _checklist_markup() -> str:
    """The sidebar as the live Checklist draws it on the first start (nothing done yet)."""
    lines = []
    for index, (_, title) in enumerate(STEPS):
        state, tone = ("current", "accent") if index == 0 else ("todo", "text-muted")
        lines.append(f"[${tone}]{STATE_MARKS[state]}[/] {title}")
    return "\n".join(lines)
