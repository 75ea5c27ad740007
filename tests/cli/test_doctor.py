"""`wa-wizard doctor` end to end against the sandbox over loopback HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.app import create_app
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.world import World, build_world

WORLD = build_world()


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with SandboxServer(create_app(WORLD)) as base:
        yield base


def env_file(
    tmp_path: Path, world: World = WORLD, scenario: str = "system-user", extra: str = ""
) -> Path:
    path = tmp_path / ".env"
    path.write_text(
        f"FACEBOOK_APP_ID={world.app.id}\nFACEBOOK_APP_SECRET={world.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={world.token(scenario)}\n"
        f"WHATSAPP_BUSINESS_ACCOUNT_ID={world.waba.id}\nWHATSAPP_PHONE_NUMBER_ID={world.phone.id}\n"
        f"META_WEBHOOK_VERIFY_TOKEN={'c' * 64}\n{extra}"
    )
    return path


def doctor(
    capsys: pytest.CaptureFixture[str], url: str, path: Path, *extra: str
) -> tuple[int, str]:
    code = main(["--graph-url", url, "--env-file", str(path), "doctor", *extra])
    out = capsys.readouterr()
    text = out.out + out.err
    assert WORLD.app.secret not in text
    assert all(spec.token not in text for spec in WORLD.tokens)
    assert "Traceback" not in text
    return code, out.out


def test_healthy_setup_exits_zero_with_one_warning(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    code, out = doctor(capsys, url, env_file(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith(f"(6 keys) · Graph API v25.0 at {url}")  # not Meta: named
    assert any(line.strip().startswith("✓ Access token") for line in lines)
    assert any(line.strip().startswith("! Webhook") for line in lines)
    assert "      Run: wa-wizard webhook-subscribe --callback-url" in out
    assert lines[-1] == "1 warning · exit 0"


def test_strict_turns_warnings_into_exit_one(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    code, out = doctor(capsys, url, env_file(tmp_path), "--strict")
    assert code == 1
    assert out.splitlines()[-1] == "1 warning · exit 1"
    code, out = doctor(capsys, url, env_file(tmp_path), "--strict", "--json")
    assert code == 1
    assert json.loads(out)["ok"] is False  # README: a warning is not ok with --strict
    code, out = doctor(capsys, url, env_file(tmp_path), "--json")
    assert (code, json.loads(out)["ok"]) == (0, True)


def test_json_output(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    code, out = doctor(capsys, url, env_file(tmp_path, scenario="expired"), "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["ok"] is False
    assert payload["graph_version"] == "v25.0"
    assert payload["env_file"].endswith(".env")
    by_id = {c["id"]: c for c in payload["checks"]}
    assert by_id["token_valid"]["status"] == "fail"
    assert by_id["token_expiry"]["status"] == "fail"
    assert "system-user" in by_id["token_expiry"]["fix"]
    assert set(by_id["token_valid"]) >= {"id", "status", "title", "detail", "fix"}


def test_only_and_usage_errors(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path)
    code, out = doctor(capsys, url, path, "--only", "verify_token,git_safety")
    assert code == 0
    assert "Verify token" in out
    assert "Access token" not in out
    assert main(["--env-file", str(path), "doctor", "--only", "bogus"]) == 2
    assert "unknown check bogus" in capsys.readouterr().err
    assert main(["--env-file", str(path), "doctor", "--warn-days", "-1"]) == 2
    assert main(["doctor", "--warn-days", "soon"]) == 2


def test_graph_version_flag_beats_file(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path, extra="META_GRAPH_API_VERSION=24\n")
    _, out = doctor(capsys, url, path, "--only", "verify_token")
    assert "Graph API v24.0" in out.splitlines()[0]
    code = main(
        [
            "--graph-url",
            url,
            "--graph-version",
            "26",
            "--env-file",
            str(path),
            "doctor",
            "--only",
            "verify_token",
        ]
    )
    assert code == 0
    assert "Graph API v26.0" in capsys.readouterr().out


def test_missing_file_fails_with_the_wizard_as_fix(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    code, out = doctor(capsys, url, tmp_path / "nope.env")
    assert code == 1
    assert "(missing)" in out.splitlines()[0]
    assert "Run: wa-wizard\n" in out


def test_network_down_finishes_and_explains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out = doctor(capsys, "http://127.0.0.1:9", env_file(tmp_path))
    assert code == 1
    assert "could not reach" in out
    assert out.splitlines()[-1].endswith("exit 1")


def test_in_process_sandbox_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--sandbox", "--env-file", str(env_file(tmp_path)), "doctor"])
    assert code == 0
    assert "1 warning · exit 0" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["folder", "not-utf8", "symlink-loop", "fifo"])
def test_doctor_json_always_prints_json_when_the_env_file_cannot_be_read(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path, kind: str
) -> None:
    """Issue 14: `doctor --json | jq` got an empty stdout for an unreadable env file."""
    import os

    path = tmp_path / ".env"
    if kind == "folder":
        path.mkdir()
    elif kind == "not-utf8":
        path.write_bytes(b"A=\xff\n")
    elif kind == "symlink-loop":
        path.symlink_to(tmp_path / "loop")
        (tmp_path / "loop").symlink_to(path)
    else:
        os.mkfifo(path)
    code, out = doctor(capsys, url, path, "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["ok"] is False
    checks = {c["id"]: c for c in payload["checks"]}
    assert checks["env_file"]["status"] == "fail"
    assert str(path) in checks["env_file"]["detail"]
    assert {c["status"] for cid, c in checks.items() if cid != "env_file"} == {"skip"}


def test_doctor_explains_unparsable_lines_once(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path, extra="this line is broken\n")
    main(["--graph-url", url, "--env-file", str(path), "doctor", "--json"])
    captured = capsys.readouterr()
    assert "could not parse" not in captured.err  # python-dotenv's raw log lines
    checks = {c["id"]: c for c in json.loads(captured.out)["checks"]}
    assert checks["env_file"]["status"] == "warn"
    assert "cannot parse line 7" in checks["env_file"]["detail"]
    assert checks["env_file"]["data"]["unparsed_lines"] == [7]


def test_doctor_warns_about_a_stale_alias(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = env_file(tmp_path, extra="WHATSAPP_TOKEN=EAAOLDOLDOLD\n")
    _code, out = doctor(capsys, url, path, "--json")
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    assert checks["env_file"]["status"] == "warn"
    assert (
        "WHATSAPP_ACCESS_TOKEN and WHATSAPP_TOKEN hold different values"
        in (checks["env_file"]["detail"])
    )
