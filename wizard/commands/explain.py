"""`wa-wizard explain`: what a Graph or WhatsApp error code means and how to fix it.

Works offline. The env file, when readable, only fills the deep links with the app,
WhatsApp account and phone number ids; no secret is read into the output.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.core.output import Printer
from wizard.core.state import KEY_ALIASES

if TYPE_CHECKING:
    from wizard.core.cards.spec import LinkContext

NAME = "explain"

EXIT_OK = 0
EXIT_UNKNOWN = 1
EXIT_USAGE = 2

EPILOG = """\
examples:
  wa-wizard explain 190/463        expired access token
  wa-wizard explain 190.463        the same, with a dot
  wa-wizard explain '(#131030)'    paste the code as Meta writes it
  wa-wizard explain 100/33 --json  the card as JSON
  wa-wizard explain --list         every code wa-wizard knows

Deep links use FACEBOOK_APP_ID, WHATSAPP_BUSINESS_ACCOUNT_ID and WHATSAPP_PHONE_NUMBER_ID
from --env-file (default ./.env) when that file exists.

exit codes: 0 known code · 1 unknown code · 2 usage error
"""

_CODE_RE = re.compile(
    r"^\s*(?:code\s*)?\(?\s*#?\s*(\d{1,9})\s*\)?\s*(?:[/.:,]\s*(\d{1,9}))?\s*$",
    re.IGNORECASE | re.ASCII,  # ASCII digits only: no code is written in other scripts
)

_ID_RE = re.compile(r"^\d{1,25}$", re.ASCII)


def parse_code(text: str) -> tuple[int, int | None] | None:
    """``190/463``, ``190.463``, ``#131030`` or ``(#100)`` -> (code, subcode), else None."""
    match = _CODE_RE.match(text)
    if match is None:
        return None
    subcode = int(match.group(2)) if match.group(2) is not None else None
    return int(match.group(1)), subcode


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        parents=parents,
        help="explain a Graph API error code",
        description="Explain a Graph API or WhatsApp Cloud API error code: what happened, "
        "why, the exact fix and a link to the right page.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "code",
        nargs="?",
        metavar="CODE[/SUBCODE]",
        help="an error code such as 190/463, 190.463, #131030 or (#100)",
    )
    parser.add_argument("--json", action="store_true", help="print the card as JSON")
    parser.add_argument("--list", action="store_true", help="list every known code with its title")
    parser.set_defaults(explain_usage=parser.format_usage())
    return parser


def link_context(env_file: Path | None) -> LinkContext:
    """The ids in ``env_file`` that make deep links specific; empty when unreadable."""
    from wizard.core.cards.spec import LinkContext

    if env_file is None:
        return LinkContext()
    try:
        if not env_file.is_file():
            return LinkContext()
        from dotenv import dotenv_values

        raw = dotenv_values(env_file, interpolate=False)
    except (OSError, UnicodeDecodeError, ValueError):
        return LinkContext()
    found: dict[str, str | None] = {}
    for field in ("app_id", "waba_id", "phone_number_id"):
        found[field] = None
        for key in KEY_ALIASES[field]:
            value = (raw.get(key) or "").strip()
            if _ID_RE.match(value):
                found[field] = value
                break
    return LinkContext(
        app_id=found["app_id"],
        waba_id=found["waba_id"],
        phone_number_id=found["phone_number_id"],
    )


def _print_list(out: Printer, as_json: bool) -> int:
    from wizard.core.cards.lookup import card_for_code, known_codes

    cards = [card_for_code(code, subcode) for code, subcode in known_codes()]
    entries = [card for card in cards if card is not None]
    if as_json:
        rows = [{"code": c.code, "subcode": c.subcode, "title": c.title} for c in entries]
        out.line(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for card in entries:
        label = f"{card.code}/{card.subcode}" if card.subcode is not None else f"{card.code}"
        out.line(f"{label:>12}  {card.title}")
    out.line()
    out.line("Families: 200-299 permissions, 2388xxx template creation, and the rest by range.")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from wizard.core.cards.lookup import card_for_code, render_card
    from wizard.core.cards.ranges import describe_unknown
    from wizard.core.cards.spec import ERROR_CODES, build_link

    out = Printer(sys.stdout)
    as_json = bool(getattr(args, "json", False))
    if getattr(args, "list", False):
        return _print_list(out, as_json)
    usage = str(getattr(args, "explain_usage", "usage: wa-wizard explain CODE[/SUBCODE]\n"))
    text = getattr(args, "code", None)
    parsed = parse_code(text) if text else None
    if parsed is None:
        err = Printer(sys.stderr)
        err.line(usage.rstrip())
        if text:
            err.line(
                f"wa-wizard explain: error: {text!r} is not an error code; "
                "write it like 190, 190/463, 190.463 or (#131030)"
            )
        else:
            err.line("wa-wizard explain: error: give an error code, or --list to see them all")
        return EXIT_USAGE
    code, subcode = parsed
    ctx = link_context(getattr(args, "env_file", None))
    card = card_for_code(code, subcode, ctx)
    if card is None:
        about = describe_unknown(code)
        if as_json:
            unknown = {"code": code, "subcode": subcode, "known": False, "about": about}
            out.line(json.dumps(unknown, indent=2, ensure_ascii=False))
        else:
            out.line(
                f"? Code {code}{f'/{subcode}' if subcode is not None else ''} is not in "
                "wa-wizard's list."
            )
            out.line(about)
            out.line(
                "Meta's message and error_data.details usually name the problem; "
                "keep the fbtrace_id for Meta support."
            )
            out.line(f"Open: {build_link(ERROR_CODES, ctx)}")
        return EXIT_UNKNOWN
    if as_json:
        out.line(json.dumps(asdict(card), indent=2, ensure_ascii=False))
    else:
        for line in render_card(card).splitlines():
            out.line(line)
    return EXIT_OK
