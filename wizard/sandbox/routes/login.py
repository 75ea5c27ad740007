"""Facebook Login on the practice app: the OAuth dialog and the code exchange (§19.13).

The dialog lives on Meta's www host, not on graph.facebook.com; the sandbox serves it
from the same server (``WA_WIZARD_WWW_URL`` points there). The practice user is
already logged in and approves at once: the dialog answers with a 302 to
``redirect_uri`` carrying ``code`` and ``state``. What Meta does otherwise:

* a redirect URI the app does not allow: an error page, no redirect. In Development
  mode ``http://localhost`` is allowed automatically; a Live app needs the exact URI
  under Facebook Login › Settings › Valid OAuth Redirect URIs [3P quotes of the UI];
  the page's wording is 3P/UNCONFIRMED.
* Cancel: a 302 to ``redirect_uri`` with ``error=access_denied``,
  ``error_reason=user_denied`` and ``error_description=Permissions error`` (Facebook
  Login manual-flow doc; ``state`` comes back too).

The code exchange (``GET /oauth/access_token?client_id&redirect_uri&client_secret&code``)
errors follow real captures [3P]: a used code ("This authorization code has been
used.", 100), an expired one ("This authorization code has expired.", 100), a redirect
URI that differs from the dialog's ("Error validating verification code. Please make sure
your redirect_uri is identical to the one you used in the OAuth dialog request", 100).
The subcodes 36009 / 36007 / 36008 are UNCONFIRMED.
"""

from __future__ import annotations

import re
import secrets
import string
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from wizard.sandbox.access import CODE_LIFETIME, LoginCode
from wizard.sandbox.context import Ctx, Runtime
from wizard.sandbox.errors import GraphFault
from wizard.sandbox.models import App, TokenSpec
from wizard.sandbox.scenarios import DAY, HOUR

DEFAULT_SCOPES = ("public_profile",)
LOGIN_TOKEN_LIFETIME = 2 * HOUR
"""A token from the code exchange is short-lived in the sandbox (Meta: UNCONFIRMED; the
wizard reads the expiry from debug_token and offers the 60-day exchange)."""
_VERSION_RE = re.compile(r"^v\d{1,3}(?:\.\d{1,2})?$")
_LOCALHOST = re.compile(r"^http://localhost(:\d{1,5})?(/.*)?$")

BLOCKED = (
    "URL Blocked: This redirect failed because the redirect URI is not whitelisted in the "
    "app's Client OAuth Settings. Make sure Client and Web OAuth Login are on and add all "
    "your app domains as Valid OAuth Redirect URIs."
)


def _page(title: str, text: str, status: int = 400) -> HTMLResponse:
    body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p>"
    return HTMLResponse(body, status_code=status)


def redirect_allowed(runtime: Runtime, redirect_uri: str) -> bool:
    """Exact listed URIs always; ``http://localhost`` only while in Development mode."""
    login = runtime.state.login
    if redirect_uri in login.redirect_uris:
        return True
    return not login.live and bool(_LOCALHOST.match(redirect_uri))


async def dialog(request: Request) -> Response:
    """``GET {www}/{version}/dialog/oauth`` (also unversioned)."""
    runtime: Runtime = request.app.state.runtime
    version = request.path_params.get("version")
    if version is not None and not _VERSION_RE.match(version):
        return _page("Page not found", "This page isn't available.", 404)
    q = request.query_params
    app = runtime.world.app_by_id(q.get("client_id", ""))
    if app is None:
        return _page("Invalid App ID", "The provided app ID does not look like a valid app ID.")
    redirect_uri = q.get("redirect_uri", "")
    parts = urlsplit(redirect_uri)
    if not redirect_uri or parts.scheme not in ("http", "https") or not parts.netloc:
        return _page("Error", "Invalid redirect_uri: the URL is not valid.")
    if not redirect_allowed(runtime, redirect_uri):
        return _page("URL Blocked", BLOCKED, 200)
    state = q.get("state")
    back: dict[str, str] = {}
    if runtime.state.login.deny:
        back = {
            "error": "access_denied",
            "error_code": "200",
            "error_description": "Permissions error",
            "error_reason": "user_denied",
        }
    elif q.get("response_type", "code") != "code":
        return _page("Error", "The sandbox only simulates response_type=code.")
    else:
        code = _code(runtime)
        scopes = tuple(s for s in re.split(r"[,\s]+", q.get("scope", "")) if s)
        if q.get("config_id"):  # Facebook Login for Business: the configuration picks them
            scopes = ("whatsapp_business_management", "whatsapp_business_messaging",
                      "business_management")  # fmt: skip
        runtime.state.login.codes[code] = LoginCode(
            app.id, redirect_uri, scopes or DEFAULT_SCOPES, runtime.state.now()
        )
        back = {"code": code}
    if state is not None:
        back["state"] = state
    joiner = "&" if parts.query else "?"
    return RedirectResponse(f"{redirect_uri}{joiner}{urlencode(back)}", status_code=302)


def _code(runtime: Runtime) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "AQ" + "".join(secrets.choice(alphabet) for _ in range(300))


def exchange_code(ctx: Ctx, app: App) -> dict[str, Any]:
    """``/oauth/access_token`` with ``code`` (no grant_type): a user token of the admin."""
    code = ctx.param("code") or ""
    login = ctx.state.login.codes.get(code)
    if login is None or login.app_id != app.id:
        raise GraphFault(100, "Invalid verification code format.", auth="invalid_code")
    now = ctx.state.now()
    if login.used:
        raise GraphFault(
            100, "This authorization code has been used.", subcode=36009, auth="invalid_code"
        )
    if now - login.issued_at > CODE_LIFETIME:
        raise GraphFault(
            100, "This authorization code has expired.", subcode=36007, auth="invalid_code"
        )
    if ctx.param("redirect_uri") != login.redirect_uri:
        raise GraphFault(
            100,
            "Error validating verification code. Please make sure your redirect_uri is "
            "identical to the one you used in the OAuth dialog request",
            subcode=36008,
            auth="invalid_code",
        )
    login.used = True
    world = ctx.world
    wabas = tuple(w.id for w in world.wabas)
    granular: list[tuple[str, tuple[str, ...] | None]] = [
        (s, wabas) for s in login.scopes if s.startswith("whatsapp_")
    ]
    issued = int(now)
    spec = TokenSpec(
        scenario="login",
        description="minted by the login code exchange",
        token="EAA" + "".join(ctx.state.rng.choice(string.ascii_letters) for _ in range(177)),
        type="USER",
        app_id=app.id,
        user_id=world.user_id,
        scopes=(*login.scopes, "public_profile")
        if "public_profile" not in login.scopes
        else login.scopes,
        granular_scopes=tuple(granular),
        issued_at=None,
        expires_at=issued + LOGIN_TOKEN_LIFETIME,
        data_access_expires_at=issued + 90 * DAY,
    )
    ctx.state.issued[spec.token] = spec
    return {"access_token": spec.token, "token_type": "bearer", "expires_in": LOGIN_TOKEN_LIFETIME}
