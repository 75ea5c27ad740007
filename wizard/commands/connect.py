"""Open a command's session: the real Graph API, or the in-process sandbox for ``--sandbox``.

The core only speaks HTTP; wiring the practice world in is the face's job, so the
sandbox (and starlette) is imported only when ``--sandbox`` asks for it.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from wizard.core.session import Session, open_session

if TYPE_CHECKING:
    import httpx

    from wizard.core.graph.client import RetryPolicy

SANDBOX_URL = "http://sandbox.invalid"
"""Base URL of the in-process sandbox (never resolved: the transport answers)."""


def sandbox_transport() -> httpx.AsyncBaseTransport:
    """An in-process sandbox (ASGI) over the practice world."""
    import httpx

    from wizard.sandbox.app import create_app
    from wizard.sandbox.world import build_world

    return httpx.ASGITransport(app=create_app(build_world()))


@asynccontextmanager
async def connect(
    args: argparse.Namespace,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> AsyncIterator[Session]:
    """:func:`open_session` for ``args``, with the sandbox wired in for ``--sandbox``.

    Args:
        transport: tests inject one; it wins over ``--sandbox``.
        retry: a retry policy other than the default.
    """
    base_url = None
    if transport is None and getattr(args, "sandbox", False):
        transport, base_url = sandbox_transport(), SANDBOX_URL
    async with open_session(args, transport=transport, base_url=base_url, retry=retry) as session:
        yield session
