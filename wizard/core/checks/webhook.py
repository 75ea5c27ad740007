"""The webhook check: a callback for the app, this app subscribed to this WABA, and where
Meta really delivers (an override on the number or the WABA wins, graph-api.md §19.8)."""

from __future__ import annotations

import asyncio
from typing import Any

from wizard.core import actions
from wizard.core.checks.base import CheckContext, CheckResult, from_error, key_name, result
from wizard.core.graph import webhooks
from wizard.core.graph.errors import GraphError
from wizard.core.webhook.subscription import (
    DEVELOPMENT_MODE_HINT,
    SOURCE_NAMES,
    override_verdict,
    route_from,
)


async def _phone_config(ctx: CheckContext, token: str) -> dict[str, str] | None:
    """The number's ``webhook_configuration``, or None when it cannot be read (the rest of
    the check still stands; the detail says the number's override is unknown)."""
    phone_id = ctx.values.phone_number_id
    if not phone_id:
        return None
    try:
        return await webhooks.phone_webhook_configuration(ctx.client, token, phone_id)
    except GraphError:
        return None


async def webhook_subscription(ctx: CheckContext) -> CheckResult:
    """Callback configured for the app AND this app subscribed to this WABA (pains 5, 13),
    and the URL that really receives the events (issue 11 pt 7)."""
    cid = "webhook_subscription"
    app_id, token = ctx.values.app_id, ctx.values.access_token or ""
    app_token: str | None = ctx.facts.get("app_token")
    if not ctx.values.app_secret or not app_id:
        return result(
            cid,
            "skip",
            f"Needs {key_name(ctx, 'app_id')} and {key_name(ctx, 'app_secret')}: only an app "
            "token can read the webhook configuration.",
        )
    if app_token is None:
        return result(cid, "skip", "No app token (see App credentials).")
    waba_id: str = ctx.facts["waba_id"]
    phone_id = ctx.values.phone_number_id or ""
    try:
        subs, entries, phone_config = await asyncio.gather(
            webhooks.app_subscriptions(ctx.client, app_token, app_id),
            webhooks.subscribed_apps(ctx.client, token, waba_id),
            _phone_config(ctx, token),
        )
        apps = webhooks.subscribed_app_ids(entries)
    except GraphError as error:
        return from_error(cid, ctx, error, "reading the webhook subscriptions")
    wa = [s for s in subs if s.get("object") == "whatsapp_business_account"]
    callback = next((s for s in wa if s.get("callback_url")), None)
    fields = []
    if callback is not None:
        fields = [f.get("name") if isinstance(f, dict) else f for f in callback.get("fields") or []]
    route = route_from(
        callback.get("callback_url") if callback else None, entries, app_id, phone_config
    )
    data: dict[str, Any] = {
        "callback_url": callback.get("callback_url") if callback else None,
        "active": bool(callback and callback.get("active")),
        "fields": fields,
        "waba_subscribed": app_id in apps,
        "subscribed_apps": apps,
        "receiver": route.receiver,
        "receiver_source": route.source,
        "waba_override": route.waba_override,
        "phone_override": route.phone_override,
        "phone_override_known": route.phone_read,
    }
    if callback is None and route.receiver is None:
        return result(
            cid,
            "warn",
            "no callback configured",
            "Set up the app's callback and subscribe this WhatsApp account to the app.",
            data,
            actions.SUBSCRIBE_WEBHOOK,
        )
    url = callback["callback_url"] if callback else None
    if app_id not in apps:
        shown = f"callback {url} is set" if url else f"events would go to {route.receiver}"
        return result(
            cid,
            "fail",
            f"{shown}, but this app is not subscribed to WhatsApp account "
            f"{waba_id}: the dashboard test arrives, real messages don't.",
            f"Subscribe the app to this WhatsApp account (POST /{waba_id}/subscribed_apps "
            "with the access token).",
            data,
            actions.SUBSCRIBE_WEBHOOK.with_command(
                f"wa-wizard webhook-subscribe --callback-url {url}"
            ),
        )
    if route.diverted:
        detail, fix = override_verdict(route, waba_id, phone_id)
        return result(cid, "warn", detail, fix, data)
    if callback is None:  # only the phone's view names an app callback: nothing verified
        return result(
            cid,
            "warn",
            "no callback configured",
            "To set one up, run: wa-wizard webhook-subscribe --callback-url https://…/webhook",
            data,
        )
    if not callback.get("active"):
        return result(
            cid,
            "warn",
            f"callback {url} is set but not active",
            "Subscribe the callback again so Meta re-checks it.",
            data,
            actions.SUBSCRIBE_WEBHOOK.with_command(
                f"wa-wizard webhook-subscribe --callback-url {url}"
            ),
        )
    where = "events go there"
    if route.source in ("phone", "waba"):
        where = f"events go there ({SOURCE_NAMES[route.source]} names the same URL)"
    if not route.phone_read and phone_id:
        where += "; the number's own override could not be read"
    return result(
        cid, "pass", f"{url} · app subscribed to {waba_id} · {where}", DEVELOPMENT_MODE_HINT, data
    )
