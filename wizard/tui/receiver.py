"""The local webhook receiver the Webhook step can run inside the app.

The reference receiver of ``wizard.core.webhook.receiver`` (uvicorn in a thread)
on a free 127.0.0.1 port. One per app: it outlives the step so statuses keep
arriving while the person is on another step, and the app stops it on exit.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.webhook.receiver import Delivery, ReceiverLog

PATH = "/webhook"


class LocalReceiver:
    """Start, describe and stop the reference receiver; never raises a traceback at people."""

    def __init__(self) -> None:
        self.url: str | None = None
        """``http://127.0.0.1:PORT/webhook`` while it runs."""
        self.log: ReceiverLog | None = None
        self._server: Any = None
        self._starting: asyncio.Future[str] | None = None
        """The thread start of ``_server`` while it runs (kept when the caller is cancelled)."""
        self._keys: tuple[str | None, str | None] = (None, None)
        self._lock = asyncio.Lock()
        """One start or stop at a time: two quick Listen presses never make two servers."""

    @property
    def running(self) -> bool:
        return self.url is not None

    def matches(self, verify_token: str | None, app_secret: str | None) -> bool:
        """Whether it checks with these values (after a change it must restart)."""
        return self._keys == (verify_token, app_secret)

    async def start(
        self,
        verify_token: str | None,
        app_secret: str | None,
        on_delivery: Callable[[Delivery], None],
    ) -> str:
        """Serve on a free port (uvicorn starts in a thread, so the UI never blocks).

        The server is stored before its start is awaited, and the start is shielded: a
        cancelled caller (an ``exclusive`` worker replaced by a second press, the app
        closing) leaves it where :meth:`stop` finds and stops it, never orphaned.
        """
        async with self._lock:
            if self.running and self.matches(verify_token, app_secret) and self.url:
                return self.url
            await self._stop()
            from wizard.core.webhook.receiver import (
                ReceiverLog,
                ReceiverServer,
                create_receiver_app,
            )

            log = ReceiverLog()
            app = create_receiver_app(
                verify_token, app_secret, path=PATH, on_delivery=on_delivery, log=log
            )
            server = ReceiverServer(app)
            starting = asyncio.ensure_future(asyncio.to_thread(server.start))
            self._server, self._starting = server, starting
            self.log, self._keys = log, (verify_token, app_secret)
            try:
                base = await asyncio.shield(starting)
            except asyncio.CancelledError:
                raise  # still stored: stop() waits for the start, then stops it
            except Exception:
                await self._stop()  # a half-started thread is stopped too
                raise
            self._starting = None
            self.url = base + PATH
            return self.url

    async def stop(self) -> None:
        """Stop serving (idempotent); called on app exit."""
        async with self._lock:
            await self._stop()

    async def _stop(self) -> None:
        server, starting = self._server, self._starting
        self._server, self._starting, self.url = None, None, None
        if starting is not None:
            with contextlib.suppress(Exception):
                await starting  # its thread must be known before it can be stopped
        if server is not None:
            await asyncio.to_thread(server.stop)

    def event_lines(self) -> list[str]:
        """Every redacted summary line of every verified event, oldest first."""
        if self.log is None:
            return []
        return [line for delivery in self.log.events() for line in delivery.lines]
