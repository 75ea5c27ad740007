"""`wa-wizard report` end to end against the sandbox over loopback: the canary test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.app import create_app
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.testing import SandboxHandle
from wizard.sandbox.world import build_world

WORLD = build_world()
VERIFY = "report-verify-token-9c7d2e1f0a"
Cap = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def handle() -> Iterator[SandboxHandle]:
    app = create_app(WORLD)
    with SandboxServer(app) as url:
        yield SandboxHandle(app, url)


@pytest.fixture
def live(handle: SandboxHandle) -> Iterator[SandboxHandle]:
    handle.reset()
    yield handle
    handle.reset()


def env_for(tmp_path: Path, token: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(
        f"FACEBOOK_APP_ID={WORLD.app.id}\nFACEBOOK_APP_SECRET={WORLD.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={token}\nWHATSAPP_BUSINESS_ACCOUNT_ID={WORLD.waba.id}\n"
        f"WHATSAPP_PHONE_NUMBER_ID={WORLD.phone.id}\nMETA_WEBHOOK_VERIFY_TOKEN={VERIFY}\n"
    )
    return path


def secrets() -> list[str]:
    return [WORLD.app.secret, WORLD.app.app_token, VERIFY, *(s.token for s in WORLD.tokens)]


def report(capsys: Cap, live: SandboxHandle, env: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--graph-url", live.url, "--env-file", str(env), "report", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("scenario", [spec.scenario for spec in WORLD.tokens])
def test_canary_no_secret_in_report_stdout_or_stderr(
    live: SandboxHandle,
    tmp_path: Path,
    capsys: Cap,
    monkeypatch: pytest.MonkeyPatch,
    scenario: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    env = env_for(tmp_path, WORLD.token(scenario))
    code, out, err = report(capsys, live, env, "--stdout")
    assert code == 0, err
    assert "## Checks" in out
    assert f"| FACEBOOK_APP_ID | {WORLD.app.id} |" in out
    assert list(tmp_path.glob("wa-wizard-report-*.md")) == []  # --stdout alone writes nothing
    target = tmp_path / "out.md"
    code, out2, err2 = report(capsys, live, env, "--output", str(target))
    assert code == 0, err2
    assert f"Report written to {target}" in out2
    written = target.read_text()
    assert "## Access token" in written
    for secret in secrets():
        for text in (out, err, out2, err2, written):
            assert secret not in text


def test_default_file_is_0600_and_named_by_time(
    live: SandboxHandle, tmp_path: Path, capsys: Cap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _err = report(capsys, live, env_for(tmp_path, WORLD.token("system-user")))
    assert code == 0
    (path,) = tmp_path.glob("wa-wizard-report-*.md")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert path.name in out
    text = path.read_text()
    assert "- Type: SYSTEM_USER" in text
    assert "- Expires: never" in text
    assert f"| WhatsApp Business Account ID | {WORLD.waba.id} |" in text
    assert "- ✓ **Phone number** (pass)" in text


def test_graph_errors_are_listed_with_fbtrace_id(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    live.faults = FaultPlan().error(100, subcode=33, path=r"/phone_numbers$")
    env = env_for(tmp_path, WORLD.token("system-user"))
    code, out, _err = report(capsys, live, env, "--stdout")
    assert code == 0  # written, whatever the checks found
    errors = out.split("## Last Graph errors", 1)[1]
    assert "phone_numbers" in errors
    assert "code 100/33" in errors
    trace = [line for line in errors.splitlines() if "fbtrace_id:" in line]
    assert trace
    assert "none" not in trace[0]


def test_leak_refuses_to_write_and_exits_1(
    live: SandboxHandle, tmp_path: Path, capsys: Cap, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.core import report as report_mod

    monkeypatch.setattr("wizard.core.redact.redact", lambda line: line)
    monkeypatch.setattr(report_mod, "mask", lambda value: value or "(not set)")
    target = tmp_path / "leak.md"
    code, out, err = report(
        capsys, live, env_for(tmp_path, WORLD.token("system-user")), "--output", str(target)
    )
    assert code == 1
    assert not target.exists()
    assert "refused" in err
    assert "App secret" in err
    for secret in secrets():
        assert secret not in out + err


def test_unwritable_output_explains(live: SandboxHandle, tmp_path: Path, capsys: Cap) -> None:
    target = tmp_path / "missing-dir" / "r.md"
    code, _out, err = report(
        capsys, live, env_for(tmp_path, WORLD.token("system-user")), "--output", str(target)
    )
    assert code == 1
    assert "could not write" in err
    assert "--stdout" in err


def test_help_has_examples(capsys: Cap) -> None:
    assert main(["report", "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert "wa-wizard report --output diag.md" in out


def test_report_never_replaces_the_env_file_even_with_force(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    """Issue 14: `report -o .env` replaced every secret with the masked report."""
    env = env_for(tmp_path, WORLD.token("system-user"))
    before = env.read_bytes()
    for extra in ((), ("--force",)):
        code, _out, err = report(capsys, live, env, "--output", str(env), *extra)
        assert code == 1
        assert "is the env file in use" in err
        assert env.read_bytes() == before


def test_report_never_writes_through_a_symlink(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = env_for(tmp_path, WORLD.token("system-user"))
    victim = tmp_path / "notes.txt"
    victim.write_text("mine\n")
    link = tmp_path / "diag.md"
    link.symlink_to(victim)
    code, _out, err = report(capsys, live, env, "--output", str(link), "--force")
    assert code == 1
    assert "symbolic link" in err
    assert victim.read_text() == "mine\n"
    assert link.is_symlink()


def test_report_replaces_an_old_report_only_with_force(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = env_for(tmp_path, WORLD.token("system-user"))
    target = tmp_path / "diag.md"
    target.write_text("# an older report\n")
    code, _out, err = report(capsys, live, env, "--output", str(target))
    assert code == 1
    assert "already exists" in err
    assert "--force" in err
    assert target.read_text() == "# an older report\n"
    code, _out, err = report(capsys, live, env, "--output", str(target), "--force")
    assert code == 0, err
    assert "## Checks" in target.read_text()
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_report_refuses_any_file_that_looks_like_an_env_file(
    live: SandboxHandle, tmp_path: Path, capsys: Cap
) -> None:
    env = env_for(tmp_path, WORLD.token("system-user"))
    other = tmp_path / "prod.env"
    other.write_text("# prod\nexport API_KEY=abc\n")
    code, _out, err = report(capsys, live, env, "--output", str(other), "--force")
    assert code == 1
    assert "like an env file" in err
    assert other.read_text() == "# prod\nexport API_KEY=abc\n"
