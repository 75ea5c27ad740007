"""The whole webhook loop on loopback: listen -> subscribe (sandbox) -> send -> signed statuses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.core.webhook.receiver import ReceiverLog, ReceiverServer, create_receiver_app
from wizard.sandbox.app import create_app
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.world import World, build_world

VERIFY = "loop-verify-token-5a69c7d2e1"


@dataclass
class Loop:
    world: World
    graph_url: str
    receiver_url: str
    log: ReceiverLog
    env: Path


@pytest.fixture
def loop(tmp_path: Path) -> Iterator[Loop]:
    world = build_world(seed=7)
    log = ReceiverLog()
    receiver = create_receiver_app(VERIFY, world.app.secret, log=log)
    env = tmp_path / ".env"
    env.write_text(
        f"FACEBOOK_APP_ID={world.app.id}\nFACEBOOK_APP_SECRET={world.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={world.token('system-user')}\n"
        f"WHATSAPP_BUSINESS_ACCOUNT_ID={world.waba.id}\n"
        f"WHATSAPP_PHONE_NUMBER_ID={world.phone.id}\nMETA_WEBHOOK_VERIFY_TOKEN={VERIFY}\n"
    )
    with SandboxServer(create_app(world)) as graph_url, ReceiverServer(receiver) as recv_url:
        yield Loop(world, graph_url, recv_url, log, env)


def cli(capsys: pytest.CaptureFixture[str], loop: Loop, *argv: str) -> tuple[int, str]:
    code = main(["--graph-url", loop.graph_url, *argv, "--env-file", str(loop.env)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    for secret in (VERIFY, loop.world.app.secret, loop.world.token("system-user")):
        assert secret not in out
    assert "Traceback" not in out
    return code, out


def wait_for_statuses(log: ReceiverLog, wanted: set[str]) -> list[str]:
    pause = threading.Event()
    for _ in range(1000):
        if wanted <= set(log.statuses()):
            break
        pause.wait(0.01)
    return log.statuses()


def test_listen_subscribe_send_receive(loop: Loop, capsys: pytest.CaptureFixture[str]) -> None:
    callback = f"{loop.receiver_url}/webhook"
    code, out = cli(capsys, loop, "webhook-subscribe", "--callback-url", callback)
    assert code == 0, out
    assert "✓ Endpoint" in out
    assert "✓ App webhook" in out
    assert "✓ WABA link" in out
    assert "✓ Confirmed" in out
    # Our probe and Meta's (the sandbox's) handshake both reached the receiver.
    assert sum(d.kind == "handshake" for d in loop.log.deliveries) >= 2

    code, out = cli(capsys, loop, "send-test", "--to", "+" + loop.world.us_recipient)
    assert code == 0, out
    statuses = wait_for_statuses(loop.log, {"sent", "delivered", "read"})
    assert {"sent", "delivered", "read"} <= set(statuses)  # duplicates tolerated
    assert not [d for d in loop.log.deliveries if d.kind == "bad_signature"]
    lines = [line for d in loop.log.events() for line in d.lines]
    assert any(line.startswith("status delivered wamid.") for line in lines)
    assert all(loop.world.us_recipient not in line for line in lines)


def test_broken_endpoint_is_caught_before_meta(
    loop: Loop, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = cli(
        capsys, loop, "webhook-subscribe", "--callback-url", f"{loop.receiver_url}/nope"
    )
    assert code == 1
    assert "✗ Endpoint" in out
    assert "HTTP 404" in out
    assert "App webhook" not in out  # Meta was never asked


def test_meta_verification_failure_is_explained(
    loop: Loop, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{loop.receiver_url}/nope"
    code, out = cli(capsys, loop, "webhook-subscribe", "--callback-url", url, "--skip-selftest")
    assert code == 1
    assert "✗ App webhook" in out
    assert "2200" in out


def test_missing_values_are_named(
    loop: Loop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loop.env.write_text(f"FACEBOOK_APP_ID={loop.world.app.id}\n")
    code, out = cli(capsys, loop, "webhook-subscribe", "--callback-url", loop.receiver_url)
    assert code == 1
    assert "FACEBOOK_APP_SECRET" in out
    assert "verify-token --write" in out
