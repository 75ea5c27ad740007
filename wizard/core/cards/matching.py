"""Cards chosen by Meta's message text or by the kind of failure, not by the code alone.

Several distinct problems share code 100 or 1 (graph-api.md §4, §6, §3), and a
callback verification failure (2200) only says what went wrong inside its message
(§9.1). Network failures have no code at all and must never read as "bad token".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wizard.core import actions
from wizard.core.cards.graph import GRAPH_CARDS
from wizard.core.cards.login import LOGIN_MATCHERS
from wizard.core.cards.spec import (
    BASIC_SETTINGS,
    SYSTEM_USERS,
    WABA_HOME,
    WEBHOOK_SETTINGS,
    CardSpec,
)

PROOF_MISSING = CardSpec(
    "App requires an appsecret_proof",
    'The app has "Require App Secret" switched on (App Settings > Advanced), so Meta rejects '
    "calls that do not prove they know the app secret. wa-wizard sends that proof "
    "automatically whenever it knows the app secret.",
    "Add FACEBOOK_APP_SECRET to your .env (App Dashboard > Settings > Basic > App secret > "
    "Show). Your own code must send appsecret_proof (HMAC-SHA256 of the token keyed with the "
    "app secret) with every call too.",
    BASIC_SETTINGS,
    actions.DOCTOR,
)

PROOF_INVALID = CardSpec(
    "App secret does not match this token",
    "The appsecret_proof was computed with a secret that is not the secret of the app the "
    "token belongs to: FACEBOOK_APP_SECRET is wrong or was reset, or the token was generated "
    "for another app.",
    "1. Copy the App secret again from Settings > Basic of the app the token belongs to.\n"
    "2. Check that FACEBOOK_APP_ID is that same app (doctor reports which app the token "
    "belongs to).",
    BASIC_SETTINGS,
    actions.DOCTOR,
)

APP_MISMATCH = CardSpec(
    "Token belongs to another app",
    "The token was generated for a different app than FACEBOOK_APP_ID, so this app cannot "
    "inspect or use it.",
    "Either generate the token again and pick this app in the Generate token dialog "
    "(Business Settings > System users), or set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET to the "
    "app the token belongs to.",
    SYSTEM_USERS,
    actions.DOCTOR,
)

CLIENT_SECRET = CardSpec(
    "App secret is wrong",
    "Meta did not accept the App secret sent with FACEBOOK_APP_ID: it is mistyped, belongs "
    "to another app, or was reset in the dashboard.",
    "Open App Dashboard > Settings > Basic, press Show next to App secret, copy the 32 "
    "characters into FACEBOOK_APP_SECRET.",
    BASIC_SETTINGS,
    actions.DOCTOR,
)

MISSING_CLIENT_ID = CardSpec(
    "App ID missing",
    "The call was made without an App ID (client_id).",
    "Copy the App ID from App Dashboard > Settings > Basic into FACEBOOK_APP_ID.",
    BASIC_SETTINGS,
)

SUBSCRIBE_WABA_FIRST = CardSpec(
    "Subscribe the app to the WhatsApp account first",
    "Meta answers this to a call that sets an override callback URL (POST "
    "/{waba_id}/subscribed_apps or POST /{phone_number_id} with override_callback_uri), not to "
    "the app's own callback setting. An override can only be set once your app is subscribed "
    "to the WhatsApp Business Account. The order matters: subscribe first, then override.",
    "Subscribe the app first (POST /{waba_id}/subscribed_apps with no body; webhook-subscribe "
    "--replace-overrides sets the overrides after that), then set the override callback again.",
    WABA_HOME,
    actions.SUBSCRIBE_WEBHOOK,
)

_WEBHOOK_TAIL = " Check the URL and the verify token on the webhook page, then test the endpoint."


def _callback_card(message: str) -> CardSpec:
    """Tailor the 2200 card to the HTTP status or curl error Meta reports (§9.1, pain 12, 15)."""
    status_match = re.search(r"HTTP Status Code\s*=\s*(\d+)", message, re.IGNORECASE)
    curl_match = re.search(r"curl_errno\s*=\s*(\d+)", message, re.IGNORECASE)
    status = int(status_match.group(1)) if status_match else None
    curl = int(curl_match.group(1)) if curl_match else None
    lowered = message.lower()
    title = "Webhook verification failed"
    if curl == 28 or "timed out" in lowered:
        return CardSpec(
            f"{title}: Meta could not reach your server",
            "Meta's request to your callback URL timed out. The server is not reachable from the "
            "internet: it runs on localhost, a tunnel is down, a firewall drops the request, or a "
            "CDN or WAF (for example Cloudflare bot protection) blocks Meta's verification call.",
            "Make sure the URL opens from outside your network, and allow Meta's requests "
            "through the firewall or WAF for the webhook path." + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if curl in (35, 51, 58, 60) or any(w in lowered for w in ("ssl", "certificate", "tls")):
        return CardSpec(
            f"{title}: certificate problem",
            "Meta could not set up HTTPS with your server. Meta requires HTTPS with a valid "
            "certificate from a public authority; self-signed or expired certificates fail.",
            "Serve the webhook over HTTPS with a valid certificate (for example from Let's "
            "Encrypt, or through a tunnel that provides one)." + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if curl in (6, 7) or status == 0:
        return CardSpec(
            f"{title}: server not reachable",
            "Meta could not connect to your callback URL: the host name does not resolve, or "
            "nothing accepts connections there.",
            "Check the host name and that the server is running and public." + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if status == 404:
        return CardSpec(
            f"{title}: wrong path (404)",
            "Meta reached your server, but the callback URL's path does not exist there.",
            "Use the exact path your app serves the webhook on (for example /webhook)."
            + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if status in (401, 403):
        return CardSpec(
            f"{title}: verify token refused ({status})",
            "Your endpoint answered but refused the handshake, which usually means the verify "
            "token typed for Meta differs from META_WEBHOOK_VERIFY_TOKEN on your server.",
            "Type exactly the same verify token in both places and restart your server."
            + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if status == 405:
        return CardSpec(
            f"{title}: GET not handled (405)",
            "Your endpoint refused the GET request Meta uses for the handshake: it only accepts "
            "POST, or rejects the verify token with 405.",
            "Answer GET with HTTP 200 and the hub.challenge value when hub.verify_token matches."
            + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if status is not None and status >= 500:
        return CardSpec(
            f"{title}: your server failed ({status})",
            "Your server crashed or errored while handling Meta's verification request.",
            "Look at your server's log for the GET request with hub.mode=subscribe."
            + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    if "challenge" in lowered:
        return CardSpec(
            f"{title}: challenge not echoed",
            "Your endpoint answered, but not with the exact hub.challenge value.",
            "Reply with HTTP 200 and only the raw hub.challenge value as the body." + _WEBHOOK_TAIL,
            WEBHOOK_SETTINGS,
            actions.TEST_WEBHOOK,
        )
    return GRAPH_CARDS[(2200, None)]


Matcher = tuple[Callable[[str], bool], Callable[[str], CardSpec], int | None]


def _has(*needles: str) -> Callable[[str], bool]:
    lowered = tuple(n.lower() for n in needles)
    return lambda text: any(n in text for n in lowered)


def _fixed(spec: CardSpec) -> Callable[[str], CardSpec]:
    return lambda _message: spec


MATCHERS: tuple[Matcher, ...] = (
    (_has("require an appsecret_proof"), _fixed(PROOF_MISSING), None),
    (_has("invalid appsecret_proof"), _fixed(PROOF_INVALID), None),
    (_has("did not match the viewing app"), _fixed(APP_MISMATCH), None),
    (_has("error validating client secret"), _fixed(CLIENT_SECRET), None),
    (_has("missing client_id"), _fixed(MISSING_CLIENT_ID), None),
    (_has("before override the current callback uri"), _fixed(SUBSCRIBE_WABA_FIRST), None),
    (_has("callback verification failed", "(#2200)"), _callback_card, None),
    (_has("must be called with an app access_token"), _fixed(GRAPH_CARDS[(15, None)]), None),
    (_has("an active access token must be used"), _fixed(GRAPH_CARDS[(2500, None)]), None),
    (_has("session has expired"), _fixed(GRAPH_CARDS[(190, 463)]), 463),
    (_has("user changed their password"), _fixed(GRAPH_CARDS[(190, 460)]), 460),
    (_has("cannot parse access token"), _fixed(GRAPH_CARDS[(190, None)]), None),
    (_has("does not exist, cannot be loaded"), _fixed(GRAPH_CARDS[(100, 33)]), 33),
    *((_has(text), _fixed(spec), sub) for text, spec, sub in LOGIN_MATCHERS),
)
"""(predicate on the lowercased message, card builder, subcode implied by the text)."""


def match_message(message: str) -> tuple[CardSpec, int | None] | None:
    """The card a message text implies, with the subcode it implies (None if it implies none)."""
    lowered = message.lower()
    for predicate, build, subcode in MATCHERS:
        if predicate(lowered):
            return build(message), subcode
    return None


NETWORK_FIX = (
    "1. Check this machine's internet connection and DNS (can it open "
    "https://graph.facebook.com?).\n"
    "2. Behind a company proxy, set HTTPS_PROXY (and NO_PROXY for local addresses).\n"
    "3. A firewall or TLS-inspecting proxy may block graph.facebook.com; ask for it to be "
    "allowed.\n"
    "4. Try again. Your token and ids were not checked, so they may well be fine."
)

TIMEOUT_FIX = NETWORK_FIX.replace(
    "\n4. Try again.",
    "\n4. A wrong --graph-url (or WA_WIZARD_GRAPH_URL) or a proxy that answers a trickle at "
    "a time keeps every call waiting until wa-wizard's time limit: unset them to talk to "
    "https://graph.facebook.com.\n5. Try again.",
)

KIND_CARDS: dict[str, CardSpec] = {
    "timeout": CardSpec(
        "No answer from Meta in time",
        "The request to the Graph API timed out, or its answer did not arrive in full within "
        "wa-wizard's time limit. This is a network problem (slow or blocked connection, proxy, "
        "firewall) or a slow server, not a problem with your token.",
        TIMEOUT_FIX,
        None,
    ),
    "input": CardSpec(
        "A value is too long or malformed to send",
        "A token or id from the env file is far longer than any Meta token, or holds "
        "characters a URL or header cannot carry, so wa-wizard did not send it.",
        "Copy the token again from Meta (one line of about 150 to 500 characters) and store it "
        "with wa-wizard; check the env file for several values pasted into one line.",
        None,
    ),
    "network": CardSpec(
        "Could not reach Meta",
        "The Graph API could not be reached: the network is down, the host name does not "
        "resolve (DNS), a proxy refused the connection, or TLS failed. Your credentials were "
        "never checked.",
        NETWORK_FIX,
        None,
    ),
    "server": CardSpec(
        "Meta server error",
        "The Graph API answered with a server error and no details. This is on Meta's side "
        "(or a proxy in between) and usually temporary.",
        "Wait a few minutes and try again; wa-wizard retries this automatically.",
        None,
    ),
    "malformed": CardSpec(
        "Unexpected answer from the Graph API",
        "The answer was not the JSON Meta sends. A proxy, captive portal or a wrong "
        "--graph-url (or WA_WIZARD_GRAPH_URL) may be answering instead of Meta.",
        "Check --graph-url and WA_WIZARD_GRAPH_URL (unset them to use "
        "https://graph.facebook.com) and any proxy settings, then try again.",
        None,
    ),
}
"""Cards for failures that carry no Meta error code (GraphError.kind other than api)."""
