"""Pain points about webhooks (users.md §3: 5, 12, 13, 14, 15).

5 and 13 are detected by doctor's webhook_subscription check on the sandbox; 12 and
15 happen between Meta and the user's server, so they are answered by webhook-test
(probing a real endpoint on loopback) and by the 2200 error card; 14 by its card
and by webhook-subscribe's order (subscribe the WABA before any override).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route

from tests.painpoints.support import cli, write_env
from wizard.cli import main
from wizard.core.actions import in_cli
from wizard.core.cards.lookup import card_for_error
from wizard.core.graph.errors import GraphError
from wizard.core.webhook.receiver import ReceiverServer, create_receiver_app
from wizard.sandbox.state import AppSubscription
from wizard.sandbox.testing import SandboxHandle

Cap = pytest.CaptureFixture[str]
VERIFY = "pain-verify-token-1e4b5a69c7d2"
OTHER_VERIFY = "someone-elses-token-0b9a8c7d"
CALLBACK = "https://bakery.example/webhook"


def configure_callback(live: SandboxHandle) -> None:
    """The app's callback is set (the dashboard's Test button would work)."""
    live.state.app_subscriptions[live.world.app.id] = {
        "whatsapp_business_account": AppSubscription(
            "whatsapp_business_account", CALLBACK, VERIFY, ("messages",), "v25.0"
        )
    }


def webhook_check(capsys: Cap, live: SandboxHandle, env: Path) -> dict[str, object]:
    _code, out = cli(capsys, live, env, "doctor", "--json", "--only", "webhook_subscription")
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    found: dict[str, object] = checks["webhook_subscription"]
    return found


def test_pain_05_callback_set_but_app_not_subscribed_to_the_waba(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    configure_callback(live)
    waba = live.world.waba.id
    live.state.waba_subscribed_apps[waba] = {}
    got = webhook_check(capsys, live, write_env(tmp_path, live.world))
    assert got["status"] == "fail"
    assert "the dashboard test arrives, real messages don't" in str(got["detail"])
    assert f"POST /{waba}/subscribed_apps" in str(got["fix"])
    assert "wa-wizard webhook-subscribe" in str(got["fix"])


def test_pain_13_production_waba_subscribed_by_another_app_only(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    world = live.world
    configure_callback(live)
    live.state.waba_subscribed_apps[world.second_waba.id] = {world.other_app.id: None}
    env = write_env(
        tmp_path, world, "long-lived", WHATSAPP_BUSINESS_ACCOUNT_ID=world.second_waba.id
    )
    got = webhook_check(capsys, live, env)
    assert got["status"] == "fail"  # "any app subscribed" is not enough
    assert f"this app is not subscribed to WhatsApp account {world.second_waba.id}" in str(
        got["detail"]
    )
    data = got["data"]
    assert isinstance(data, dict)
    assert data["subscribed_apps"] == [world.other_app.id]
    # the test WABA, subscribed at start, passes with the same app
    ok = webhook_check(capsys, live, write_env(tmp_path, world))
    assert ok["status"] == "pass"


def test_pain_14_override_before_subscribing_card_says_subscribe_first() -> None:
    error = GraphError(
        "(#100) Before override the current callback uri, your app must be subscribed to "
        "receive messages for WhatsApp Business Account",
        code=100,
    )
    card = card_for_error(error)
    assert card.title == "Subscribe the app to the WhatsApp account first"
    assert "subscribe first, then override" in card.cause
    assert "wa-wizard webhook-subscribe" in in_cli(card.fix, card.action)


async def cloudflare_challenge(request: Request) -> Response:
    return HTMLResponse(
        "<html><title>Just a moment...</title><body>cf-chl</body></html>",
        status_code=403,
        headers={"server": "cloudflare", "cf-ray": "8f1e2d3c4b5a6978-AMS"},
    )


@pytest.fixture(scope="module")
def endpoints() -> Iterator[str]:
    app = Starlette(
        routes=[
            Mount("/other", app=create_receiver_app(OTHER_VERIFY, "f" * 32, path="/webhook")),
            Route("/cf", cloudflare_challenge, methods=["GET", "POST"]),
        ]
    )
    with ReceiverServer(app) as url:
        yield url


def webhook_test(capsys: Cap, env: Path, url: str) -> tuple[int, str]:
    code = main(["webhook-test", url, "--env-file", str(env)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert VERIFY not in out
    assert "Traceback" not in out
    return code, out


def test_pain_12_verify_token_mismatch_is_caught_before_meta(
    endpoints: str, tmp_path: Path, capsys: Cap
) -> None:
    env = tmp_path / ".env"
    env.write_text(f"META_WEBHOOK_VERIFY_TOKEN={VERIFY}\n")
    code, out = webhook_test(capsys, env, f"{endpoints}/other/webhook")
    assert code == 1
    assert "✗ Handshake" in out
    assert "403" in out
    assert "verify token" in out.lower()
    meta_said = GraphError(
        "(#2200) Callback verification failed with the following errors: HTTP Status Code = 403; "
        "HTTP Message = Forbidden",
        code=2200,
    )
    card = card_for_error(meta_said)
    assert "verify token refused (403)" in card.title
    assert "Type exactly the same verify token in both places" in card.fix


def test_pain_15_waf_challenge_is_named_with_its_fix(
    endpoints: str, tmp_path: Path, capsys: Cap
) -> None:
    env = tmp_path / ".env"
    env.write_text(f"META_WEBHOOK_VERIFY_TOKEN={VERIFY}\n")
    code, out = webhook_test(capsys, env, f"{endpoints}/cf")
    assert code == 1
    assert "Cloudflare" in out
    assert "Allow Meta's requests through the WAF" in out
    timeout = GraphError(
        "(#2200) Callback verification failed with the following errors: curl_errno = 28; "
        "curl_error = Operation timed out after 6001 milliseconds with 0 bytes received",
        code=2200,
    )
    card = card_for_error(timeout)
    assert "could not reach your server" in card.title
    assert "WAF" in card.cause
    assert "allow Meta's requests through the firewall or WAF" in card.fix
