"""`wa-wizard rotate`: replace the env file's token with a new one, proven equivalent first.

The new token is pasted (never echoed) or minted with ``--exchange``; it must match the
old one's app, type, scopes and WhatsApp account and read the phone number before the
env file is touched (core/access/rotation.py). The swap is one atomic write through
core/envfile (backup kept); any mismatch or failure leaves the file byte-identical.
Then the old token is revoked where Meta allows it, or the person is told where.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.access.rotation import Comparison
    from wizard.core.output import Printer
    from wizard.core.session import Session

NAME = "rotate"

EPILOG = """\
examples:
  wa-wizard rotate                   paste the new token (not shown), checked, swapped, old revoked
  wa-wizard rotate --keep-old        swap but leave the old token alive (revoke it later)
  wa-wizard rotate --exchange        mint the new one: a fresh 60-day token (user tokens,
                                     or 60-day system-user tokens)
  vault read -field=token … | wa-wizard rotate    the new token from stdin

The new token must be for the same app, of the same type (user / system user), carry
every scope of the old one, reach WHATSAPP_BUSINESS_ACCOUNT_ID and read
WHATSAPP_PHONE_NUMBER_ID. Otherwise nothing is written (the file stays byte-identical).
Revoking uses GET /oauth/revoke (third-party knowledge: UNCONFIRMED) for system-user
tokens and is checked with debug_token; where it does not work you are told where to
revoke by hand.

exit codes: 0 swapped · 1 mismatch or failure (file unchanged) · 2 usage error
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="swap in a new access token (checked first), then revoke the old one",
        description="Rotate the access token: take a new one (pasted, or minted with "
        "--exchange), prove it can replace the old one, write it atomically, then revoke "
        "the old one where Meta allows it.",
    )
    parser.add_argument(
        "--exchange",
        action="store_true",
        help="mint the new token with fb_exchange_token instead of pasting one",
    )
    parser.add_argument(
        "--keep-old", action="store_true", help="do not revoke the old token after the swap"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_rotate(args))


def _unchanged(out: Printer, session: Session) -> int:
    out.line(f"{session.env_path} was not changed.")
    return 1


async def _new_token(out: Printer, session: Session, args: argparse.Namespace) -> str | None:
    """The new token: pasted (no echo) or minted by an exchange; None after explaining."""
    from wizard.commands import ask
    from wizard.core.access.exchange import exchange_and_confirm
    from wizard.core.access.rotation import SYSTEM_USERS_PAGE
    from wizard.core.cards.lookup import card_for_error
    from wizard.core.graph import tokens
    from wizard.core.graph.errors import GraphError
    from wizard.core.tokens import normalize_pasted

    v = session.values
    if not args.exchange:
        try:
            text = ask.secret("New access token (not shown): ")
        except ask.NoAnswer:
            out.status("fail", "Rotate", "no new token was given")
            return None
        token = normalize_pasted(text)
        if not token:
            out.status("fail", "Rotate", "no new token was given")
            return None
        return token
    if not (v.app_id and v.app_secret and v.access_token):
        out.status("fail", "Rotate", "--exchange needs the App ID, App secret and a token")
        return None
    try:
        old = await tokens.debug_token(
            session.client, v.access_token, app_id=v.app_id, app_secret=v.app_secret
        )
        if not old.is_valid:
            out.status("fail", "Rotate", "the old token is not valid, so it cannot be exchanged")
            out.hint("Paste a new token instead: wa-wizard rotate")
            return None
        if old.type == "SYSTEM_USER" and old.expires_at == 0:
            out.status("fail", "Rotate", "a never-expiring system-user token cannot be exchanged")
            out.hint(
                f"Generate a new one in {SYSTEM_USERS_PAGE} › Generate new token (same app, "
                "same permissions, expiry Never), then run wa-wizard rotate and paste it."
            )
            return None
        new = await exchange_and_confirm(
            session.client,
            app_id=v.app_id,
            app_secret=v.app_secret,
            token=v.access_token,
            system_user_60_days=old.type == "SYSTEM_USER",
        )
    except GraphError as error:
        card = card_for_error(error)
        out.status("fail", "Exchange", card.title)
        if card.fix:
            out.hint(f"Fix: {card.fix}")
        return None
    if new.same_token:
        out.status("fail", "Exchange", "Meta returned the same token: nothing to rotate")
        return None
    out.status("pass", "Exchange", "Meta minted a new token")
    return new.token


async def _rotate(args: argparse.Namespace) -> int:
    from wizard.commands.connect import connect
    from wizard.core.access.rotation import compare
    from wizard.core.envfile.write import EnvFileError
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.state import KEY_DEFAULTS
    from wizard.core.timefmt import expiry_text
    from wizard.core.tokens import mask

    out = Printer(sys.stdout)
    async with connect(args) as session:
        v = session.values
        if not v.access_token:
            out.status("fail", "Rotate", f"no {KEY_DEFAULTS['access_token']} in {session.env_path}")
            out.hint("There is nothing to rotate: run wa-wizard to store a first token.")
            return 1
        new_token = await _new_token(out, session, args)
        if new_token is None:
            return _unchanged(out, session)
        try:
            result = await compare(session.client, v, new_token)
        except GraphError as error:
            out.status("fail", "Rotate", f"could not inspect the tokens: {error.message}")
            return _unchanged(out, session)
        now = time.time()
        if result.old is not None:
            old_type = result.old.type or "unknown"
            old_exp = expiry_text(result.old.expires_at, now)
            out.status("info", "Old token", f"{mask(v.access_token)}  {old_type}, {old_exp}")
        if result.new is not None:
            new_exp = expiry_text(result.new.expires_at, now)
            out.status(
                "info", "New token", f"{mask(new_token)}  {result.new.type or 'unknown'}, {new_exp}"
            )
        for note in result.notes:
            out.hint(note)
        if not result.ok:
            out.status("fail", "Rotate", "the new token cannot replace the old one")
            for problem in result.problems:
                out.hint(problem)
            return _unchanged(out, session)
        checks = "same app, type and scopes"
        if v.waba_id:
            checks += f"; reaches WhatsApp account {v.waba_id}"
        if result.phone:
            checks += f"; reads {result.phone}"
        out.status("pass", "Match", checks)
        try:
            backup = session.env.plan({"access_token": new_token}).apply()
        except EnvFileError as error:
            out.status("fail", "Write", str(error))
            return 1
        key = session.env.key_for("access_token")
        where = f" (backup: {backup})" if backup else ""
        out.status("pass", "Swap", f"wrote the new token to {key} in {session.env_path}{where}")
        if backup:
            out.hint(f"The backup holds the old token: delete {backup} once it is revoked.")
        return await _revoke(out, args, result, v.access_token, new_token, session)


async def _revoke(
    out: Printer,
    args: argparse.Namespace,
    result: Comparison,
    old_token: str,
    new_token: str,
    session: Session,
) -> int:
    """Revoke the old token where that is safe; say where to do it otherwise."""
    from wizard.core.access.rotation import revoke_old, where_to_revoke

    old = result.old
    if args.keep_old:
        out.status("skip", "Revoke", "--keep-old: the old token still works")
        out.hint(where_to_revoke(old))
        return 0
    if old is not None and not old.is_valid:
        out.status("skip", "Revoke", "the old token no longer works; nothing to revoke")
        return 0
    if old is None or old.type != "SYSTEM_USER":
        out.status("skip", "Revoke", "not attempted for a user token")
        out.hint(where_to_revoke(old))
        return 0
    outcome = await revoke_old(session.client, session.values, old_token, new_token)
    if outcome.result == "revoked":
        out.status("pass", "Revoke", outcome.detail)
        return 0
    if outcome.result == "broke_new":
        out.status("fail", "Revoke", outcome.detail)
        out.hint(
            f"Generate a new token ({where_to_revoke(old).split(':')[0]}) and run "
            "wa-wizard rotate again."
        )
        return 1
    out.status("warn", "Revoke", outcome.detail)
    out.hint(where_to_revoke(old))
    return 0
