"""Fault matrix: every sandbox fault x every Graph call of doctor, exchange and send-test.

Each cell runs the real command (``wizard.cli.main``) against the sandbox server on
loopback with one fault pinned to one call, and proves what a person would get:
no traceback and no crash report, a fix under every failure, and for exchange a
.env that is byte-identical (no backup, no temp file left behind). The full cross
product is ``slow`` (WA_WIZARD_SLOW=1); the default run keeps a subset in which
every fault and every call appears at least once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .support import (
    SLOW,
    TIMEOUT_FAULT_MS,
    Run,
    crash_reports,
    write_practice_env,
)

FAULTS: dict[str, dict[str, Any]] = {
    "timeout": {"kind": "timeout", "delay_ms": TIMEOUT_FAULT_MS},
    "5xx": {"kind": "status", "status": 503},
    "reset": {"kind": "reset"},
    "malformed": {"kind": "malformed"},
    "rate-4": {"kind": "error", "code": 4},
    "rate-17": {"kind": "error", "code": 17},
    "rate-80007": {"kind": "error", "code": 80007},
    "rate-130429": {"kind": "error", "code": 130429},
    "transient-2": {"kind": "error", "code": 2},
    "transient-131000": {"kind": "error", "code": 131000},
}

DOCTOR_CALLS: dict[str, Callable[[Any], str]] = {
    "debug_token": lambda w: "/debug_token",
    "app_token": lambda w: "/oauth/access_token",
    "app_subscriptions": lambda w: f"/{w.app.id}/subscriptions",
    "phone_number": lambda w: f"/{w.phone.id}",
    "waba": lambda w: f"/{w.phone.waba_id}",
    "phone_numbers": lambda w: f"/{w.phone.waba_id}/phone_numbers",
    "templates": lambda w: f"/{w.phone.waba_id}/message_templates",
    "subscribed_apps": lambda w: f"/{w.phone.waba_id}/subscribed_apps",
}
"""Every distinct call doctor makes on a healthy practice .env (checked below)."""

EXCHANGE_CALLS = ("debug_token_old", "oauth_exchange", "debug_token_new")
"""exchange is sequential: the faulted call is picked by its position."""
SEND_CALLS = ("phone_lookup", "send")

FAIL_LINE = re.compile(r"^  (✗|!) ")


def cells(calls: tuple[str, ...] | list[str]) -> list[Any]:
    """The cross product; cells outside the quick subset are marked slow.

    The quick subset pairs fault i with call i mod len(calls), so every fault and
    every call is exercised in the default run.
    """
    params = []
    for i, fault in enumerate(FAULTS):
        for j, call in enumerate(calls):
            quick = j == i % len(calls)
            marks = [] if quick else [pytest.mark.slow, pytest.mark.skipif(not SLOW, reason=SKIP)]
            params.append(pytest.param(call, fault, marks=marks, id=f"{call}-{fault}"))
    return params


SKIP = "full fault matrix: set WA_WIZARD_SLOW=1"


def pinned(fault: str, path: str, *, after: int = 0) -> Any:
    """A plan whose fault hits ``path`` (every time) once ``after`` requests went through."""
    from wizard.sandbox.faults import FaultPlan

    plan = FaultPlan()
    if after:
        plan.add("latency", delay_ms=0, times=after)
    return plan.add(path=f"^{re.escape(path)}$", **FAULTS[fault])


def assert_explained(run: Run) -> None:
    """No traceback, no crash report, a fix under every failed or warned line."""
    assert "Traceback" not in run.text
    assert not crash_reports(), "a crash report was written"
    assert run.code in (0, 1), run.text
    lines = run.out.splitlines()
    for i, line in enumerate(lines):
        if FAIL_LINE.match(line):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            assert nxt.startswith("    - "), f"no fix under {line!r}:\n{run.out}"


def test_doctor_calls_are_all_in_the_matrix(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], requests_seen: list[tuple[str, str]]
) -> None:
    env = write_practice_env(tmp_path / ".env", sandbox.world)
    run = cli("--env-file", str(env), "--graph-url", sandbox.url, "doctor")
    assert run.code == 0, run.text
    expected = {make(sandbox.world) for make in DOCTOR_CALLS.values()}
    assert {path for _, path in requests_seen} == expected


@pytest.mark.parametrize(("call", "fault"), cells(list(DOCTOR_CALLS)))
def test_doctor_under_fault(
    sandbox: Any,
    tmp_path: Path,
    cli: Callable[..., Run],
    requests_seen: list[tuple[str, str]],
    call: str,
    fault: str,
) -> None:
    env = write_practice_env(tmp_path / ".env", sandbox.world)
    argv = ("--env-file", str(env), "--graph-url", sandbox.url, "doctor")
    clean = cli(*argv)
    sandbox.faults = pinned(fault, DOCTOR_CALLS[call](sandbox.world))
    run = cli(*argv)
    assert_explained(run)
    assert run.out != clean.out, "the fault left no trace in doctor's report"
    assert run.code == 1 or "!" in run.out


@pytest.mark.parametrize(("call", "fault"), cells(EXCHANGE_CALLS))
def test_exchange_under_fault(
    sandbox: Any,
    tmp_path: Path,
    cli: Callable[..., Run],
    requests_seen: list[tuple[str, str]],
    call: str,
    fault: str,
) -> None:
    env = write_practice_env(tmp_path / ".env", sandbox.world, token_scenario="short-lived")
    before = env.read_bytes()
    index = EXCHANGE_CALLS.index(call)
    path = ("/debug_token", "/oauth/access_token", "/debug_token")[index]
    sandbox.faults = pinned(fault, path, after=index)
    run = cli("--env-file", str(env), "--graph-url", sandbox.url, "exchange")
    assert_explained(run)
    assert run.code == 1
    assert "Fix:" in run.out
    assert "was not changed" in run.out
    assert env.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]
    assert [p for _, p in requests_seen][index] == path


@pytest.mark.parametrize(("call", "fault"), cells(SEND_CALLS))
def test_send_test_under_fault(
    sandbox: Any,
    tmp_path: Path,
    cli: Callable[..., Run],
    requests_seen: list[tuple[str, str]],
    call: str,
    fault: str,
) -> None:
    world = sandbox.world
    env = write_practice_env(tmp_path / ".env", world)
    path = f"/{world.phone.id}" + ("/messages" if call == "send" else "")
    sandbox.faults = pinned(fault, path)
    run = cli(
        "--env-file", str(env), "--graph-url", sandbox.url,
        "send-test", "--to", world.recipient_display[0],
    )  # fmt: skip
    assert_explained(run)
    if call == "send":
        assert run.code == 1
        assert "Not sent" in run.out
        assert "Fix:" in run.out
        assert "wamid" not in run.out
    else:  # the number lookup is only a hint; the send itself still goes through
        assert run.code == 0, run.text
        assert "Accepted" in run.out
    assert (request := ("GET", path)) in requests_seen or call == "send", request


@pytest.mark.parametrize("fault", ["rate-130429", "rate-4"])
def test_one_transient_failure_is_retried_and_invisible(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], fault: str
) -> None:
    """A fault that happens once must not reach the user: the client retries it."""
    from wizard.sandbox.faults import FaultPlan

    world = sandbox.world
    env = write_practice_env(tmp_path / ".env", world)
    path = f"/{world.phone.id}/messages"
    sandbox.faults = FaultPlan().add(path=f"^{re.escape(path)}$", times=1, **FAULTS[fault])
    run = cli(
        "--env-file", str(env), "--graph-url", sandbox.url,
        "send-test", "--to", world.recipient_display[0],
    )  # fmt: skip
    assert_explained(run)
    assert run.code == 0, run.text
    assert "Accepted" in run.out


@pytest.mark.parametrize("fault", ["transient-2", "5xx", "reset"])
def test_a_send_that_may_have_gone_out_is_not_repeated(
    sandbox: Any, tmp_path: Path, cli: Callable[..., Run], fault: str
) -> None:
    """A failure after the request left may hide an accepted message: explain, never resend."""
    from wizard.sandbox.faults import FaultPlan

    world = sandbox.world
    env = write_practice_env(tmp_path / ".env", world)
    path = f"/{world.phone.id}/messages"
    sandbox.faults = FaultPlan().add(path=f"^{re.escape(path)}$", times=1, **FAULTS[fault])
    sent_before = len(sandbox.state.sent)
    run = cli(
        "--env-file", str(env), "--graph-url", sandbox.url,
        "send-test", "--to", world.recipient_display[0],
    )  # fmt: skip
    assert_explained(run)
    assert run.code == 1, run.text
    assert "Not sent" in run.out
    assert len(sandbox.state.sent) == sent_before  # the faulty request was the only one
