"""`wa-wizard webhook-test` end to end through main(), against loopback endpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from wizard.cli import main
from wizard.core.webhook.receiver import ReceiverServer, create_receiver_app

TOKEN = "verify-3f9a0c2d1e4b5a69c7"
SECRET = "9b1e57c0d2f84a6b91c3e7d5f0a2b4a0"


async def sloppy(request: Request) -> Response:
    if request.method == "GET":
        return PlainTextResponse(request.query_params.get("hub.challenge", ""))
    return PlainTextResponse("ok")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = Starlette(
        routes=[
            Route("/sloppy", sloppy, methods=["GET", "POST"]),
            Mount("/good", app=create_receiver_app(TOKEN, SECRET, path="/webhook")),
        ]
    )
    with ReceiverServer(app) as url:
        yield url


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(f"META_WEBHOOK_VERIFY_TOKEN={TOKEN}\nFACEBOOK_APP_SECRET={SECRET}\n")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert TOKEN not in out
    assert SECRET not in out
    assert "Traceback" not in out
    return code, out


def test_good_endpoint_exits_0(
    base: str, env_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "webhook-test", f"{base}/good/webhook", "--env-file", str(env_file))
    assert code == 0, out
    assert "✓ Handshake" in out
    assert "✓ Signed event" in out
    assert "! Callback URL" in out  # loopback http: a warning, not a failure
    assert "behaves the way Meta needs" in out


def test_sloppy_endpoint_exits_1(
    base: str, env_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "webhook-test", f"{base}/sloppy", "--env-file", str(env_file))
    assert code == 1
    assert "✗ Wrong token" in out
    assert "does not check the verify token" in out
    assert "✗ Bad signature" in out
    assert "does not verify signatures" in out


def test_json_output(base: str, env_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "webhook-test", f"{base}/sloppy", "--json", "--env-file", str(env_file))
    data = json.loads(out)
    assert code == 1
    assert data["ok"] is False
    statuses = {p["id"]: p["status"] for p in data["probes"]}
    assert statuses["wrong_token"] == "fail"
    assert statuses["handshake"] == "pass"


def test_missing_values_say_how_to_set_them(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.env"
    code, out = run(capsys, "webhook-test", f"{base}/good/webhook", "--env-file", str(empty))
    assert code == 1
    assert "- Handshake" in out
    assert "wa-wizard verify-token --write" in out
    assert "FACEBOOK_APP_SECRET" in out
    assert "skipped" in out


def test_timeout_and_refused_are_explained(
    env_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out = run(
        capsys, "webhook-test", f"http://127.0.0.1:{port}/webhook", "--env-file", str(env_file)
    )
    assert code == 1
    assert "Connection refused" in out
    assert "webhook-listen" in out
