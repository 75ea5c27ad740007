"""`wa-wizard doctor`: check every credential in the env file, like `gh auth status`.

Exit 0 when nothing fails, 1 when something fails (or warns, with --strict), 2 on
usage errors. Never imports Textual; httpx is imported only when the checks run.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.graph.client import RetryPolicy

NAME = "doctor"


EPILOG = """\
examples:
  wa-wizard doctor                          check ./.env against Meta
  wa-wizard doctor --json                   machine-readable results (for CI)
  wa-wizard doctor --strict --warn-days 14  cron: exit 1 two weeks before the token expires
  wa-wizard doctor --only token_expiry      one check (and what it needs)
  wa-wizard --sandbox doctor                the practice world, no Meta account

check ids: env_file app_credentials token_valid token_app token_expiry permissions
           waba phone_number template webhook_subscription verify_token git_safety

exit codes: 0 nothing failed · 1 a check failed (or warned, with --strict) · 2 usage error
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="check every credential in the env file (exit 1 on failure)",
        description="Check every credential in the env file: token, app, permissions, "
        "WhatsApp account, phone number, template, webhook, verify token, git safety.",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--warn-days",
        type=int,
        default=7,
        metavar="N",
        help="warn when the token expires within N days (default 7)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument(
        "--only", metavar="ID,...", help="run only these checks (and what they need)"
    )
    return parser


def _parse_only(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def run(args: argparse.Namespace) -> int:
    import asyncio

    from wizard.core.checks.runner import CHECK_IDS

    only = _parse_only(getattr(args, "only", None))
    unknown = [cid for cid in only or () if cid not in CHECK_IDS]
    if unknown:
        print(
            f"wa-wizard doctor: error: unknown check {', '.join(unknown)}; "
            f"choose from {', '.join(CHECK_IDS)}",
            file=sys.stderr,
        )
        return 2
    if args.warn_days < 0:
        print("wa-wizard doctor: error: --warn-days must be 0 or more", file=sys.stderr)
        return 2
    return asyncio.run(_doctor(args, only))


async def _doctor(args: argparse.Namespace, only: list[str] | None) -> int:
    from wizard.commands.connect import connect
    from wizard.core.checks.base import CheckContext
    from wizard.core.checks.runner import run_checks
    from wizard.core.envfile.write import EnvFileError

    try:
        async with connect(args, retry=_retry_policy()) as session:
            ctx = CheckContext(
                client=session.client,
                values=session.values,
                env=session.env,
                warn_days=args.warn_days,
            )
            results = await run_checks(ctx, only)
            keys = len(session.env.raw()) if session.env.exists else None
            header = (str(session.env_path), keys, session.graph_version)
    except EnvFileError as error:
        if not args.json:
            raise  # the CLI prints the explanation on stderr, exit 1
        results = _unreadable_env_results(str(error), only)
        header = (str(args.env_file), None, str(getattr(args, "graph_version", None) or ""))
    failed = any(r.status == "fail" for r in results.values())
    warned = any(r.status == "warn" for r in results.values())
    code = 1 if failed or (args.strict and warned) else 0
    if args.json:
        _print_json(header, results, ok=not failed)
    else:
        _print_human(header, list(results.values()), code)
    return code


def _unreadable_env_results(why: str, only: list[str] | None) -> dict[str, Any]:
    """env_file failed with ``why``, every other asked check skipped: JSON stays parseable."""
    from wizard.core.checks.base import result
    from wizard.core.checks.runner import CHECK_IDS

    results = {"env_file": result("env_file", "fail", why)}
    for cid in CHECK_IDS:
        if cid != "env_file" and (only is None or cid in only):
            results[cid] = result(cid, "skip", "skipped: the env file could not be read.")
    return results


def _retry_policy() -> RetryPolicy:
    """Bounded even when the network is down: a cron job must finish."""
    from wizard.core.graph.client import RetryPolicy

    return RetryPolicy(max_attempts=3, base_delay=0.5, max_delay=2.0, total_budget=20.0)


def _print_json(header: tuple[str, int | None, str], results: Any, *, ok: bool) -> None:
    from wizard.core.redact import redact

    payload = {
        "ok": ok,
        "env_file": header[0],
        "graph_version": header[2],
        "checks": [
            {
                "id": r.id,
                "status": r.status,
                "title": r.title,
                "detail": r.detail,
                "fix": r.fix,
                "data": dict(r.data),
            }
            for r in results.values()
        ],
    }
    print(redact(json.dumps(payload, indent=2, default=str, ensure_ascii=False)))


def _print_human(header: tuple[str, int | None, str], results: list[Any], code: int) -> None:
    from wizard.core.output import Printer

    out = Printer(sys.stdout)
    path, keys, version = header
    count = f"{keys} keys" if keys is not None else "missing"
    out.line(f"{out.style(path, 'bold')} ({count}) · Graph API {version}")
    for r in results:
        if r.id == "env_file" and r.status == "pass":
            continue  # already in the header line
        out.status(r.status, r.title, r.detail)
        if r.fix and r.status in ("warn", "fail"):
            out.hint(r.fix)
    fails = sum(r.status == "fail" for r in results)
    warns = sum(r.status == "warn" for r in results)
    parts = []
    if fails:
        parts.append(f"{fails} failed")
    if warns:
        parts.append(f"{warns} warning{'s' if warns != 1 else ''}")
    summary = " · ".join(parts) if parts else "all checks passed"
    out.line(f"{summary} · exit {code}")
