"""Where Meta delivers webhooks (graph-api.md §19.8), on captured answer shapes (issue 11 pt 7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from wizard.core.cards.lookup import card_for_error
from wizard.core.graph import webhooks
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.core.graph.errors import GraphError
from wizard.core.webhook.subscription import (
    DEVELOPMENT_MODE_HINT,
    WebhookRoute,
    override_verdict,
    route_from,
)

APP = "1234567890123456"
APP_URL = "https://bakery.example/webhook"
CHATWOOT = "https://chat.example.org/webhooks/whatsapp/+15550190000"
PHONE_URL = "https://old-bot.example.net/wa"

SUBSCRIBED_WITH_OVERRIDE: dict[str, Any] = {
    "data": [
        {
            "whatsapp_business_api_data": {
                "id": APP,
                "name": "My WA App",
                "link": f"https://www.facebook.com/games/?app_id={APP}",
            },
            "override_callback_uri": CHATWOOT,
        }
    ]
}
"""§9.6: an entry carries ``override_callback_uri`` only when an override is set."""

PHONE_CONFIG_ALL: dict[str, Any] = {
    "webhook_configuration": {
        "phone_number": PHONE_URL,
        "whatsapp_business_account": CHATWOOT,
        "application": APP_URL,
    },
    "id": "106540352242922",
}
PHONE_CONFIG_APP_ONLY: dict[str, Any] = {
    "webhook_configuration": {"application": APP_URL},
    "id": "106540352242922",
}


def answering(payload: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, json=payload)


async def read_config(payload: dict[str, Any]) -> dict[str, str]:
    async with make_http_client(httpx.MockTransport(answering(payload))) as http:
        client = GraphClient(http, "https://graph.test", "v25.0")
        return await webhooks.phone_webhook_configuration(client, "EAAB" + "x" * 40, "1065")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (PHONE_CONFIG_ALL, PHONE_CONFIG_ALL["webhook_configuration"]),
        (PHONE_CONFIG_APP_ONLY, {"application": APP_URL}),
        ({"id": "1065"}, {}),  # keys present only where set: nothing set at all
        ({"webhook_configuration": None, "id": "1065"}, {}),
        ({"webhook_configuration": {"phone_number": 7, "application": " "}}, {}),
    ],
)
async def test_phone_webhook_configuration_is_read_tolerantly(
    payload: dict[str, Any], expected: dict[str, str]
) -> None:
    assert await read_config(payload) == expected


def test_override_for_reads_this_apps_entry_only() -> None:
    entries = SUBSCRIBED_WITH_OVERRIDE["data"]
    assert webhooks.override_for(entries, APP) == CHATWOOT
    assert webhooks.override_for(entries, "999") is None
    plain = [{"whatsapp_business_api_data": {"id": APP, "name": "x"}}]
    assert webhooks.override_for(plain, APP) is None


def test_phone_override_wins_over_waba_override_over_app_callback() -> None:
    route = route_from(
        APP_URL,
        SUBSCRIBED_WITH_OVERRIDE["data"],
        APP,
        PHONE_CONFIG_ALL["webhook_configuration"],
    )
    assert (route.receiver, route.source, route.diverted) == (PHONE_URL, "phone", True)
    waba_only = route_from(APP_URL, SUBSCRIBED_WITH_OVERRIDE["data"], APP, {})
    assert (waba_only.receiver, waba_only.source, waba_only.diverted) == (CHATWOOT, "waba", True)
    plain = route_from(APP_URL, [], APP, {"application": APP_URL})
    assert (plain.receiver, plain.source, plain.diverted) == (APP_URL, "app", False)


def test_an_override_naming_the_apps_own_callback_is_not_a_diversion() -> None:
    route = WebhookRoute(APP_URL, waba_override=APP_URL)
    assert route.source == "waba"
    assert not route.diverted


def test_the_phone_answer_alone_still_tells_the_waba_override() -> None:
    route = route_from(APP_URL, [], APP, {"whatsapp_business_account": CHATWOOT})
    assert route.receiver == CHATWOOT


def test_override_verdict_names_the_receiver_and_the_fix() -> None:
    route = route_from(APP_URL, SUBSCRIBED_WITH_OVERRIDE["data"], APP, {})
    detail, fix = override_verdict(route, "102290129340398", "106540352242922")
    assert CHATWOOT in detail
    assert APP_URL in detail
    assert "WhatsApp account's override" in detail
    assert "POST /102290129340398/subscribed_apps" in fix
    assert "override_callback_uri" in fix
    assert "--replace-overrides" in fix
    assert "wa-wizard webhook-subscribe --callback-url" in fix
    phone = route_from(
        APP_URL, SUBSCRIBED_WITH_OVERRIDE["data"], APP, PHONE_CONFIG_ALL["webhook_configuration"]
    )
    detail, fix = override_verdict(phone, "102290129340398", "106540352242922")
    assert "phone number's override" in detail
    assert "POST /106540352242922" in fix
    assert CHATWOOT in fix  # the WABA override shows up once the phone's is gone


def test_development_mode_hint_says_what_to_check_without_inventing_a_field() -> None:
    assert "Development mode" in DEVELOPMENT_MODE_HINT
    assert "Live" in DEVELOPMENT_MODE_HINT
    assert "cannot read the app mode" in DEVELOPMENT_MODE_HINT


def test_before_override_error_has_its_card() -> None:
    error = GraphError(
        "(#100) Before override the current callback uri, your app must be subscribed to "
        "receive messages for WhatsApp Business Account",
        code=100,
        endpoint="/{waba-id}/subscribed_apps",
    )
    card = card_for_error(error)
    assert card.title == "Subscribe the app to the WhatsApp account first"
    assert "override" in card.cause
