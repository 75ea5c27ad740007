"""The report's content and its defences: redaction of every line and the canary refusal."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.checks.base import result
from wizard.core.envfile.store import EnvFile
from wizard.core.graph.errors import GraphError
from wizard.core.graph.tokens import TokenInfo
from wizard.core.report import (
    ReportInput,
    ReportLeak,
    default_name,
    find_leaks,
    known_secrets,
    render,
    write_private,
)

TOKEN = "EAAGm0PX4ZCpsBAKZBa1b2c3d4e5f6g7h8i9j0kLmNoPqRsTuVwXyZ" + "Ab1" * 30
SECRET = "0123456789abcdef0123456789abcdef"
VERIFY = "feedfacecafebeef" * 4
NOW = 1_795_000_000.0


def make_input(tmp_path: Path, **over: object) -> ReportInput:
    path = tmp_path / ".env"
    path.write_text(
        f"FACEBOOK_APP_ID=1234567890123456\nFACEBOOK_APP_SECRET={SECRET}\n"
        f"WHATSAPP_CLOUD_API_TOKEN={TOKEN}\nWHATSAPP_BUSINESS_ACCOUNT_ID=102290129340398\n"
        f"WHATSAPP_PHONE_NUMBER_ID=106540352242922\nMETA_WEBHOOK_VERIFY_TOKEN={VERIFY}\n"
    )
    env = EnvFile.read(path, environ={"FACEBOOK_APP_ID": "1234567890123456"})
    values = env.values()
    data = ReportInput(
        values=values,
        env=env,
        env_path=path,
        graph_url="https://graph.facebook.com",
        graph_version="v25.0",
        version_source="default",
        now=NOW,
        secrets=known_secrets(values, env),
    )
    for name, value in over.items():
        setattr(data, name, value)
    return data


def test_sections_ids_shown_secrets_masked(tmp_path: Path) -> None:
    info = TokenInfo(
        is_valid=True,
        type="SYSTEM_USER",
        app_id="1234567890123456",
        application="Harbor Bakery",
        expires_at=int(NOW) + 3 * 86_400,
        scopes=("whatsapp_business_messaging", "whatsapp_business_management"),
        granular_scopes=(("whatsapp_business_management", ("102290129340398",)),),
    )
    checks = {
        "token_expiry": result("token_expiry", "warn", "expires soon", "Refresh it.\nSecond line"),
        "waba": result("waba", "pass", "Harbor Bakery (102290129340398)"),
    }
    error = GraphError(
        f"Invalid OAuth access token {TOKEN}",
        code=190,
        subcode=460,
        details=f"client_secret={SECRET}",
        fbtrace_id="AbCdEf123_x",
        http_status=401,
        endpoint="/debug_token",
    )
    text = render(make_input(tmp_path, token_info=info, results=checks, errors=[error, error]))
    for heading in ("## Versions", "## Env file", "## Ids", "## Access token", "## Checks"):
        assert heading in text
    assert "| WHATSAPP_CLOUD_API_TOKEN | EAAG…1Ab1 | line 3 |" in text  # alias key kept
    assert "environment variable of the same name overrides it" in text
    assert "| App ID | 1234567890123456 |" in text
    assert "| Phone number ID | 106540352242922 |" in text
    assert "- Type: SYSTEM_USER" in text
    assert "(in 3 days)" in text
    assert "  - whatsapp_business_management: 102290129340398" in text
    assert "- ! **Token expiry** (warn): expires soon" in text
    assert "  - Fix: Refresh it.\n    Second line" in text
    assert "`/debug_token`: code 190/460, HTTP 401 (api)" in text
    assert text.count("fbtrace_id: `AbCdEf123_x`") == 1  # a retried error is listed once
    for secret in (TOKEN, SECRET, VERIFY):
        assert secret not in text


def test_canary_refuses_when_redaction_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wizard.core.redact.redact", lambda line: line)
    leaky = result("waba", "fail", f"token was {TOKEN}")
    with pytest.raises(ReportLeak) as caught:
        render(make_input(tmp_path, results={"waba": leaky}))
    assert TOKEN not in str(caught.value)
    assert "Access token" in str(caught.value)
    assert "nothing was written" in str(caught.value)


def test_canary_ignores_short_values_and_names_each_leak() -> None:
    assert find_leaks("abc and more", {"short": "abc"}) == []
    found = find_leaks(f"x {SECRET} y {VERIFY}", {"secret": SECRET, "verify": VERIFY, "t": TOKEN})
    assert found == ["secret", "verify"]


@given(st.text(min_size=0, max_size=200))
def test_no_text_around_a_secret_lets_it_through(noise: str) -> None:
    assert find_leaks(noise + TOKEN + noise, {"token": TOKEN}) == ["token"]


def test_missing_env_file_and_uninspected_token(tmp_path: Path) -> None:
    data = ReportInput(
        values=EnvFile.read(tmp_path / "nope.env", environ={}).values(),
        env=None,
        env_path=tmp_path / "nope.env",
        graph_url="https://graph.facebook.com",
        graph_version="v25.0",
        now=NOW,
    )
    text = render(data)
    assert "does not exist" in text
    assert "- Token: `(not set)`" in text
    assert "No checks were run." in text
    assert "None during this run." in text


def test_write_private_is_0600_even_over_an_open_file(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old")
    path.chmod(0o644)
    write_private(path, "new\n", force=True)
    assert path.read_text() == "new\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_default_name_has_date_and_time() -> None:
    at = time.mktime((2026, 11, 21, 9, 5, 7, 0, 0, -1))
    assert default_name(at) == "wa-wizard-report-20261121-090507.md"


def test_write_private_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    from wizard.core.report import ReportTargetRefused

    path = tmp_path / "r.md"
    path.write_text("old")
    with pytest.raises(ReportTargetRefused, match="already exists"):
        write_private(path, "new\n")
    assert path.read_text() == "old"


def test_write_private_refuses_the_protected_env_file_through_another_name(
    tmp_path: Path,
) -> None:
    from wizard.core.report import ReportTargetRefused

    env = tmp_path / ".env"
    env.write_text("# no KEY=value line here, still the env file\n")
    hard = tmp_path / "alias.md"
    os.link(env, hard)
    with pytest.raises(ReportTargetRefused, match="env file in use"):
        write_private(hard, "new\n", force=True, protect=[env])
    assert env.read_text().startswith("# no KEY")
