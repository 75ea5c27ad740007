"""Bounded fan-out: many Graph calls at once, but never more than a few in flight.

Meta limits management calls per app per WABA; an agency token can reach hundreds of
WABAs. Asking them all at the same instant trips rate limits (code 80008) and looks
like an attack, so callers ask :data:`FANOUT_LIMIT` at a time and say so when it
slowed them down (:func:`fanout_note`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Item = TypeVar("Item")

FANOUT_LIMIT = 8
"""Calls in flight at once when asking many WABAs or numbers."""


async def gather_bounded(
    items: Sequence[Item], call: Callable[[Item], Awaitable[T]], limit: int = FANOUT_LIMIT
) -> list[T | BaseException]:
    """``call(item)`` for every item, at most ``limit`` at a time, results in order.

    Exceptions are returned in place (like ``gather(return_exceptions=True)``), except
    cancellation, which propagates.
    """
    gate = asyncio.Semaphore(max(1, limit))

    async def one(item: Item) -> T:
        async with gate:
            return await call(item)

    return await asyncio.gather(*(one(item) for item in items), return_exceptions=True)


def fanout_note(count: int, what: str, limit: int = FANOUT_LIMIT) -> str | None:
    """A sentence when ``count`` calls had to wait their turn, else None."""
    if count <= limit:
        return None
    return (
        f"Asked {count} {what} {limit} at a time (Meta limits management calls per app "
        "and WhatsApp account), so this took longer."
    )
