"""Signatures, Meta-style payloads and redacted event summaries."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.webhook.events import mask_phone, summarize_event
from wizard.core.webhook.payloads import build_messages_payload, build_status_payload
from wizard.core.webhook.signing import sign, verify_signature

SECRET = "9b1e57c0d2f84a6b91c3e7d5f0a2b4a0"


def test_sign_matches_metas_formula() -> None:
    body = b'{"a":"\\u00e4"}'
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert sign(body, SECRET) == "sha256=" + expected


def test_verify_accepts_right_and_rejects_wrong() -> None:
    body = build_messages_payload()
    header = sign(body, SECRET)
    assert verify_signature(body, header, SECRET)
    assert verify_signature(body, header.upper().replace("SHA256=", "sha256="), SECRET)
    assert not verify_signature(body + b" ", header, SECRET)
    assert not verify_signature(body, header, SECRET + "x")
    assert not verify_signature(body, None, SECRET)
    assert not verify_signature(body, "", SECRET)
    assert not verify_signature(body, header[len("sha256=") :], SECRET)


@given(st.binary(max_size=300), st.text(min_size=1, max_size=40), st.text(max_size=80))
def test_verify_never_raises_and_only_accepts_the_signature(
    body: bytes, secret: str, header: str
) -> None:
    assert verify_signature(body, sign(body, secret), secret)
    assert verify_signature(body, header, secret) == (header.strip().lower() == sign(body, secret))


def test_messages_payload_is_escaped_like_meta() -> None:
    raw = build_messages_payload(text="äöå 👋", timestamp=1750016800)
    raw.decode("ascii")  # only ASCII on the wire
    assert b"\\u00e4\\u00f6\\u00e5" in raw
    data = json.loads(raw)
    change = data["entry"][0]["changes"][0]
    assert data["object"] == "whatsapp_business_account"
    assert change["field"] == "messages"
    message = change["value"]["messages"][0]
    assert message["text"]["body"] == "äöå 👋"
    assert message["timestamp"] == "1750016800"
    # Re-serialising the parsed JSON does not give the signed bytes back: the bug we catch.
    assert json.dumps(data, ensure_ascii=False).encode() != raw


def test_summary_of_statuses_masks_numbers_and_ids() -> None:
    wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAQ="
    delivered = json.loads(build_status_payload("delivered", wamid, "15550100142"))
    assert summarize_event(delivered) == ["status delivered wamid.HB…Q= to +1 555-…0142"]
    error = {"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message"}
    failed = json.loads(build_status_payload("failed", wamid, "447700900456", error=error))
    (line,) = summarize_event(failed)
    assert line.startswith("status failed wamid.HB…Q= to +44 …0456 — 131047 Re-engagement message")
    assert "send a template" in line
    assert "447700900456" not in line


def test_summary_of_message_shortens_text() -> None:
    payload = json.loads(build_messages_payload(text="x" * 200, sender="16505551234"))
    (line,) = summarize_event(payload)
    assert line.startswith("message text from +1 650-…1234: ")
    assert len(line) < 90
    assert "16505551234" not in line


@given(
    st.recursive(
        st.none() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_summary_never_raises(payload: object) -> None:
    assert summarize_event(payload)
    assert summarize_event({"entry": [{"changes": [payload]}]})


def test_mask_phone_short_and_empty() -> None:
    assert mask_phone("") == "(unknown number)"
    assert "12345" not in mask_phone("12345")


async def test_receiver_marks_a_repeated_delivery_as_duplicate() -> None:
    """Meta repeats deliveries; the receiver says so instead of showing the event twice."""
    import httpx

    from wizard.core.webhook.receiver import ReceiverLog, create_receiver_app

    secret = "0123456789abcdef0123456789abcdef"
    log = ReceiverLog()
    app = create_receiver_app("verify-token-1234567890", secret, log=log)
    body = build_status_payload("delivered", "wamid.HBgLTEST", "16505550142")
    headers = {"X-Hub-Signature-256": sign(body, secret), "Content-Type": "application/json"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://receiver") as http:
        for _ in range(2):
            assert (await http.post("/webhook", content=body, headers=headers)).status_code == 200
    first, second = log.events()
    assert not any("duplicate" in line for line in first.lines)
    assert all(line.endswith("(duplicate delivery)") for line in second.lines)


def test_the_verify_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: the handshake compared the shared verify token with ==."""
    from wizard.core.webhook import receiver

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    transport = httpx.ASGITransport(app=receiver.create_receiver_app("tök-én", SECRET))

    async def ask(token: str) -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            query = {"hub.mode": "subscribe", "hub.challenge": "7", "hub.verify_token": token}
            return await client.get("/webhook", params=query)

    right, wrong = asyncio.run(ask("tök-én")), asyncio.run(ask("tök-en"))
    assert (right.status_code, right.text) == (200, "7")
    assert wrong.status_code == 403
    assert calls == [("tök-én".encode(), "tök-én".encode()), ("tök-en".encode(), "tök-én".encode())]
