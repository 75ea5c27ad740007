"""`wa-wizard make-permanent`: an admin's token becomes a never-expiring system-user token.

The steps are :func:`wizard.core.access.permanent.make_permanent`; this face asks before each
change (``--yes`` skips the questions), writes only a token debug_token verified, and
on any refusal prints the error card and the manual path with its deep link.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wizard.commands.login import ask_yes, explain, write

if TYPE_CHECKING:
    from wizard.core.access.permanent import Fallback, Step
    from wizard.core.graph.system_users import SystemUser
    from wizard.core.output import Printer
    from wizard.core.session import Session

NAME = "make-permanent"

EPILOG = """\
examples:
  wa-wizard make-permanent                  asks before each step
  wa-wizard make-permanent --yes            no questions (CI, scripts)
  wa-wizard make-permanent --system-user 1972555232742222 --waba-id 102290129340398
  wa-wizard make-permanent --sixty-days     a system-user token that expires in 60 days

Steps (each skipped when already done): pick a system user of the business
(GET /{business-id}/system_users), install the app for it (POST /{system-user-id}/applications),
give it the WhatsApp account (POST /{waba-id}/assigned_users, MANAGE), generate its token
(POST /{system-user-id}/access_tokens, with appsecret_proof). The env file changes only after
debug_token shows SYSTEM_USER, never expires, the three permissions and the WhatsApp account.

Needs: FACEBOOK_APP_ID, FACEBOOK_APP_SECRET and a business admin's token in the env file
(wa-wizard login gets one). Creating a system user is left to Business Settings. Where Meta
refuses (e.g. an app it will not install for system users), the manual steps are printed.

exit codes: 0 written or already permanent · 1 refused or stopped (file unchanged) · 2 usage error
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="turn an admin's token into a never-expiring system-user token",
        description="Mint a never-expiring system-user token through the Business Management "
        "API with the env file's admin token, verify it, and write it to the env file.",
    )
    parser.add_argument("--system-user", metavar="ID", help="the system user to use")
    parser.add_argument("--waba-id", metavar="ID", help="the WhatsApp Business Account to assign")
    parser.add_argument(
        "--sixty-days",
        action="store_true",
        help="ask for a token that expires in 60 days (set_token_expires_in_60_days)",
    )
    parser.add_argument("--yes", action="store_true", help="make every change without asking")
    return parser


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_make_permanent(args))


async def _make_permanent(args: argparse.Namespace) -> int:
    from wizard.commands.connect import connect
    from wizard.core.access.permanent import Permanent, already_permanent, make_permanent
    from wizard.core.checks.discovery import discover_wabas
    from wizard.core.graph import tokens
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.state import KEY_DEFAULTS

    out = Printer(sys.stdout)
    async with connect(args) as session:
        v = session.values
        app_id, app_secret, admin = v.app_id, v.app_secret, v.access_token
        if not (app_id and app_secret and admin):
            missing = [f for f in ("app_id", "app_secret", "access_token") if not getattr(v, f)]
            names = ", ".join(KEY_DEFAULTS[f] for f in missing)
            out.status("fail", "Make permanent", f"needs {names} in {session.env_path}")
            out.hint(
                "The App ID and secret are under App settings › Basic; a business admin's "
                "token comes from wa-wizard login."
            )
            return 1
        try:
            info = await tokens.debug_token(
                session.client, admin, app_id=app_id, app_secret=app_secret
            )
        except GraphError as error:
            return explain(out, session, error, "Inspecting the token")
        if not info.is_valid:
            out.status("fail", "Make permanent", "the env file's token is not valid")
            out.hint(f"{info.error_message or 'Meta rejected it.'}\nRun wa-wizard login first.")
            return 1
        waba_id = args.waba_id or v.waba_id
        if already_permanent(info, waba_id):
            out.status(
                "pass", "Make permanent", "nothing to do: a never-expiring system-user token"
            )
            return 0
        reach = await discover_wabas(session.client, admin, info)
        if not waba_id:
            waba_id = _pick_waba(out, reach.wabas)
            if waba_id is None:
                return 1
        out.status("info", "WhatsApp account", waba_id)
        result = await make_permanent(
            session.client,
            app_id=app_id,
            admin_token=admin,
            waba_id=waba_id,
            business_id=reach.business_id,
            choose=_chooser(out, args.system_user),
            confirm=_confirmer(out, args.yes),
            progress=lambda status, text: out.status(status, "Step", text),
            sixty_days=args.sixty_days,
        )
        if not isinstance(result, Permanent):
            return _fallback(out, session, result, args.yes)
        changes = {"access_token": result.token}
        if not v.waba_id:
            changes["waba_id"] = waba_id
        if write(out, session, changes) != 0:
            return 1
        out.line("Check it any time with: wa-wizard doctor")
        return 0


def _pick_waba(out: Printer, wabas: list[str]) -> str | None:
    if len(wabas) == 1:
        return wabas[0]
    if not wabas:
        out.status("fail", "Make permanent", "this token reaches no WhatsApp Business Account")
        out.hint("Log in with an admin of the business that owns it (wa-wizard login).")
        return None
    if sys.stdin.isatty():
        for number, waba in enumerate(wabas, 1):
            out.line(f"    {number}. {waba}")
        try:
            picked = input("    Which WhatsApp account? (number) ").strip()
        except EOFError:
            picked = ""
        if picked.isdigit() and 1 <= int(picked) <= len(wabas):
            return wabas[int(picked) - 1]
    out.status("fail", "Make permanent", f"this token reaches {len(wabas)} WhatsApp accounts")
    out.hint(f"Pick one with --waba-id: {', '.join(wabas)}")
    return None


def _chooser(out: Printer, wanted: str | None) -> Any:
    async def choose(users: Sequence[SystemUser]) -> SystemUser | None:
        if wanted:
            match = next((u for u in users if u.id == wanted), None)
            if match is None:
                listed = ", ".join(f"{u.id} ({u.name})" for u in users)
                out.status("fail", "System user", f"{wanted} is not one of {listed}")
            return match
        if len(users) == 1:
            return users[0]
        for number, user in enumerate(users, 1):
            out.line(f"    {number}. {user.name} ({user.id}, {user.role or 'role unknown'})")
        if sys.stdin.isatty():
            picked = await asyncio.to_thread(_ask, "    Which system user? (number) ")
            if picked.isdigit() and 1 <= int(picked) <= len(users):
                return users[int(picked) - 1]
        out.hint("Pick one with --system-user ID.")
        return None

    return choose


def _ask(question: str) -> str:
    try:
        return input(question).strip()
    except EOFError:
        return ""


def _confirmer(out: Printer, yes: bool) -> Any:
    async def confirm(step: Step) -> bool:
        out.status("info", "Next", f"{step.title}  [{step.detail}]")
        if yes:
            return True
        if not sys.stdin.isatty():
            out.hint("Not a terminal, so nothing is changed without --yes.")
            return False
        return await asyncio.to_thread(ask_yes, "    Do it?", default=True)

    return confirm


def _fallback(out: Printer, session: Session, result: Fallback, yes: bool) -> int:
    from wizard.core.cards.lookup import render_card

    out.status("warn" if result.stopped else "fail", "Make permanent", result.reason)
    if result.card is not None:
        for line in render_card(result.card).splitlines():
            out.line(f"    {line}")
    out.line("    Do it by hand instead (nothing was written):")
    for item in result.guide:
        out.line(f"      {item}")
    out.line(f"{session.env_path} was not changed.")
    return 1
