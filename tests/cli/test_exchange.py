"""`wa-wizard exchange`: one key rewritten, every other byte kept; failures change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.app import create_app
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.world import build_world

WORLD = build_world()


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with SandboxServer(create_app(WORLD)) as base:
        yield base


def env_file(tmp_path: Path, scenario: str, secret: str = WORLD.app.secret) -> Path:
    path = tmp_path / ".env"
    path.write_bytes(
        (
            "# keep me\r\n"
            f"export FACEBOOK_APP_ID={WORLD.app.id}\r\n"
            f"FACEBOOK_APP_SECRET='{secret}'  # inline\r\n"
            "\r\n"
            f'WHATSAPP_CLOUD_API_TOKEN="{WORLD.token(scenario)}"\r\n'
            "OTHER=${HOME}\r\n"
        ).encode()
    )
    return path


def run(capsys: pytest.CaptureFixture[str], url: str, path: Path, *extra: str) -> tuple[int, str]:
    code = main(["--graph-url", url, "--env-file", str(path), "exchange", *extra])
    out = capsys.readouterr()
    text = out.out + out.err
    assert WORLD.app.secret not in text
    assert all(spec.token not in text for spec in WORLD.tokens)
    return code, text


def test_exchange_rewrites_only_the_token(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path, "short-lived")
    before = path.read_bytes()
    code, text = run(capsys, url, path)
    assert code == 0, text
    after = path.read_bytes()
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert changed == [4]  # the token line, nothing else
    assert new_lines[4].startswith(b"WHATSAPP_CLOUD_API_TOKEN=")
    new_token = new_lines[4].split(b"=", 1)[1].strip(b"\"'").decode()
    assert new_token != WORLD.token("short-lived")
    assert new_token not in text  # masked in the output
    assert "Current token" in text
    assert "New token" in text
    assert "backup" in text
    backups = [p for p in tmp_path.iterdir() if p.name != ".env"]
    assert any(p.read_bytes() == before for p in backups)


@pytest.mark.parametrize(
    ("scenario", "secret", "words"),
    [
        ("short-lived", "0" * 32, "Exchange"),
        ("expired", WORLD.app.secret, "not valid"),
        ("revoked", WORLD.app.secret, "not valid"),
    ],
)
def test_failure_leaves_file_byte_identical(
    capsys: pytest.CaptureFixture[str],
    url: str,
    tmp_path: Path,
    scenario: str,
    secret: str,
    words: str,
) -> None:
    path = env_file(tmp_path, scenario, secret)
    before = path.read_bytes()
    code, text = run(capsys, url, path)
    assert code == 1
    assert words in text
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_never_expiring_system_user_needs_no_exchange(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path, "system-user")
    before = path.read_bytes()
    code, text = run(capsys, url, path)
    assert code == 0
    assert "never expires" in text
    assert path.read_bytes() == before


def test_system_user_refresh_refuses_a_user_token(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path, "long-lived")
    before = path.read_bytes()
    code, text = run(capsys, url, path, "--system-user-refresh")
    assert code == 1
    assert "system-user" in text
    assert path.read_bytes() == before


def test_missing_secret_is_explained(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = tmp_path / ".env"
    path.write_text(f"WHATSAPP_ACCESS_TOKEN={WORLD.token('short-lived')}\n")
    code, text = run(capsys, url, path)
    assert code == 1
    assert "FACEBOOK_APP_SECRET" in text
