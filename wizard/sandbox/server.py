"""Serve a sandbox app over real HTTP on 127.0.0.1 (background thread or foreground)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from wizard.core.loopback import HOST, ASGIApp, LoopbackServer, Scope, bind, uvicorn_server
from wizard.sandbox.app import TRANSPORT_KEY

__all__ = ["HOST", "SandboxServer", "bind", "expose_transport", "serve_forever"]


def expose_transport(app: ASGIApp) -> ASGIApp:
    """Put uvicorn's socket transport in the scope so the ``reset`` fault can drop it."""

    async def wrapped(scope: Scope, receive: Any, send: Any) -> None:
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if scope.get("type") == "http" and transport is not None:
            scope = dict(scope)
            scope[TRANSPORT_KEY] = transport
        await app(scope, receive, send)

    return wrapped


class SandboxServer(LoopbackServer):
    """The sandbox over real HTTP; the ``reset`` fault needs uvicorn's socket transport."""

    name = "sandbox"

    def __init__(self, app: ASGIApp, port: int = 0) -> None:
        super().__init__(expose_transport(app), port)


def serve_forever(app: ASGIApp, port: int, on_ready: Callable[[str], None]) -> None:
    """Serve in the foreground until Ctrl+C (returns normally then).

    Raises:
        OSError: the port could not be bound (the caller explains it).
    """
    sock = bind(port)
    server = uvicorn_server(expose_transport(app))
    url = f"http://{HOST}:{sock.getsockname()[1]}"
    thread = threading.Thread(target=_announce, args=(server, url, on_ready), daemon=True)
    thread.start()
    # uvicorn re-raises the captured SIGINT after a clean shutdown.
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


def _announce(server: Any, url: str, on_ready: Callable[[str], None]) -> None:
    while not server.started and not server.should_exit:
        time.sleep(0.01)
    if server.started:
        on_ready(url)
