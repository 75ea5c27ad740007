"""Turn what a webhook endpoint did (or failed to do) into a cause and a fix.

httpx exception texts carry the request URL, which holds the verify token during
the handshake, so they are never shown: only the exception type, the TLS verdict
and the OS error kind are looked at.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from wizard.core import actions
from wizard.core.actions import Action
from wizard.core.redact import mask_value

if TYPE_CHECKING:
    import httpx

Status = Literal["pass", "warn", "fail", "skip"]


def tunnel_hint(port: int | None = None) -> str:
    """How to let Meta reach a local server on ``port`` (8080 when unknown)."""
    port = port or 8080
    return (
        "To let Meta reach a local server, expose it with a tunnel, e.g. "
        f"`cloudflared tunnel --url http://localhost:{port}` or `ngrok http {port}`, "
        "then test the https URL it prints."
    )


TUNNEL_HINT = tunnel_hint()

_CDN_SERVERS = ("cloudflare", "akamai", "sucuri", "imperva", "incapsula", "cloudfront", "fastly")
_CHALLENGE_MARKERS = ("just a moment...", "cf-chl", "attention required! | cloudflare", "captcha")


@dataclass(frozen=True)
class Failure:
    """Why a request got no HTTP answer, in user terms."""

    kind: Literal["timeout", "refused", "dns", "tls", "protocol", "url", "network"]
    detail: str
    fix: str
    action: Action | None = None
    """What wa-wizard can do about it, apart from the prose of ``fix``."""


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _tls_failure(error: ssl.SSLError, host: str) -> Failure:
    if isinstance(error, ssl.SSLCertVerificationError):
        code = error.verify_code
        if code in (18, 19):  # self-signed leaf / self-signed in chain
            return Failure(
                "tls",
                "The TLS certificate is self-signed; Meta only accepts CA-signed certificates.",
                "Use a certificate from a public CA (e.g. Let's Encrypt), or a tunnel that "
                "provides one (cloudflared, ngrok).",
            )
        if code == 10:
            return Failure(
                "tls",
                "The TLS certificate has expired.",
                "Renew the certificate (e.g. `certbot renew`) and reload the web server.",
            )
        if code == 62 or "hostname" in str(error.verify_message).lower():
            return Failure(
                "tls",
                f"The TLS certificate is not valid for the host name {host}.",
                "Serve a certificate that names this host, or use the host name the "
                "certificate was issued for.",
            )
        if code in (20, 21):
            return Failure(
                "tls",
                "The TLS certificate chain is incomplete or signed by an unknown CA.",
                "Serve the full chain (fullchain.pem, not cert.pem) from a public CA.",
            )
        return Failure(
            "tls",
            f"The TLS certificate was rejected: {error.verify_message}.",
            "Serve a valid certificate from a public CA.",
        )
    reason = str(getattr(error, "reason", "") or "").lower()
    if "wrong_version" in reason or "wrong version" in str(error).lower():
        return Failure(
            "tls",
            "The server speaks plain http on this port, not https.",
            "Use an http:// URL for this port, or put TLS in front of the server.",
        )
    return Failure("tls", "The TLS handshake failed.", "Check the server's TLS configuration.")


def classify_exception(exc: BaseException, url: str) -> Failure:
    """Explain an httpx exception raised while calling ``url`` (never quoting its text)."""
    import httpx

    host = urlsplit(url).hostname or "the host"
    if isinstance(exc, httpx.TimeoutException):
        return Failure(
            "timeout",
            f"No answer from {host} in time (Meta reports this as curl_errno = 28).",
            "Check that the server is running and answers quickly, that a firewall or "
            "WAF/CDN (e.g. Cloudflare) lets the request through, and that the tunnel is up.",
        )
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return Failure("url", "The URL is not a valid http(s) URL.", "Use https://host/path.")
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLError):
            return _tls_failure(cause, host)
        if isinstance(cause, socket.gaierror):
            return _dns_failure(host)
        if isinstance(cause, ConnectionRefusedError):
            return _refused(url)
    text = " ".join(str(c) for c in _chain(exc)).lower()
    if "name or service not known" in text or "nodename nor servname" in text:
        return _dns_failure(host)
    if "refused" in text:
        return _refused(url)
    if isinstance(exc, httpx.RemoteProtocolError):
        return Failure(
            "protocol",
            f"{host} closed the connection without a valid HTTP answer.",
            "Check that this port serves HTTP (https:// for TLS, http:// without) and the "
            "server logs for a crash.",
        )
    return Failure(
        "network",
        f"Could not reach {host} ({type(exc).__name__}).",
        "Check the host name, the port and your network connection.",
    )


def _dns_failure(host: str) -> Failure:
    return Failure(
        "dns",
        f"The host name {host} does not resolve (DNS).",
        "Check the spelling; a new tunnel or DNS record can take a minute to appear.",
    )


def _refused(url: str) -> Failure:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return Failure(
        "refused",
        f"Connection refused: nothing is listening on {parts.hostname}:{port}.",
        "Start your server on that port (or the local reference receiver), or fix the port "
        "in the URL.",
        actions.LISTEN_WEBHOOK,
    )


def cdn_block(headers: Mapping[str, str], body: str) -> str | None:
    """The CDN/WAF name when a response looks like a bot challenge or a CDN block page."""
    server = headers.get("server", "").lower()
    lowered = body[:4000].lower()
    name = next((n for n in _CDN_SERVERS if n in server), None)
    if "cf-ray" in {k.lower() for k in headers}:
        name = name or "cloudflare"
    if any(marker in lowered for marker in _CHALLENGE_MARKERS):
        return (name or "a WAF").capitalize()
    return name.capitalize() if name else None


def waf_fix(cdn: str) -> str:
    return (
        f"{cdn} blocked the request before it reached your code. Allow Meta's requests "
        "through the WAF/bot protection for the webhook path (e.g. a Cloudflare WAF skip rule "
        "for that path)."
    )


def describe_status(
    status: int, headers: Mapping[str, str], body: str, method: str
) -> tuple[str, str]:
    """Cause and fix for an unexpected HTTP status (not for the handshake's 200 checks)."""
    cdn = cdn_block(headers, body)
    if cdn and status in (403, 429, 503, 401):
        return f"HTTP {status} from {cdn} (a bot challenge or WAF block page).", waf_fix(cdn)
    if 300 <= status < 400:
        location = headers.get("location", "")
        target = location.split("?", 1)[0] or "another URL"
        return (
            f"HTTP {status} redirect to {target}; Meta does not follow redirects.",
            "Give Meta the final URL (https, exact path, with or without the trailing slash as "
            "your server expects).",
        )
    if status == 404:
        return (
            "HTTP 404: nothing at this path.",
            "Check the path in the URL (e.g. /webhook) against your server's routes.",
        )
    if status == 405:
        return (
            f"HTTP 405: the endpoint has no {method} handler at this path.",
            f"Add a {method} handler: Meta sends GET for the handshake and POST for events.",
        )
    if status in (401, 403):
        return f"HTTP {status}: the request was refused.", "See the probe's hint."
    if status == 429:
        return "HTTP 429: rate limited.", "Do not rate-limit Meta's requests on the webhook path."
    if status >= 500:
        return (
            f"HTTP {status}: the server failed while handling the request.",
            "Read your server's logs for the error; Meta retries failed deliveries and may "
            "disable the webhook.",
        )
    return f"HTTP {status}.", "Meta expects HTTP 200."


def snippet(body: str, secrets: tuple[str | None, ...], limit: int = 60) -> str:
    """A short, single-line, secret-free excerpt of a response body."""
    text = body
    for secret in secrets:
        if secret:
            text = text.replace(secret, mask_value(secret))
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def check_url(url: str) -> tuple[Status, str, str]:
    """What Meta requires of a callback URL: https and a publicly reachable host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "fail", "Not an http(s) URL.", "Use a URL like https://example.com/webhook."
    problems: list[str] = []
    fixes: list[str] = []
    if parts.scheme == "http":
        problems.append("plain http: Meta only calls https URLs with a CA-signed certificate")
    host = parts.hostname
    if is_local_host(host):
        problems.append(f"{host} is a local/private address Meta cannot reach")
        fixes.append(tunnel_hint(parts.port or (443 if parts.scheme == "https" else 80)))
    elif parts.scheme == "http":
        fixes.append("Serve the webhook over https with a certificate from a public CA.")
    if not problems:
        return "pass", f"https, public host {host}", ""
    return (
        "warn",
        "; ".join(problems) + " (fine for local testing).",
        " ".join(fixes),
    )


def is_local_host(host: str) -> bool:
    lowered = host.lower().rstrip(".")
    if lowered == "localhost" or lowered.endswith((".localhost", ".local", ".internal", ".lan")):
        return True
    try:
        address = ipaddress.ip_address(lowered.strip("[]"))
    except ValueError:
        return "." not in lowered  # single-label names are never public
    return not address.is_global


def endpoint_client(url: str, timeout: float) -> httpx.AsyncClient:
    """An HTTP client that calls the endpoint directly, as Meta does.

    Proxies from the environment are used only for public hosts, so a local test is
    never routed through a corporate proxy.
    """
    import httpx

    local = is_local_host(urlsplit(url).hostname or "localhost")
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=not local,
        verify=True,
    )
