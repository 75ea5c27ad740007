"""Pain points about sending (users.md §3: 6, 7, 9, 10, 11, 21), through send-test.

Pains 9 and 10 cannot be seen in the API's answer (it says 200 + wamid): they are
answered by send-test's note and by the failed status that reaches the webhook,
which is reproduced here with a real receiver on loopback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.painpoints.support import cli, write_env
from wizard.core.cards.lookup import card_for_webhook_error
from wizard.core.recipients import normalize_recipient
from wizard.core.webhook.receiver import ReceiverLog, ReceiverServer, create_receiver_app
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.state import AppSubscription
from wizard.sandbox.testing import SandboxHandle

Cap = pytest.CaptureFixture[str]
VERIFY = "pain-verify-token-7c2d1e4b5a69"


def send(capsys: Cap, live: SandboxHandle, env: Path, *argv: str) -> tuple[int, str]:
    return cli(capsys, live, env, "send-test", *argv)


def test_pain_06_recipient_not_on_the_test_numbers_list(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    stranger = "+44 7700 900" + ("000" if not live.world.uk_recipient.endswith("000") else "001")
    code, out = send(capsys, live, write_env(tmp_path, live.world), "--to", stranger)
    assert code == 1
    assert "Recipient not in the allowed list (131030)" in out
    assert "Manage phone number list" in out
    assert "must be on its allow-list" in out  # the warning shown before sending


def test_pain_07_mexican_wa_id_form_is_sent_in_dialable_form(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    mx = live.world.mx_recipient  # 52 + 10 digits, the allow-listed form
    webhook_form = f"+52 1 {mx[2:4]} {mx[4:8]} {mx[8:]}"  # 521… as WhatsApp reports it
    code, out = send(capsys, live, write_env(tmp_path, live.world), "--to", webhook_form)
    assert code == 0, out
    assert f"To                 +{mx}" in out
    assert f"Sending to +{mx} instead of +521{mx[2:]}" in out
    assert "would fail with error 131030" in out
    assert "✓ Accepted" in out
    assert live.state.sent[-1].wa_id == mx


def test_pain_07_argentine_wa_id_form_drops_the_nine() -> None:
    got = normalize_recipient("+54 9 11 2345 6789", test_number=True)
    assert got.e164 == "+541123456789"
    assert any("Argentine" in note and "131030" in note for note in got.notes)
    kept = normalize_recipient("+54 9 11 2345 6789", test_number=False)
    assert kept.e164 == "+5491123456789"  # a real number keeps the wa_id form, with a hint
    assert any("+541123456789" in note for note in kept.notes)


def test_pain_07_the_131030_card_explains_the_mx_ar_forms() -> None:
    card = card_for_webhook_error({"code": 131030, "title": "Recipient not in allowed list"})
    assert "drop the 1 after 52" in card.fix
    assert "drop the 9 after 54" in card.fix


@pytest.fixture
def receiver(live: SandboxHandle) -> Iterator[ReceiverLog]:
    """A real webhook endpoint, configured as the practice app's callback."""
    log = ReceiverLog()
    app = create_receiver_app(VERIFY, live.world.app.secret, log=log)
    with ReceiverServer(app) as url:
        live.state.app_subscriptions[live.world.app.id] = {
            "whatsapp_business_account": AppSubscription(
                "whatsapp_business_account", f"{url}/webhook", VERIFY, ("messages",), "v25.0"
            )
        }
        yield log


def wait_for(log: ReceiverLog, status: str) -> list[dict[str, Any]]:
    """The deliveries with ``status``, once the sandbox sent them (a 120 s ceiling, not a count)."""
    pause = threading.Event()
    end = time.monotonic() + 120
    while time.monotonic() < end:
        found = [
            s
            for d in log.events()
            for e in d.payload.get("entry", [])
            for c in e.get("changes", [])
            for s in c.get("value", {}).get("statuses", []) or []
            if s.get("status") == status
        ]
        if found:
            return found
        pause.wait(0.02)
    return []


def test_pain_09_and_10_accepted_text_fails_later_on_the_webhook(
    live: SandboxHandle, tmp_path: Path, capsys: Cap, receiver: ReceiverLog
) -> None:
    uk = "+" + live.world.uk_recipient  # allow-listed, but never wrote to the business
    code, out = send(capsys, live, write_env(tmp_path, live.world), "--to", uk, "--text", "hi")
    assert code == 0, out
    assert "✓ Accepted" in out
    assert "Accepted is not delivered" in out
    assert "wa-wizard webhook-listen" in out
    failed = wait_for(receiver, "failed")
    assert failed, "the sandbox should report the failure on the webhook"
    card = card_for_webhook_error(failed[0]["errors"][0])
    assert card.code == 131047
    assert "Send an approved template" in card.fix
    assert "ask the person to message your number first" in card.fix
    assert any("131047" in line for d in receiver.events() for line in d.lines)


def test_pain_10_template_to_the_same_person_is_delivered(
    live: SandboxHandle, tmp_path: Path, capsys: Cap, receiver: ReceiverLog
) -> None:
    uk = "+" + live.world.uk_recipient
    code, out = send(capsys, live, write_env(tmp_path, live.world), "--to", uk)
    assert code == 0, out
    assert "template hello_world (en_US)" in out
    assert wait_for(receiver, "delivered")


def test_pain_11_reengagement_error_names_templates(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    live.faults = FaultPlan().error(131047, path="/messages$")
    to = "+" + live.world.us_recipient
    code, out = send(capsys, live, write_env(tmp_path, live.world), "--to", to, "--text", "hi")
    assert code == 1
    assert "Outside the 24-hour window (131047)" in out
    assert "Send an approved template instead" in out


def test_pain_21_template_language_mismatch(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    to = "+" + live.world.us_recipient
    env = write_env(tmp_path, live.world)
    code, out = send(capsys, live, env, "--to", to, "--template", "hello_world", "--language", "en")
    assert code == 1
    assert "Template not found (132001)" in out
    assert "en and en_US are different" in out
    assert "exact name and language pair of an APPROVED template" in out
    code, out = cli(capsys, live, env, "doctor", "--only", "template")
    assert "✓ Template" in out
    assert "hello_world (en_US) approved" in out
