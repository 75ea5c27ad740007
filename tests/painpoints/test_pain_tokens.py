"""Pain points about the access token (users.md §3: 1, 2, 3, 4, 16, 17, 19, 22, 23, 24).

Each test reproduces the pain on the sandbox over loopback HTTP and asserts the
advice a person sees (doctor's lines, an error card, the paste checker).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.painpoints.support import cli, write_env
from wizard.core.cards.lookup import card_for_code, render_card
from wizard.core.tokens import Kind, check_field, classify, normalize_pasted
from wizard.sandbox.testing import SandboxHandle

Cap = pytest.CaptureFixture[str]


def test_pain_01_short_lived_token_warns_and_names_system_user_token(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = write_env(tmp_path, live.world, "short-lived")
    code, out = cli(capsys, live, env, "doctor", "--only", "token_expiry", "--strict")
    assert code == 1  # a warning, made an error by --strict
    assert "! Token expiry" in out
    assert "short-lived user token" in out
    assert "System users" in out
    assert "expiry Never" in out
    assert "wa-wizard exchange" in out


def test_pain_02_expired_token_190_463_fails_with_permanent_token_fix(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = write_env(tmp_path, live.world, "expired")
    code, out = cli(capsys, live, env, "doctor")
    assert code == 1
    assert "✗ Access token" in out
    assert "(190/463)" in out
    assert "✗ Token expiry" in out
    assert "expired" in out
    assert "never-expiring system-user token" in out
    # and a send with it is never reported as sent (the other half of pain 2)
    code, out = cli(capsys, live, env, "send-test", "--to", "+" + live.world.us_recipient)
    assert code == 1
    assert "✗ Not sent" in out
    assert "Accepted" not in out


def test_pain_03_cannot_parse_token_asks_for_whole_copy_and_loaded_env(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    truncated = live.world.token("system-user")[:60]  # a partial copy Meta cannot parse
    env = write_env(tmp_path, live.world, WHATSAPP_ACCESS_TOKEN=truncated)
    code, out = cli(capsys, live, env, "doctor", "--only", "token_valid")
    assert code == 1
    assert "✗ Access token" in out
    assert "Cannot parse access token" in out
    assert "Copy the token again, whole" in out
    assert "load_dotenv()" in out
    assert "runs from the folder" in out


def test_pain_04_token_with_tab_and_newline_is_normalised_and_accepted(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    token = live.world.token("system-user")
    pasted = f"\t{token[:90]}\n{token[90:]}\t "  # Meta's pop-up tab + terminal wrapping
    assert normalize_pasted(pasted) == token
    assert classify(pasted).kind == Kind.ACCESS_TOKEN
    assert check_field("access_token", pasted) is None
    env = write_env(tmp_path, live.world, WHATSAPP_ACCESS_TOKEN=normalize_pasted(pasted))
    code, out = cli(capsys, live, env, "doctor", "--only", "token_valid,waba")
    assert code == 0, out
    assert "✓ Access token" in out


def test_pain_04_token_of_system_user_without_the_waba_asset_is_explained() -> None:
    card = card_for_code(200)
    assert card is not None
    assert "system user" in card.fix.lower()
    assert "whatsapp account" in card.fix.lower()


def test_pain_16_management_scope_without_target_ids_falls_back(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = write_env(tmp_path, live.world, "system-user-no-targets")
    code, out = cli(capsys, live, env, "doctor", "--json", "--only", "waba,permissions")
    payload = json.loads(out)
    checks = {c["id"]: c for c in payload["checks"]}
    assert checks["permissions"]["status"] == "pass"
    assert checks["waba"]["status"] == "pass"  # found through the business, not target_ids
    assert live.world.waba.id in checks["waba"]["data"]["reachable"]
    assert code == 0


def test_pain_17_require_app_secret_without_secret_names_the_key(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    live.require_proof = True
    env = write_env(tmp_path, live.world, FACEBOOK_APP_SECRET=None)
    code, out = cli(capsys, live, env, "doctor", "--only", "token_valid")
    assert code == 1
    assert "Require App Secret" in out
    assert "appsecret_proof" in out
    assert "Add FACEBOOK_APP_SECRET" in out
    # with the secret, every call carries the proof and passes
    code, out = cli(capsys, live, write_env(tmp_path, live.world), "doctor", "--only", "waba")
    assert code == 0, out


def test_pain_19_token_without_messaging_permission(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = write_env(tmp_path, live.world, "no-messaging")
    code, out = cli(capsys, live, env, "doctor", "--only", "permissions")
    assert code == 1
    assert "✗ Permissions" in out
    assert "lacks whatsapp_business_messaging" in out
    assert "Generate a new token with whatsapp_business_messaging" in out
    code, out = cli(capsys, live, env, "send-test", "--to", "+" + live.world.us_recipient)
    assert code == 1
    assert "Permission denied (10)" in out
    assert "whatsapp_business_management ticked" in out


def test_pain_22_app_secret_pasted_as_token_is_named(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    secret = live.world.app.secret
    sentence = check_field("access_token", secret)
    assert sentence is not None
    assert "App Secret" in sentence
    assert "not an access token" in sentence
    assert secret not in sentence
    app_token = check_field("access_token", live.world.app.app_token)
    assert app_token is not None
    assert "app token" in app_token
    # doctor refuses the secret as a token too, without printing it
    env = write_env(tmp_path, live.world, WHATSAPP_ACCESS_TOKEN=secret)
    code, out = cli(capsys, live, env, "doctor", "--only", "token_valid")
    assert code == 1
    assert "✗ Access token" in out


@pytest.mark.parametrize("scenario", ["system-user", "short-lived", "expired", "other-app"])
def test_pain_23_doctor_never_shows_a_token_whole(
    live: SandboxHandle, tmp_path: Path, capsys: Cap, scenario: str
) -> None:
    env = write_env(tmp_path, live.world, scenario)
    for extra in ((), ("--json",)):
        _code, out = cli(capsys, live, env, "doctor", *extra)  # asserts no secret is printed
        assert "Access token" in out or '"token_valid"' in out
    token = live.world.token(scenario)
    assert token in env.read_text()  # the token really was there to leak


def test_pain_24_system_user_token_is_shown_once_copy_it_at_once(capsys: Cap) -> None:
    card = card_for_code(190, 463)
    assert card is not None
    assert "Copy it at once (Meta shows it only once)" in card.fix
    assert "expiry Never" in card.fix
    from wizard.cli import main

    assert main(["explain", "190/463"]) == 0
    assert "Meta shows it only once" in capsys.readouterr().out
    assert "Meta shows it only once" in render_card(card)
