"""`wa-wizard webhook-test URL`: test your webhook endpoint the way Meta uses it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.core.actions import in_cli
from wizard.core.output import Printer

if TYPE_CHECKING:
    from wizard.core.state import SetupValues
    from wizard.core.webhook.probes import ProbeResult

NAME = "webhook-test"
RUN_LIMIT = 60.0
"""Seconds the whole self-test may take, whatever the endpoint does."""
MAX_TIMEOUT = 60.0
HELP = "test your webhook endpoint like Meta does"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help=HELP,
        description="Act like Meta against your endpoint: the GET handshake with the right and a "
        "wrong verify token, a signed realistic event and a badly signed one, plus what Meta "
        "requires of a callback URL (https, public host, a fast 200). Exit 0 when the endpoint "
        "behaves as Meta needs, 1 otherwise.",
        epilog="example: wa-wizard webhook-test https://example.ngrok.app/webhook",
    )
    parser.add_argument("url", metavar="URL", type=_url, help="your webhook callback URL")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="seconds each request may take, whole answer included (default 10); the whole "
        f"test stops after {RUN_LIMIT:.0f} s",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser


def load_values(env_path: Path) -> SetupValues:
    """The env file's values, with every secret registered for redaction."""
    from wizard.core.session import load_env

    return load_env(env_path).values()


async def run_self_test(
    url: str, values: SetupValues, timeout: float, run_limit: float = RUN_LIMIT
) -> list[ProbeResult]:
    """The self-test within ``timeout`` per request and ``run_limit`` for all of it."""
    from wizard.core.webhook.diagnose import endpoint_client
    from wizard.core.webhook.probes import Budget
    from wizard.core.webhook.selftest import self_test

    budget = Budget.starting_now(timeout, max(run_limit, timeout))
    async with endpoint_client(url, timeout) as http:
        return await self_test(
            url, values.verify_token, values.app_secret, http=http, budget=budget
        )


def print_results(printer: Printer, results: list[ProbeResult]) -> None:
    """One ✓/!/✗/- line per probe, with its fix underneath when there is one."""
    for result in results:
        printer.status(result.status, result.title, result.detail)
        if (result.fix or result.action) and result.status != "pass":
            printer.hint(in_cli(result.fix, result.action))


def _header(printer: Printer, url: str, values: SetupValues, env_path: Path) -> None:
    from wizard.core.config import display_url
    from wizard.core.tokens import mask

    printer.line(f"Webhook self-test · {display_url(url)}")
    printer.line(
        f"  verify token {mask(values.verify_token)} · app secret "
        f"{mask(values.app_secret)} (from {env_path})"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _seconds(text: str) -> float:
    """argparse type: a number of seconds above 0 and at most :data:`MAX_TIMEOUT`."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_TIMEOUT:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds from 0 to {MAX_TIMEOUT:.0f}; e.g. --timeout 10"
        )
    return value


def _url(text: str) -> str:
    """argparse type: a usage error (exit 2) for something that is not an http(s) URL."""
    from urllib.parse import urlsplit

    from wizard.core.config import display_url

    shown = display_url(text.strip())
    example = "use e.g. https://example.com/webhook"
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError as exc:  # "Port out of range 0-65535", "Invalid IPv6 URL"
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not a valid URL ({exc}); {example}"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{shown!r} is not an http(s) URL; {example}")
    if port == 0 or any(c.isspace() for c in text.strip()):
        raise argparse.ArgumentTypeError(f"{shown!r} is not a valid URL; {example}")
    return text.strip()


def run(args: argparse.Namespace) -> int:
    import asyncio

    from wizard.core.webhook.selftest import passed

    printer = Printer()
    env_path = Path(args.env_file or ".env")
    values = load_values(env_path)
    results = asyncio.run(run_self_test(args.url, values, args.timeout))
    ok = passed(results)
    if args.json:
        from wizard.core.config import display_url
        from wizard.core.redact import redact

        data = {"url": display_url(args.url), "ok": ok, "probes": [r.to_dict() for r in results]}
        print(redact(json.dumps(data, ensure_ascii=False, indent=2)))
        return 0 if ok else 1
    _header(printer, args.url, values, env_path)
    print_results(printer, results)
    problems = sum(r.status == "fail" for r in results)
    skipped = sum(r.status == "skip" for r in results)
    warnings = sum(r.status == "warn" for r in results)
    if ok:
        note = f" · {_plural(warnings, 'warning')}" if warnings else ""
        printer.line(f"Your endpoint behaves the way Meta needs{note} · exit 0")
        return 0
    parts = [_plural(problems, "problem")] + ([f"{skipped} skipped"] if skipped else [])
    printer.line(f"{' · '.join(parts)} · exit 1")
    return 1
