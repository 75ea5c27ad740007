"""The in-app receiver never leaks a uvicorn thread, however quickly Listen is pressed."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

import pytest

from wizard.core.webhook import receiver as webhook_receiver
from wizard.tui.receiver import LocalReceiver

VERIFY = "v" * 32
SECRET = "9b1e57c0d2f84a6b91c3e7d5f0a2b4a0"
STARTED = threading.Event()


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every ReceiverServer that was started, to check their threads at the end."""
    started: list[Any] = []
    real_start = webhook_receiver.ReceiverServer.start

    STARTED.clear()

    def start(self: Any, timeout: float = 10.0) -> str:
        started.append(self)
        STARTED.set()
        return real_start(self, timeout)

    monkeypatch.setattr(webhook_receiver.ReceiverServer, "start", start)
    return started


def alive(servers: list[Any]) -> list[Any]:
    """Servers whose thread still runs (stop() joins them, so none should)."""
    return [s for s in servers if s._thread is not None and s._thread.is_alive()]


async def until_started(servers: list[Any]) -> None:
    """Wait until a start is running in its thread (the moment a cancel used to orphan it)."""
    await asyncio.to_thread(STARTED.wait, 10)


async def test_cancelled_start_is_stopped_not_orphaned(servers: list[Any]) -> None:
    """An exclusive worker cancelled mid-start (a second Listen press), then app exit."""
    receiver = LocalReceiver()
    first = asyncio.ensure_future(receiver.start(VERIFY, SECRET, lambda _: None))
    await until_started(servers)
    first.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await first
    url = await receiver.start(VERIFY, SECRET, lambda _: None)  # the second press
    assert url.startswith("http://127.0.0.1:")
    assert len(servers) == 2
    assert alive(servers) == [servers[1]]  # the cancelled one is already stopped
    await receiver.stop()  # Services.close on app exit
    assert alive(servers) == []


async def test_cancelled_start_then_exit_stops_it(servers: list[Any]) -> None:
    receiver = LocalReceiver()
    task = asyncio.ensure_future(receiver.start(VERIFY, SECRET, lambda _: None))
    await until_started(servers)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await receiver.stop()
    assert alive(servers) == []
    assert not receiver.running


async def test_two_quick_starts_make_one_server(servers: list[Any]) -> None:
    receiver = LocalReceiver()
    urls = await asyncio.gather(
        receiver.start(VERIFY, SECRET, lambda _: None),
        receiver.start(VERIFY, SECRET, lambda _: None),
    )
    assert urls[0] == urls[1]
    assert len(servers) == 1
    await receiver.stop()
    assert alive(servers) == []
