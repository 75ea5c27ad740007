"""Issue 14, the network side: hostile servers, clients and inputs.

Each test points the real code at a hostile peer on 127.0.0.1 (raw sockets in
:mod:`hostile_servers`, the receiver and the sandbox under uvicorn) and checks that
wa-wizard stays bounded in time and memory, sends no secret in clear and explains
itself. The long and large variants run with WA_WIZARD_SLOW=1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.hostile_servers import drip, endless, read_head, serve
from wizard.cli import EXIT_USAGE, build_parser, main, resolve_globals
from wizard.core.graph.client import MAX_RESPONSE_BYTES, GraphClient, make_http_client
from wizard.core.graph.errors import GraphError
from wizard.core.redact import redact
from wizard.core.webhook.probes import Budget, handshake_probe
from wizard.core.webhook.receiver import (
    FORWARDED_HEADER,
    ReceiverLog,
    ReceiverServer,
    create_receiver_app,
)
from wizard.core.webhook.signing import SIGNATURE_HEADER, sign
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.testing import SandboxHandle

SLOW = os.environ.get("WA_WIZARD_SLOW") == "1"
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "EAAB" + "x" * 150
SECRET = "a" * 32
VERIFY = "verify-token-1234567890"


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def env_file(tmp_path: Path, token: str = TOKEN) -> Path:
    path = tmp_path / ".env"
    path.write_text(
        f"WHATSAPP_ACCESS_TOKEN={token}\nFACEBOOK_APP_ID=123456\nFACEBOOK_APP_SECRET={SECRET}\n"
        "WHATSAPP_BUSINESS_ACCOUNT_ID=1234567\nWHATSAPP_PHONE_NUMBER_ID=7654321\n"
        f"META_WEBHOOK_VERIFY_TOKEN={VERIFY}\n"
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "unexpected error" not in text
    assert "Traceback" not in text
    return code, text


# 4. Secrets never go over plain http to another host -----------------------------------


@pytest.mark.parametrize("url", ["http://192.0.2.2:8080", "http://graph.example.com"])
def test_plain_http_to_a_remote_host_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str
) -> None:
    code, text = run(capsys, "--graph-url", url, "--env-file", str(env_file(tmp_path)), "doctor")
    assert code == EXIT_USAGE
    assert "plain http" in text
    assert "--allow-insecure-http" in text


def test_the_environment_url_is_held_to_the_same_rule(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WA_WIZARD_GRAPH_URL", "http://192.0.2.2:8080")
    code, text = run(capsys, "--env-file", str(env_file(tmp_path)), "doctor")
    assert code == EXIT_USAGE
    assert "WA_WIZARD_ALLOW_INSECURE_HTTP=1" in text


def test_loopback_http_is_named_in_the_header_and_the_opt_in_works(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    stop: threading.Event,
) -> None:
    """Loopback http is allowed and named in doctor's header; the opt-in lets any http URL in."""
    seen: list[bytes] = []

    def record(conn: socket.socket) -> None:
        seen.append(read_head(conn))
        conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    with serve(record) as url:
        local = url  # loopback: allowed without the opt-in; not Meta's, so the header names it
        code, text = run(
            capsys, "--graph-url", local, "--env-file", str(env_file(tmp_path)), "doctor"
        )
    assert code == 1
    assert text.splitlines()[0].endswith(f"at {local}")
    assert seen  # the loopback server was called
    monkeypatch.setenv("WA_WIZARD_ALLOW_INSECURE_HTTP", "1")
    parsed = resolve_globals(build_parser().parse_args(["--graph-url", "http://x.example"]))
    assert parsed.graph_url == "http://x.example"
    monkeypatch.delenv("WA_WIZARD_ALLOW_INSECURE_HTTP")
    argv = ["--allow-insecure-http", "--graph-url", "http://x.example", "doctor"]
    assert resolve_globals(build_parser().parse_args(argv)).graph_url == "http://x.example"


# 5. Credentials inside a URL are never shown --------------------------------------------


def test_userinfo_in_the_graph_url_is_never_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sandbox: SandboxHandle
) -> None:
    url = sandbox.url.replace("http://", "http://user:SuperSecretPw@")
    env = env_file(tmp_path)
    for argv in (
        ["doctor"],
        ["report", "--stdout"],
        ["--graph-url", "http://u:SuperSecretPw@[::1"],
    ):
        _, text = run(capsys, "--graph-url", url, "--env-file", str(env), *argv)
        assert "SuperSecretPw" not in text
    assert "••••@" in text
    assert redact("see https://me:pw@host/x") == "see https://••••@host/x"


# 6. Request bodies are capped ------------------------------------------------------------


def _receiver(log: ReceiverLog, forward_to: str | None = None, port: int = 0) -> ReceiverServer:
    app = create_receiver_app(VERIFY, SECRET, log=log, forward_to=forward_to)
    return ReceiverServer(app, port)


def test_the_receiver_refuses_big_bodies_and_keeps_nothing() -> None:
    log = ReceiverLog()
    big = b"{" * (2 * 1024 * 1024)

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    with _receiver(log) as base, httpx.Client(timeout=30) as client:
        declared = client.post(f"{base}/webhook", content=big)
        assert declared.status_code == 413
        try:
            streamed = client.post(f"{base}/webhook", content=chunks()).status_code
        except httpx.HTTPError:
            streamed = 413  # the server may close before the client sees the answer
        assert streamed == 413
        body = b'{"object": "whatsapp_business_account", "entry": []}'
        ok = client.post(
            f"{base}/webhook", content=body, headers={SIGNATURE_HEADER: sign(body, SECRET)}
        )
        assert ok.status_code == 200
    kinds = [d.kind for d in log.deliveries]
    assert kinds.count("too_large") == 2
    assert all(not d.raw for d in log.deliveries if d.kind != "event")


def test_the_sandbox_refuses_big_bodies_on_every_route(sandbox: SandboxHandle) -> None:
    big = b"{" * (2 * 1024 * 1024)
    with httpx.Client(timeout=30) as client:
        admin = client.post(
            f"{sandbox.url}/_sandbox/faults", content=big, headers={"x-sandbox-admin": "1"}
        )
    assert admin.status_code == 413
    assert admin.json()["error"]["code"] == 100


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_flood_of_big_posts_does_not_grow_the_listener(tmp_path: Path) -> None:
    """Ten 100 MB POSTs (slow profile; 3 × 20 MB by default) leave webhook-listen small."""
    count, megabytes = (10, 100) if SLOW else (3, 20)
    env = env_file(tmp_path)
    port = _free_port()
    listener = subprocess.Popen(
        [sys.executable, "-m", "wizard", "--env-file", str(env), "webhook-listen",
         "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        assert listener.stdout is not None
        for line in listener.stdout:
            if "Ready" in line:
                break
        before = _peak_rss_kb(listener.pid)
        block = b"{" * (1024 * 1024)

        def post() -> None:
            with socket.create_connection(("127.0.0.1", port)) as conn:
                head = f"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: {megabytes << 20}"
                try:
                    conn.sendall(f"{head}\r\n\r\n".encode())
                    for _ in range(megabytes):
                        conn.sendall(block)
                except OSError:
                    pass  # refused and closed early: what we want

        threads = [threading.Thread(target=post) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = _peak_rss_kb(listener.pid)
    finally:
        listener.terminate()
        listener.wait()
    assert after - before < 32 * 1024, (before, after)


# 8. Bounded time -------------------------------------------------------------------------


async def test_a_dripping_graph_answer_hits_the_request_deadline(stop: threading.Event) -> None:
    with serve(drip(0.2, stop)) as url:
        async with make_http_client() as http:
            client = GraphClient(http, url, request_deadline=1.0)
            client.retry.max_attempts = 1
            started = time.monotonic()
            with pytest.raises(GraphError) as caught:
                await client.get("me", token=TOKEN)
            assert time.monotonic() - started < 10
    assert caught.value.kind == "timeout"
    assert "whole answer" in caught.value.message


def test_doctor_stops_at_its_overall_limit_against_a_drip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stop: threading.Event
) -> None:
    """A byte every 4 s (slow profile; 0.3 s with --timeout 3 by default) ends in time."""
    interval, extra = (4.0, []) if SLOW else (0.3, ["--timeout", "3"])
    with serve(drip(interval, stop)) as url:
        started = time.monotonic()
        code, text = run(
            capsys, "--graph-url", url, "--env-file", str(env_file(tmp_path)), "doctor", *extra
        )
        took = time.monotonic() - started
    assert code == 1
    # Each request's own 20 s deadline binds first at 4 s a byte; doctor's --timeout 3 at 0.3 s.
    assert ("the whole answer" if SLOW else "doctor's time limit of 3 s") in text
    assert took < (75 if SLOW else 15), took


async def test_a_dripping_webhook_endpoint_is_bounded(stop: threading.Event) -> None:
    with serve(drip(0.2, stop)) as url:
        async with httpx.AsyncClient() as http:
            budget = Budget.starting_now(1.0, 30.0)
            result = await handshake_probe(f"{url}/webhook", VERIFY, http=http, budget=budget)
    assert result.status == "fail"
    assert "trickle" in result.detail


def test_webhook_test_stops_at_its_overall_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stop: threading.Event
) -> None:
    with serve(drip(0.2, stop)) as url:
        started = time.monotonic()
        code, text = run(
            capsys, "--env-file", str(env_file(tmp_path)), "webhook-test", f"{url}/w",
            "--timeout", "1",
        )  # fmt: skip
        took = time.monotonic() - started
    assert code == 1
    assert "trickle" in text
    assert took < 15, took


# 9. Bounded memory -----------------------------------------------------------------------


async def test_an_endless_graph_answer_is_cut_at_the_cap(stop: threading.Event) -> None:
    with serve(endless(stop)) as url:
        async with make_http_client() as http:
            client = GraphClient(http, url)
            with pytest.raises(GraphError) as caught:
                await client.get("me", token=TOKEN)
    assert caught.value.kind == "malformed"
    assert f"larger than {MAX_RESPONSE_BYTES >> 20} MB" in caught.value.message


async def test_an_endless_webhook_answer_is_cut(stop: threading.Event) -> None:
    with serve(endless(stop)) as url:
        async with httpx.AsyncClient() as http:
            result = await handshake_probe(f"{url}/webhook", VERIFY, http=http)
    assert result.status == "fail"
    assert result.http_status == 200


@pytest.mark.skipif(not SLOW, reason="peak memory of doctor: set WA_WIZARD_SLOW=1")
def test_doctor_peak_memory_against_an_endless_answer(tmp_path: Path) -> None:
    script = (
        "import resource, sys, threading\n"
        "from tests.security.hostile_servers import endless, serve\n"
        "from wizard.cli import main\n"
        "with serve(endless(threading.Event())) as url:\n"
        "    main(['--graph-url', url, '--env-file', sys.argv[1], 'doctor'])\n"
        "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(env_file(tmp_path))],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    peak_kb = int(done.stdout.rsplit("PEAK", 1)[1])
    assert peak_kb < 200 * 1024, peak_kb


# 10. No forwarding loop ------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["http://localhost:{port}/webhook", "http://127.0.0.1:{port}/webhook/"]
)
def test_forwarding_to_the_listener_itself_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str
) -> None:
    port = _free_port()
    code, text = run(
        capsys, "--env-file", str(env_file(tmp_path)), "webhook-listen", "--port", str(port),
        "--forward-to", target.format(port=port),
    )  # fmt: skip
    assert code == EXIT_USAGE
    assert "listener itself" in text


def _wait_until(condition: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not callable(condition) or not condition():
        assert time.monotonic() < deadline, "the state never came"
        time.sleep(0.01)


def test_a_forwarded_request_is_never_forwarded_again() -> None:
    """Even pointed at itself by another name, a receiver forwards each event once."""
    port = _free_port()
    log = ReceiverLog()
    body = b'{"object": "whatsapp_business_account", "entry": []}'
    with _receiver(log, f"http://localhost:{port}/webhook", port) as base:
        response = httpx.post(
            f"{base}/webhook", content=body, headers={SIGNATURE_HEADER: sign(body, SECRET)}
        )
        assert response.status_code == 200
        _wait_until(lambda: any(d.kind == "forwarded" for d in log.deliveries))
    kinds = [d.kind for d in log.deliveries]
    assert kinds.count("event") == 2, kinds
    assert kinds.count("not_forwarded") == 1, kinds
    assert FORWARDED_HEADER.lower().startswith("x-")


# 11. Hostile input is a usage error or a specific message --------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--graph-url", "http://127.0.0.1:99999", "doctor"],
        ["--graph-url", "https://[::1", "doctor"],
        ["webhook-test", "http://localhost:99999/"],
        ["webhook-test", "http://localhost/", "--timeout", "nan"],
        ["--graph-version", "999", "explain", "190"],
        ["--graph-version", "٢٥", "explain", "190"],
        ["explain", "١٩٠"],
        ["explain", "¹⁹⁰"],
        ["webhook-listen", "--port", "٨٠٨٠"],
    ],
)
def test_bad_input_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    code, text = run(capsys, "--env-file", str(tmp_path / "none.env"), *argv)
    assert code == EXIT_USAGE, text


def test_a_70_kb_token_gets_a_specific_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sandbox: SandboxHandle
) -> None:
    env = env_file(tmp_path, token="EAA" + "x" * 70_000)
    code, text = run(capsys, "--graph-url", sandbox.url, "--env-file", str(env), "doctor")
    assert code == 1
    assert "internal error" not in text
    assert "70,003 characters long" in text


# 12. A send that may have gone out is not promised a retry -------------------------------


@pytest.mark.parametrize("fault", ["status", "timeout"])
def test_send_test_after_a_5xx_or_timeout_says_it_may_have_been_delivered(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sandbox: SandboxHandle,
    fault: str,
) -> None:
    world = sandbox.world
    env = tmp_path / ".env"
    env.write_text(
        f"FACEBOOK_APP_ID={world.app.id}\nFACEBOOK_APP_SECRET={world.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={world.token('system-user')}\n"
        f"WHATSAPP_PHONE_NUMBER_ID={world.phone.id}\n"
    )
    if fault == "status":
        sandbox.faults = FaultPlan().add("status", status=503, path="/messages$")
    else:
        sandbox.faults = FaultPlan().add("timeout", delay_ms=60_000, path="/messages$")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("wizard.core.graph.client.REQUEST_DEADLINE", 1.0)
        code, text = run(
            capsys, "--graph-url", sandbox.url, "--env-file", str(env), "send-test",
            "--to", world.recipient_display[0],
        )  # fmt: skip
    assert code == 1
    assert "retries this automatically" not in text
    assert "may have been delivered" in text
    assert "webhook-listen" in text
