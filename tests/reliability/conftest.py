"""Fixtures for the fault matrix and the security suite: a fast client, a CLI runner.

The fault matrix runs every command many times against the real sandbox server, so
the client is made fast without changing its logic: the HTTP timeout is short (a
``timeout`` fault sleeps longer on the server) and retry back-offs do not wait.
The number of attempts and the retry decisions stay exactly as shipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from wizard.core.graph import client as graph_client

from .support import CLIENT_TIMEOUT, Run


async def _no_wait(_delay: float) -> None:
    await asyncio.sleep(0)


@pytest.fixture
def requests_seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Make every session's client fast and record (method, path after the version)."""
    import httpx

    import wizard.core.session as session_mod

    seen: list[tuple[str, str]] = []
    real_make = graph_client.make_http_client

    async def record(request: httpx.Request) -> None:
        path = request.url.path
        parts = path.split("/", 2)  # "", "v25.0", rest
        seen.append((request.method, "/" + parts[2] if len(parts) > 2 else path))

    def fast_http(
        transport: httpx.AsyncBaseTransport | None = None, *, timeout: float = 10.0
    ) -> httpx.AsyncClient:
        client = real_make(transport, timeout=CLIENT_TIMEOUT)
        client.event_hooks["request"].append(record)
        return client

    def fast_graph(*args: Any, **kwargs: Any) -> graph_client.GraphClient:
        client = graph_client.GraphClient(*args, **kwargs)
        client.sleep = _no_wait
        return client

    monkeypatch.setattr(session_mod, "make_http_client", fast_http)
    monkeypatch.setattr(session_mod, "GraphClient", fast_graph)
    return seen


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``wizard.cli.main(argv)`` in-process and capture what a person would see."""
    from wizard.cli import main

    def run(*argv: str) -> Run:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def fast_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same fast client for the wizard: its Services import the factory lazily."""
    import httpx

    real_make = graph_client.make_http_client
    real_init = graph_client.GraphClient.__init__

    def fast_http(
        transport: httpx.AsyncBaseTransport | None = None, *, timeout: float = 10.0
    ) -> httpx.AsyncClient:
        return real_make(transport, timeout=CLIENT_TIMEOUT)

    def init(self: graph_client.GraphClient, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self.sleep = _no_wait

    monkeypatch.setattr(graph_client, "make_http_client", fast_http)
    monkeypatch.setattr(graph_client.GraphClient, "__init__", init)
