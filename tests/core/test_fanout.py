"""Bounded fan-out: never more than the limit in flight, results in order, notes when slow."""

from __future__ import annotations

import asyncio

from wizard.core.graph.fanout import FANOUT_LIMIT, fanout_note, gather_bounded


async def test_no_more_than_the_limit_in_flight() -> None:
    in_flight = 0
    peak = 0
    release = asyncio.Event()

    async def call(n: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        if in_flight == 3:
            release.set()
        await release.wait()
        in_flight -= 1
        return n * 2

    assert await gather_bounded(list(range(10)), call, limit=3) == [n * 2 for n in range(10)]
    assert peak == 3


async def test_errors_come_back_in_place() -> None:
    async def call(n: int) -> int:
        if n == 1:
            raise ValueError("boom")
        return n

    out = await gather_bounded([0, 1, 2], call)
    assert out[0] == 0
    assert isinstance(out[1], ValueError)
    assert out[2] == 2


def test_the_note_appears_only_when_calls_queued() -> None:
    assert fanout_note(FANOUT_LIMIT, "WhatsApp accounts") is None
    assert f"{FANOUT_LIMIT} at a time" in (fanout_note(FANOUT_LIMIT + 1, "WhatsApp accounts") or "")
