"""``wa-wizard sandbox`` as a real subprocess: card, a curl-like GET, clean Ctrl+C, busy port."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from wizard.sandbox.server import bind
from wizard.sandbox.world import build_world


def start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "wizard", "sandbox", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def running() -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc = start("--port", "0", "--seed", "7")
    assert proc.stdout is not None
    first = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", first)
    assert match, first
    yield proc, first
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


def test_prints_url_card_and_serves_until_sigint(
    running: tuple[subprocess.Popen[str], str],
) -> None:
    proc, first = running
    assert first.rstrip().endswith("(Ctrl+C to stop) — nothing here reaches Meta.")
    url = re.search(r"http://127\.0\.0\.1:\d+", first)
    assert url is not None
    world = build_world(seed=7)
    token = world.token("system-user")
    r = httpx.get(f"{url.group(0)}/v25.0/me", params={"access_token": token}, timeout=5)
    assert r.json() == {"name": world.system_user_name, "id": world.system_user_id}
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
    assert proc.stdout is not None
    assert proc.stderr is not None
    # read through the same buffered pipe readline() used (communicate() would skip its buffer)
    out, err = first + proc.stdout.read(), proc.stderr.read()
    assert "Traceback" not in err
    assert token in out  # the card shows practice tokens whole
    assert world.app.secret in out
    assert f"wa-wizard --graph-url {url.group(0)} doctor" in out


def test_busy_port_is_one_line_and_exit_1() -> None:
    sock = bind(0)
    try:
        port = sock.getsockname()[1]
        proc = start("--port", str(port))
        _, err = proc.communicate(timeout=30)
    finally:
        sock.close()
    assert proc.returncode == 1
    assert err.strip().count("\n") == 0
    assert f"port {port} is already in use" in err
    assert "Traceback" not in err


def test_help_has_examples() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wizard", "sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 0
    assert "--require-proof" in proc.stdout
    assert "wa-wizard --graph-url http://127.0.0.1:8765 doctor" in proc.stdout
