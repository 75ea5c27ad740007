"""`wa-wizard send-test`: send one test message and explain what happened.

Shows the normalised E.164 number first; explains a refusal with its error card;
on success prints the wamid and that only a status webhook confirms delivery.
Exit 0 accepted, 1 refused or failed, 2 an unusable --to.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from wizard.core.actions import in_cli
from wizard.core.graph import account, messages

NAME = "send-test"


EPILOG = """\
examples:
  wa-wizard send-test --to +15550100142               the hello_world template
  wa-wizard send-test --to '+52 1 55 1234 5678'       a Mexican wa_id is sent as +52…
  wa-wizard send-test --to +447700900456 --text Hi    text: only inside the 24 h window
  wa-wizard send-test --to +15550100142 --template order_update --language en

Accepted is not delivered: delivery is confirmed by a status webhook
(try: wa-wizard webhook-listen).

exit codes: 0 accepted · 1 refused · 2 usage error (e.g. a number without country code)
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="send a test message (hello_world by default)",
        description="Send a test message from the env file's phone number: the hello_world "
        "template (en_US) by default, a template of your choice, or a text.",
    )
    parser.add_argument(
        "--to", required=True, metavar="NUMBER", help="recipient with country code, e.g. +1 555…"
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--text", metavar="MSG", help="send a text (only inside the 24 h window)")
    what.add_argument("--template", metavar="NAME", help="template name (default hello_world)")
    parser.add_argument(
        "--language", metavar="CODE", default="en_US", help="template language (default en_US)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_send(args))


async def _number_kind(session: Any, token: str, phone_id: str) -> str:
    """``test``, ``live`` or ``unknown`` (account_mode; graph-api.md §19.1)."""
    from wizard.core.checks.phone_facts import TEST_NUMBER_FIELDS, number_kind
    from wizard.core.graph.errors import GraphError

    try:
        phone = await account.phone_number(session.client, token, phone_id, TEST_NUMBER_FIELDS)
    except GraphError:
        return "unknown"  # the send itself will explain any real problem
    return number_kind(phone)


async def _send(args: argparse.Namespace) -> int:
    from wizard.commands.connect import connect
    from wizard.core.cards.lookup import card_for_error
    from wizard.core.cards.spec import LinkContext
    from wizard.core.graph.errors import GraphError
    from wizard.core.output import Printer
    from wizard.core.recipients import normalize_recipient
    from wizard.core.state import KEY_DEFAULTS

    out = Printer(sys.stdout)
    async with connect(args) as session:
        v = session.values
        if not v.access_token or not v.phone_number_id:
            names = [
                KEY_DEFAULTS[f] for f in ("access_token", "phone_number_id") if not getattr(v, f)
            ]
            out.status("fail", "Send", f"needs {', '.join(names)} in {session.env_path}")
            out.hint("Run wa-wizard to set them up, then wa-wizard doctor to check them.")
            return 1
        kind = await _number_kind(session, v.access_token, v.phone_number_id)
        test_number = kind == "test"  # test-number rules only for a known test number
        recipient = normalize_recipient(args.to, test_number=test_number)
        if recipient.error or not recipient.e164 or not recipient.wa_digits:
            out.status("fail", "Recipient", recipient.error or "not a phone number")
            return 2
        out.status("info", "To", recipient.e164)
        for note in recipient.notes:
            out.hint(note)
        if test_number:
            out.hint(
                "Sending from a test number: the recipient must be on its allow-list "
                "(App Dashboard › WhatsApp › API Setup › To › Manage phone number list)."
            )
        elif kind == "unknown":
            out.hint(
                "Could not tell whether this is Meta's test number (no account_mode); if it "
                "is, the recipient must be on its allow-list."
            )
        try:
            if args.text is not None:
                sent = await messages.send_text(
                    session.client, v.access_token, v.phone_number_id, recipient.e164, args.text
                )
                what = "text"
            else:
                name = args.template or "hello_world"
                sent = await messages.send_template(
                    session.client,
                    v.access_token,
                    v.phone_number_id,
                    recipient.e164,
                    name,
                    args.language,
                )
                what = f"template {name} ({args.language})"
        except GraphError as error:
            ctx = LinkContext(app_id=v.app_id, waba_id=v.waba_id, phone_number_id=v.phone_number_id)
            card = card_for_error(error, ctx)
            code = ""
            if error.code is not None:
                code = f" ({error.code}" + (f"/{error.subcode})" if error.subcode else ")")
            out.status("fail", "Not sent", f"{card.title}{code}")
            if card.cause:
                out.hint(f"Why: {card.cause}")
            if card.fix or card.action:
                out.hint(f"Fix: {in_cli(card.fix, card.action)}")
            if card.link:
                out.hint(card.link)
            return 1
    status = f" · {sent.message_status}" if sent.message_status else ""
    out.status("pass", "Accepted", f"{what} · {sent.wamid}{status}")
    if sent.wa_id:
        out.hint(f"WhatsApp id of the recipient: {sent.wa_id}")
    out.hint(
        "Accepted is not delivered: only a status webhook (sent, delivered, read or failed) "
        "confirms delivery. Watch for it with: wa-wizard webhook-listen"
    )
    return 0
