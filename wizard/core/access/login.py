"""Facebook Login from a terminal: the loopback authorization-code flow (graph-api.md §19.13).

One sequence for ``wa-wizard login`` and the wizard's "Log in with Facebook" button:
listen on ``http://localhost:{port}/callback``, open
``{www}/{version}/dialog/oauth?client_id&redirect_uri&state&response_type=code&scope``
(``config_id`` instead of ``scope`` for Facebook Login for Business), take the code from
the redirect (or from the address a person pastes back, over SSH), check ``state``,
exchange the code, then ask debug_token and discovery what the token is.

Facts that shape it: ``http://localhost`` redirects are allowed automatically only while
the app is in Development mode; a Live app needs the exact URI (so the port is fixed by
default) under Facebook Login › Settings › Valid OAuth Redirect URIs. ``localhost``, not
``127.0.0.1``. The code and the token are registered for redaction the moment they arrive
and never printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from wizard.core.redact import register_secret

if TYPE_CHECKING:
    import httpx

    from wizard.core.checks.discovery import Reach
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.tokens import TokenInfo

WWW_URL_ENV = "WA_WIZARD_WWW_URL"
DEFAULT_WWW_URL = "https://www.facebook.com"
DEFAULT_PORT = 8914
"""Fixed, so a Live app can list the exact redirect URI once."""
CALLBACK_PATH = "/callback"
DEFAULT_TIMEOUT = 180.0
SCOPES = ("whatsapp_business_management", "whatsapp_business_messaging", "business_management")
REDIRECT_SETTING = "Facebook Login › Settings › Valid OAuth Redirect URIs"

Opener = Callable[[str], Awaitable[bool]]
"""Opens the dialog URL in a browser; False when no browser could be started."""
Paste = Callable[[], Awaitable[str | None]]
"""Returns the address a person pasted (over SSH), or None when there is nobody to ask."""


class LoginError(Exception):
    """A login that could not finish: ``str()`` says what happened, ``fix`` what to do.

    ``kind``: ``denied``, ``state``, ``no_code``, ``timeout``, ``port``.
    """

    def __init__(self, kind: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.fix = fix


def www_url(environ: Mapping[str, str] | None = None) -> str:
    """Where the dialog lives: ``WA_WIZARD_WWW_URL`` (tests, the sandbox) or Facebook."""
    env = os.environ if environ is None else environ
    return (env.get(WWW_URL_ENV) or DEFAULT_WWW_URL).rstrip("/")


def redirect_uri(port: int) -> str:
    return f"http://localhost:{port}{CALLBACK_PATH}"


def new_state() -> str:
    return secrets.token_urlsafe(24)


def dialog_url(
    *,
    www: str,
    version: str,
    app_id: str,
    redirect: str,
    state: str,
    config_id: str | None = None,
    scopes: tuple[str, ...] = SCOPES,
) -> str:
    """The OAuth dialog address; ``config_id`` replaces ``scope`` (Login for Business)."""
    params = {
        "client_id": app_id,
        "redirect_uri": redirect,
        "state": state,
        "response_type": "code",
    }
    if config_id:
        params["config_id"] = config_id
    else:
        params["scope"] = ",".join(scopes)
    return f"{www.rstrip('/')}/{version}/dialog/oauth?{urlencode(params)}"


def timeout_help(redirect: str, seconds: float, app_id: str | None = None) -> LoginError:
    """The one explanation for a callback that never came (the Live-mode redirect rule)."""
    from wizard.core.cards.spec import LOGIN_SETTINGS, LinkContext, build_link

    page = build_link(LOGIN_SETTINGS, LinkContext(app_id=app_id))
    return LoginError(
        "timeout",
        f"No login reached {redirect} within {seconds:.0f} s.",
        "http://localhost redirects are only allowed automatically while the app is in "
        "Development mode. If your app is Live, add this exact URI under "
        f"{REDIRECT_SETTING} ({page}), then run the login again on the same port:\n"
        f"{redirect}\n"
        "If the browser showed an error page instead, it says which setting is missing. "
        "Over SSH, paste the address the browser ended on instead of waiting.",
    )


def read_callback(address: str, state: str) -> str:
    """The code from the redirected address (or its query string), after checking ``state``.

    Raises:
        LoginError: the login was cancelled, the state differs, or there is no code.
    """
    text = address.strip()
    query = urlsplit(text).query if "?" in text or "://" in text else text
    params = {k: v[0] for k, v in parse_qs(query.lstrip("?")).items() if v}
    code = params.get("code")
    register_secret(code)
    if "error" in params or "error_reason" in params:
        reason = params.get("error_description") or params.get("error") or "cancelled"
        raise LoginError(
            "denied",
            f"The login was not approved ({params.get('error_reason') or params['error']}: "
            f"{reason}).",
            "Run the login again and press Continue in the Facebook dialog, granting the "
            "WhatsApp permissions it asks for.",
        )
    if not secrets.compare_digest(params.get("state", ""), state):
        raise LoginError(
            "state",
            "The answer's state does not match this login, so it was refused (it may come "
            "from an older login or from another site).",
            "Run the login again and use only the browser tab it opens.",
        )
    if not code:
        raise LoginError(
            "no_code",
            "The address has no login code.",
            "Paste the whole address the browser ended on (it starts with "
            "http://localhost and contains code=…), or run the login again.",
        )
    return code


class CallbackListener:
    """Waits for one ``GET /callback`` on localhost (IPv4, and IPv6 when available)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._servers: list[asyncio.Server] = []
        self._answer: asyncio.Future[str] | None = None

    async def start(self) -> int:
        """Listen; returns the port (a free one when ``port`` is 0).

        Raises:
            LoginError: the port is taken.
        """
        loop = asyncio.get_running_loop()
        self._answer = loop.create_future()
        try:
            server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        except OSError:
            raise LoginError(
                "port",
                f"Port {self.port} on this machine is in use, so the login cannot listen on it.",
                "Stop what uses it, or pick another port with --port (a Live app then needs "
                f"that exact URI under {REDIRECT_SETTING}).",
            ) from None
        self._servers.append(server)
        self.port = server.sockets[0].getsockname()[1]
        with contextlib.suppress(OSError):  # browsers may resolve localhost to ::1 first
            self._servers.append(await asyncio.start_server(self._handle, "::1", self.port))
        return self.port

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            writer.close()
            return
        line = request.split(b"\r\n", 1)[0].decode("latin-1")
        parts = line.split(" ")
        target = parts[1] if len(parts) >= 2 else ""
        if parts[0] != "GET" or urlsplit(target).path != CALLBACK_PATH:
            await _respond(writer, 404, "Not found.")
            return
        await _respond(
            writer,
            200,
            "wa-wizard received the answer. You can close this tab and go back to the terminal.",
        )
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(target)

    async def wait(self) -> str:
        """The callback's path and query string, once it arrives."""
        if self._answer is None:
            raise RuntimeError("CallbackListener.start() must run first")
        return await asyncio.shield(self._answer)

    async def close(self) -> None:
        for server in self._servers:
            server.close()
            with contextlib.suppress(Exception):
                await server.wait_closed()
        self._servers.clear()


async def _respond(writer: asyncio.StreamWriter, status: int, text: str) -> None:
    body = f"<!doctype html><title>wa-wizard</title><p>{text}</p>".encode()
    reason = "OK" if status == 200 else "Not Found"
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(ConnectionError):
        writer.write(head.encode() + body)
        await writer.drain()
    writer.close()


async def system_browser(url: str) -> bool:
    """Python's ``webbrowser`` (so ``$BROWSER`` is honoured), off the event loop."""
    import webbrowser

    try:
        return await asyncio.to_thread(webbrowser.open, url)
    except webbrowser.Error:
        return False


@dataclass(frozen=True)
class LoggedIn:
    """What the login produced; nothing is written here."""

    token: str
    info: TokenInfo
    reach: Reach
    expires_in: int | None


async def wait_for_code(
    listener: CallbackListener,
    state: str,
    timeout: float,
    paste: Paste | None = None,
    app_id: str | None = None,
) -> str:
    """The code from the callback, or from a pasted address, whichever comes first.

    Raises:
        LoginError: denied, state mismatch, no code, or nothing within ``timeout``.
    """
    redirect = redirect_uri(listener.port)
    waiters: list[asyncio.Task[str | None]] = [asyncio.ensure_future(_as_optional(listener))]
    if paste is not None:
        waiters.append(asyncio.ensure_future(paste()))
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while waiters:
            left = deadline - loop.time()
            if left <= 0:
                break
            done, _ = await asyncio.wait(waiters, timeout=left, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                waiters.remove(task)
                address = task.result()
                if address:
                    return read_callback(address, state)
            if not done:
                break
        raise timeout_help(redirect, timeout, app_id)
    finally:
        for task in waiters:
            task.cancel()


async def _as_optional(listener: CallbackListener) -> str | None:
    return await listener.wait()


async def finish_login(
    client: GraphClient, *, app_id: str, app_secret: str, redirect: str, code: str
) -> LoggedIn:
    """Exchange the code, then debug_token and discovery (the token is registered first).

    Raises:
        GraphError: the exchange or the inspection failed (explain it with an error card).
    """
    from wizard.core.checks.discovery import discover_wabas
    from wizard.core.graph import tokens

    result = await tokens.exchange_code(
        client, app_id=app_id, app_secret=app_secret, redirect_uri=redirect, code=code
    )
    register_secret(result.access_token)
    info = await tokens.debug_token(
        client, result.access_token, app_id=app_id, app_secret=app_secret
    )
    reach = await discover_wabas(client, result.access_token, info)
    return LoggedIn(result.access_token, info, reach, result.expires_in)


async def login(
    client: GraphClient,
    *,
    app_id: str,
    app_secret: str,
    port: int = DEFAULT_PORT,
    config_id: str | None = None,
    www: str | None = None,
    opener: Opener | None = system_browser,
    announce: Callable[[str, str, bool], None] | None = None,
    paste: Paste | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> LoggedIn:
    """The whole flow: listen, open the dialog, wait, check state, exchange, inspect.

    Args:
        opener: opens the dialog (None: only ``announce`` it, for ``--no-browser``).
        announce: told the dialog URL, the redirect URI and whether a browser was opened,
            so the face can print them (no secret: the app id, the redirect, the state).
        paste: asks a person for the redirected address (SSH); raced with the callback.

    Raises:
        LoginError: see :class:`LoginError`.
        GraphError: the exchange or the inspection failed.
    """
    listener = CallbackListener(port)
    bound = await listener.start()
    try:
        state = new_state()
        redirect = redirect_uri(bound)
        url = dialog_url(
            www=www or www_url(),
            version=client.version,
            app_id=app_id,
            redirect=redirect,
            state=state,
            config_id=config_id,
        )
        opened = await opener(url) if opener is not None else False
        if announce is not None:
            announce(url, redirect, opened)
        code = await wait_for_code(listener, state, timeout, paste, app_id)
    finally:
        await listener.close()
    return await finish_login(
        client, app_id=app_id, app_secret=app_secret, redirect=redirect, code=code
    )


def http_browser(http: httpx.AsyncClient) -> Opener:
    """A browser without a screen: load the dialog with ``http``, follow its redirect home.

    For the sandbox (whose dialog approves at once) and tests: the dialog is fetched
    through ``http`` (an in-process transport works), the redirect to the loopback
    callback over real HTTP, as a browser would. An error page is not followed, so the
    login then times out and explains why, exactly as with a real browser.
    """

    async def open_url(url: str) -> bool:
        import httpx

        try:
            answer = await http.get(url, follow_redirects=False)
            target = answer.headers.get("location")
            if answer.status_code in (301, 302, 303, 307) and target:
                async with httpx.AsyncClient(trust_env=False, timeout=10) as local:
                    await local.get(target)
        except httpx.HTTPError:
            return False
        return True

    return open_url
