"""Card texts in the TUI's words: "press Subscribe" where the CLI says "run wa-wizard …".

The core's cards and checks are written for the command line. Inside the wizard
the same fix is usually a button on the current step, so telling a person to
leave and run a command is wrong. Only commands with a button on that step are
rewritten; everything else keeps the core's words.
"""

from __future__ import annotations

import re

_RUN = r"(?:(?P<run>[Rr]un):?\s+)?`?"
"""An optional "run" / "Run:" before the command, and an optional backquote."""

_TAIL = r"(?:\s+--[a-z-]+(?:\s+(?!again\b)[^\s,;)`]+)?)*`?(?:\s+again\b)?"
"""Options after the command (``--callback-url https://…/webhook``) and "again", dropped."""


def _command(name: str, refuse: str = "") -> str:
    return _RUN + rf"wa-wizard {name}(?![a-z-]){refuse}" + _TAIL


DOCTOR = (_command("doctor"), "Continue", "")

BY_STEP: dict[str, tuple[tuple[str, str, str], ...]] = {
    "verify_token": ((_command("verify-token"), "Generate", ""),),
    "app_credentials": (DOCTOR,),
    "access_token": (DOCTOR,),
    "make_it_last": (
        (_command("exchange", r"(?!\s+--system-user)"), "Exchange", ""),
        (_command("doctor"), "Verify", ""),
    ),
    "test_message": ((_command("send-test"), "Continue", " to send again"), DOCTOR),
    "webhook": (
        (_command("webhook-subscribe"), "Subscribe", ""),
        (_command("webhook-test"), "Test endpoint", ""),
        (_command("webhook-listen"), "Listen locally", ""),
        (_command("send-test"), "Send again", ""),
    ),
}
"""Step id -> (command pattern, the button that does it, words after "press <button>")."""


def in_tui(text: str, step_id: str) -> str:
    """Rewrite CLI commands in ``text`` that have a button on ``step_id``.

    "Run: wa-wizard webhook-subscribe --callback-url https://…" becomes "Press
    Subscribe"; a sentence start keeps its capital letter.
    """
    for pattern, button, suffix in BY_STEP.get(step_id, ()):

        def swap(match: re.Match[str], button: str = button, suffix: str = suffix) -> str:
            before = match.string[: match.start()].rstrip()
            words = before.split()
            if match.group("run") is None and words and words[-1].lower() in ("with", "use"):
                return f"the {button} button"  # "Generate one with the Generate button"
            capital = match.group("run") == "Run" or not before or before[-1] in ".:\n"
            return ("Press " if capital else "press ") + button + suffix

        text = re.sub(pattern, swap, text)
    return text


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
