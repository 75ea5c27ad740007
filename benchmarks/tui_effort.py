"""Keyboard effort of the sandbox happy path in a real terminal (tmux); not a test.

Usage: ``python benchmarks/tui_effort.py [WIDTHxHEIGHT ...]`` (default 100x30 and 80x24).

Runs ``wa-wizard --sandbox`` in a private tmux server and walks the whole checklist
the way a newcomer following the footer would: Enter for each step's primary action,
the practice values pasted (bracketed paste, as a terminal does). It waits on what
the screen shows before each key, never on time. It prints, per terminal size, the
key presses besides the pasted values, how many were Tab, and the keys in order;
the walk fails loudly if the written env file is not the expected one.

The walk: exchange the short-lived token (step 5), send the test message, subscribe
the wizard's own receiver (step 9), write. Goal (issue 12): at most 18 presses, at
most 2 of them Tab.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 - drives tmux, our own program
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_PRESSES = 18
GOAL_TABS = 2
WAIT = 60.0
"""Upper bound on waiting for one screen state (a bound, not a pace)."""


@dataclass
class Term:
    """A private tmux server running the wizard, counting the keys sent to it."""

    tmp: Path
    width: int
    height: int
    keys: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        conf = self.tmp / "tmux.conf"
        conf.write_text("set -s set-clipboard on\nset -g status off\n")
        self.base = ["tmux", "-L", f"wizeffort-{uuid.uuid4().hex[:8]}", "-f", str(conf)]
        env_file = self.tmp / ".env"
        command = (
            f"cd {ROOT} && PYTHONPATH={ROOT} {sys.executable} -m wizard --sandbox "
            f"--env-file {env_file}"
        )
        self.run("new-session", "-d", "-s", "wiz", "-x", str(self.width), "-y", str(self.height))
        self.run("resize-window", "-t", "wiz", "-x", str(self.width), "-y", str(self.height))
        self.run("send-keys", "-t", "wiz", "-l", f"exec sh -c '{command}'")
        self.run("send-keys", "-t", "wiz", "Enter")

    def run(self, *args: str) -> str:
        done = subprocess.run(  # nosec B603 - fixed tmux argv
            [*self.base, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "wiz")

    def size(self) -> str:
        """The pane's real size (the walk checks it is the one asked for)."""
        return self.run("display", "-p", "-t", "wiz", "#{pane_width}x#{pane_height}").strip()

    def press(self, key: str) -> None:
        """One counted key press (Enter, Tab, Down…)."""
        self.keys.append(key)
        self.run("send-keys", "-t", "wiz", key)

    def paste(self, text: str) -> None:
        """A pasted value (bracketed paste): not counted."""
        self.run("set-buffer", "-b", "wiz", text)
        self.run("paste-buffer", "-p", "-d", "-b", "wiz", "-t", "wiz")

    def wait_for(self, text: str) -> str:
        """Poll until ``text`` shows and the screen stops changing."""
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            shown = self.screen()
            if text in shown:
                return self.settled(shown)
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen()}")

    def settled(self, shown: str) -> str:
        end = time.monotonic() + 10
        while time.monotonic() < end:
            time.sleep(0.15)
            again = self.screen()
            if again == shown:
                return again
            shown = again
        return shown

    def close(self) -> None:
        subprocess.run(  # nosec B603 - fixed tmux argv
            [*self.base, "kill-server"], capture_output=True, check=False
        )


def walk(width: int, height: int) -> list[str]:
    """The happy path at one terminal size; returns the counted keys in order."""
    from dotenv import dotenv_values

    from wizard.sandbox.world import build_world

    world = build_world()
    with tempfile.TemporaryDirectory() as tmp:
        term = Term(Path(tmp), width, height)
        try:
            term.wait_for("1 · Overview")
            assert term.size() == f"{width}x{height}", term.size()
            term.press("Enter")
            term.wait_for("2 · Verify token")
            term.press("Enter")  # Generate
            term.wait_for("Continue ▸")
            term.press("Enter")
            term.wait_for("3 · App ID and secret")
            term.paste(world.app.id)
            term.wait_for(world.app.id)
            term.press("Enter")  # to the secret field
            term.wait_for("Needed: paste it here")
            term.paste(world.app.secret)
            term.wait_for("•" * 32)
            term.press("Enter")
            term.wait_for("4 · Access token")
            term.paste(world.token("short-lived"))
            term.wait_for("Inspect ▸")
            term.press("Enter")
            term.wait_for("Valid user token")
            term.press("Enter")
            term.wait_for("5 · Make it last")
            term.press("Enter")  # Exchange
            term.wait_for("Exchanged")
            term.press("Enter")
            term.wait_for("6 · Permissions")
            term.wait_for("granted")
            term.press("Enter")
            term.wait_for("7 · Phone number")
            shown = term.wait_for(world.phone.display)
            rows = [line for line in shown.splitlines() if "+1 555-0" in line]
            position = next(i for i, line in enumerate(rows) if world.phone.display in line)
            for _ in range(position):
                term.press("Down")
            term.press("Enter")
            term.wait_for("8 · Test message")
            term.paste(world.recipient_display[0])
            term.wait_for("Will send to")
            term.press("Enter")  # Send
            term.wait_for("Message id")
            term.press("Enter")
            term.wait_for("9 · Webhook")
            term.wait_for("Subscribe ▸")
            term.press("Enter")  # Subscribe the wizard's own receiver
            term.wait_for("Meta verified")
            term.press("Enter")
            term.wait_for("10 · Review and write")
            term.press("Enter")  # Write .env
            term.wait_for("wa-wizard doctor")
            term.press("Enter")  # Finish
            end = time.monotonic() + WAIT
            while "Review and write" in term.screen() and time.monotonic() < end:
                time.sleep(0.1)
            written = dotenv_values(Path(tmp) / ".env", interpolate=False)
        finally:
            term.close()
    token = written.get("WHATSAPP_ACCESS_TOKEN") or ""
    assert written.get("FACEBOOK_APP_ID") == world.app.id, written
    assert written.get("WHATSAPP_PHONE_NUMBER_ID") == world.phone.id, written
    assert token.startswith("EAA"), written
    assert token != world.token("short-lived"), "the token was not exchanged"
    return term.keys


def main(argv: list[str]) -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed: the effort walk needs a real terminal.")
        return 1
    sizes = [tuple(int(n) for n in arg.split("x")) for arg in argv] or [(100, 30), (80, 24)]
    print("Sandbox happy path by keyboard in tmux (values pasted, not counted)")
    print(f"  {'terminal':<10}{'presses':>9}{'Tab':>6}   goal ≤ {GOAL_PRESSES}, ≤ {GOAL_TABS} Tab")
    worst = 0
    for width, height in sizes:
        keys = walk(width, height)
        tabs = sum(key in ("Tab", "BTab") for key in keys)
        print(f"  {f'{width}x{height}':<10}{len(keys):>9}{tabs:>6}   {' '.join(keys)}")
        worst = max(worst, int(len(keys) > GOAL_PRESSES or tabs > GOAL_TABS))
    return worst


if __name__ == "__main__":
    os.environ.pop("TEXTUAL_THEME", None)
    sys.exit(main(sys.argv[1:]))
