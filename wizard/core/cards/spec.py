"""Building blocks of the error cards: card text as data, and deep links from known ids.

The card tables (``errors_graph``, ``errors_whatsapp``, ``errors_match``) only hold
:class:`CardSpec` values; :mod:`wizard.core.cards.lookup` turns them into cards for one
context. Texts may name ``{app_id}``, ``{waba_id}``, ``{phone_number_id}`` and
``{business_id}``: they are filled with the real id when it is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wizard.core.actions import Action


@dataclass(frozen=True)
class LinkContext:
    """Ids known for this setup, used to build deep links; any may be unknown."""

    app_id: str | None = None
    waba_id: str | None = None
    phone_number_id: str | None = None
    business_id: str | None = None


@dataclass(frozen=True)
class CardSpec:
    """The text of one card before the ids of a setup are filled in."""

    title: str
    cause: str
    fix: str
    link: str | None = None
    """A key of :data:`LINKS` (or None when no page helps)."""
    action: Action | None = None
    """What wa-wizard can do about it; each face words it (see :mod:`wizard.core.actions`)."""


API_SETUP = "api_setup"
WEBHOOK_SETTINGS = "webhook_settings"
BASIC_SETTINGS = "basic_settings"
ADVANCED_SETTINGS = "advanced_settings"
SYSTEM_USERS = "system_users"
WABA_HOME = "waba_home"
PHONE_NUMBERS = "phone_numbers"
TEMPLATES = "templates"
TOKEN_DEBUGGER = "token_debugger"
ERROR_CODES = "error_codes"
RATE_LIMITS = "rate_limits"
REGISTER_DOC = "register_doc"
LOGIN_SETTINGS = "login_settings"

_DEV = "https://developers.facebook.com"
_BIZ = "https://business.facebook.com"

LINKS: dict[str, tuple[str, str | None, str]] = {
    # key: (generic link, id field it needs, template with that id)
    API_SETUP: (f"{_DEV}/apps/", "app_id", f"{_DEV}/apps/{{id}}/whatsapp-business/wa-dev-console/"),
    WEBHOOK_SETTINGS: (
        f"{_DEV}/apps/",
        "app_id",
        f"{_DEV}/apps/{{id}}/whatsapp-business/wa-settings/",
    ),
    BASIC_SETTINGS: (f"{_DEV}/apps/", "app_id", f"{_DEV}/apps/{{id}}/settings/basic/"),
    ADVANCED_SETTINGS: (f"{_DEV}/apps/", "app_id", f"{_DEV}/apps/{{id}}/settings/advanced/"),
    SYSTEM_USERS: (
        f"{_BIZ}/settings/system-users",
        "business_id",
        f"{_BIZ}/settings/system-users?business_id={{id}}",
    ),
    WABA_HOME: (f"{_BIZ}/wa/manage/home/", "waba_id", f"{_BIZ}/wa/manage/home/?waba_id={{id}}"),
    PHONE_NUMBERS: (
        f"{_BIZ}/wa/manage/phone-numbers/",
        "waba_id",
        f"{_BIZ}/wa/manage/phone-numbers/?waba_id={{id}}",
    ),
    TEMPLATES: (
        f"{_BIZ}/wa/manage/message-templates/",
        "waba_id",
        f"{_BIZ}/wa/manage/message-templates/?waba_id={{id}}",
    ),
    LOGIN_SETTINGS: (  # Facebook Login › Settings (Valid OAuth Redirect URIs); path UNCONFIRMED
        f"{_DEV}/apps/",
        "app_id",
        f"{_DEV}/apps/{{id}}/fb-login/settings/",
    ),
    TOKEN_DEBUGGER: (f"{_DEV}/tools/debug/accesstoken/", None, ""),
    ERROR_CODES: (
        f"{_DEV}/documentation/business-messaging/whatsapp/support/error-codes",
        None,
        "",
    ),
    RATE_LIMITS: (f"{_DEV}/docs/graph-api/overview/rate-limiting", None, ""),
    REGISTER_DOC: (
        f"{_DEV}/docs/graph-api/reference/"
        "whats-app-business-account-to-number-current-status/register",
        None,
        "",
    ),
}
"""Link key -> (generic URL, LinkContext field that makes it specific, specific URL template)."""

_ID_RE = re.compile(r"^\d{1,25}$")

_PLACEHOLDERS = {
    "app_id": "<APP_ID>",
    "waba_id": "<WABA_ID>",
    "phone_number_id": "<PHONE_NUMBER_ID>",
    "business_id": "<BUSINESS_ID>",
}
"""What a text shows where an id is unknown."""


def _known_id(ctx: LinkContext, field: str) -> str | None:
    value = getattr(ctx, field, None)
    if isinstance(value, str) and _ID_RE.match(value.strip()):
        return value.strip()
    return None


def build_link(key: str | None, ctx: LinkContext) -> str | None:
    """The deep link for ``key``, specific when the id it needs is known (and numeric)."""
    if key is None or key not in LINKS:
        return None
    generic, field, template = LINKS[key]
    if field is None:
        return generic
    value = _known_id(ctx, field)
    return template.format(id=value) if value else generic


def fill_ids(text: str, ctx: LinkContext) -> str:
    """Replace ``{app_id}``-style names in ``text`` by the id, or a placeholder when unknown."""
    for field, placeholder in _PLACEHOLDERS.items():
        marker = "{" + field + "}"
        if marker in text:
            text = text.replace(marker, _known_id(ctx, field) or placeholder)
    return text
