"""Printer: colour rules, wrapping, and redaction that wrapping cannot defeat."""

from __future__ import annotations

import io

import pytest

from wizard.core.output import Printer
from wizard.core.redact import register_secret


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_wrapped_hint_never_shows_a_secret_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    secret = "s3cr3t" + "q" * 70  # no recognisable shape: only registration hides it
    register_secret(secret)
    out = FakeTerminal()
    Printer(out).hint(f"Meta said the value {secret} was refused, try again later please.")
    text = out.getvalue()
    assert secret[:20] not in text
    assert secret[-20:] not in text
    assert "s3cr…qqqq" in text


def test_no_colour_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = FakeTerminal()
    printer = Printer(out)
    printer.status("fail", "Token", "expired")
    assert "\x1b[" not in out.getvalue()


def test_colour_only_on_a_terminal() -> None:
    pipe = io.StringIO()
    Printer(pipe).status("pass", "Token", "valid")
    assert "\x1b[" not in pipe.getvalue()
    tty = FakeTerminal()
    Printer(tty).status("pass", "Token", "valid")
    assert "\x1b[32m" in tty.getvalue()
