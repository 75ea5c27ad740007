"""`wa-wizard webhook-subscribe`: point the app's webhook at a URL and link the WABA to the app.

Order: our own handshake probe first (so a broken endpoint is found before Meta
finds it), the app token, ``POST /{app-id}/subscriptions`` (Meta verifies the URL
then; #2200 is explained with its card), ``POST /{waba-id}/subscribed_apps``, and
finally GETs that confirm *this* app is subscribed to *this* WABA (pain 13).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from wizard.core.actions import in_cli
from wizard.core.graph import webhooks
from wizard.core.output import Printer

if TYPE_CHECKING:
    from wizard.core.graph.errors import GraphError
    from wizard.core.session import Session

NAME = "webhook-subscribe"
HELP = "subscribe the app and the WhatsApp account to your webhook"
NEEDED = ("app_id", "app_secret", "access_token", "waba_id", "verify_token")


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help=HELP,
        description="Set the app's webhook callback (POST /{app-id}/subscriptions with an app "
        "token), subscribe the app to the WhatsApp Business Account (POST /{waba-id}/"
        "subscribed_apps), then confirm both with GETs.",
        epilog="examples:\n"
        "  wa-wizard webhook-subscribe --callback-url https://example.com/webhook\n"
        "  wa-wizard webhook-subscribe --callback-url https://example.com/webhook "
        "--replace-overrides",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--callback-url", required=True, metavar="URL", help="your https endpoint")
    parser.add_argument(
        "--fields",
        default="messages",
        metavar="LIST",
        help="comma-separated webhook fields (default: messages)",
    )
    parser.add_argument(
        "--skip-selftest", action="store_true", help="do not run the handshake probe first"
    )
    parser.add_argument(
        "--replace-overrides",
        action="store_true",
        help="point the phone number's and the WABA's webhook overrides (left by another "
        "tool) at this URL too; without it they are only reported",
    )
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help=argparse.SUPPRESS)
    return parser


def run(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(subscribe(args))


def _explain(printer: Printer, title: str, error: GraphError, session: Session) -> None:
    from wizard.core.cards.lookup import card_for_error, render_card
    from wizard.core.cards.spec import LinkContext

    v = session.values
    card = card_for_error(error, LinkContext(app_id=v.app_id, waba_id=v.waba_id))
    printer.status("fail", title, card.title)
    for line in render_card(card, error).splitlines()[1:]:
        printer.line(f"    {line}")


async def subscribe(args: argparse.Namespace, *, transport: Any = None) -> int:
    """The whole flow; ``transport`` lets tests inject the sandbox."""
    from wizard.commands.connect import connect
    from wizard.core.state import KEY_DEFAULTS

    printer = Printer()
    url = args.callback_url.strip()
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] or ["messages"]
    async with connect(args, transport=transport) as session:
        v = session.values
        missing = [KEY_DEFAULTS[name] for name in NEEDED if not getattr(v, name)]
        if missing:
            printer.status("fail", "Env file", f"needs {', '.join(missing)} in {session.env_path}")
            hint = "Run `wa-wizard` to set them up"
            if "META_WEBHOOK_VERIFY_TOKEN" in missing:
                hint += " (verify token: `wa-wizard verify-token --write`)"
            printer.hint(hint + ".")
            return 1
        if not args.skip_selftest and not await _selftest(printer, url, session, args.timeout):
            return 1
        return await _subscribe(printer, url, fields, session, args.replace_overrides)


async def _selftest(printer: Printer, url: str, session: Session, timeout: float) -> bool:
    from wizard.core.webhook.diagnose import check_url, endpoint_client
    from wizard.core.webhook.probes import handshake_probe

    status, detail, fix = check_url(url)
    if status != "pass":
        printer.status(status, "Callback URL", detail)
        printer.hint(fix or "Use an https URL.")
        if status == "fail":
            return False
    async with endpoint_client(url, timeout) as http:
        probe = await handshake_probe(url, session.values.verify_token or "", http=http)
    printer.status(probe.status, "Endpoint", probe.detail)
    if probe.status == "fail":
        printer.hint(in_cli(probe.fix, probe.action))
        printer.hint("Meta would refuse this URL (#2200). Fix it, then run this again "
                     "(or pass --skip-selftest).")  # fmt: skip
        return False
    return True


async def _subscribe(
    printer: Printer, url: str, fields: list[str], session: Session, replace: bool
) -> int:
    from wizard.core.webhook.subscription import STAGE_TITLES, SubscribeError, subscribe_webhook

    v = session.values
    try:
        done = await subscribe_webhook(session.client, v, url, fields)
    except SubscribeError as failed:
        _explain(printer, STAGE_TITLES[failed.stage], failed.error, session)
        return 1
    linked = f"app {v.app_id} subscribed to WABA {v.waba_id}"
    verified = f"Meta verified {url} · fields {', '.join(fields)}"
    printer.status("pass", "App webhook", verified)
    printer.status("pass", "WABA link", linked)
    code = await _confirm(printer, url, done.app_token, session)
    if code == 0:
        code = await _route(printer, url, done.app_token, session, replace)
    if code == 0:
        printer.line(
            "Done. Send a test (wa-wizard send-test --to …) and watch your endpoint for statuses."
        )
    return code


async def _route(
    printer: Printer, url: str, app_token: str, session: Session, replace: bool
) -> int:
    """Where Meta will really deliver (§19.8): an override on the number or the WABA wins."""
    from wizard.core.graph.errors import GraphError
    from wizard.core.webhook.subscription import (
        SOURCE_NAMES,
        STAGE_TITLES,
        SubscribeError,
        override_verdict,
        read_route,
        replace_overrides,
    )

    v = session.values
    try:
        route = await read_route(session.client, v, app_token)
        if route.diverted and replace:
            changed = await replace_overrides(session.client, v, url, route)
            names = " and ".join(SOURCE_NAMES[c] for c in changed)
            printer.status("pass", "Overrides", f"{names} now point{'s' * (len(changed) == 1)} "
                           f"at {url} (Meta verified it)")  # fmt: skip
            route = await read_route(session.client, v, app_token)
    except SubscribeError as failed:
        _explain(printer, STAGE_TITLES[failed.stage], failed.error, session)
        return 1
    except GraphError as error:
        _explain(printer, "Delivery", error, session)
        return 1
    if route.diverted:
        detail, fix = override_verdict(route, v.waba_id or "", v.phone_number_id or "")
        printer.status("fail", "Delivery", detail)
        printer.hint(fix)
        return 1
    where = SOURCE_NAMES[route.source] if route.source else "the app's callback"
    note = "" if route.phone_read or not v.phone_number_id else " (number's override unread)"
    printer.status("pass", "Delivery", f"events go to {route.receiver} ({where}){note}")
    return 0


async def _confirm(printer: Printer, url: str, app_token: str, session: Session) -> int:
    from wizard.core.graph.errors import GraphError

    v = session.values
    try:
        subs = await webhooks.app_subscriptions(session.client, app_token, v.app_id or "")
        linked = await webhooks.subscribed_apps(
            session.client, v.access_token or "", v.waba_id or ""
        )
    except GraphError as error:
        _explain(printer, "Confirm", error, session)
        return 1
    ours = [
        s for s in subs
        if s.get("object") == "whatsapp_business_account" and s.get("callback_url") == url
    ]  # fmt: skip
    app_ids = webhooks.subscribed_app_ids(linked)
    problems = 0
    if not ours or ours[0].get("active") is False:
        problems += 1
        printer.status("fail", "Confirm callback", f"the app's callback is not {url} (or inactive)")
        printer.hint("Check App Dashboard > WhatsApp > Configuration, then run this again.")
    if v.app_id not in app_ids:
        problems += 1
        others = f" (subscribed: {', '.join(app_ids)})" if app_ids else " (no app subscribed)"
        printer.status("fail", "Confirm WABA", f"app {v.app_id} is not subscribed{others}")
        printer.hint("Another app receiving events is not enough: run this command again with "
                     "the token of a system user that has this WABA.")  # fmt: skip
    if problems:
        return 1
    printer.status("pass", "Confirmed", f"app {v.app_id} ← WABA {v.waba_id}; callback active")
    return 0
