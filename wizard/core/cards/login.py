"""Cards for Facebook Login's code exchange and the system-user token steps (§19.13, §19.14).

Meta answers most of these with code 100 and tells them apart only by the message
[3P captures]; the subcodes 36007-36009 are UNCONFIRMED, so the message decides.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from wizard.core.cards.spec import (
    BASIC_SETTINGS,
    LOGIN_SETTINGS,
    SYSTEM_USERS,
    CardSpec,
    LinkContext,
    build_link,
)

if TYPE_CHECKING:
    from wizard.core.cards.lookup import ErrorCard
    from wizard.core.graph.errors import GraphError

LOGIN_AGAIN = "Run wa-wizard login again and finish it in one go (a login code works once)."

CODE_USED = CardSpec(
    "Login code already used",
    "A Facebook Login code can be exchanged for a token only once; this one was used already "
    "(a page reload or a second tab sends it again).",
    LOGIN_AGAIN,
    LOGIN_SETTINGS,
)
CODE_EXPIRED = CardSpec(
    "Login code expired",
    "A Facebook Login code must be exchanged within minutes; this one is too old.",
    LOGIN_AGAIN,
    LOGIN_SETTINGS,
)
REDIRECT_MISMATCH = CardSpec(
    "Redirect URI differs from the login's",
    "Meta only exchanges a login code with exactly the redirect_uri the dialog was opened "
    "with, port included.",
    "Run wa-wizard login again; paste back the address of that same login only.",
    LOGIN_SETTINGS,
)
CODE_INVALID = CardSpec(
    "Login code not recognised",
    "Meta did not recognise the login code: it was cut short when pasted, or it belongs to "
    "another app.",
    "Run wa-wizard login again and paste the whole address the browser ended on.",
    BASIC_SETTINGS,
)
NOT_INSTALLED = CardSpec(
    "App not installed for the system user",
    "A system user can only get a token for an app installed for it "
    "(POST /{system-user-id}/applications).",
    "Run wa-wizard make-permanent again (it installs the app first), or assign the app to the "
    "system user in Business Settings › System users › Assign assets.",
    SYSTEM_USERS,
)
INSTALL_REFUSED = CardSpec(
    "Meta would not install the app for the system user",
    "Meta's documentation says only apps with certain access levels can be installed for "
    "system users through the API (whether WhatsApp-only apps are affected is not "
    "documented). The Business Settings screen does the same thing by hand.",
    "Assign the app to the system user in Business Settings › System users › Assign assets "
    "(Manage app), then generate the token there; the steps below walk through it.",
    SYSTEM_USERS,
)

LOGIN_CARDS: dict[tuple[int, int | None], CardSpec] = {
    (100, 36007): CODE_EXPIRED,
    (100, 36008): REDIRECT_MISMATCH,
    (100, 36009): CODE_USED,
}
"""By (code, subcode) for lookup; the message matchers below come first anyway."""

LOGIN_MATCHERS: tuple[tuple[str, CardSpec, int | None], ...] = (
    ("authorization code has been used", CODE_USED, None),
    ("authorization code has expired", CODE_EXPIRED, None),
    ("redirect_uri is identical", REDIRECT_MISMATCH, None),
    ("invalid verification code", CODE_INVALID, None),
    ("must be installed for the system user", NOT_INSTALLED, None),
)
"""(lowercase text in Meta's message, card, subcode the text implies)."""


def install_refusal_card(card: ErrorCard, error: GraphError, ctx: LinkContext) -> ErrorCard:
    """The install step's refusal: the manual Assign-assets path, with Meta's own words."""
    if error.kind != "api" or error.code in (190, 102):
        return card  # a network failure or a dead token reads as what it is
    return replace(
        card,
        title=INSTALL_REFUSED.title,
        cause=INSTALL_REFUSED.cause,
        fix=INSTALL_REFUSED.fix,
        link=build_link(INSTALL_REFUSED.link, ctx),
    )
