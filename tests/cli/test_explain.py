"""`wa-wizard explain`: output, exit codes, JSON, --list and deep links from the env file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.commands.explain import parse_code
from wizard.core.cards.lookup import card_for_code, known_codes


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def _no_dotenv_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder so a developer's ./.env cannot fill the links."""
    monkeypatch.chdir(tmp_path)


def test_explains_expired_token(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = _run(capsys, "explain", "190/463")
    assert rc == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "✗ Access token expired (190/463)"
    assert lines[1].startswith("Why: ")
    assert lines[2].startswith("Fix: ")
    assert "Open: https://business.facebook.com/settings/system-users" in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("190/463", (190, 463)),
        ("190.463", (190, 463)),
        ("190:463", (190, 463)),
        ("#131030", (131030, None)),
        ("(#100)", (100, None)),
        (" (#100) ", (100, None)),
        ("code 190", (190, None)),
        ("2388019", (2388019, None)),
    ],
)
def test_parse_code_forms(text: str, expected: tuple[int, int | None]) -> None:
    assert parse_code(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "190/abc", "19 0", "#", "()", "1/2/3", "-5x"])
def test_parse_code_rejects(text: str) -> None:
    assert parse_code(text) is None


@pytest.mark.parametrize(("arg", "code", "subcode"), [("190.463", 190, 463), ("(#100)", 100, None),
                                                      ("#131030", 131030, None)])  # fmt: skip
def test_accepts_every_spelling(
    capsys: pytest.CaptureFixture[str], arg: str, code: int, subcode: int | None
) -> None:
    rc, out, _ = _run(capsys, "explain", arg)
    card = card_for_code(code, subcode)
    assert card is not None
    assert rc == 0
    assert out.splitlines()[0].startswith(f"✗ {card.title} ({code}")


def test_unknown_code_describes_its_range(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(capsys, "explain", "131999")
    assert rc == 1
    assert "not in wa-wizard's list" in out
    assert "WhatsApp messaging" in out
    assert "error-codes" in out


@pytest.mark.parametrize("argv", [["explain"], ["explain", "abc"], ["explain", "190/x"]])
def test_bad_input_is_a_usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    rc, out, err = _run(capsys, *argv)
    assert rc == 2
    assert out == ""
    assert "usage: wa-wizard explain" in err
    assert "error:" in err


def test_json_card(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(capsys, "explain", "100/33", "--json")
    assert rc == 0
    data = json.loads(out)
    assert (data["code"], data["subcode"]) == (100, 33)
    assert data["title"] == "Object not found or not accessible"
    assert data["retryable"] is False
    for key in ("cause", "fix", "link"):
        assert data[key]


def test_json_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(capsys, "explain", "2593999", "--json")
    assert rc == 1
    data = json.loads(out)
    assert data["known"] is False
    assert "2593xxx" in data["about"]


def test_list_shows_every_known_code(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(capsys, "explain", "--list")
    assert rc == 0
    labels = {line.split()[0] for line in out.splitlines() if line.strip()[:1].isdigit()}
    for code, subcode in known_codes():
        assert (f"{code}/{subcode}" if subcode is not None else str(code)) in labels
    assert "Access token expired" in out


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(capsys, "explain", "--list", "--json")
    assert rc == 0
    rows = json.loads(out)
    assert len(rows) == len(known_codes())
    assert {"code": 190, "subcode": 463, "title": "Access token expired"} in rows


def test_env_file_fills_the_links_and_never_prints_secrets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = tmp_path / "app.env"
    secret = "9b1e57c0d2f84a6b91c3e7d5f0a2b4a0"
    env.write_text(
        f"FACEBOOK_APP_ID=1204958371625540\nFACEBOOK_APP_SECRET={secret}\n"
        "WABA_ID='104477882233110'\nWHATSAPP_PHONE_NUMBER_ID=100231144556677\n"
        "WHATSAPP_ACCESS_TOKEN=EAAGabcdefghijklmnopqrstuvwxyz0123456789\n",
        encoding="utf-8",
    )
    rc, out, _ = _run(capsys, "explain", "131030", "--env-file", str(env))
    assert rc == 0
    assert "https://developers.facebook.com/apps/1204958371625540/whatsapp-business/" in out
    rc, out, _ = _run(capsys, "--env-file", str(env), "explain", "368")
    assert "waba_id=104477882233110" in out
    rc, out, _ = _run(capsys, "explain", "133010", "--env-file", str(env))
    assert "/100231144556677/register" in out
    assert secret not in out
    assert "EAAGabcdefghij" not in out


@pytest.mark.parametrize("content", [None, "FACEBOOK_APP_ID=not-a-number\n", "dir"])
def test_missing_or_odd_env_file_gives_generic_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None
) -> None:
    env = tmp_path / "odd.env"
    if content == "dir":
        env.mkdir()
    elif content is not None:
        env.write_text(content, encoding="utf-8")
    rc, out, _ = _run(capsys, "explain", "131030", "--env-file", str(env))
    assert rc == 0
    assert "Open: https://developers.facebook.com/apps/\n" in out


def test_default_env_file_is_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("META_APP_ID=1204958371625540\n", encoding="utf-8")
    rc, out, _ = _run(capsys, "explain", "101")
    assert rc == 0
    assert "apps/1204958371625540/settings/basic/" in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(capsys, "explain", "--help")
    assert rc == 0
    assert "wa-wizard explain 190/463" in out
    assert "--list" in out
