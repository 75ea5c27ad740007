"""`wa-wizard send-test`: normalised number first, wamid on success, a card for each refusal."""

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


def send(
    capsys: pytest.CaptureFixture[str],
    url: str,
    tmp_path: Path,
    *args: str,
    phone: str = WORLD.phone.id,
) -> tuple[int, str]:
    path = tmp_path / ".env"
    path.write_text(
        f"FACEBOOK_APP_ID={WORLD.app.id}\nFACEBOOK_APP_SECRET={WORLD.app.secret}\n"
        f"WHATSAPP_ACCESS_TOKEN={WORLD.token('system-user')}\nWHATSAPP_PHONE_NUMBER_ID={phone}\n"
    )
    code = main(["--graph-url", url, "--env-file", str(path), "send-test", *args])
    out = capsys.readouterr()
    text = out.out + out.err
    assert WORLD.app.secret not in text
    assert WORLD.token("system-user") not in text
    assert "Traceback" not in text
    return code, text


def test_hello_world_is_accepted(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    code, text = send(capsys, url, tmp_path, "--to", WORLD.recipient_display[0])
    assert code == 0, text
    lines = text.splitlines()
    assert lines[0].strip() == f"· To                 +{WORLD.us_recipient}"
    assert "wamid." in text
    assert "template hello_world (en_US)" in text
    assert "webhook-listen" in text
    assert "allow-list" in text  # a test number: the reminder is shown


def test_mexican_521_form_is_normalised_for_the_test_number(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    mx = WORLD.mx_recipient  # stored as 52…; the webhook form 521… fails with 131030
    code, text = send(capsys, url, tmp_path, "--to", f"+521{mx[2:]}")
    assert code == 0, text
    assert f"+{mx}" in text.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "phone", "code_text"),
    [
        (("--to", "+1 202 555 0199"), WORLD.phone.id, "131030"),
        (("--to", WORLD.recipient_display[1], "--template", "nope"), WORLD.phone.id, "132001"),
        (
            ("--to", WORLD.recipient_display[0], "--template", "hello_world", "--language", "en"),
            WORLD.phone.id,
            "132001",
        ),
        (("--to", WORLD.recipient_display[0]), WORLD.pending_phone.id, "133010"),
        (("--to", WORLD.phone.display), WORLD.phone.id, "131021"),
    ],
)
def test_refusals_are_explained(
    capsys: pytest.CaptureFixture[str],
    url: str,
    tmp_path: Path,
    args: tuple[str, ...],
    phone: str,
    code_text: str,
) -> None:
    code, text = send(capsys, url, tmp_path, *args, phone=phone)
    assert code == 1
    assert "✗ Not sent" in text
    assert code_text in text
    assert "Fix:" in text


def test_unusable_number_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    code, text = send(capsys, url, tmp_path, "--to", "5550100")
    assert code == 2
    assert "Recipient" in text


def test_missing_phone_id(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    code, text = send(capsys, url, tmp_path, "--to", WORLD.recipient_display[0], phone="")
    assert code == 1
    assert "WHATSAPP_PHONE_NUMBER_ID" in text
