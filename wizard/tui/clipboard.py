"""The one clipboard helper: OSC 52 through the terminal, then pyperclip if it works."""

from __future__ import annotations

from textual.app import App


def copy_text(app: App[object], text: str, what: str) -> None:
    """Copy ``text`` and tell the person *what* was copied, never the value.

    OSC 52 works over SSH and in tmux; pyperclip covers terminals that ignore it.
    pyperclip raises when no clipboard tool exists (normal over SSH and in CI).
    """
    app.copy_to_clipboard(text)
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # PyperclipException or no clipboard tool: OSC 52 is enough
        pass
    app.notify(f"{what} was copied to the clipboard.", title="Copied")
