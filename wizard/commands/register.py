"""`wa-wizard register`: register a PENDING number (or one whose sends fail with 133010).

request_code (SMS or voice) -> the code, typed here -> verify_code -> the two-step PIN,
asked with getpass -> register -> the number's state read back. The PIN is never
echoed, never written to the env file, never printed or logged. Nothing is written to
the env file at all.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.session import Session

NAME = "register"

EPILOG = """\
examples:
  wa-wizard register                           the env file's number: code by SMS, then the PIN
  wa-wizard register --method voice --language pt_BR
  wa-wizard register --phone-number-id 106540352242922
  wa-wizard register --skip-verification      already verified in WhatsApp Manager: PIN only
  wa-wizard register --force                  CONNECTED, yet sends fail with 133010
  wa-wizard --sandbox register --phone-number-id <Pending id on the practice card>

The PIN is the number's two-step verification PIN: on a first registration you choose it
(keep it: Meta asks for it again), afterwards it must match. It is asked without echo and
never stored. With stdin not a terminal, the code and the PIN are read one per line.

exit codes: 0 registered (or already was) · 1 Meta refused or no answer · 2 usage error
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="register a pending phone number for Cloud API (code, then PIN)",
        description="Register a phone number for the Cloud API: have Meta send a code by "
        "SMS or voice call, verify it, then register with the two-step verification PIN.",
    )
    parser.add_argument(
        "--phone-number-id",
        metavar="ID",
        help="the number to register (default: the env file's phone number ID)",
    )
    parser.add_argument(
        "--method",
        choices=("sms", "voice"),
        default="sms",
        type=str.lower,
        help="how Meta sends the code (default sms)",
    )
    parser.add_argument(
        "--language",
        default="en_US",
        metavar="CODE",
        help="language of the SMS or call, e.g. en_US, pt_BR (default en_US)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="register even when Meta shows the number CONNECTED (sends still fail with 133010)",
    )
    parser.add_argument(
        "--skip-verification",
        action="store_true",
        help="register with the PIN only (the number is already verified)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_register(args))


def _refused(out: Printer, session: Session, error: GraphError, doing: str, phone_id: str) -> int:
    from wizard.core.cards.lookup import card_for_error
    from wizard.core.cards.spec import LinkContext

    ctx = LinkContext(
        app_id=session.values.app_id, waba_id=session.values.waba_id, phone_number_id=phone_id
    )
    card = card_for_error(error, ctx)
    code = f" ({error.code})" if error.code is not None else ""
    out.status("fail", doing, f"{card.title}{code}")
    if card.cause:
        out.hint(f"Why: {card.cause}")
    if error.details:
        out.hint(f"Meta says: {error.details}")
    if card.fix:
        out.hint(f"Fix: {card.fix}")
    if card.link:
        out.hint(card.link)
    return 1


async def _register(args: argparse.Namespace) -> int:
    from wizard.commands import ask
    from wizard.commands.connect import connect
    from wizard.core import registration
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.state import KEY_DEFAULTS

    out = Printer(sys.stdout)
    async with connect(args) as session:
        token = session.values.access_token
        phone_id = (args.phone_number_id or session.values.phone_number_id or "").strip()
        if not token:
            needs = f"needs {KEY_DEFAULTS['access_token']} in {session.env_path}"
            out.status("fail", "Register", needs)
            out.hint("Run wa-wizard to store a token (whatsapp_business_management).")
            return 1
        client = session.client
        if not (phone_id.isascii() and phone_id.isdigit()):
            what = f"{phone_id!r} is not a Phone number ID" if phone_id else "no phone number ID"
            out.status("fail", "Register", what)
            out.hint(
                f"Pass --phone-number-id ID or set {KEY_DEFAULTS['phone_number_id']} (the "
                "15-17 digit id in WhatsApp Manager › Phone numbers, not the number itself)."
            )
            if not phone_id and session.values.waba_id:
                await _list_pending(out, client, token, session.values.waba_id)
            return 2 if phone_id else 1
        try:
            state = await registration.phone_state(client, token, phone_id)
        except GraphError as error:
            return _refused(out, session, error, "Phone number", phone_id)
        out.status("info", "Phone number", f"{state.summary()} ({phone_id})")
        if state.registered and not args.force:
            out.status("pass", "Register", "already registered: CONNECTED on Cloud API")
            out.line(
                "Nothing to do. Check sending with: wa-wizard send-test (if it still fails "
                "with 133010, run wa-wizard register --force)"
            )
            return 0
        try:
            if args.skip_verification or state.verified:
                why = "--skip-verification" if args.skip_verification else "already VERIFIED"
                out.status("skip", "Verification", why)
            else:
                method = args.method.upper()
                await registration.request_code(client, token, phone_id, method, args.language)
                how = "an SMS" if method == "SMS" else "a voice call"
                out.status("pass", "Code requested", f"Meta sends {how} to {state.display}")
                for _ in range(3):
                    code = registration.normalize_code(ask.line("Code from Meta (6 digits): "))
                    problem = registration.code_problem(code)
                    if problem is None:
                        break
                    out.line(problem)
                else:
                    out.status("fail", "Verification", "no 6-digit code was typed")
                    return 1
                try:
                    await registration.verify_code(client, token, phone_id, code)
                except GraphError as error:
                    if error.code in registration.REGISTRATION_CODES:
                        return _refused(out, session, error, "Verification", phone_id)
                    out.status("fail", "Verification", "Meta did not accept the code")
                    if error.details:
                        out.hint(f"Meta says: {error.details}")
                    out.hint(f"Fix: {registration.verify_refused_fix()}")
                    return 1
                out.status("pass", "Verification", "code accepted")
            pin = _ask_pin(out)
            if pin is None:
                return 1
            after = await registration.register(client, token, phone_id, pin)
        except ask.NoAnswer:
            out.status("fail", "Register", "stdin ended before an answer; nothing registered")
            return 1
        except GraphError as error:
            return _refused(out, session, error, "Register", phone_id)
        out.status("pass", "Register", f"{after.summary()}")
        if not after.registered:
            out.hint(
                "Meta accepted the registration; the status can take a moment to change. "
                "Check again with: wa-wizard doctor --only phone_number"
            )
        out.line("Keep the PIN somewhere safe: Meta asks for it again to re-register.")
        return 0


async def _list_pending(out: Printer, client: Any, token: str, waba_id: str) -> None:
    """Say which numbers of the WABA wait for registration (nothing chosen for the person)."""
    from wizard.core.graph.errors import GraphError
    from wizard.core.registration import pending_numbers

    try:
        pending = await pending_numbers(client, token, waba_id)
    except GraphError:
        return  # the hint above already says where to find the id
    if not pending:
        out.hint(f"No number of WhatsApp account {waba_id} is waiting for registration.")
    for state in pending:
        out.hint(f"Pending: {state.display} → wa-wizard register --phone-number-id {state.id}")


def _ask_pin(out: Printer) -> str | None:
    """The PIN, typed twice on a terminal; never echoed and never printed back."""
    from wizard.commands import ask
    from wizard.core.registration import pin_problem

    prompt = "Two-step verification PIN (6 digits, not shown): "
    for _ in range(3):
        pin = ask.secret(prompt).strip()
        problem = pin_problem(pin)
        if (
            problem is None
            and ask.interactive()
            and ask.secret("The same PIN again: ").strip() != pin
        ):
            problem = "The two PINs differ."
        if problem is None:
            return pin
        out.line(problem)
        if not ask.interactive():
            break
    out.status("fail", "Register", "no valid PIN; nothing was sent")
    return None
