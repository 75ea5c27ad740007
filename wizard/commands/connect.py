"""Open a command's session: the real Graph API, or the in-process sandbox for ``--sandbox``.

The core only speaks HTTP; wiring the practice world in is the face's job, so the
sandbox (and starlette) is imported only when ``--sandbox`` asks for it. ``--world``
picks a named world (:mod:`wizard.sandbox.worlds`).
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
    from wizard.sandbox.world import World

SANDBOX_URL = "http://sandbox.invalid"
"""Base URL of the in-process sandbox (never resolved: the transport answers)."""


def sandbox_world(args: argparse.Namespace) -> World:
    """The world ``--world`` names (default: the practice world)."""
    from wizard.sandbox.world import build_world
    from wizard.sandbox.worlds import DEFAULT_WORLD

    return build_world(name=getattr(args, "world", None) or DEFAULT_WORLD)


def with_world_version(args: argparse.Namespace, world: World) -> argparse.Namespace:
    """``args`` with the Graph version the world's project pins, unless a flag gave one.

    The ``old-version`` world stands for a project pinned to an older version, so it
    plays the part of a ``--graph-version`` flag (a copy; ``args`` is not changed).
    """
    if not world.graph_version or getattr(args, "graph_version_given", False):
        return args
    return argparse.Namespace(
        **{**vars(args), "graph_version": world.graph_version, "graph_version_given": True}
    )


def sandbox_transport(world: World | None = None) -> httpx.AsyncBaseTransport:
    """An in-process sandbox (ASGI) over ``world`` (default: the practice world)."""
    import httpx

    from wizard.sandbox.app import create_app
    from wizard.sandbox.world import build_world

    return httpx.ASGITransport(app=create_app(world or build_world()))


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
        world = sandbox_world(args)
        args = with_world_version(args, world)
        transport, base_url = sandbox_transport(world), SANDBOX_URL
    async with open_session(args, transport=transport, base_url=base_url, retry=retry) as session:
        yield session
