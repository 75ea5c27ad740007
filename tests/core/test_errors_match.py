"""Cards chosen by message text, failure kind and webhook error objects."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.actions import in_cli
from wizard.core.cards.lookup import card_for_code, card_for_error, card_for_webhook_error
from wizard.core.cards.spec import LinkContext
from wizard.core.graph.errors import GraphError

APP = LinkContext(app_id="1204958371625540", waba_id="104477882233110")


def _api(message: str, code: int | None = 100, subcode: int | None = None) -> GraphError:
    return GraphError(message, code=code, subcode=subcode, type="GraphMethodException")


@pytest.mark.parametrize(
    ("message", "code", "title", "words"),
    [
        (
            "API calls from the server require an appsecret_proof argument",
            100,
            "App requires an appsecret_proof",
            ["Require App Secret", "FACEBOOK_APP_SECRET"],
        ),
        (
            "Invalid appsecret_proof provided in the API argument",
            100,
            "App secret does not match this token",
            ["another app", "FACEBOOK_APP_SECRET"],
        ),
        (
            "(#100) The App_id in the input_token did not match the Viewing App",
            100,
            "Token belongs to another app",
            ["FACEBOOK_APP_ID"],
        ),
        (
            "The App_id in the input_token did not match the Viewing App",
            100,
            "Token belongs to another app",
            ["Generate token"],
        ),
        ("Error validating client secret.", 1, "App secret is wrong", ["Settings > Basic"]),
        ("Missing client_id parameter.", 101, "App ID missing", ["FACEBOOK_APP_ID"]),
        (
            "(#100) Before override the current callback uri, your app must be subscribed "
            "to receive messages for WhatsApp Business Account",
            100,
            "Subscribe the app to the WhatsApp account first",
            ["/104477882233110/subscribed_apps", "wa-wizard webhook-subscribe"],
        ),
        (
            "(#15) This method must be called with an app access_token.",
            15,
            "This call needs an app access token",
            ["APP_ID|APP_SECRET"],
        ),
        (
            "An active access token must be used to query information about the current user.",
            2500,
            "App token used where a user token is needed",
            ["/me"],
        ),
    ],
)
def test_message_overrides_the_generic_code(
    message: str, code: int, title: str, words: list[str]
) -> None:
    card = card_for_error(_api(message, code), APP)
    assert card.title == title
    assert card.code == code
    for word in words:
        assert word in f"{card.cause} {in_cli(card.fix, card.action)}", word
    assert card.message == message


def test_generic_code_1_without_the_secret_message() -> None:
    card = card_for_error(_api("An unknown error occurred", 1))
    assert card.title == "Unknown error at Meta"
    assert card.retryable


def test_message_implies_the_subcode() -> None:
    expired = card_for_error(_api("Error validating access token: Session has expired on X", 190))
    assert (expired.title, expired.subcode) == ("Access token expired", 463)
    missing = card_for_error(
        _api("Unsupported post request. Object with ID '15550100142' does not exist, cannot be "
             "loaded due to missing permissions, or does not support this operation.")
    )  # fmt: skip
    assert missing.subcode == 33
    assert missing.title == "Object not found or not accessible"
    plain = card_for_error(_api("Invalid OAuth access token - Cannot parse access token", 190))
    assert plain.title == card_for_code(190).title  # type: ignore[union-attr]


def test_subcode_in_the_error_wins_over_the_implied_one() -> None:
    card = card_for_error(_api("Session has expired", 190, 467))
    assert card.subcode == 467


_CB = "(#2200) Callback verification failed with the following errors: "


@pytest.mark.parametrize(
    ("tail", "in_title", "in_text"),
    [
        ("HTTP Status Code = 404; HTTP Message = Not Found", "404", "path"),
        ("HTTP Status Code = 403; HTTP Message = Forbidden", "verify token", "verify token"),
        ("HTTP Status Code = 405; HTTP Message = Method Not Allowed", "405", "GET"),
        (
            "curl_errno = 28; curl_error = Operation timed out after 6001 milliseconds; "
            "HTTP Status Code = 0",
            "could not reach",
            "Cloudflare",
        ),
        (
            "curl_errno = 60; curl_error = SSL certificate problem: self signed certificate; "
            "HTTP Status Code = 0",
            "certificate",
            "self-signed",
        ),
        ("curl_errno = 6; curl_error = Could not resolve host", "not reachable", "host name"),
        ("HTTP Status Code = 502; HTTP Message = Bad Gateway", "502", "server's log"),
        ("something new", "Webhook verification failed", "hub.challenge"),
    ],
)
def test_callback_verification_is_tailored(tail: str, in_title: str, in_text: str) -> None:
    card = card_for_error(_api(_CB + tail, 2200), APP)
    assert card.code == 2200
    assert in_title in card.title
    assert in_text in f"{card.cause} {card.fix}"
    assert (
        card.link
        == "https://developers.facebook.com/apps/1204958371625540/whatsapp-business/wa-settings/"
    )


@pytest.mark.parametrize(
    ("kind", "retryable"),
    [("timeout", True), ("network", True), ("server", True), ("malformed", False)],
)
def test_network_kinds_never_blame_the_token(kind: str, retryable: bool) -> None:
    error = GraphError("Could not reach the Graph API (/me): ConnectError.", kind=kind)  # type: ignore[arg-type]
    card = card_for_error(error)
    assert card.retryable is retryable
    assert card.code is None
    text = f"{card.title} {card.cause}".lower()
    assert "expired" not in text
    assert "invalid token" not in text
    assert "bad token" not in text
    if kind in ("timeout", "network"):
        assert "HTTPS_PROXY" in card.fix
        assert "DNS" in f"{card.cause} {card.fix}"


def test_unknown_code_keeps_meta_words_and_trace() -> None:
    error = GraphError("(#131999) Brand new", code=131999, details="why", fbtrace_id="Abc123")
    card = card_for_error(error)
    assert not card.known
    assert "messaging" in card.cause
    assert (card.message, card.details, card.fbtrace_id) == ("(#131999) Brand new", "why", "Abc123")


def test_envelope_without_code() -> None:
    card = card_for_error(GraphError("Something odd", code=None))
    assert not card.known
    assert card.code is None
    assert card.message == "Something odd"


def test_webhook_error_object() -> None:
    obj = {
        "code": 131049,
        "title": "This message was not delivered to maintain healthy ecosystem engagement.",
        "message": "This message was not delivered to maintain healthy ecosystem engagement.",
        "error_data": {"details": "In order to maintain a healthy ecosystem engagement, ..."},
        "href": "/documentation/business-messaging/whatsapp/support/error-codes",
    }
    card = card_for_webhook_error(obj)
    assert card.title == "Meta chose not to deliver"
    assert card.code == 131049
    assert card.kind == "webhook"
    assert card.details == "In order to maintain a healthy ecosystem engagement, ..."
    window = card_for_webhook_error({"code": "131047", "title": "Re-engagement message"})
    assert window.title == "Outside the 24-hour window"
    assert window.message == "Re-engagement message"


def test_webhook_error_with_unknown_code_uses_meta_title() -> None:
    card = card_for_webhook_error({"code": 131777, "title": "Some new failure"})
    assert card.title == "Some new failure"
    assert not card.known


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.lists(st.integers()),
        st.dictionaries(
            st.sampled_from(["code", "title", "message", "error_data", "href"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=30), st.booleans(),
                      st.dictionaries(st.just("details"), st.text(max_size=30))),
        ),
    )
)  # fmt: skip
def test_webhook_error_never_fails(obj: Any) -> None:
    card = card_for_webhook_error(obj)
    assert card.title
    assert card.fix
