"""`wa-wizard doctor`: check every credential in the env file, like `gh auth status`.

Exit 0 when nothing fails, 1 when something fails (or warns, with --strict), 2 on
usage errors. Never imports Textual; httpx is imported only when the checks run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any

from wizard.core.actions import in_cli

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wizard.core.checks.base import CheckResult
    from wizard.core.checks.fixes import FixPlan, ForPerson
    from wizard.core.graph.client import RetryPolicy
    from wizard.core.session import Session

NAME = "doctor"

TIME_LIMIT = 60.0
"""Seconds a whole doctor run may wait on the network: a cron job must finish."""


EPILOG = """\
examples:
  wa-wizard doctor                          check ./.env against Meta
  wa-wizard doctor --json                   machine-readable results (for CI)
  wa-wizard doctor --strict --warn-days 14  cron: exit 1 two weeks before the token expires
  wa-wizard doctor --only token_expiry      one check (and what it needs)
  wa-wizard doctor --timeout 30             give up on a slow network after 30 s in all
  wa-wizard --sandbox doctor                the practice world, no Meta account
  wa-wizard doctor --fix                    show the fixes that need no decision, ask, apply,
                                            check again (--yes: no question, for scripts)

check ids: env_file app_credentials token_valid token_app token_expiry permissions
           waba phone_number template webhook_subscription verify_token git_safety

--fix applies only what has one right answer: write the WABA id discovery found (and the
phone number ID when the account has one number), add the env file to .gitignore, exchange
a user token expiring within --warn-days, subscribe the app to the WABA when the callback
is set. What needs you (a secret, a choice) is listed. Without a terminal it applies
nothing unless --yes is given.

exit codes: 0 nothing failed · 1 a check failed (or warned, with --strict), or a fix
failed · 2 usage error
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
        "--timeout",
        type=_seconds,
        default=TIME_LIMIT,
        metavar="S",
        help=f"stop waiting for the Graph API after S seconds in all (default {TIME_LIMIT:.0f}); "
        "what did not finish fails with a timeout",
    )
    parser.add_argument(
        "--only", metavar="ID,...", help="run only these checks (and what they need)"
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply the fixes that need no decision (after showing them), then check again",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="with --fix: apply without asking")
    return parser


def _seconds(text: str) -> float:
    """argparse type: seconds above 0 and at most an hour (refuses nan and inf)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 3600")
    return value


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
    if args.yes and not args.fix:
        print("wa-wizard doctor: error: --yes goes with --fix", file=sys.stderr)
        return 2
    return asyncio.run(_doctor(args, only))


async def _doctor(args: argparse.Namespace, only: list[str] | None) -> int:
    from wizard.commands.connect import connect
    from wizard.core.checks.base import CheckContext
    from wizard.core.checks.runner import run_checks
    from wizard.core.envfile.write import EnvFileError

    try:
        async with connect(args, retry=_retry_policy()) as session:
            session.client.limit_total_time(
                getattr(args, "timeout", TIME_LIMIT), "wa-wizard doctor's time limit"
            )
            ctx = CheckContext(
                client=session.client,
                values=session.values,
                env=session.env,
                warn_days=args.warn_days,
            )
            results = await run_checks(ctx, only)
            keys = len(session.env.raw()) if session.env.exists else None
            header = (str(session.env_path), keys, session.graph_version, _graph_host(session))
            if args.fix:
                return await _fix(args, session, only, header, results)
    except EnvFileError as error:
        if not args.json:
            raise  # the CLI prints the explanation on stderr, exit 1
        results = _unreadable_env_results(str(error), only)
        version = str(getattr(args, "graph_version", None) or "")
        header = (str(args.env_file), None, version, None)
    code = _exit_code(args, results)
    if args.json:
        _print_json(header, results, ok=code == 0)  # --strict: a warning is not ok either
    else:
        _print_human(header, list(results.values()), code)
    return code


def _failed(results: Mapping[str, CheckResult]) -> bool:
    return any(r.status == "fail" for r in results.values())


def _exit_code(args: argparse.Namespace, results: Mapping[str, CheckResult]) -> int:
    warned = any(r.status == "warn" for r in results.values())
    return 1 if _failed(results) or (args.strict and warned) else 0


async def _fix(
    args: argparse.Namespace,
    session: Session,
    only: list[str] | None,
    header: tuple[str, int | None, str, str | None],
    results: dict[str, CheckResult],
) -> int:
    """Show the plan, ask (or --yes), apply, run the checks again; JSON stays one document."""
    from wizard.commands import ask
    from wizard.core.checks.base import CheckContext
    from wizard.core.checks.fixes import Applied, apply_fixes, plan_fixes
    from wizard.core.checks.runner import run_checks
    from wizard.core.output import Printer
    from wizard.core.session import load_env
    from wizard.core.state import KEY_DEFAULTS

    env = session.env
    key_of = {name: env.key_for(name) for name in KEY_DEFAULTS}
    plan = plan_fixes(
        results,
        session.values,
        env,
        warn_days=args.warn_days,
        now=time.time(),
        key_of=key_of,
    )
    out = Printer(sys.stderr if args.json else sys.stdout)
    if not args.json:
        _print_human(header, list(results.values()), None)
    applied: list[Applied] = []
    state = "nothing_to_do"
    if plan.fixes:
        out.line("")
        out.line(out.style("Fixes that need no decision:", "bold"))
        for fix in plan.fixes:
            out.status("info", "Fix", fix.title)
        if args.yes:
            state = "applied"
        elif not ask.interactive():
            state = "not_confirmed"
            out.line("Nothing was changed: stdin is not a terminal. Rerun with --yes to apply.")
        elif ask.confirm(f"Apply {len(plan.fixes)} fix{'es' if len(plan.fixes) > 1 else ''}?"):
            state = "applied"
        else:
            state = "declined"
            out.line("Nothing was changed.")
    else:
        out.line("")
        out.line("No fix that needs no decision.")
    after = results
    if state == "applied":
        applied = await apply_fixes(plan, session.client, session.values, env)
        for item in applied:
            out.status("pass" if item.ok else "fail", "Fix", f"{item.fix.title}: {item.detail}")
        fresh = load_env(session.env_path)
        ctx = CheckContext(
            client=session.client,
            values=fresh.values(),
            env=fresh,
            warn_days=args.warn_days,
        )
        after = await run_checks(ctx, only)
        header = (header[0], len(fresh.raw()) if fresh.exists else None, header[2], header[3])
    fix_failed = any(not item.ok for item in applied)
    code = 1 if fix_failed else _exit_code(args, after)
    if args.json:
        extra = {
            "fix": {
                "state": state,
                "planned": [f.to_dict() for f in plan.fixes],
                "applied": [a.to_dict() for a in applied],
                "needs_person": [p.to_dict() for p in _for_person(state, after, plan)],
            }
        }
        _print_json(header, after, ok=code == 0, extra=extra)
        return code
    if state == "applied":
        out.line("")
        out.line(out.style("After the fixes:", "bold"))
        _print_human(header, list(after.values()), code)
    else:
        _print_summary(out, list(after.values()), code)
    people = _for_person(state, after, plan)
    if people:
        out.line("")
        out.line(out.style("Needs you (not guessed):", "bold"))
        for person in people:
            out.status(person.status, person.title, person.detail)
            if person.fix:
                out.hint(person.fix)
    return code


def _for_person(state: str, results: Mapping[str, CheckResult], plan: FixPlan) -> list[ForPerson]:
    """What needs a person: the plan's list, or after the fixes whatever still warns or fails."""
    from wizard.core.checks.fixes import ForPerson

    if state != "applied":
        return list(plan.for_person)
    return [
        ForPerson(r.id, r.status, r.title, r.detail, r.fix)
        for r in results.values()
        if r.status in ("warn", "fail")
    ]


def _graph_host(session: Any) -> str | None:
    """The Graph URL when it is not Meta's, with any password masked: say where secrets go."""
    from wizard.core.config import DEFAULT_GRAPH_URL, display_url

    if session.sandbox:
        return None  # "sandbox" is already clear from --sandbox
    url = str(session.client.base_url)
    return None if url.rstrip("/") == DEFAULT_GRAPH_URL else display_url(url)


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


def _print_json(
    header: tuple[str, int | None, str, str | None],
    results: Any,
    *,
    ok: bool,
    extra: dict[str, Any] | None = None,
) -> None:
    from wizard.core.redact import redact

    payload: dict[str, Any] = {
        "ok": ok,
        "env_file": header[0],
        "graph_version": header[2],
        "checks": [
            {
                "id": r.id,
                "status": r.status,
                "title": r.title,
                "detail": r.detail,
                "fix": in_cli(r.fix, r.action),
                "action": r.action.id if r.action else None,
                "data": dict(r.data),
            }
            for r in results.values()
        ],
        **(extra or {}),
    }
    print(redact(json.dumps(payload, indent=2, default=str, ensure_ascii=False)))


def _print_human(
    header: tuple[str, int | None, str, str | None], results: list[Any], code: int | None
) -> None:
    """The checklist; the summary line too unless ``code`` is None (doctor --fix goes on)."""
    from wizard.core.output import Printer

    out = Printer(sys.stdout)
    path, keys, version, graph_url = header
    count = f"{keys} keys" if keys is not None else "missing"
    where = f" at {graph_url}" if graph_url else ""
    out.line(f"{out.style(path, 'bold')} ({count}) · Graph API {version}{where}")
    for r in results:
        if r.id == "env_file" and r.status == "pass":
            continue  # already in the header line
        out.status(r.status, r.title, r.detail)
        if (r.fix or r.action) and r.status != "skip":  # a pass may carry a hint (webhook)
            out.hint(in_cli(r.fix, r.action))
    if code is not None:
        _print_summary(out, results, code)


def _print_summary(out: Any, results: list[Any], code: int) -> None:
    fails = sum(r.status == "fail" for r in results)
    warns = sum(r.status == "warn" for r in results)
    parts = []
    if fails:
        parts.append(f"{fails} failed")
    if warns:
        parts.append(f"{warns} warning{'s' if warns != 1 else ''}")
    summary = " · ".join(parts) if parts else "all checks passed"
    out.line(f"{summary} · exit {code}")
