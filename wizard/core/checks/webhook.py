"""The webhook check: a callback for the app AND this app subscribed to this WABA."""

from __future__ import annotations

import asyncio

from wizard.core import actions
from wizard.core.checks.base import CheckContext, CheckResult, from_error, key_name, result
from wizard.core.graph import webhooks
from wizard.core.graph.errors import GraphError


async def webhook_subscription(ctx: CheckContext) -> CheckResult:
    """Callback configured for the app AND this app subscribed to this WABA (pains 5, 13)."""
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
    try:
        subs, entries = await asyncio.gather(
            webhooks.app_subscriptions(ctx.client, app_token, app_id),
            webhooks.subscribed_apps(ctx.client, token, waba_id),
        )
        apps = webhooks.subscribed_app_ids(entries)
    except GraphError as error:
        return from_error(cid, ctx, error, "reading the webhook subscriptions")
    wa = [s for s in subs if s.get("object") == "whatsapp_business_account"]
    callback = next((s for s in wa if s.get("callback_url")), None)
    fields = []
    if callback is not None:
        fields = [f.get("name") if isinstance(f, dict) else f for f in callback.get("fields") or []]
    data = {
        "callback_url": callback.get("callback_url") if callback else None,
        "active": bool(callback and callback.get("active")),
        "fields": fields,
        "waba_subscribed": app_id in apps,
        "subscribed_apps": apps,
    }
    if callback is None:
        return result(
            cid,
            "warn",
            "no callback configured",
            "Set up the app's callback and subscribe this WhatsApp account to the app.",
            data,
            actions.SUBSCRIBE_WEBHOOK,
        )
    url = callback["callback_url"]
    if app_id not in apps:
        return result(
            cid,
            "fail",
            f"callback {url} is set, but this app is not subscribed to WhatsApp account "
            f"{waba_id}: the dashboard test arrives, real messages don't.",
            f"Subscribe the app to this WhatsApp account (POST /{waba_id}/subscribed_apps "
            "with the access token).",
            data,
            actions.SUBSCRIBE_WEBHOOK.with_command(
                f"wa-wizard webhook-subscribe --callback-url {url}"
            ),
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
    return result(cid, "pass", f"{url} · app subscribed to {waba_id}", data=data)
