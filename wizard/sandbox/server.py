"""Serve a sandbox app over real HTTP on 127.0.0.1 (background thread or foreground)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any

from wizard.sandbox.app import TRANSPORT_KEY

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]

HOST = "127.0.0.1"


def expose_transport(app: ASGIApp) -> ASGIApp:
    """Put uvicorn's socket transport in the scope so the ``reset`` fault can drop it."""

    async def wrapped(scope: Scope, receive: Any, send: Any) -> None:
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if scope.get("type") == "http" and transport is not None:
            scope = dict(scope)
            scope[TRANSPORT_KEY] = transport
        await app(scope, receive, send)

    return wrapped


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0 picks a free one).

    Raises:
        OSError: e.g. the port is taken (``errno.EADDRINUSE``).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _server(app: ASGIApp) -> Any:
    import uvicorn

    config = uvicorn.Config(
        expose_transport(app),
        log_level="warning",
        access_log=False,
        lifespan="off",
        proxy_headers=False,
        timeout_graceful_shutdown=1,
    )
    return uvicorn.Server(config)


class SandboxServer:
    """uvicorn in a daemon thread: ``with SandboxServer(app) as url: ...``."""

    def __init__(self, app: ASGIApp, port: int = 0) -> None:
        self.app = app
        self.port = port
        self.url = ""
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> str:
        """Bind, start serving, and return ``http://127.0.0.1:PORT``.

        Raises:
            OSError: the port is taken.
            RuntimeError: the server did not come up in time.
        """
        sock = bind(self.port)
        self.port = sock.getsockname()[1]
        self._server = _server(self.app)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="sandbox", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.005)
        self.url = f"http://{HOST}:{self.port}"
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(app: ASGIApp, port: int, on_ready: Callable[[str], None]) -> None:
    """Serve in the foreground until Ctrl+C (returns normally then).

    Raises:
        OSError: the port could not be bound (the caller explains it).
    """
    sock = bind(port)
    server = _server(app)
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
