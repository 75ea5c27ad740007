"""`wa-wizard login`: Facebook Login from the terminal, then write the token to the env file.

The flow is :func:`wizard.core.access.login.login` (loopback authorization code, ``state``
checked); this face prints the dialog address when asked (``--no-browser``) or when no
browser opens, reads a pasted address over SSH, offers the 60-day exchange, and writes
through the env file store. The code and the token are never printed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from wizard.core.access.login import DEFAULT_PORT, DEFAULT_TIMEOUT, WWW_URL_ENV

if TYPE_CHECKING:
    from wizard.core.access.login import LoggedIn, Opener
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.session import Session

NAME = "login"

EPILOG = f"""\
examples:
  wa-wizard login                      opens Facebook Login in your browser
  wa-wizard login --no-browser         prints the address (open it anywhere; over SSH paste
                                       the address the browser ends on back here)
  wa-wizard login --config-id 1234     Facebook Login for Business configuration
  wa-wizard login --port 9000          another port (a Live app must list that exact URI)

Facts and limits:
  The login comes back to http://localhost:PORT/callback (default port {DEFAULT_PORT}). Meta allows
  http://localhost redirects automatically only while the app is in Development mode; a Live
  app needs that exact URI under Facebook Login › Settings › Valid OAuth Redirect URIs.
  The token is a user token (hours to 60 days): for production run wa-wizard make-permanent.
  {WWW_URL_ENV} overrides https://www.facebook.com (tests, the sandbox).

exit codes: 0 logged in and written · 1 failed (file unchanged) · 2 usage error · 130 stopped
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="log in with Facebook and store the token (no dashboard copy-paste)",
        description="Log in with Facebook on your own app (FACEBOOK_APP_ID and "
        "FACEBOOK_APP_SECRET in the env file), inspect the token, offer the 60-day "
        "exchange, and write it to the env file.",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, metavar="N", help="local callback port"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the login address instead of opening it"
    )
    parser.add_argument(
        "--config-id",
        metavar="ID",
        help="Facebook Login for Business configuration id (sent instead of scope)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds to wait for the login (default {DEFAULT_TIMEOUT:.0f})",
    )
    exchange = parser.add_mutually_exclusive_group()
    exchange.add_argument(
        "--yes", action="store_true", help="exchange for a 60-day token without asking"
    )
    exchange.add_argument(
        "--no-exchange", action="store_true", help="keep the token the login returned"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_login(args))


class TerminalLines:
    """Lines typed on the terminal, read by one daemon thread (never blocks exit).

    The pasted address (over SSH) and the exchange question share it, so an answer
    typed after the browser came back is not swallowed by a still-waiting paste reader.
    """

    def __init__(self) -> None:
        import asyncio

        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._started = False

    def _start(self) -> None:
        import threading

        if self._started:
            return
        self._started = True

        def read() -> None:
            while True:
                try:
                    line: str | None = sys.stdin.readline() or None
                except (OSError, ValueError):
                    line = None
                if self._loop.is_closed():
                    return
                self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
                if line is None:
                    return

        threading.Thread(target=read, name="terminal-lines", daemon=True).start()

    async def line(self) -> str | None:
        """The next line without its newline; None at end of input."""
        self._start()
        text = await self._queue.get()
        return None if text is None else text.strip()

    async def paste(self) -> str | None:
        return (await self.line()) or None

    async def ask_yes(self, question: str, *, default: bool) -> bool:
        print(question + (" [Y/n] " if default else " [y/N] "), end="", flush=True)
        answer = ((await self.line()) or "").lower()
        return default if not answer else answer in ("y", "yes")


def ask_yes(question: str, *, default: bool) -> bool:
    """A y/n question on the terminal (EOF keeps the default)."""
    suffix = " [Y/n] " if default else " [y/N] "
    try:
        answer = input(question + suffix).strip().lower()
    except EOFError:
        return default
    return default if not answer else answer in ("y", "yes")


def explain(out: Printer, session: Session, error: GraphError, doing: str) -> int:
    """An error card for a failed call; the env file is untouched."""
    from wizard.core.cards.lookup import card_for_error, render_card
    from wizard.core.cards.spec import LinkContext

    card = card_for_error(error, LinkContext(app_id=session.values.app_id))
    out.status("fail", doing, card.title)
    for line in render_card(card).splitlines()[1:]:
        out.line(f"    {line}")
    out.line(f"{session.env_path} was not changed.")
    return 1


async def _login(args: argparse.Namespace) -> int:
    import time

    from wizard.commands.connect import SANDBOX_URL, connect
    from wizard.core.access.login import LoginError, http_browser, login, system_browser
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.state import KEY_DEFAULTS

    out = Printer(sys.stdout)
    async with connect(args) as session:
        v = session.values
        if not (v.app_id and v.app_secret):
            names = ", ".join(
                KEY_DEFAULTS[f] for f in ("app_id", "app_secret") if not getattr(v, f)
            )
            out.status("fail", "Login", f"needs {names} in {session.env_path}")
            out.hint(
                "Both are under App Dashboard › App settings › Basic; run wa-wizard to add them."
            )
            return 1
        terminal = TerminalLines() if sys.stdin.isatty() else None
        www: str | None = None
        opener: Opener | None = None if args.no_browser else system_browser
        if session.sandbox:  # the practice dialog approves at once; no real browser needed
            www, opener = SANDBOX_URL, http_browser(session.client.http)

        def announce(url: str, redirect: str, opened: bool) -> None:
            if opened:
                out.status("info", "Login", "opened Facebook Login in your browser")
            else:
                out.status("info", "Login", "open this address in a browser (any machine):")
                out.line(f"    {url}")
            out.line(
                f"    Waiting for the answer on {redirect} "
                "(Ctrl+C to stop). Over SSH, paste the address the browser ended on and "
                "press Enter."
            )

        try:
            logged = await login(
                session.client,
                app_id=v.app_id,
                app_secret=v.app_secret,
                port=args.port,
                config_id=args.config_id,
                www=www,
                opener=opener,
                announce=announce,
                paste=terminal.paste if terminal is not None else None,
                timeout=args.timeout,
            )
        except LoginError as error:
            out.status("fail", "Login", str(error))
            out.hint(error.fix)
            out.line(f"{session.env_path} was not changed.")
            return 1
        except GraphError as error:
            return explain(out, session, error, "Login")
        return await _after_login(args, out, session, logged, time.time(), terminal)


async def _after_login(
    args: argparse.Namespace,
    out: Printer,
    session: Session,
    logged: LoggedIn,
    now: float,
    terminal: TerminalLines | None,
) -> int:
    from wizard.commands.exchange import _expiry
    from wizard.core.access.exchange import exchange_and_confirm
    from wizard.core.graph.errors import GraphError
    from wizard.core.tokens import mask

    info, token = logged.info, logged.token
    if not info.is_valid:
        out.status("fail", "Login", "Meta returned a token that debug_token calls invalid")
        out.line(f"{session.env_path} was not changed.")
        return 1
    out.status("pass", "Logged in", f"{mask(token)}  {_expiry(info, now)}")
    wabas = logged.reach.wabas
    out.status(
        "pass" if wabas else "warn",
        "WhatsApp accounts",
        ", ".join(wabas) if wabas else "none reachable with this token",
    )
    if info.expires_at and not args.no_exchange:
        question = "    Exchange it for a long-lived (about 60 days) token?"
        want = args.yes or (terminal is not None and await terminal.ask_yes(question, default=True))
        if want:
            v = session.values
            try:
                new = await exchange_and_confirm(
                    session.client, app_id=v.app_id or "", app_secret=v.app_secret or "",
                    token=token,
                )  # fmt: skip
            except GraphError as error:
                return explain(out, session, error, "Exchange")
            if new.info.is_valid:
                token, info = new.token, new.info
                out.status("pass", "Exchanged", f"{mask(token)}  {_expiry(info, now)}")
        else:
            out.hint("Kept the short-lived token; wa-wizard exchange makes it last ~60 days.")
    changes = {"access_token": token}
    if len(wabas) == 1 and not session.values.waba_id:
        changes["waba_id"] = wabas[0]
    if write(out, session, changes) != 0:
        return 1
    out.line("Next: wa-wizard make-permanent (a never-expiring system-user token), then doctor.")
    return 0


def write(out: Printer, session: Session, changes: dict[str, str]) -> int:
    """Write through the env file store (atomic, backup); 0 written, 1 refused."""
    from wizard.core.envfile.write import EnvFileError

    try:
        plan = session.env.plan(changes)
        keys = [line.key for line in plan.lines if line.action != "unchanged"]
        backup = plan.apply()
    except EnvFileError as error:
        out.status("fail", "Write", str(error))
        return 1
    where = f" (backup: {backup})" if backup else ""
    out.status(
        "pass", "Written", f"{', '.join(keys) or 'nothing new'} in {session.env_path}{where}"
    )
    return 0
