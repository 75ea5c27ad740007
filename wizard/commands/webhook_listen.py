"""`wa-wizard webhook-listen`: a local reference webhook receiver on 127.0.0.1.

It answers the handshake with the env file's verify token, verifies signatures
with the app secret and prints one redacted line per status or message, like
``stripe listen``. Ctrl+C stops it with exit 0.
"""

from __future__ import annotations

import argparse
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.commands.sandbox import port_number
from wizard.core.output import Printer

if TYPE_CHECKING:
    from wizard.core.webhook.receiver import Delivery

NAME = "webhook-listen"
HELP = "run a local reference webhook receiver"

_SYMBOL = {
    "handshake": "pass",
    "event": "pass",
    "forwarded": "info",
    "not_forwarded": "info",
    "too_large": "fail",
    "handshake_refused": "fail",
    "bad_signature": "fail",
    "bad_json": "fail",
}


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help=HELP,
        description="Run a reference webhook receiver on 127.0.0.1: it answers Meta's handshake "
        "with the verify token from the env file (403 otherwise), verifies X-Hub-Signature-256 "
        "with the app secret (401 on mismatch) and prints each event, redacted.",
        epilog="example: wa-wizard webhook-listen --port 8080 --forward-to http://localhost:3000/hook",
    )
    parser.add_argument(
        "--port", type=port_number, default=8080, help="port on 127.0.0.1 (default 8080)"
    )
    parser.add_argument("--path", default="/webhook", help="callback path (default /webhook)")
    parser.add_argument(
        "--forward-to",
        metavar="URL",
        type=_forward_url,
        help="re-post each verified event, signed, to this URL (not to the listener itself)",
    )
    return parser


def _forward_url(text: str) -> str:
    """argparse type: an http(s) URL with a valid port (the same rules as webhook-test)."""
    from wizard.commands.webhook_test import _url

    return _url(text)


def _bind(port: int) -> socket.socket | str:
    """A bound socket, or why not (in use, or a privileged port)."""
    import errno

    from wizard.core.loopback import bind

    try:
        return bind(port)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"127.0.0.1:{port} needs administrator rights (ports below 1024)"
        if exc.errno == errno.EADDRINUSE:
            return f"127.0.0.1:{port} is already in use"
        return f"127.0.0.1:{port} cannot be opened ({exc.strerror or 'error'})"


def _printer_callback(printer: Printer) -> Any:
    def show(delivery: Delivery) -> None:
        stamp = time.strftime("%H:%M:%S")
        symbol = printer.style(
            {"pass": "✓", "fail": "✗"}.get(_SYMBOL.get(delivery.kind, "info"), "·"),
            _SYMBOL.get(delivery.kind, "info"),
        )
        for line in delivery.lines:
            printer.line(f"{stamp} {symbol} {line}")
        printer.stream.flush()

    return show


async def _serve(app: Any, sock: socket.socket, printer: Printer, url: str) -> None:
    import asyncio

    import uvicorn

    config = uvicorn.Config(app, log_level="critical", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn has no ready event
        await asyncio.sleep(0.01)
    if server.started:
        printer.line(f"Ready! Listening on {url} (Ctrl+C to stop)")
        printer.stream.flush()
    await task


def run(args: argparse.Namespace) -> int:
    import asyncio

    from wizard.commands.webhook_test import load_values
    from wizard.core.webhook.diagnose import tunnel_hint
    from wizard.core.webhook.receiver import create_receiver_app, same_endpoint

    printer = Printer()
    path = "/" + args.path.strip("/")
    if args.forward_to and args.port and same_endpoint(args.forward_to, args.port, path):
        printer.status(
            "fail",
            "Forward",
            f"{args.forward_to} is this listener itself: every event would be forwarded "
            "to itself, forever.",
        )
        printer.hint("Forward to your own server's URL (another port or path), e.g. "
                     "--forward-to http://localhost:3000/webhook.")  # fmt: skip
        return 2
    env_path = Path(args.env_file or ".env")
    values = load_values(env_path)
    if not values.verify_token:
        printer.status("warn", "Verify token", f"not set in {env_path}: every handshake gets 403")
        printer.hint("Run `wa-wizard verify-token --write` and restart the listener.")
    if not values.app_secret:
        printer.status("warn", "App secret", f"not set in {env_path}: every event gets 401")
        printer.hint("Add FACEBOOK_APP_SECRET (App Dashboard > App settings > Basic).")
    sock = _bind(args.port)
    if isinstance(sock, str):
        printer.status("fail", "Port", sock)
        printer.hint("Stop the other program or pick another port with --port (e.g. 8081).")
        return 1
    port = int(sock.getsockname()[1])
    url = f"http://127.0.0.1:{port}{path}"
    app = create_receiver_app(
        values.verify_token,
        values.app_secret,
        path=path,
        on_delivery=_printer_callback(printer),
        forward_to=args.forward_to,
    )
    printer.line(tunnel_hint(port))
    printer.line(
        "Then: wa-wizard webhook-test https://…" + path
        + f" and wa-wizard webhook-subscribe --callback-url https://…{path}"
    )  # fmt: skip
    try:
        asyncio.run(_serve(app, sock, printer, url))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    printer.line("Stopped.")
    return 0
