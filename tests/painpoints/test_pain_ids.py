"""Pain points about ids (users.md §3: 8, 18, 20) and the ID cross-checks (§4 item 10).

A phone number pasted where the Phone Number ID belongs, a WABA id used as a
phone id, and a phone id from another WABA: doctor names each one and the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.painpoints.support import cli, write_env
from wizard.core.tokens import check_field
from wizard.sandbox.testing import SandboxHandle

Cap = pytest.CaptureFixture[str]


def phone_check(capsys: Cap, live: SandboxHandle, env: Path) -> dict[str, object]:
    code, out = cli(capsys, live, env, "doctor", "--json", "--only", "phone_number")
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    assert code == (1 if checks["phone_number"]["status"] == "fail" else 0)
    result: dict[str, object] = checks["phone_number"]
    return result


@pytest.mark.parametrize("form", ["display", "digits"])
def test_pain_08_phone_number_in_phone_number_id(
    live: SandboxHandle, tmp_path: Path, capsys: Cap, form: str
) -> None:
    phone = live.world.phone
    pasted = phone.display if form == "display" else phone.wa_id
    env = write_env(tmp_path, live.world, WHATSAPP_PHONE_NUMBER_ID=f'"{pasted}"')
    got = phone_check(capsys, live, env)
    assert got["status"] == "fail"
    assert "holds a phone number" in str(got["detail"])
    assert f"Its Phone number ID is {phone.id}" in str(got["detail"])
    assert "under the From dropdown" in str(got["fix"])
    # and the paste checker says the same before anything is saved
    sentence = check_field("phone_number_id", phone.display)
    assert sentence is not None
    assert "phone number" in sentence


def test_crosscheck_waba_id_used_as_phone_id(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = write_env(tmp_path, live.world, WHATSAPP_PHONE_NUMBER_ID=live.world.waba.id)
    got = phone_check(capsys, live, env)
    assert got["status"] == "fail"
    assert "holds the WhatsApp Business Account ID" in str(got["detail"])
    assert "WHATSAPP_BUSINESS_ACCOUNT_ID" in str(got["fix"])


def test_pain_20_phone_id_of_another_waba(live: SandboxHandle, tmp_path: Path, capsys: Cap) -> None:
    world = live.world
    env = write_env(
        tmp_path, world, "long-lived", WHATSAPP_BUSINESS_ACCOUNT_ID=world.second_waba.id
    )
    got = phone_check(capsys, live, env)
    assert got["status"] == "fail"
    assert f"{world.phone.id} does not belong to WhatsApp account {world.second_waba.id}" in str(
        got["detail"]
    )
    assert "sends from the wrong account" in str(got["fix"])


def test_crosscheck_waba_the_token_cannot_reach(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    world = live.world  # the system user was given the first WABA only
    env = write_env(tmp_path, world, WHATSAPP_BUSINESS_ACCOUNT_ID=world.second_waba.id)
    code, out = cli(capsys, live, env, "doctor", "--only", "waba")
    assert code == 1
    assert f"cannot reach WhatsApp account {world.second_waba.id}" in out
    assert "assign WhatsApp account" in out


def test_pain_18_pending_number_must_be_registered(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    pending = live.world.pending_phone
    env = write_env(tmp_path, live.world, WHATSAPP_PHONE_NUMBER_ID=pending.id)
    got = phone_check(capsys, live, env)
    assert got["status"] == "fail"
    assert "not registered for Cloud API" in str(got["detail"])
    assert f"POST /{pending.id}/register" in str(got["fix"])
    assert "PIN" in str(got["fix"])
    code, out = cli(capsys, live, env, "send-test", "--to", "+" + live.world.us_recipient)
    assert code == 1
    assert "Phone number not registered (133010)" in out
