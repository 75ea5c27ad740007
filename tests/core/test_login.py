"""wizard.core.access.login over the sandbox on loopback HTTP: dialog, 302, callback, exchange."""

from __future__ import annotations

import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from wizard.core import redact
from wizard.core.access.login import (
    CallbackListener,
    LoginError,
    dialog_url,
    http_browser,
    login,
    read_callback,
    www_url,
)
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.sandbox.testing import SandboxHandle


@pytest.fixture
async def client(sandbox: SandboxHandle) -> AsyncIterator[GraphClient]:
    http = make_http_client(timeout=5.0)
    try:
        yield GraphClient(http, sandbox.url, "v25.0", sandbox.world.app.secret)
    finally:
        await http.aclose()


def test_dialog_url_has_metas_parameters() -> None:
    url = dialog_url(www="https://www.facebook.com", version="v25.0", app_id="1",
                     redirect="http://localhost:8914/callback", state="abc")  # fmt: skip
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://www.facebook.com/v25.0/dialog/oauth"
    )
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert q == {
        "client_id": "1",
        "redirect_uri": "http://localhost:8914/callback",
        "state": "abc",
        "response_type": "code",
        "scope": "whatsapp_business_management,whatsapp_business_messaging,business_management",
    }
    business = dialog_url(www="https://x", version="v25.0", app_id="1", redirect="r",
                          state="s", config_id="99")  # fmt: skip
    q2 = parse_qs(urlsplit(business).query)
    assert q2["config_id"] == ["99"]
    assert "scope" not in q2
    assert www_url({"WA_WIZARD_WWW_URL": "http://127.0.0.1:5/"}) == "http://127.0.0.1:5"
    assert www_url({}) == "https://www.facebook.com"


def test_read_callback_checks_state_and_explains_refusals() -> None:
    code = "AQ" + "x" * 40
    assert read_callback(f"http://localhost:8914/callback?code={code}&state=s1", "s1") == code
    assert read_callback(f"/callback?state=s1&code={code}", "s1") == code
    assert redact.redact(f"?code={code}") == "?code=••••"  # registered the moment it arrives
    with pytest.raises(LoginError) as mismatch:
        read_callback(f"/callback?code={code}&state=other", "s1")
    assert mismatch.value.kind == "state"
    with pytest.raises(LoginError) as denied:
        read_callback(
            "/callback?error=access_denied&error_reason=user_denied"
            "&error_description=Permissions+error&state=s1",
            "s1",
        )
    assert denied.value.kind == "denied"
    assert "Permissions error" in str(denied.value)
    with pytest.raises(LoginError) as empty:
        read_callback("/callback?state=s1", "s1")
    assert empty.value.kind == "no_code"


async def test_login_end_to_end_with_a_fake_browser(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    announced: list[tuple[str, str, bool]] = []
    async with httpx.AsyncClient(trust_env=False, timeout=5) as browser_http:
        logged = await login(
            client,
            app_id=sandbox.world.app.id,
            app_secret=sandbox.world.app.secret,
            port=0,
            www=sandbox.url,
            opener=http_browser(browser_http),
            announce=lambda url, redirect, opened: announced.append((url, redirect, opened)),
            timeout=10,
        )
    (url, redirect, opened), = announced  # fmt: skip
    assert opened
    assert url.startswith(f"{sandbox.url}/v25.0/dialog/oauth?")
    assert redirect.startswith("http://localhost:")
    assert logged.info.is_valid
    assert logged.info.type == "USER"
    assert logged.token in redact._KNOWN
    assert set(logged.reach.wabas) == {w.id for w in sandbox.world.wabas}
    assert all(c.used for c in sandbox.state.login.codes.values())


async def test_a_forged_callback_is_refused(sandbox: SandboxHandle, client: GraphClient) -> None:
    async def forger(url: str) -> bool:  # a page that calls the callback with its own state
        port = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0]).port
        async with httpx.AsyncClient(trust_env=False) as http:
            await http.get(f"http://localhost:{port}/callback?code=AQforgedcode123&state=evil")
        return True

    with pytest.raises(LoginError) as refused:
        await login(client, app_id=sandbox.world.app.id, app_secret=sandbox.world.app.secret,
                    port=0, www=sandbox.url, opener=forger, timeout=10)  # fmt: skip
    assert refused.value.kind == "state"


async def test_no_callback_in_time_explains_the_redirect_setting(
    sandbox: SandboxHandle, client: GraphClient
) -> None:
    sandbox.state.login.live = True  # a Live app: the dialog shows "URL Blocked", no redirect
    async with httpx.AsyncClient(trust_env=False, timeout=5) as browser_http:
        with pytest.raises(LoginError) as late:
            await login(client, app_id=sandbox.world.app.id,
                        app_secret=sandbox.world.app.secret, port=0, www=sandbox.url,
                        opener=http_browser(browser_http), timeout=0.5)  # fmt: skip
    error = late.value
    assert error.kind == "timeout"
    assert "only allowed automatically while the app is in Development mode" in error.fix
    assert "Facebook Login › Settings › Valid OAuth Redirect URIs" in error.fix
    assert "http://localhost:" in error.fix
    assert "/callback" in error.fix


async def test_pasted_address_wins_over_ssh(sandbox: SandboxHandle, client: GraphClient) -> None:
    """Over SSH the browser runs elsewhere: the person pastes where it ended."""
    seen: list[str] = []

    async def remote_browser(url: str) -> bool:
        async with httpx.AsyncClient(trust_env=False) as http:
            answer = await http.get(url, follow_redirects=False)  # never reaches our port
        seen.append(answer.headers["location"])
        return True

    async def paste() -> str | None:
        return seen[0]

    logged = await login(client, app_id=sandbox.world.app.id,
                         app_secret=sandbox.world.app.secret, port=0, www=sandbox.url,
                         opener=remote_browser, paste=paste, timeout=10)  # fmt: skip
    assert logged.info.is_valid


async def test_a_busy_port_is_explained() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        listener = CallbackListener(taken.getsockname()[1])
        with pytest.raises(LoginError) as busy:
            await listener.start()
    assert busy.value.kind == "port"
    assert "--port" in busy.value.fix


def test_browser_env_is_honoured_end_to_end(
    sandbox: SandboxHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wa-wizard login` in a fresh process with $BROWSER set to a script that follows the 302."""
    import subprocess

    w = sandbox.world
    fake = tmp_path / "browser.py"
    fake.write_text(
        "import sys, urllib.request\n"
        "urllib.request.urlopen(sys.argv[1], timeout=10).read()\n"  # follows the redirect home
    )
    env_path = tmp_path / ".env"
    env_path.write_text(f"FACEBOOK_APP_ID={w.app.id}\nFACEBOOK_APP_SECRET={w.app.secret}\n")
    import os

    environ = {
        **os.environ,
        "BROWSER": f"{sys.executable} {fake} %s",
        "WA_WIZARD_WWW_URL": sandbox.url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "NO_COLOR": "1",
    }
    environ.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "--graph-url", sandbox.url, "--env-file", str(env_path),
         "login", "--port", "0", "--no-exchange", "--timeout", "60"],
        capture_output=True, text=True, env=environ, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "opened Facebook Login in your browser" in output
    written = env_path.read_text()
    assert "WHATSAPP_ACCESS_TOKEN=" in written
    token = written.split("WHATSAPP_ACCESS_TOKEN=")[1].split("\n")[0].strip("'\"")
    assert token.startswith("EAA")
    assert token not in output
    for code in sandbox.state.login.codes:
        assert code not in output
