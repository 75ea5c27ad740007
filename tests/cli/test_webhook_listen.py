"""`wa-wizard webhook-listen` as a real process: ready line, events, 401/403, Ctrl+C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from wizard.core.webhook.payloads import build_status_payload
from wizard.core.webhook.signing import sign

TOKEN = "verify-3f9a0c2d1e4b5a69c7"
SECRET = "9b1e57c0d2f84a6b91c3e7d5f0a2b4a0"


class Listener:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.url = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            found = re.search(r"Listening on (\S+)", line)
            if found:
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()

    def wait_for(self, text: str) -> None:
        done = threading.Event()
        for _ in range(500):
            if any(text in line for line in self.lines) or done.wait(0.01):
                return
        raise AssertionError(f"{text!r} not in {self.lines}")


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[Listener]:
    env = tmp_path / ".env"
    env.write_text(f"META_WEBHOOK_VERIFY_TOKEN={TOKEN}\nFACEBOOK_APP_SECRET={SECRET}\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard", "webhook-listen", "--port", "0", "--env-file", str(env)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    listening = Listener(proc)
    assert listening.ready.wait(30), listening.lines
    yield listening
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_listen_verifies_prints_and_stops_cleanly(listener: Listener) -> None:
    url = listener.url
    assert url.endswith("/webhook")
    ok = httpx.get(
        url, params={"hub.mode": "subscribe", "hub.challenge": "42", "hub.verify_token": TOKEN}
    )
    assert (ok.status_code, ok.text) == (200, "42")
    bad = httpx.get(
        url, params={"hub.mode": "subscribe", "hub.challenge": "42", "hub.verify_token": "x"}
    )
    assert bad.status_code == 403
    body = build_status_payload(
        "delivered", "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjQ=", "15550100142"
    )
    signed = httpx.post(url, content=body, headers={"X-Hub-Signature-256": sign(body, SECRET)})
    assert signed.status_code == 200
    forged = httpx.post(url, content=body, headers={"X-Hub-Signature-256": sign(body, "nope")})
    assert forged.status_code == 401
    listener.wait_for("status delivered wamid.HB…Q= to +1 555-…0142")
    listener.wait_for("rejected POST with 401 (signature mismatch)")
    listener.wait_for("handshake refused with 403")
    listener.proc.send_signal(signal.SIGINT)
    assert listener.proc.wait(timeout=20) == 0
    out = "".join(listener.lines)
    assert "Traceback" not in out
    assert TOKEN not in out
    assert SECRET not in out
    assert "15550100142" not in out
    assert "tunnel" in out
    assert json.loads(body)  # the body itself was fine: only the signature differed


def test_port_in_use_is_explained(tmp_path: Path, listener: Listener) -> None:
    port = listener.url.split(":")[2].split("/")[0]
    done = subprocess.run(
        [sys.executable, "-m", "wizard", "webhook-listen", "--port", port,
         "--env-file", str(tmp_path / "none.env")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "already in use" in done.stdout
    assert "verify-token --write" in done.stdout
