"""`wa-wizard register` over the sandbox: code, PIN, refusals; the PIN never shows anywhere."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from wizard.cli import main
from wizard.sandbox.faults import FaultPlan
from wizard.sandbox.testing import SandboxHandle, bearer

PIN = "482913"


def env_file(tmp_path: Path, sandbox: SandboxHandle, phone_id: str | None = None) -> Path:
    w = sandbox.world
    path = tmp_path / ".env"
    path.write_text(
        f"FACEBOOK_APP_ID={w.app.id}\n"
        f"FACEBOOK_APP_SECRET={w.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={w.token('system-user')}\n"
        f"WHATSAPP_BUSINESS_ACCOUNT_ID={w.waba.id}\n"
        f"WHATSAPP_PHONE_NUMBER_ID={phone_id or w.pending_phone.id}\n"
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
    before = path.read_bytes()
    code = main(["--graph-url", sandbox.url, "--env-file", str(path), "register", *extra])
    out = capsys.readouterr()
    text = out.out + out.err
    assert PIN not in text, "the PIN must never be printed"
    assert path.read_bytes() == before, "register never writes the env file"
    assert PIN.encode() not in b"".join(p.read_bytes() for p in path.parent.iterdir())
    return code, text


def test_register_a_pending_number(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    code, text = run(
        capsys, monkeypatch, sandbox, path, f"{sandbox.world.registration_code}\n{PIN}\n"
    )
    assert code == 0, text
    assert "PENDING" in text
    assert "Code requested" in text
    assert "CONNECTED" in text
    assert sandbox.world.pending_phone.id in sandbox.state.registered
    assert sandbox.state.registration.pins[sandbox.world.pending_phone.id] == PIN


def test_voice_and_language_reach_meta(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    stdin = f"{sandbox.world.registration_code}\n{PIN}\n"
    code, text = run(
        capsys, monkeypatch, sandbox, path, stdin, "--method", "VOICE", "--language", "pt_BR"
    )
    assert code == 0, text
    assert "a voice call" in text


def test_already_registered_number_is_left_alone(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox, sandbox.world.phone.id)
    code, text = run(capsys, monkeypatch, sandbox, path, "")
    assert code == 0, text
    assert "already registered" in text
    assert "--force" in text
    assert not sandbox.state.registration.codes_requested
    # --force registers anyway (the test number is verified automatically: PIN only).
    code, text = run(
        capsys, monkeypatch, sandbox, path, f"{PIN}\n", "--force", "--skip-verification"
    )
    assert code == 0, text
    assert sandbox.state.registration.pins[sandbox.world.phone.id] == PIN


def test_wrong_code_is_explained(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    code, text = run(capsys, monkeypatch, sandbox, path, f"000000\n{PIN}\n")
    assert code == 1
    assert "did not accept the code" in text
    assert "not correct" in text  # Meta's details
    assert "newest code" in text
    assert not sandbox.state.registered


def test_code_that_is_not_six_digits_is_asked_again(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    good = sandbox.world.registration_code
    stdin = f"12\n{good[:3]}-{good[3:]}\n{PIN}\n"
    code, text = run(capsys, monkeypatch, sandbox, path, stdin)
    assert code == 0, text
    assert "6 digits" in text


def _registered_with(sandbox: SandboxHandle, pin: str) -> None:
    """Register the pending number with ``pin`` and deregister it: it now has that PIN."""
    phone = sandbox.world.pending_phone.id
    with httpx.Client(base_url=sandbox.url, headers=bearer(sandbox.token("system-user"))) as http:
        http.post(f"/{phone}/request_code", data={"code_method": "SMS", "language": "en"})
        http.post(f"/{phone}/verify_code", data={"code": sandbox.world.registration_code})
        body = {"messaging_product": "whatsapp", "pin": pin}
        assert http.post(f"/{phone}/register", json=body).status_code == 200
        http.post(f"/{phone}/deregister")


def test_pin_mismatch_card(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    _registered_with(sandbox, "777777")
    path = env_file(tmp_path, sandbox)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PIN}\n"))
    code = main(["--graph-url", sandbox.url, "--env-file", str(path), "register"])
    text = "".join(capsys.readouterr())
    assert code == 1
    assert PIN not in text
    assert "Verification" in text
    assert "already VERIFIED" in text
    assert "PIN mismatch (133005)" in text
    assert "Two-step verification" in text  # the card's fix: reset it in WhatsApp Manager


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (136024, "Verification code request failed"),
        (133008, "Too many PIN guesses"),
        (133009, "PIN guessed too fast"),
        (133006, "needs verifying again"),
    ],
)
def test_meta_refusals_have_their_cards(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
    code: int,
    words: str,
) -> None:
    edge = "request_code" if code == 136024 else "register"
    sandbox.faults = FaultPlan().error(code, path=f"/{edge}$", times=1)
    path = env_file(tmp_path, sandbox)
    exit_code, text = run(
        capsys, monkeypatch, sandbox, path, f"{sandbox.world.registration_code}\n{PIN}\n"
    )
    assert exit_code == 1
    assert words in text
    assert f"({code})" in text
    assert "Fix:" in text


def test_skip_verification_goes_straight_to_the_pin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    code, text = run(capsys, monkeypatch, sandbox, path, f"{PIN}\n", "--skip-verification")
    assert code == 1  # the sandbox's pending number is not verified: Meta says 133006
    assert "133006" in text
    assert not sandbox.state.registration.codes_requested


def test_bad_pin_is_not_sent(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    code, text = run(
        capsys, monkeypatch, sandbox, path, f"{sandbox.world.registration_code}\n12ab\n"
    )
    assert code == 1
    assert "exactly 6 digits" in text
    assert "nothing was sent" in text
    assert not sandbox.state.registration.pins


def test_stdin_ending_registers_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    code, text = run(capsys, monkeypatch, sandbox, path, "")
    assert code == 1
    assert "stdin ended" in text
    assert not sandbox.state.registered


def test_without_a_phone_id_the_pending_numbers_are_listed(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    path.write_text(
        "\n".join(line for line in path.read_text().splitlines() if "PHONE" not in line) + "\n"
    )
    code, text = run(capsys, monkeypatch, sandbox, path, "")
    assert code == 1
    pending = sandbox.world.pending_phone
    assert f"wa-wizard register --phone-number-id {pending.id}" in text
    assert sandbox.world.phone.id not in text  # the test number is CONNECTED
    assert not sandbox.state.registration.codes_requested


def test_missing_or_wrong_phone_id(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    path = env_file(tmp_path, sandbox)
    code, text = run(capsys, monkeypatch, sandbox, path, "", "--phone-number-id", "+1 555 0100")
    assert code == 2
    assert "not a Phone number ID" in text
    code, text = run(capsys, monkeypatch, sandbox, path, "", "--phone-number-id", "123456789012345")
    assert code == 1
    assert "100" in text


def test_pin_is_read_with_getpass_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxHandle,
    tmp_path: Path,
) -> None:
    """On a terminal the PIN goes through getpass (no echo) and is asked twice."""
    asked: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return PIN

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("wizard.commands.ask.interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": sandbox.world.registration_code)
    path = env_file(tmp_path, sandbox)
    code = main(["--graph-url", sandbox.url, "--env-file", str(path), "register"])
    text = "".join(capsys.readouterr())
    assert code == 0, text
    assert len(asked) == 2
    assert "PIN" in asked[0]
    assert PIN not in text
