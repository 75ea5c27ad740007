"""`wa-wizard verify-token`: generate (and optionally store) a webhook verify token.

The verify token is a string *you* invent; Meta echoes it back in the webhook
handshake. It is not the access token, and it goes in two places: the app's env file
and Meta App > WhatsApp > Configuration > Verify token.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from wizard.core.output import Printer, error_printer

NAME = "verify-token"

EXAMPLES = """\
examples:
  wa-wizard verify-token                      print a new token to paste into Meta's dashboard
  wa-wizard verify-token --write              store a new one in ./.env (masked on screen)
  wa-wizard verify-token --write --show       store it and print it whole, to copy it
  wa-wizard verify-token --show               print the one already in the env file
  wa-wizard --env-file prod.env verify-token --write --force   replace an existing one
"""

WHERE = (
    "Paste it in Meta App Dashboard > WhatsApp > Configuration > Verify token (next to "
    "the Callback URL). The same value must be in both places. It is NOT the access token."
)


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help="generate a webhook verify token",
        description="Generate a webhook verify token: 32 random bytes as 64 hex characters "
        "(like `openssl rand -hex 32`), the value Meta echoes back when it verifies your "
        "webhook.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="store it in the env file as META_WEBHOOK_VERIFY_TOKEN (or the alias in use)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --write: replace a verify token the env file already holds",
    )
    parser.add_argument(
        "--show",
        action="store_true",
        help="print the token whole (with --write; alone: the one already stored)",
    )
    return parser


def _print_value(value: str) -> None:
    """The one line that must not be redacted: the user asked for this value to copy it."""
    print(f"  {value}", file=sys.stdout, flush=True)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from wizard.core.envfile.gitsafety import git_safety
    from wizard.core.envfile.store import EnvFile
    from wizard.core.envfile.write import BACKUPS_KEPT, EnvFileError
    from wizard.core.tokens import generate_verify_token, mask

    out, err = Printer(), error_printer()
    path = Path(getattr(args, "env_file", None) or ".env")
    write, show = bool(getattr(args, "write", False)), bool(getattr(args, "show", False))
    force = bool(getattr(args, "force", False))
    if force and not write:
        err.line("wa-wizard verify-token: --force only makes sense with --write.")
        return 2
    if not write and not show:
        out.line("Your new webhook verify token:")
        _print_value(generate_verify_token())
        out.line(WHERE)
        out.hint(f"To store it in {path} too, run: wa-wizard verify-token --write --show", 0)
        return 0
    try:
        env = EnvFile.read(path)
        current = env.bindings.get("verify_token")
        if not write:
            if current is None or current.source != "file":
                err.status("fail", "Verify token", f"none in {path}")
                err.hint("Create one with: wa-wizard verify-token --write --show")
                return 1
            out.line(f"Verify token in {path} ({current.key}, line {current.line}):")
            _print_value(current.value)
            out.line(WHERE)
            return 0
        if current is not None and current.source == "file" and not force:
            err.status(
                "fail", "Verify token", f"{path} already has {current.key} (line {current.line})"
            )
            err.hint(
                "Keep it: Meta's dashboard holds the same value. To replace it anyway, run "
                "wa-wizard verify-token --write --force, then paste the new value in Meta."
            )
            return 1
        value = generate_verify_token()
        plan = env.plan({"verify_token": value})
        backup = plan.apply()
    except EnvFileError as exc:
        err.status("fail", "Env file", str(exc))
        return 1
    key = plan.lines[0].key
    out.status("pass", "Verify token", f"{plan.lines[0].action} {key} in {path}")
    if backup is not None:
        out.hint(f"previous file kept as {backup.name} (the last {BACKUPS_KEPT} backups are kept)")
    if show:
        _print_value(value)
    else:
        out.line(f"  {mask(value)}  (run wa-wizard verify-token --show to print it whole)")
    out.line(WHERE)
    if current is not None and (current.shadowed_by_env or current.source == "environment"):
        out.status("warn", "Environment", f"{current.key} is also set in your environment")
        out.hint("It overrides the file when your app runs: unset it or update it too.")
    safety = git_safety(path)
    if safety.status in ("tracked", "not_ignored"):
        out.status(
            "warn" if safety.status == "not_ignored" else "fail", "Git safety", safety.message
        )
        out.hint(safety.fix)
    return 0
