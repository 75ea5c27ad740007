"""`wa-wizard rotate` over the sandbox: checked swap, revoke confirmed, any mismatch leaves
the env file byte-identical; no token is ever printed whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.testing import SandboxHandle


def env_file(
    tmp_path: Path, sandbox: SandboxHandle, scenario: str, waba_id: str | None = None
) -> Path:
    w = sandbox.world
    path = tmp_path / ".env"
    path.write_bytes(
        (
            "# production\r\n"
            f"FACEBOOK_APP_ID={w.app.id}\r\n"
            f"FACEBOOK_APP_SECRET='{w.app.secret}'  # keep\r\n"
            f'WHATSAPP_ACCESS_TOKEN="{w.token(scenario)}"\r\n'
            f"WHATSAPP_BUSINESS_ACCOUNT_ID={waba_id or w.waba.id}\r\n"
            f"WHATSAPP_PHONE_NUMBER_ID={w.phone.id}\r\n"
        ).encode()
    )
    return path


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    path: Path,
    stdin: str,
    *extra: str,
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--graph-url", sandbox.url, "--env-file", str(path), "rotate", *extra])
    out = capsys.readouterr()
    text = out.out + out.err
    assert sandbox.world.app.secret not in text
    assert all(spec.token not in text for spec in sandbox.world.tokens)
    assert all(token not in text for token in sandbox.state.issued)
    return code, text


def test_rotate_swaps_and_revokes_a_system_user_token(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, "system-user")
    before = path.read_bytes()
    new = sandbox.token("system-user-no-targets")
    code, text = run(capsys, monkeypatch, sandbox, path, f"  Bearer {new}\n")
    assert code == 0, text
    after = path.read_bytes()
    old_line = f'"{sandbox.token("system-user")}"'.encode()
    assert after == before.replace(old_line, f"'{new}'".encode())
    assert "Match" in text
    assert "reads +1 555-019" in text
    assert sandbox.token("system-user") in sandbox.state.revoked
    assert new not in sandbox.state.revoked
    assert "no longer works" in text
    backups = [p for p in tmp_path.iterdir() if ".bak-" in p.name]
    assert [p.read_bytes() for p in backups] == [before]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("system-user", "other-app", "another app"),
        ("system-user", "long-lived", "Type: the new token is a USER token"),
        ("long-lived", "no-messaging", "lacks whatsapp_business_messaging"),
        ("long-lived", "expired", "not valid"),
        ("long-lived", "revoked", "not valid"),
        ("system-user", "system-user", "already in the env file"),
    ],
)
def test_mismatch_leaves_the_file_byte_identical(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
    old: str,
    new: str,
    words: str,
) -> None:
    path = env_file(tmp_path, sandbox, old)
    before = path.read_bytes()
    code, text = run(capsys, monkeypatch, sandbox, path, sandbox.token(new) + "\n")
    assert code == 1
    assert words in text
    assert "was not changed" in text
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]
    assert not sandbox.state.revoked


def test_new_token_that_cannot_reach_the_waba(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    """The old token reaches every WABA; the new one only the first: the second is lost."""
    path = env_file(tmp_path, sandbox, "system-user-no-targets", sandbox.world.second_waba.id)
    before = path.read_bytes()
    code, text = run(capsys, monkeypatch, sandbox, path, sandbox.token("system-user") + "\n")
    assert code == 1
    assert f"cannot reach {sandbox.world.second_waba.id}" in text
    assert path.read_bytes() == before


def test_new_token_that_cannot_read_the_phone(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    sandbox.faults = FaultPlan().error(10, path=f"^/{sandbox.world.phone.id}$")
    path = env_file(tmp_path, sandbox, "system-user")
    before = path.read_bytes()
    stdin = sandbox.token("system-user-no-targets") + "\n"
    code, text = run(capsys, monkeypatch, sandbox, path, stdin)
    assert code == 1
    assert "cannot read" in text
    assert path.read_bytes() == before


def test_keep_old_says_where_to_revoke(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, "system-user")
    stdin = sandbox.token("system-user-no-targets") + "\n"
    code, text = run(capsys, monkeypatch, sandbox, path, stdin, "--keep-old")
    assert code == 0, text
    assert not sandbox.state.revoked
    assert "System users" in text
    assert "Revoke tokens" in text


def test_revoke_refused_says_where_to_revoke(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    sandbox.faults = FaultPlan().error(100, path="/oauth/revoke$")
    path = env_file(tmp_path, sandbox, "system-user")
    stdin = sandbox.token("system-user-no-targets") + "\n"
    code, text = run(capsys, monkeypatch, sandbox, path, stdin)
    assert code == 0, text  # the swap happened; the revoke is the person's to finish
    assert "refused /oauth/revoke" in text
    assert "Revoke tokens" in text
    assert sandbox.token("system-user-no-targets").encode() in path.read_bytes()


def test_user_token_is_not_revoked_automatically(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, "long-lived")
    code, text = run(capsys, monkeypatch, sandbox, path, sandbox.token("expiring-soon") + "\n")
    assert code == 0, text
    assert not sandbox.state.revoked
    assert "Apps and websites" in text


def test_exchange_mints_the_new_token(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, "long-lived")
    code, text = run(capsys, monkeypatch, sandbox, path, "", "--exchange")
    assert code == 0, text
    (minted,) = sandbox.state.issued
    assert minted.encode() in path.read_bytes()


def test_exchange_refuses_a_never_expiring_system_user_token(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, "system-user")
    before = path.read_bytes()
    code, text = run(capsys, monkeypatch, sandbox, path, "", "--exchange")
    assert code == 1
    assert "Generate new token" in text
    assert path.read_bytes() == before


def test_no_new_token_given(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, "system-user")
    before = path.read_bytes()
    code, text = run(capsys, monkeypatch, sandbox, path, "")
    assert code == 1
    assert "no new token" in text
    assert path.read_bytes() == before
