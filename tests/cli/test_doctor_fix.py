"""`wa-wizard doctor --fix`: plan shown, confirmed (or --yes), applied, checked again;
without a terminal and without --yes nothing is written; JSON stays one document."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.core.checks.base import result
from wizard.core.checks.fixes import plan_fixes
from wizard.core.state import KEY_DEFAULTS, SetupValues
from wizard.sandbox.state import AppSubscription
from wizard.sandbox.testing import SandboxHandle

CALLBACK = "https://bakery.example/webhook"


def repo_env(tmp_path: Path, sandbox: SandboxHandle, body: str) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    path = tmp_path / ".env"
    w = sandbox.world
    path.write_text(
        f"FACEBOOK_APP_ID={w.app.id}\nFACEBOOK_APP_SECRET={w.app.secret}\n"
        f"META_WEBHOOK_VERIFY_TOKEN={'c' * 64}\n{body}"
    )
    return path


def broken_setup(tmp_path: Path, sandbox: SandboxHandle) -> Path:
    """No WABA id (the token reaches one), env not ignored, callback set, WABA unlinked."""
    w = sandbox.world
    sandbox.state.app_subscriptions[w.app.id] = {
        "whatsapp_business_account": AppSubscription(
            "whatsapp_business_account", CALLBACK, "c" * 64, ("messages",), "v25.0"
        )
    }
    sandbox.state.waba_subscribed_apps[w.waba.id] = {}
    return repo_env(tmp_path, sandbox, f"WHATSAPP_ACCESS_TOKEN={w.token('system-user')}\n")


def doctor(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    path: Path,
    *extra: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--graph-url", sandbox.url, "--env-file", str(path), "doctor", "--fix", *extra])
    out = capsys.readouterr()
    text = out.out + out.err
    assert sandbox.world.app.secret not in text
    assert all(spec.token not in text for spec in sandbox.world.tokens)
    assert all(token not in text for token in sandbox.state.issued)
    return code, out.out, out.err


def test_plan_is_shown_applied_and_checked_again(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    w = sandbox.world
    path = broken_setup(tmp_path, sandbox)
    code, out, _ = doctor(capsys, monkeypatch, sandbox, path, "--yes")
    plan_at = out.index("Fixes that need no decision:")
    after_at = out.index("After the fixes:")
    assert out.index("! WhatsApp account") < plan_at < after_at
    for title in (
        f"Write WHATSAPP_BUSINESS_ACCOUNT_ID={w.waba.id}",
        "Add .env and its backups to .gitignore",
        f"Subscribe the app to WABA {w.waba.id}",
    ):
        assert out.count(title) == 2, title  # planned, then applied
    assert f"WHATSAPP_BUSINESS_ACCOUNT_ID='{w.waba.id}'" in path.read_text()
    assert (tmp_path / ".gitignore").read_text() == "/.env\n/.env.bak-*\n"
    assert w.app.id in sandbox.state.waba_subscribed_apps[w.waba.id]
    rechecked = out[after_at:]
    assert "✓ WhatsApp account" in rechecked
    assert "✓ Git safety" in rechecked
    assert "✓ Webhook" in rechecked
    # Two numbers in the account: which one is a person's choice, listed not guessed.
    assert "✗ Phone number" in rechecked
    needs = out[out.index("Needs you (not guessed):") :]
    assert "Phone number" in needs
    assert code == 1
    backups = [p for p in tmp_path.iterdir() if ".bak-" in p.name]
    assert len(backups) == 1  # one atomic write for every env change


def test_without_a_terminal_and_without_yes_nothing_is_written(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = broken_setup(tmp_path, sandbox)
    before = path.read_bytes()
    code, out, _ = doctor(capsys, monkeypatch, sandbox, path, stdin="y\n")
    assert "Fixes that need no decision:" in out
    assert "Rerun with --yes" in out
    assert path.read_bytes() == before
    assert not (tmp_path / ".gitignore").exists()
    assert sandbox.state.waba_subscribed_apps[sandbox.world.waba.id] == {}
    assert code == 1


@pytest.mark.parametrize(("answer", "applied"), [("y\n", True), ("n\n", False), ("", False)])
def test_a_person_confirms_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
    answer: str,
    applied: bool,
) -> None:
    monkeypatch.setattr("wizard.commands.ask.interactive", lambda: True)
    path = broken_setup(tmp_path, sandbox)
    before = path.read_bytes()
    _, out, err = doctor(capsys, monkeypatch, sandbox, path, stdin=answer)
    assert "Apply 3 fixes? [y/N]" in err
    assert (path.read_bytes() != before) is applied
    assert ("After the fixes:" in out) is applied
    assert (tmp_path / ".gitignore").exists() is applied


def test_json_stays_one_document(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = broken_setup(tmp_path, sandbox)
    code, out, _ = doctor(capsys, monkeypatch, sandbox, path, "--json", "--yes")
    payload = json.loads(out)
    fix = payload["fix"]
    assert fix["state"] == "applied"
    assert [f["kind"] for f in fix["planned"]] == ["write_waba_id", "gitignore", "subscribe"]
    assert all(a["ok"] for a in fix["applied"])
    assert [p["check"] for p in fix["needs_person"]] == ["phone_number"]
    checks = {c["id"]: c["status"] for c in payload["checks"]}
    assert checks["waba"] == "pass"
    assert checks["webhook_subscription"] == "pass"
    assert payload["ok"] is False
    assert code == 1


def test_json_without_yes_reports_the_plan_only(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = broken_setup(tmp_path, sandbox)
    before = path.read_bytes()
    _, out, err = doctor(capsys, monkeypatch, sandbox, path, "--json")
    payload = json.loads(out)
    assert payload["fix"]["state"] == "not_confirmed"
    assert payload["fix"]["applied"] == []
    assert len(payload["fix"]["planned"]) == 3
    assert "Rerun with --yes" in err
    assert path.read_bytes() == before


def test_expiring_user_token_is_exchanged(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    w = sandbox.world
    body = (
        f"WHATSAPP_ACCESS_TOKEN={w.token('expiring-soon')}\n"
        f"WHATSAPP_BUSINESS_ACCOUNT_ID={w.waba.id}\nWHATSAPP_PHONE_NUMBER_ID={w.phone.id}\n"
    )
    path = repo_env(tmp_path, sandbox, body)
    (tmp_path / ".gitignore").write_text("/.env\n/.env.bak-*\n")
    code, out, _ = doctor(capsys, monkeypatch, sandbox, path, "--warn-days", "1")
    assert "No fix that needs no decision." in out  # 3 days left: outside --warn-days 1
    code, out, _ = doctor(capsys, monkeypatch, sandbox, path, "--yes")
    (minted,) = sandbox.state.issued
    assert minted.encode() in path.read_bytes()
    assert "✓ Token expiry" in out[out.index("After the fixes:") :]
    assert code == 0, out


def test_yes_needs_fix(capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle) -> None:
    assert main(["--graph-url", sandbox.url, "doctor", "--yes"]) == 2
    assert "--yes goes with --fix" in capsys.readouterr().err


def test_the_only_phone_number_is_written_and_a_choice_is_not() -> None:
    values = SetupValues(access_token="x", waba_id="1")
    one = {
        "phone_number": result("phone_number", "warn", "not set", data={"numbers": ["55"]}),
    }
    two = {
        "phone_number": result("phone_number", "fail", "not set", data={"numbers": ["55", "66"]}),
    }
    plan = plan_fixes(one, values, None, warn_days=7, now=0, key_of=KEY_DEFAULTS)
    assert [(f.kind, f.value) for f in plan.fixes] == [("write_phone_number_id", "55")]
    assert plan.for_person == []
    plan = plan_fixes(two, values, None, warn_days=7, now=0, key_of=KEY_DEFAULTS)
    assert plan.fixes == []
    assert [p.check for p in plan.for_person] == ["phone_number"]
