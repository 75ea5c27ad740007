"""Serve an ASGI app with uvicorn on 127.0.0.1: the sandbox and the webhook receiver.

uvicorn is imported only when a server starts.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]

HOST = "127.0.0.1"


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0 picks a free one).

    Raises:
        OSError: e.g. the port is taken (``errno.EADDRINUSE``) or privileged (``EACCES``).
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


def uvicorn_server(app: ASGIApp) -> Any:
    """A quiet uvicorn server for ``app`` (no access log, no lifespan, fast shutdown)."""
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        proxy_headers=False,
        timeout_graceful_shutdown=1,
    )
    return uvicorn.Server(config)


class LoopbackServer:
    """uvicorn in a daemon thread: ``with LoopbackServer(app) as url: ...``."""

    name = "loopback"
    """Thread name, and how errors name the server."""

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
        self._server = uvicorn_server(self.app)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name=self.name, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {self.name} server did not start on port {self.port}")
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
