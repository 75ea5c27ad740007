"""Subscribe an app's webhook and link the WABA to the app: the order Meta needs.

Both faces (``webhook-subscribe`` and the wizard's Webhook step) call
:func:`subscribe_webhook`; they differ only in how they show the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

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
