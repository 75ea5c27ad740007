"""The real program in a real terminal (tmux): the sandbox happy path by keystrokes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dotenv import dotenv_values

pytestmark = [
    pytest.mark.tmux,
    # CI sets WA_WIZARD_REQUIRE_TMUX=1 so that a missing tmux fails instead of skipping.
    pytest.mark.skipif(
        shutil.which("tmux") is None and not os.environ.get("WA_WIZARD_REQUIRE_TMUX"),
        reason="tmux is not installed",
    ),
]

WIZARD = str(Path(sys.executable).with_name("wa-wizard"))


class Term:
    """A private tmux server running one program."""

    def __init__(self, tmp: Path, command: str) -> None:
        conf = tmp / "tmux.conf"
        conf.write_text("set -s set-clipboard on\nset -g status off\n")
        self.base = ["tmux", "-L", f"wiz-{uuid.uuid4().hex[:8]}", "-f", str(conf)]
        self.run("new-session", "-d", "-s", "wiz", "-x", "100", "-y", "30", command)

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, check=True)
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "wiz")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "wiz", *keys)

    def wait_for(self, text: str, limit: float = 120.0) -> str:
        """Poll the pane until ``text`` shows (a bound, not a timing assertion)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            shown = self.screen()
            if text in shown:
                return self.settled(shown)
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen()}")

    def settled(self, shown: str, limit: float = 30.0) -> str:
        """Wait until the screen stops changing, so keys reach a mounted, focused step.

        A step's title paints before its inputs take focus; typing in between loses keys
        on a loaded machine.
        """
        end = time.monotonic() + limit
        while time.monotonic() < end:
            time.sleep(0.25)
            again = self.screen()
            if again == shown:
                return again
            shown = again
        return shown

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Term]:
    env = tmp_path / ".env"
    t = Term(tmp_path, f"{WIZARD} --sandbox --env-file {env}")
    yield t
    t.close()


def test_sandbox_happy_path_in_tmux(term: Term, tmp_path: Path) -> None:
    from wizard.sandbox.world import build_world

    world = build_world()
    term.wait_for("1 · Overview")
    assert "sandbox" in term.screen()
    term.keys("Enter")
    term.wait_for("2 · Verify token")
    term.keys("Enter")  # an empty field: Enter generates
    term.wait_for("Continue ▸")
    term.keys("Enter")  # then continues
    term.wait_for("3 · App ID and secret")
    term.keys(world.app.id)
    term.wait_for(world.app.id)
    term.keys("Enter")  # to the empty secret field (no Tab needed)
    term.wait_for("Needed: paste it here")  # focus has moved to the secret field
    term.keys(world.app.secret)
    term.wait_for("••••••••••••••••••••••••••••••••")
    term.keys("Enter")
    term.wait_for("4 · Access token")
    term.keys(world.token("system-user"))
    term.wait_for("•••••••••••••••••••••")
    term.keys("Enter")
    term.wait_for("Valid system-user token")
    term.keys("Enter")
    term.wait_for("5 · Make it last")
    for title in ("6 · Permissions", "7 · Phone number"):
        term.keys("Enter")
        term.wait_for(title)
    shown = term.wait_for(world.phone.display)
    rows = [line for line in shown.splitlines() if "+1 555-0" in line]
    position = next(i for i, line in enumerate(rows) if world.phone.display in line)
    term.keys(*["Down"] * position, "Enter")  # pick the practice number's row
    term.wait_for("8 · Test message")
    term.keys(world.recipient_display[0])
    term.wait_for("Will send to")
    term.keys("Enter")
    term.wait_for("wamid")
    term.keys("Enter")
    term.wait_for("9 · Webhook")
    term.wait_for("Subscribe ▸")  # the wizard's own receiver is listening
    term.keys("Enter")
    term.wait_for("Meta verified")
    term.keys("Enter")
    term.wait_for("10 · Review and write")
    term.keys("Enter")
    term.wait_for("Prove it works any time later")
    written = dotenv_values(tmp_path / ".env", interpolate=False)
    assert written["WHATSAPP_ACCESS_TOKEN"] == world.token("system-user")
    assert written["WHATSAPP_PHONE_NUMBER_ID"] == world.phone.id
    assert written["FACEBOOK_APP_ID"] == world.app.id
