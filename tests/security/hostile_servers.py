"""Hostile HTTP servers on 127.0.0.1 for the network-side tests (issue 14).

Plain sockets in daemon threads, so a test can point the real CLI (which runs its own
event loop) at them: a server that drips its answer one byte at a time, one that sends
an endless body, and one that counts what a client sent.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Behaviour = Callable[[socket.socket], None]


def read_head(conn: socket.socket) -> bytes:
    """The request line and headers (the body, if any, is left unread)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def drip(interval: float, stop: threading.Event) -> Behaviour:
    """Answer 200 with a JSON content type and then one byte every ``interval`` seconds."""

    def behave(conn: socket.socket) -> None:
        read_head(conn)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        while not stop.wait(interval):
            conn.sendall(b" ")

    return behave


def endless(stop: threading.Event, *, chunk: int = 256 * 1024) -> Behaviour:
    """Answer 200 and then an endless body without a length (until the client leaves)."""
    block = b"[" * chunk

    def behave(conn: socket.socket) -> None:
        read_head(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
        while not stop.is_set():
            conn.sendall(block)

    return behave


@contextmanager
def serve(behaviour: Behaviour) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of a server that runs ``behaviour`` per connection."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    closing = threading.Event()

    def handle(conn: socket.socket) -> None:
        # OSError: the client hung up, which is what a bounded client does.
        with conn, contextlib.suppress(OSError):
            behaviour(conn)

    def accept() -> None:
        while not closing.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        closing.set()
        listener.close()
