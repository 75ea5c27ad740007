"""`wa-wizard login` and `wa-wizard make-permanent`: end to end over the sandbox, nothing leaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.sandbox.testing import SandboxHandle


def env_file(
    tmp_path: Path, sandbox: SandboxHandle, token: str | None = None, **extra: str
) -> Path:
    w = sandbox.world
    lines = ["# mine", f"FACEBOOK_APP_ID={w.app.id}", f"FACEBOOK_APP_SECRET={w.app.secret}"]
    if token:
        lines.append(f"WHATSAPP_ACCESS_TOKEN={token}")
    lines += [f"{k}={v}" for k, v in extra.items()]
    path = tmp_path / ".env"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, path: Path, *argv: str
        ) -> tuple[int, str]:  # fmt: skip
    code = main(["--graph-url", sandbox.url, "--env-file", str(path), *argv])
    out = capsys.readouterr()
    text = out.out + out.err
    assert sandbox.world.app.secret not in text
    for spec in [*sandbox.world.tokens, *sandbox.state.issued.values()]:
        assert spec.token not in text
    for login_code in sandbox.state.login.codes:
        assert login_code not in text
    return code, text


def token_in(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("WHATSAPP_ACCESS_TOKEN="):
            return line.split("=", 1)[1].strip("'\"")
    raise AssertionError("no token written")


def test_login_no_browser_times_out_with_the_exact_redirect_to_add(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, tmp_path: Path
) -> None:
    path = env_file(tmp_path, sandbox)
    before = path.read_bytes()
    code, text = run(capsys, sandbox, path, "login", "--no-browser", "--timeout", "0.3",
                     "--port", "0")  # fmt: skip
    assert code == 1
    assert "open this address in a browser" in text
    assert "/dialog/oauth?client_id=" in text
    assert "Development mode" in text
    assert "Valid OAuth Redirect URIs" in text
    assert "http://localhost:" in text
    assert path.read_bytes() == before


def test_login_needs_the_app_secret(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, tmp_path: Path
) -> None:
    path = tmp_path / ".env"
    path.write_text(f"FACEBOOK_APP_ID={sandbox.world.app.id}\n")
    code, text = run(capsys, sandbox, path, "login")
    assert code == 1
    assert "FACEBOOK_APP_SECRET" in text


def test_sandbox_login_then_make_permanent_writes_a_never_expiring_token(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wa-wizard --sandbox login` (practice dialog) then make-permanent with the admin token."""
    from wizard.sandbox.world import build_world

    w = build_world()
    path = tmp_path / ".env"
    path.write_text(f"FACEBOOK_APP_ID={w.app.id}\nFACEBOOK_APP_SECRET={w.app.secret}\n")
    assert main(["--sandbox", "--env-file", str(path), "login", "--yes", "--port", "0"]) == 0
    text = capsys.readouterr().out
    assert "Logged in" in text
    assert "Exchanged" in text
    assert token_in(path) not in text
    path.write_text(path.read_text().replace(token_in(path), w.token("admin")))
    argv = ["--sandbox", "--env-file", str(path), "make-permanent", "--yes", "--waba-id", w.waba.id]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "debug_token: SYSTEM_USER, never expires" in text
    written = path.read_text()
    assert f"WHATSAPP_BUSINESS_ACCOUNT_ID='{w.waba.id}'" in written or w.waba.id in written
    assert token_in(path) not in text


def test_make_permanent_asks_and_without_a_terminal_changes_nothing(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, tmp_path: Path
) -> None:
    path = env_file(tmp_path, sandbox, sandbox.token("admin"),
                    WHATSAPP_BUSINESS_ACCOUNT_ID=sandbox.world.waba.id)  # fmt: skip
    before = path.read_bytes()
    code, text = run(capsys, sandbox, path, "make-permanent")
    assert code == 1
    assert "nothing is changed without --yes" in text
    assert path.read_bytes() == before
    assert not sandbox.state.business.installed


def test_make_permanent_writes_only_after_debug_token(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, tmp_path: Path
) -> None:
    w = sandbox.world
    path = env_file(
        tmp_path, sandbox, sandbox.token("admin"), WHATSAPP_BUSINESS_ACCOUNT_ID=w.waba.id
    )
    code, text = run(capsys, sandbox, path, "make-permanent", "--yes")
    assert code == 0, text
    new = token_in(path)
    spec = sandbox.state.issued[new]
    assert spec.type == "SYSTEM_USER"
    assert spec.expires_at == 0
    assert path.read_text().startswith("# mine\n")
    code, text = run(capsys, sandbox, path, "make-permanent", "--yes")
    assert code == 0
    assert "nothing to do" in text


def test_make_permanent_refused_prints_card_and_manual_path(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, tmp_path: Path
) -> None:
    w = sandbox.world
    sandbox.state.business.install_refused = True
    path = env_file(
        tmp_path, sandbox, sandbox.token("admin"), WHATSAPP_BUSINESS_ACCOUNT_ID=w.waba.id
    )
    before = path.read_bytes()
    code, text = run(capsys, sandbox, path, "make-permanent", "--yes")
    assert code == 1
    assert "Meta would not install the app for the system user" in text
    assert "Meta said: (#3)" in text
    assert f"settings/system-users?business_id={w.business_id}" in text
    assert "Generate a token for this app" in text
    assert path.read_bytes() == before


def test_make_permanent_with_several_wabas_needs_a_choice(
    capsys: pytest.CaptureFixture[str], sandbox: SandboxHandle, tmp_path: Path
) -> None:
    path = env_file(tmp_path, sandbox, sandbox.token("admin"))
    code, text = run(capsys, sandbox, path, "make-permanent", "--yes")
    assert code == 1
    assert "--waba-id" in text
    assert sandbox.world.second_waba.id in text


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("login", "make-permanent"):
        assert main([command, "--help"]) == 0
        text = capsys.readouterr().out
        assert "examples:" in text
        assert "exit codes" in text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_the_exchange_question_gets_the_typed_answer(tmp_path: Path) -> None:
    """The paste-back reader and the question share stdin: "y" must reach the question."""
    import os
    import pty
    import select

    from wizard.sandbox.world import build_world

    w = build_world()
    (tmp_path / ".env").write_text(
        f"FACEBOOK_APP_ID={w.app.id}\nFACEBOOK_APP_SECRET={w.app.secret}\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    pid, fd = pty.fork()
    if pid == 0:  # the child: wa-wizard on a terminal
        os.chdir(tmp_path)
        os.environ.update(PYTHONPATH=root, NO_COLOR="1")
        os.execv(sys.executable, [sys.executable, "-m", "wizard", "--sandbox", "login",
                                  "--port", "0"])  # fmt: skip
    seen, answered = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        assert ready, seen.decode(errors="replace")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if b"[Y/n]" in seen and not answered:
            os.write(fd, b"y\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    text = seen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Exchanged" in text
