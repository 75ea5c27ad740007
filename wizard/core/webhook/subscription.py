"""Subscribe an app's webhook and link the WABA to the app, and say where events really go.

Both faces (``webhook-subscribe`` and the wizard's Webhook step) call
:func:`subscribe_webhook`; they differ only in how they show the outcome. Meta delivers
to the phone number's override, else the WABA's, else the app's callback (graph-api.md
§19.8): :class:`WebhookRoute` and :func:`override_verdict` are the one verdict doctor's
webhook check, the Webhook step and ``webhook-subscribe`` all show.
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

Stage = Literal["app_token", "app_webhook", "waba_link", "override"]

STAGE_TITLES: dict[Stage, str] = {
    "app_token": "App token",
    "app_webhook": "App webhook",
    "waba_link": "WABA link",
    "override": "Override",
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


async def subscribe_webhook(
    client: GraphClient, values: SetupValues, url: str, fields: Sequence[str]
) -> Subscribed:
    """App token, ``POST /{app-id}/subscriptions`` (Meta runs the handshake), then
    ``POST /{waba-id}/subscribed_apps``.

    Meta's "(#100) Before override the current callback uri…" does not come from the app's
    callback call (graph-api.md §19.8) but from calls that set an override: see
    :func:`replace_overrides`.

    Raises:
        SubscribeError: naming the stage that failed.
    """
    from wizard.core.graph.errors import GraphError
    from wizard.core.redact import register_secret

    app_id, secret = values.app_id or "", values.app_secret or ""
    token, waba_id, verify = values.access_token or "", values.waba_id or "", values.verify_token
    try:
        app_token = await tokens.app_access_token(client, app_id=app_id, app_secret=secret)
    except GraphError as error:
        raise SubscribeError("app_token", error) from None
    register_secret(app_token)
    try:
        await webhooks.subscribe_app(client, app_token, app_id, url, verify or "", fields)
    except GraphError as error:
        raise SubscribeError("app_webhook", error) from None
    try:
        await webhooks.subscribe_waba(client, token, waba_id)
    except GraphError as error:
        raise SubscribeError("waba_link", error) from None
    return Subscribed(app_token)


RouteSource = Literal["phone", "waba", "app"]

SOURCE_NAMES: dict[RouteSource, str] = {
    "phone": "the phone number's override",
    "waba": "the WhatsApp account's override",
    "app": "the app's callback",
}

DEVELOPMENT_MODE_HINT = (
    "No events? An app in Development mode gets only the dashboard's Test webhooks: switch "
    "it to Live (App Dashboard › App Mode). wa-wizard cannot read the app mode, so check there."
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
    if route.app_callback:
        detail = (
            f"events for this number go to {route.receiver} ({where}), not to the app's "
            f"callback {route.app_callback}."
        )
    else:
        detail = (
            f"events for this number go to {route.receiver} ({where}); the app has no "
            "callback of its own."
        )
    call = (
        f"POST /{phone_number_id} with webhook_configuration.override_callback_uri"
        if source == "phone"
        else f"POST /{waba_id}/subscribed_apps with override_callback_uri"
    )
    fix = (
        "An override is often left by another tool (a chat inbox, an earlier integration). If "
        "that tool should get the events, keep it. Otherwise point it at your callback: run "
        "wa-wizard webhook-subscribe --callback-url <your callback> --replace-overrides (it "
        f"calls {call}), or remove it in the tool that set it."
    )
    if source == "phone" and route.waba_override and route.waba_override != route.app_callback:
        fix += f" The WhatsApp account has an override too: {route.waba_override}."
    return detail, fix


async def read_route(client: GraphClient, values: SetupValues, app_token: str) -> WebhookRoute:
    """Ask Meta where this number's events go (app callback, WABA and phone overrides).

    Raises:
        GraphError: when the app's subscriptions or the WABA's apps cannot be read; the
            phone number's configuration is optional (``phone_read`` False when unreadable).
    """
    from wizard.core.graph.errors import GraphError

    app_id, token = values.app_id or "", values.access_token or ""
    subs = await webhooks.app_subscriptions(client, app_token, app_id)
    entries = await webhooks.subscribed_apps(client, token, values.waba_id or "")
    config: dict[str, str] | None = None
    if values.phone_number_id:
        try:
            config = await webhooks.phone_webhook_configuration(
                client, token, values.phone_number_id
            )
        except GraphError:
            config = None
    callback = next(
        (
            str(s["callback_url"])
            for s in subs
            if s.get("object") == "whatsapp_business_account" and s.get("callback_url")
        ),
        None,
    )
    return route_from(callback, entries, app_id, config)


def _before_override(error: GraphError) -> bool:
    return "before override the current callback uri" in error.message.lower()


async def replace_overrides(
    client: GraphClient, values: SetupValues, url: str, route: WebhookRoute
) -> list[RouteSource]:
    """Point every override that diverts the events at ``url`` (phone first, then WABA).

    Meta verifies ``url`` with the handshake again. When it answers "(#100) Before override
    the current callback uri…" the app is subscribed to the WABA and the call tried once more.

    Returns:
        The overrides changed (``"phone"``, ``"waba"``), in that order.

    Raises:
        SubscribeError: stage ``override`` (or ``waba_link`` when subscribing failed).
    """
    from wizard.core.graph.errors import GraphError

    token, verify = values.access_token or "", values.verify_token or ""
    waba_id, phone_id = values.waba_id or "", values.phone_number_id or ""
    changed: list[RouteSource] = []

    async def point(source: RouteSource) -> None:
        if source == "phone":
            await webhooks.set_phone_override(client, token, phone_id, url, verify)
        else:
            await webhooks.set_waba_override(client, token, waba_id, url, verify)

    targets: list[tuple[RouteSource, str | None]] = [
        ("phone", route.phone_override),
        ("waba", route.waba_override),
    ]
    for source, current in targets:
        if not current or current == url or (source == "phone" and not phone_id):
            continue
        try:
            try:
                await point(source)
            except GraphError as error:
                if not _before_override(error):
                    raise
                try:
                    await webhooks.subscribe_waba(client, token, waba_id)
                except GraphError as failed:
                    raise SubscribeError("waba_link", failed) from None
                await point(source)
        except GraphError as error:
            raise SubscribeError("override", error) from None
        changed.append(source)
    return changed
