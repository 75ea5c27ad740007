"""Is every word on screen whole? A check for text cut by an edge, a fold or a scroll.

For each displayed widget that shows text (Statics, Buttons, option lists, tables), the
words of its own content are compared with the words painted inside the part of the
widget that is visible on the screen. A word that is missing or painted only in part
was cut: clipped at the right edge (``Limi``), folded mid-word (a link split mid-id),
hidden below the widget's height (``… (esc``) or scrolled below the fold (``doctor``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, OptionList, Static
from textual.widgets._toast import Toast


def _own_text(widget: Widget) -> str | None:
    """The plain text a widget is asked to show, or None for widgets without text of their own."""
    if isinstance(widget, Toast):
        return None  # transient, dismissed on a timer; not part of a step's layout
    if isinstance(widget, Button):
        return str(widget.label)
    if isinstance(widget, Static):
        return str(widget.render())
    if isinstance(widget, OptionList):
        prompts = [widget.get_option_at_index(i).prompt for i in range(widget.option_count)]
        return "\n".join(
            Content.from_markup(p).plain if isinstance(p, str) else str(p) for p in prompts
        )
    if isinstance(widget, DataTable):
        rows = [" ".join(str(c.label) for c in widget.columns.values())]
        rows += [
            " ".join(str(cell) for cell in widget.get_row_at(i)) for i in range(widget.row_count)
        ]
        return "\n".join(rows)
    return None


def _shown(widget: Widget) -> bool:
    node: Widget | None = widget
    while isinstance(node, Widget) and not isinstance(node, Screen):
        if not node.display or node.styles.visibility == "hidden":
            return False
        node = node.parent if isinstance(node.parent, Widget) else None
    return True


def screen_lines(app: App[Any]) -> list[str]:
    """The current screen as plain text, one string per terminal row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def cut_words(app: App[Any]) -> dict[str, list[str]]:
    """Widget -> the words of its content that are not painted whole on screen."""
    screen = app.screen
    strips = screen._compositor.render_strips()
    visible = screen._compositor.visible_widgets
    found: dict[str, list[str]] = {}
    for widget in screen.query("*"):
        text = _own_text(widget)
        if text is None or not text.strip() or not _shown(widget):
            continue
        wanted = Counter(text.split())
        painted: Counter[str] = Counter()
        if widget in visible:
            _, clip = visible[widget]
            area = widget.content_region.intersection(clip)
            for y in range(area.y, area.bottom):
                if 0 <= y < len(strips):
                    painted.update(strips[y].crop(area.x, area.right).text.split())
        missing = sorted((wanted - painted).elements())
        if missing:
            name = f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__
            found[name] = missing
    return found


def hidden_buttons(app: App[Any], *selectors: str) -> list[str]:
    """The selectors whose (displayed) button is not wholly on screen without scrolling."""
    screen = app.screen
    visible = screen._compositor.visible_widgets
    hidden = []
    for selector in selectors:
        for button in screen.query(selector):
            if not _shown(button):
                continue
            where = visible.get(button)
            if where is None or where[1].intersection(where[0]) != where[0]:
                hidden.append(selector)
    return hidden
