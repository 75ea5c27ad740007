"""`wa-wizard verify-token` through the real CLI entry point."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from dotenv import dotenv_values

from wizard.cli import main

HEX64 = re.compile(r"^  ([0-9a-f]{64})$", re.MULTILINE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_a_fresh_token_and_where_it_goes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--env-file", str(tmp_path / ".env"), "verify-token")
    assert code == 0
    match = HEX64.search(out)
    assert match is not None
    assert "WhatsApp > Configuration > Verify token" in out
    assert "NOT the access token" in out
    assert not (tmp_path / ".env").exists()
    code, again, _ = run(capsys, "verify-token", "--env-file", str(tmp_path / ".env"))
    second = HEX64.search(again)
    assert second is not None
    assert second.group(1) != match.group(1)


def test_write_stores_masked_and_show_reads_it_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text("# mine\nWHATSAPP_TOKEN=abc\n")
    code, out, _ = run(capsys, "--env-file", str(env), "verify-token", "--write")
    assert code == 0
    stored = dotenv_values(env, interpolate=False)["META_WEBHOOK_VERIFY_TOKEN"]
    assert stored is not None
    assert len(stored) == 64
    assert stored not in out  # masked unless --show
    assert f"{stored[:4]}…{stored[-4:]}" in out
    assert env.read_text().startswith("# mine\nWHATSAPP_TOKEN=abc\n")
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert any(p.name.startswith(".env.bak-") for p in tmp_path.iterdir())
    code, out, _ = run(capsys, "--env-file", str(env), "verify-token", "--show")
    assert code == 0
    assert f"  {stored}" in out


def test_write_show_prints_the_stored_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    code, out, _ = run(capsys, "--env-file", str(env), "verify-token", "--write", "--show")
    assert code == 0
    match = HEX64.search(out)
    assert match is not None
    assert dotenv_values(env, interpolate=False)["META_WEBHOOK_VERIFY_TOKEN"] == match.group(1)


def test_refuses_to_overwrite_without_force_and_uses_the_alias(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text("WHATSAPP_VERIFY_TOKEN=keep-me\n")
    code, _, err = run(capsys, "--env-file", str(env), "verify-token", "--write")
    assert code == 1
    assert "already has WHATSAPP_VERIFY_TOKEN" in err
    assert "--force" in err
    assert env.read_text() == "WHATSAPP_VERIFY_TOKEN=keep-me\n"
    code, _, _ = run(capsys, "--env-file", str(env), "verify-token", "--write", "--force")
    assert code == 0
    values = dotenv_values(env, interpolate=False)
    assert list(values) == ["WHATSAPP_VERIFY_TOKEN"]
    assert values["WHATSAPP_VERIFY_TOKEN"] != "keep-me"


def test_show_without_a_stored_token_fails_with_a_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--env-file", str(tmp_path / ".env"), "verify-token", "--show")
    assert code == 1
    assert "wa-wizard verify-token --write" in err


def test_force_alone_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--env-file", str(tmp_path / ".env"), "verify-token", "--force")
    assert code == 2
    assert "--write" in err


def test_env_file_problem_is_explained(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--env-file", str(tmp_path), "verify-token", "--write")
    assert code == 1
    assert "is a folder" in err
    assert "Traceback" not in out + err


def test_environment_variable_shadowing_is_warned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBHOOK_VERIFY_TOKEN", "from-the-shell")
    code, out, _ = run(capsys, "--env-file", str(tmp_path / ".env"), "verify-token", "--write")
    assert code == 0
    assert "WEBHOOK_VERIFY_TOKEN is also set in your environment" in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "verify-token", "--help")
    assert code == 0
    assert "examples:" in out
    assert "--write --show" in out
