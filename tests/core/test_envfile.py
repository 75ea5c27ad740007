"""EnvFile: reading with provenance and in-place, byte-preserving updates."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from dotenv import dotenv_values

from wizard.core.envfile.store import EnvFile
from wizard.core.envfile.write import EnvFileError
from wizard.core.state import SetupValues

TOKEN = "EAAG" + "a1B2c3D4" * 10


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_bytes(text.encode("utf-8"))
    path.chmod(mode)
    return path


def update(path: Path, changes: dict[str, str], environ: dict[str, str] | None = None) -> str:
    EnvFile.read(path, environ or {}).plan(changes).apply()
    return path.read_bytes().decode("utf-8")


def test_missing_file_is_empty(tmp_path: Path) -> None:
    env = EnvFile.read(tmp_path / ".env", {})
    assert not env.exists
    assert env.bindings == {}
    assert env.raw() == {}
    assert env.values() == SetupValues()


def test_read_values_lines_and_aliases(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".env",
        "# header\n\nFACEBOOK_APP_ID=1204958371625540\nexport WHATSAPP_CLOUD_API_TOKEN='"
        + TOKEN
        + "'\nWABA_ID=104477882233110 # prod\n",
    )
    env = EnvFile.read(path, {})
    assert env.exists
    token = env.bindings["access_token"]
    assert (token.key, token.value, token.line, token.source) == (
        "WHATSAPP_CLOUD_API_TOKEN",
        TOKEN,
        4,
        "file",
    )
    assert env.bindings["app_id"].line == 3
    assert env.bindings["waba_id"].value == "104477882233110"
    assert env.values().access_token == TOKEN
    assert env.raw()["WABA_ID"] == "104477882233110"


def test_interpolation_is_off(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "FACEBOOK_APP_SECRET=ab${HOME}cd\n")
    assert EnvFile.read(path, {"HOME": "/root"}).values().app_secret == "ab${HOME}cd"


def test_environment_shadowing(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "WHATSAPP_ACCESS_TOKEN=" + TOKEN + "\n")
    env = EnvFile.read(path, {"WHATSAPP_TOKEN": "other", "WABA_ID": "555555555555555"})
    assert env.bindings["access_token"].shadowed_by_env
    assert env.bindings["access_token"].source == "file"
    waba = env.bindings["waba_id"]
    assert (waba.source, waba.key, waba.line) == ("environment", "WABA_ID", None)
    assert env.values().waba_id is None  # values() is the file only
    assert not EnvFile.read(path, {}).bindings["access_token"].shadowed_by_env


def test_duplicate_key_updates_last_binding_only(tmp_path: Path) -> None:
    text = "FACEBOOK_APP_ID=1\n# between\nFACEBOOK_APP_ID=2\nOTHER=x\n"
    path = write(tmp_path / ".env", text)
    env = EnvFile.read(path, {})
    assert env.bindings["app_id"].value == "2"
    assert env.bindings["app_id"].line == 3
    new = update(path, {"app_id": "999"})
    assert new == "FACEBOOK_APP_ID=1\n# between\nFACEBOOK_APP_ID='999'\nOTHER=x\n"


def test_alias_updated_in_place_not_duplicated(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "A=1\nWHATSAPP_CLOUD_API_TOKEN=old\nB=2\n")
    new = update(path, {"access_token": TOKEN})
    assert new == f"A=1\nWHATSAPP_CLOUD_API_TOKEN='{TOKEN}'\nB=2\n"
    assert "WHATSAPP_ACCESS_TOKEN" not in new


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("export KEY=old  # note", "export KEY='new'  # note"),
        ("KEY='old' # note", "KEY='new' # note"),
        ('KEY="old\\n"#c', "KEY='new'#c"),
        ("KEY = old", "KEY = 'new'"),
        ("KEY=", "KEY='new'"),
        ("KEY= # only a comment", "KEY= 'new' # only a comment"),
        ("KEY", "KEY='new'"),
        ("KEY # bare key", "KEY='new' # bare key"),
        ("  KEY=old#notacomment", "  KEY='new'"),
        ("'KEY'=old", "'KEY'='new'"),
    ],
)
def test_changed_line_keeps_its_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, expected: str
) -> None:
    from wizard.core import state

    path = write(tmp_path / ".env", f"# top\n\n{line}\n\nZ=1\n")
    monkeypatch.setitem(state.KEY_ALIASES, "app_id", ("KEY",))  # any key name, via app_id
    new = update(path, {"app_id": "new"})
    assert new == f"# top\n\n{expected}\n\nZ=1\n"
    assert dotenv_values(path, interpolate=False)["KEY"] == "new"


def test_crlf_file_stays_crlf_and_new_keys_use_it(tmp_path: Path) -> None:
    text = "# c\r\nWHATSAPP_ACCESS_TOKEN=old\r\n\r\nX=1"
    path = write(tmp_path / ".env", text)
    new = update(path, {"access_token": TOKEN, "app_id": "1204958371625540"})
    assert new == (
        f"# c\r\nWHATSAPP_ACCESS_TOKEN='{TOKEN}'\r\n\r\nX=1\r\n"
        "FACEBOOK_APP_ID='1204958371625540'\r\n"
    )


def test_lf_file_appends_with_lf_and_adds_missing_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "A=1\nB=2")
    assert update(path, {"graph_version": "v25.0"}) == "A=1\nB=2\nMETA_GRAPH_API_VERSION='v25.0'\n"


def test_bom_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "\ufeffA=1\n")
    assert update(path, {"app_id": "7"}) == "\ufeffA=1\nFACEBOOK_APP_ID='7'\n"


@pytest.mark.parametrize(
    "value",
    [
        "it's",
        "back\\slash",
        "\\'",
        "$HOME ${X}",
        '"dq"',
        "# not a comment",
        "ünïcødé 🙂",
        "",
        " sp ",
    ],
)
def test_written_values_read_back_exactly(tmp_path: Path, value: str) -> None:
    path = tmp_path / ".env"
    update(path, {"verify_token": value})
    assert dotenv_values(path, interpolate=False)["META_WEBHOOK_VERIFY_TOKEN"] == value
    assert EnvFile.read(path, {}).values().verify_token == value


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\x00b", "\r\n"])
def test_cr_lf_nul_are_rejected_and_nothing_written(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / ".env", "A=1\n")
    before = path.read_bytes()
    with pytest.raises(EnvFileError, match="line break or a NUL"):
        EnvFile.read(path, {}).plan({"verify_token": value})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_rejected_value_message_does_not_contain_it(tmp_path: Path) -> None:
    secret = "EAAsecretvalue\nmore"
    with pytest.raises(EnvFileError) as info:
        EnvFile.read(tmp_path / ".env", {}).plan({"access_token": secret})
    assert "EAAsecret" not in str(info.value)


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(EnvFileError, match="Unknown setting"):
        EnvFile.read(tmp_path / ".env", {}).plan({"nope": "x"})


def test_plan_lines_mask_secrets(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", f"WHATSAPP_TOKEN={TOKEN}\nFACEBOOK_APP_ID=1\n")
    new_token = "EAAZ" + "q" * 80 + "9xZD"
    plan = EnvFile.read(path, {}).plan(
        {"access_token": new_token, "app_id": "1", "phone_number_id": "100231144556677"}
    )
    by_field = {line.field: line for line in plan.lines}
    token = by_field["access_token"]
    assert (token.key, token.action, token.old, token.new) == (
        "WHATSAPP_TOKEN",
        "changed",
        "EAAG…c3D4",
        "EAAZ…9xZD",
    )
    assert by_field["app_id"].action == "unchanged"
    assert by_field["phone_number_id"].action == "added"
    assert by_field["phone_number_id"].new == "100231144556677"
    assert TOKEN not in repr(plan.lines)
    assert new_token not in repr(plan.lines)


def test_new_file_is_0600_and_has_no_backup(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    backup = EnvFile.read(path, {}).plan({"app_id": "1"}).apply()
    assert backup is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "FACEBOOK_APP_ID='1'\n"


def test_existing_0644_file_becomes_0600_with_0600_backup(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "A=1\n", mode=0o644)
    backup = EnvFile.read(path, {}).plan({"app_id": "1"}).apply()
    assert backup is not None
    assert backup.parent == tmp_path
    assert backup.name.startswith(".env.bak-")
    assert backup.read_text() == "A=1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_backups_in_the_same_second_do_not_clobber(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "A=1\n")
    backups = []
    for value in ("1", "2", "3"):
        backup = EnvFile.read(path, {}).plan({"app_id": value}).apply()
        assert backup is not None
        backups.append(backup)
    assert len(set(backups)) == 3
    contents = sorted(b.read_text() for b in backups)
    assert contents == ["A=1\n", "A=1\nFACEBOOK_APP_ID='1'\n", "A=1\nFACEBOOK_APP_ID='2'\n"]


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / ".env", "FACEBOOK_APP_ID=1\n")
    plan = EnvFile.read(path, {}).plan({"app_id": "1"})
    assert not plan.changed
    assert plan.apply() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_symlink_target_is_written_and_link_kept(tmp_path: Path) -> None:
    real_dir = tmp_path / "secrets"
    real_dir.mkdir()
    target = write(real_dir / "app.env", "A=1\n", mode=0o644)
    link = tmp_path / ".env"
    link.symlink_to(target)
    env = EnvFile.read(link, {})
    assert env.target == target.resolve()
    backup = env.plan({"app_id": "5"}).apply()
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text() == "A=1\nFACEBOOK_APP_ID='5'\n"
    assert backup is not None
    assert backup.parent == real_dir
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_non_utf8_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\nB=\xff\n")
    with pytest.raises(EnvFileError, match=r"not UTF-8 text \(line 2\)"):
        EnvFile.read(path, {})


def test_folder_instead_of_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(EnvFileError, match="is a folder"):
        EnvFile.read(tmp_path, {})


def test_unparsable_line_blocking_readback_refuses(tmp_path: Path) -> None:
    # An unclosed quote on the last line would swallow an appended binding.
    text = "A=1\nB='unclosed\n"
    path = write(tmp_path / ".env", text)
    with pytest.raises(EnvFileError, match="could not be updated safely"):
        update(path, {"verify_token": "x'y"})
    assert path.read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]
