"""`wa-wizard sandbox`: serve the built-in sandbox Graph API."""

from __future__ import annotations

import argparse
import errno
import sys
from typing import Any

NAME = "sandbox"
DEFAULT_PORT = 8765

EPILOG_HEAD = """\
examples:
  wa-wizard sandbox                         serve on http://127.0.0.1:8765
  wa-wizard sandbox --world production      rehearse a live number (worlds below)
  wa-wizard sandbox --port 9000 --seed 7    another port, another practice world
  wa-wizard sandbox --require-proof         behave as if "Require App Secret" were on
  wa-wizard --graph-url http://127.0.0.1:8765 doctor    (in another terminal)

The practice card lists ids, the app secret and one token per scenario (expired,
revoked, no messaging permission, ...). Practice values are not secrets.

worlds (--world NAME; also: wa-wizard --sandbox --world NAME [command]):
"""


def port_number(text: str) -> int:
    """argparse type for a TCP port: a usage error (exit 2) outside 0-65535."""
    try:
        value = int(text) if text.strip().isascii() else -1  # ASCII digits only
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    from wizard.sandbox.worlds import describe_worlds

    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help="serve the built-in sandbox Graph API",
        description="Serve a simulated Graph API on 127.0.0.1 with practice values; "
        "nothing reaches Meta.",
        epilog=EPILOG_HEAD + describe_worlds() + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--require-proof",
        action="store_true",
        help="require appsecret_proof on token calls (Meta's Require App Secret)",
    )
    parser.add_argument(
        "--latency-ms", type=_non_negative, default=0, metavar="N", help="delay every answer"
    )
    parser.add_argument(
        "--seed", type=int, default=None, metavar="N", help="another practice world"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from wizard.sandbox.app import create_app
    from wizard.sandbox.server import serve_forever
    from wizard.sandbox.world import build_world

    world = build_world(seed=args.seed, name=args.world)
    app = create_app(world, require_proof=args.require_proof, latency_ms=args.latency_ms)

    def ready(url: str) -> None:
        # Plain print on purpose: practice values are shown whole (the Printer would mask them).
        print(world.card(url))
        print()
        pin = f" --graph-version {world.graph_version}" if world.graph_version else ""
        print(f"Try it:  wa-wizard --graph-url {url}{pin} doctor")
        if args.require_proof:
            print("Require App Secret is on: token calls need appsecret_proof.")
        sys.stdout.flush()

    try:
        serve_forever(app, args.port, ready)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"wa-wizard sandbox: port {args.port} is already in use (another sandbox?). "
                f"Stop it, or pick another port: wa-wizard sandbox --port {args.port + 1}",
                file=sys.stderr,
            )
        else:
            print(
                f"wa-wizard sandbox: cannot listen on 127.0.0.1:{args.port} "
                f"({exc.strerror or type(exc).__name__}). Try another --port.",
                file=sys.stderr,
            )
        return 1
    print("Sandbox stopped.")
    return 0
