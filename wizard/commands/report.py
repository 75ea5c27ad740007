"""`wa-wizard report`: write a redacted Markdown diagnostic for a troubleshooting session.

Runs the same checks as doctor, then writes versions, the env file's keys (masked,
with where each comes from), the ids, the token's type/expiry/scopes and the last
Graph errors with their fbtrace_id. Exit 0 when written (whatever the checks found),
1 when it could not be written or a secret survived redaction, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

NAME = "report"

EPILOG = """\
examples:
  wa-wizard report                          write ./wa-wizard-report-YYYYMMDD-HHMMSS.md (0600)
  wa-wizard report --output diag.md         choose the file name (never replaces one)
  wa-wizard report -o diag.md --force       replace an earlier report
  wa-wizard report --stdout | less          print it instead of writing a file
  wa-wizard --env-file prod.env report      report on another env file

Secrets (access token, app secret, verify token) are masked; ids are shown. If a secret
would still appear, nothing is written and the exit code is 1.

exit codes: 0 written · 1 not written · 2 usage error
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help="write a redacted diagnostic report",
        description="Write a redacted Markdown diagnostic to share when asking for help: "
        "versions, env keys (masked), ids, token type/expiry/scopes, every doctor check and "
        "the last Graph errors with their fbtrace_id.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="where to write (default ./wa-wizard-report-YYYYMMDD-HHMMSS.md)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it exists (never an env file, nor through a symlink)",
    )
    parser.add_argument(
        "--stdout",
        action="store_true",
        help="print the report; with --output it is written too",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    from wizard.core.report import ReportLeak

    try:
        text = asyncio.run(_build(args))
    except ReportLeak as leak:
        print(f"wa-wizard report: refused: {leak}", file=sys.stderr)
        return 1
    code = 0
    if args.stdout:
        sys.stdout.write(text)
    if args.output is not None or not args.stdout:
        code = _write(args, text)
    return code


def _write(args: argparse.Namespace, text: str) -> int:
    from wizard.core.report import ReportTargetRefused, default_name, write_private

    path = args.output if args.output is not None else Path(default_name())
    env_file = Path(getattr(args, "env_file", None) or ".env")
    try:
        write_private(path, text, force=bool(getattr(args, "force", False)), protect=[env_file])
    except ReportTargetRefused as refused:
        print(f"wa-wizard report: not written: {refused}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"wa-wizard report: could not write {path}: {exc.strerror or type(exc).__name__}. "
            "Pick a writable place with --output FILE, or use --stdout.",
            file=sys.stderr,
        )
        return 1
    where = sys.stderr if args.stdout else sys.stdout
    print(
        f"Report written to {path} (readable only by you). Secrets are masked; "
        "read it before you share it.",
        file=where,
    )
    return 0


async def _build(args: argparse.Namespace) -> str:
    from wizard.commands.connect import connect
    from wizard.commands.doctor import TIME_LIMIT, _retry_policy
    from wizard.core.checks.base import CheckContext
    from wizard.core.report import ReportInput, collect, render

    async with connect(args, retry=_retry_policy()) as session:
        session.client.limit_total_time(TIME_LIMIT, "wa-wizard report's time limit")
        ctx = CheckContext(client=session.client, values=session.values, env=session.env)
        data = ReportInput(
            values=session.values,
            env=session.env,
            env_path=session.env_path,
            graph_url="sandbox (in-process)" if session.sandbox else session.client.base_url,
            graph_version=session.graph_version,
            version_source=session.version_source,
        )
        await collect(ctx, data)
    return render(data)
