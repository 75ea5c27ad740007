"""Subscribe an app's webhook and link the WABA to the app: the order Meta needs.

Both faces (``webhook-subscribe`` and the wizard's Webhook step) call
:func:`subscribe_webhook`; they differ only in how they show the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from wizard.core.graph import tokens, webhooks

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.errors import GraphError
    from wizard.core.state import SetupValues

Stage = Literal["app_token", "app_webhook", "waba_link"]

STAGE_TITLES: dict[Stage, str] = {
    "app_token": "App token",
    "app_webhook": "App webhook",
    "waba_link": "WABA link",
}


class SubscribeError(Exception):
    """A stage failed; ``error`` is Meta's answer (a #2200 for a refused callback)."""

    def __init__(self, stage: Stage, error: GraphError) -> None:
        super().__init__(f"{STAGE_TITLES[stage]}: {error}")
        self.stage: Stage = stage
        self.error = error


@dataclass(frozen=True)
class Subscribed:
    app_token: str
    """The app token used (registered for redaction); GET /{app-id}/subscriptions needs it."""
    waba_first: bool
    """Meta asked for the WABA link before the callback could change (pain point 14)."""


async def subscribe_webhook(
    client: GraphClient, values: SetupValues, url: str, fields: Sequence[str]
) -> Subscribed:
    """App token, ``POST /{app-id}/subscriptions`` (Meta runs the handshake), then
    ``POST /{waba-id}/subscribed_apps``. When Meta refuses to change the callback before
    the WABA is subscribed, the WABA is linked first and the callback retried.

    Raises:
        SubscribeError: naming the stage that failed.
    """
    from wizard.core.graph.errors import GraphError
    from wizard.core.redact import register_secret

    app_id, secret = values.app_id or "", values.app_secret or ""
    token, waba_id, verify = values.access_token or "", values.waba_id or "", values.verify_token

    async def link_waba() -> None:
        try:
            await webhooks.subscribe_waba(client, token, waba_id)
        except GraphError as error:
            raise SubscribeError("waba_link", error) from None

    try:
        app_token = await tokens.app_access_token(client, app_id=app_id, app_secret=secret)
    except GraphError as error:
        raise SubscribeError("app_token", error) from None
    register_secret(app_token)
    waba_first = False
    try:
        await webhooks.subscribe_app(client, app_token, app_id, url, verify or "", fields)
    except GraphError as error:
        if "must be subscribed" not in error.message.lower():
            raise SubscribeError("app_webhook", error) from None
        await link_waba()
        waba_first = True
        try:
            await webhooks.subscribe_app(client, app_token, app_id, url, verify or "", fields)
        except GraphError as again:
            raise SubscribeError("app_webhook", again) from None
    if not waba_first:
        await link_waba()
    return Subscribed(app_token, waba_first)


RouteSource = Literal["phone", "waba", "app"]

SOURCE_NAMES: dict[RouteSource, str] = {
    "phone": "the phone number's override",
    "waba": "the WhatsApp account's override",
    "app": "the app's callback",
}

DEVELOPMENT_MODE_HINT = (
    "If events still do not arrive: an app in Development mode gets only the dashboard's "
    "Test webhooks, not real messages. Switch the app to Live (App Dashboard, App Mode at the "
    "top of the page). wa-wizard cannot read the app mode through the Graph API, so check it "
    "there."
)
"""Meta: "Some webhooks won't be sent if the app is in Development mode" (§19.11)."""


@dataclass(frozen=True)
class WebhookRoute:
    """Where Meta delivers a number's events: the phone number's override, else the WABA's
    override, else the app's callback (graph-api.md §19.8)."""

    app_callback: str | None
    waba_override: str | None = None
    phone_override: str | None = None
    phone_read: bool = True
    """False when the phone number's configuration could not be read (its override unknown)."""

    @property
    def source(self) -> RouteSource | None:
        if self.phone_override:
            return "phone"
        if self.waba_override:
            return "waba"
        return "app" if self.app_callback else None

    @property
    def receiver(self) -> str | None:
        """The URL that gets the ``messages`` events, or None when nothing is set."""
        return self.phone_override or self.waba_override or self.app_callback

    @property
    def diverted(self) -> bool:
        """An override sends events somewhere other than the app's callback."""
        return self.source in ("phone", "waba") and self.receiver != self.app_callback


def route_from(
    app_callback: str | None,
    subscribed_apps: Sequence[dict[str, Any]] | None,
    app_id: str,
    phone_config: dict[str, str] | None,
) -> WebhookRoute:
    """Combine the three answers Meta gives about webhook routing.

    Args:
        app_callback: the ``callback_url`` of ``GET /{app-id}/subscriptions``.
        subscribed_apps: ``GET /{waba-id}/subscribed_apps`` entries (``override_callback_uri``).
        phone_config: ``webhook_configuration`` of the phone number (keys only where set),
            or None when it could not be read.
    """
    config = phone_config or {}
    waba = webhooks.override_for(subscribed_apps or [], app_id)
    return WebhookRoute(
        app_callback=app_callback or config.get("application"),
        waba_override=waba or config.get("whatsapp_business_account"),
        phone_override=config.get("phone_number"),
        phone_read=phone_config is not None,
    )


def override_verdict(route: WebhookRoute, waba_id: str, phone_number_id: str) -> tuple[str, str]:
    """(detail, fix) when an override diverts the events; shared by doctor, the wizard's
    Webhook step and ``webhook-subscribe``."""
    source = route.source or "app"
    where = SOURCE_NAMES[source]
    app = route.app_callback or "(no app callback set)"
    detail = (
        f"events for this number go to {route.receiver} ({where}), not to the app's callback {app}."
    )
    if source == "phone":
        target = f"POST /{phone_number_id}"
        body = '{"webhook_configuration": {"override_callback_uri": "<your callback>", ...}}'
    else:
        target = f"POST /{waba_id}/subscribed_apps"
        body = '{"override_callback_uri": "<your callback>", "verify_token": "…"}'
    fix = (
        "An override is often left by another tool (a chat inbox, an earlier integration). If "
        "that tool should still get the events, keep it; otherwise point the override at your "
        f"callback: wa-wizard webhook-subscribe --replace-overrides (it sends {target} with "
        f"{body}), or remove it in the tool that set it."
    )
    if source == "phone" and route.waba_override and route.waba_override != route.app_callback:
        fix += f" The WhatsApp account has an override too: {route.waba_override}."
    return detail, fix
