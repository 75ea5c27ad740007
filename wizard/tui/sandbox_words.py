"""Field problems in sandbox words: practice values come from the F2 card, not from Meta's pages.

The core's field checks name where a value lives on Meta's dashboards; in sandbox mode the
wizard points at the practice card instead.
"""

from __future__ import annotations

SANDBOX_WHERE = (
    (
        "copy it from WhatsApp > API Setup, or generate a permanent one in Business "
        "Settings > System users.",
        "in this sandbox, press F2 and pick a practice token (Enter puts it here whole).",
    ),
    ("it was probably cut off when copied.", "it was probably cut off."),
)
"""Meta's places, as the field checks name them -> the sandbox's (the practice card)."""


def in_sandbox(text: str | None) -> str | None:
    """A field problem in sandbox words: practice values come from F2, not API Setup."""
    if text is None:
        return None
    for meta, sandbox in SANDBOX_WHERE:
        text = text.replace(meta, sandbox)
    return text
