"""The values the wizard sets up, and the .env key names they live under."""

from __future__ import annotations

from dataclasses import asdict, dataclass

KEY_DEFAULTS: dict[str, str] = {
    "app_id": "FACEBOOK_APP_ID",
    "app_secret": "FACEBOOK_APP_SECRET",
    "access_token": "WHATSAPP_ACCESS_TOKEN",
    "verify_token": "META_WEBHOOK_VERIFY_TOKEN",
    "phone_number_id": "WHATSAPP_PHONE_NUMBER_ID",
    "waba_id": "WHATSAPP_BUSINESS_ACCOUNT_ID",
    "graph_version": "META_GRAPH_API_VERSION",
}
"""Field -> the key name written when the file has none of the field's keys."""

KEY_ALIASES: dict[str, tuple[str, ...]] = {
    "app_id": ("FACEBOOK_APP_ID", "META_APP_ID"),
    "app_secret": ("FACEBOOK_APP_SECRET", "META_APP_SECRET"),
    "access_token": (
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_CLOUD_API_TOKEN",
        "WHATSAPP_TOKEN",
        "META_ACCESS_TOKEN",
    ),
    "verify_token": (
        "META_WEBHOOK_VERIFY_TOKEN",
        "WHATSAPP_VERIFY_TOKEN",
        "WEBHOOK_VERIFY_TOKEN",
    ),
    "phone_number_id": ("WHATSAPP_PHONE_NUMBER_ID", "PHONE_NUMBER_ID"),
    "waba_id": ("WHATSAPP_BUSINESS_ACCOUNT_ID", "WABA_ID", "WHATSAPP_WABA_ID"),
    "graph_version": ("META_GRAPH_API_VERSION",),
}
"""Field -> every key recognised for it, the default first. Aliases are updated in place."""

SECRET_FIELDS = frozenset({"app_secret", "access_token", "verify_token"})
"""Fields that are masked everywhere unless the user asks to reveal them."""

FIELD_LABELS: dict[str, str] = {
    "app_id": "App ID",
    "app_secret": "App secret",
    "access_token": "Access token",
    "verify_token": "Webhook verify token",
    "phone_number_id": "Phone number ID",
    "waba_id": "WhatsApp Business Account ID",
    "graph_version": "Graph API version",
}


@dataclass(frozen=True)
class SetupValues:
    """Candidate credentials; every step returns a new instance (``dataclasses.replace``)."""

    app_id: str | None = None
    app_secret: str | None = None
    access_token: str | None = None
    verify_token: str | None = None
    """Invented by the user (not from Meta); echoed back by Meta in the webhook handshake."""
    waba_id: str | None = None
    phone_number_id: str | None = None
    """The Phone Number ID used in /{id}/messages; not the phone number itself."""
    graph_version: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)
