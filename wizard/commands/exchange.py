"""`wa-wizard exchange`: swap the file's token for a long-lived one, or refresh a 60-day one.

The new token is confirmed with debug_token before anything is written; it replaces
the old one under the same key through EnvFile.plan/apply (atomic, with a backup).
Any failure leaves the file byte-identical and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from wizard.core.actions import in_cli
from wizard.core.graph import tokens

if TYPE_CHECKING:
    from wizard.core.graph.tokens import TokenInfo
    from wizard.core.output import Printer
    from wizard.core.session import Session

NAME = "exchange"


EPILOG = """\
examples:
  wa-wizard exchange                        short-lived user token -> about 60 days
  wa-wizard exchange --system-user-refresh  renew a 60-day system-user token
  wa-wizard --env-file prod.env exchange

The file is rewritten atomically with a backup; on any failure it is left byte-identical.
A never-expiring system-user token needs no exchange (exit 0).

exit codes: 0 exchanged or nothing to do · 1 failed (file unchanged) · 2 usage error
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="exchange the token for a long-lived (60-day) one",
        description="Exchange the env file's access token for a long-lived (about 60 days) "
        "token and write it back under the same key. Needs the App ID and App secret.",
    )
    parser.add_argument(
        "--system-user-refresh",
        action="store_true",
        help="refresh a 60-day system-user token (set_token_expires_in_60_days=true)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_exchange(args))


def _expiry(info: TokenInfo, now: float) -> str:
    from wizard.core.checks.token import token_kind
    from wizard.core.timefmt import when

    if info.expires_at == 0:
        return f"{token_kind(info)}, never expires"
    if info.expires_at is None:
        return f"{token_kind(info)}, expiry not reported"
    return f"{token_kind(info)}, expires {when(info.expires_at, now)}"


def _explain(out: Printer, session: Session, error: Any, doing: str) -> int:
    from wizard.core.cards.lookup import card_for_error
    from wizard.core.cards.spec import LinkContext

    card = card_for_error(error, LinkContext(app_id=session.values.app_id))
    out.status("fail", "Exchange", f"{doing} failed: {card.title}")
    if card.cause:
        out.hint(f"Why: {card.cause}")
    if card.fix or card.action:
        out.hint(f"Fix: {in_cli(card.fix, card.action)}")
    out.line(f"{session.env_path} was not changed.")
    return 1


async def _exchange(args: argparse.Namespace) -> int:
    import time

    from wizard.commands.connect import connect
    from wizard.core.access.exchange import exchange_and_confirm, needs_no_exchange
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.state import KEY_DEFAULTS
    from wizard.core.tokens import mask

    out = Printer(sys.stdout)
    async with connect(args) as session:
        v = session.values
        key = {f: b.key for f, b in session.env.bindings.items()}.get("access_token")
        token_key = key or KEY_DEFAULTS["access_token"]
        missing = [
            (key_field, label)
            for key_field, label in (
                ("access_token", "access token"),
                ("app_id", "App ID"),
                ("app_secret", "App secret"),
            )
            if not getattr(v, key_field)
        ]
        if missing:
            names = ", ".join(KEY_DEFAULTS[f] for f, _ in missing)
            out.status("fail", "Exchange", f"needs {names} in {session.env_path}")
            out.hint("Run wa-wizard to add them (the App secret is under App settings › Basic).")
            return 1
        assert v.access_token
        assert v.app_id
        assert v.app_secret
        now = time.time()
        try:
            old = await tokens.debug_token(
                session.client, v.access_token, app_id=v.app_id, app_secret=v.app_secret
            )
        except GraphError as error:
            return _explain(out, session, error, "Inspecting the current token")
        out.status("info", "Current token", f"{mask(v.access_token)}  {_expiry(old, now)}")
        if not old.is_valid:
            out.status(
                "fail", "Exchange", "the current token is not valid, so it cannot be exchanged"
            )
            out.hint(
                f"{old.error_message or 'Meta rejected it.'}\nGenerate a new token (a "
                "system-user token never expires) and store it with wa-wizard."
            )
            return 1
        if needs_no_exchange(old):
            out.status("pass", "Exchange", "not needed: this system-user token never expires")
            return 0
        if args.system_user_refresh and old.type != "SYSTEM_USER":
            out.status(
                "fail",
                "Exchange",
                "--system-user-refresh is for system-user tokens; "
                f"this is a {old.type or 'unknown'} token",
            )
            out.hint("Run `wa-wizard exchange` without --system-user-refresh.")
            return 1
        try:
            new = await exchange_and_confirm(
                session.client,
                app_id=v.app_id,
                app_secret=v.app_secret,
                token=v.access_token,
                system_user_60_days=bool(args.system_user_refresh),
            )
        except GraphError as error:
            return _explain(out, session, error, "The exchange")
        info = new.info
        if not info.is_valid:
            out.status("fail", "Exchange", "Meta returned a token that debug_token calls invalid")
            out.line(f"{session.env_path} was not changed.")
            return 1
        note = (
            ""
            if new.expires_in is not None
            else " (no expires_in in the answer; checked with debug_token)"
        )
        out.status("info", "New token", f"{mask(new.token)}  {_expiry(info, time.time())}{note}")
        if new.same_token:
            out.status("pass", "Exchange", "Meta returned the same token; nothing to write")
            return 0
        from wizard.core.envfile.write import EnvFileError

        try:
            backup = session.env.plan({"access_token": new.token}).apply()
        except EnvFileError as error:
            out.status("fail", "Write", str(error))
            return 1
        where = f" (backup: {backup})" if backup else ""
        out.status("pass", "Exchange", f"wrote {token_key} in {session.env_path}{where}")
        out.line("Check it any time with: wa-wizard doctor")
        return 0
