"""Issue 12 in a real terminal (tmux, 80x24): practice values by keyboard, no screen copying."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_tmux import WIZARD, Term, pytestmark  # noqa: F401 - the same tmux markers


@pytest.fixture
def small_term(tmp_path: Path) -> Iterator[Term]:
    t = Term(tmp_path, f"{WIZARD} --sandbox --env-file {tmp_path / '.env'}")
    t.run("resize-window", "-t", "wiz", "-x", "80", "-y", "24")
    yield t
    t.close()


def test_practice_values_fill_fields_by_keyboard_at_80x24(small_term: Term) -> None:
    from wizard.sandbox.world import build_world

    world = build_world()
    term = small_term
    term.wait_for("1 · Overview")
    term.keys("Enter")
    term.wait_for("2 · Verify token")
    term.keys("Enter")  # Generate
    term.wait_for("Continue ▸")
    term.keys("Enter")
    term.wait_for("3 · App ID and secret")
    term.keys("F2")
    shown = term.wait_for("Practice values")
    assert "Close" in shown  # the whole card fits 80x24
    assert "esc Close" in shown
    assert "Put in field" in shown
    assert "esc Back" not in shown  # the card's keys, not the step's
    term.keys("Enter")  # the App ID is highlighted for the App ID field
    term.wait_for(world.app.id)
    term.keys("Enter")  # on to the empty secret field
    term.wait_for("Needed: paste it here")
    term.keys("F2")
    term.wait_for("Practice values")
    term.keys("Enter")
    term.wait_for("•" * 32)
    term.keys("Enter")
    term.wait_for("4 · Access token")
    term.keys("F2")
    term.wait_for("Practice values")
    term.keys("Enter")  # the short-lived token, whole
    term.wait_for("Inspect ▸")
    term.keys("Enter")
    shown = term.wait_for("Valid user token")
    assert all(len(line) <= 80 for line in shown.splitlines())
