"""EnvPlan.apply: refusal when the file changed on disk, and clean failures."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from wizard.core.envfile import write as envfile_write
from wizard.core.envfile.store import EnvFile
from wizard.core.envfile.write import EnvChangedOnDisk, EnvFileError

ORIGINAL = "# keep me\nWHATSAPP_ACCESS_TOKEN=old\n"


@pytest.fixture
def env_path(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(ORIGINAL)
    path.chmod(0o644)
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_refuses_when_content_changed(env_path: Path) -> None:
    plan = EnvFile.read(env_path, {}).plan({"app_id": "1"})
    env_path.write_text("# keep me\nWHATSAPP_ACCESS_TOKEN=new\n")  # same size
    with pytest.raises(EnvChangedOnDisk, match="changed by something else"):
        plan.apply()
    assert env_path.read_text() == "# keep me\nWHATSAPP_ACCESS_TOKEN=new\n"
    assert names(env_path.parent) == [".env"]


def test_refuses_when_only_mtime_changed(env_path: Path) -> None:
    plan = EnvFile.read(env_path, {}).plan({"app_id": "1"})
    st = env_path.stat()
    os.utime(env_path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with pytest.raises(EnvChangedOnDisk):
        plan.apply()
    assert env_path.read_text() == ORIGINAL


def test_refuses_when_deleted(env_path: Path) -> None:
    plan = EnvFile.read(env_path, {}).plan({"app_id": "1"})
    env_path.unlink()
    with pytest.raises(EnvChangedOnDisk, match="was deleted"):
        plan.apply()
    assert names(env_path.parent) == []


def test_refuses_when_a_file_appeared(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    plan = EnvFile.read(path, {}).plan({"app_id": "1"})
    path.write_text("MINE=1\n")
    with pytest.raises(EnvChangedOnDisk, match="was created by something else"):
        plan.apply()
    assert path.read_text() == "MINE=1\n"


def test_second_apply_of_the_same_plan_is_refused(env_path: Path) -> None:
    plan = EnvFile.read(env_path, {}).plan({"app_id": "1"})
    plan.apply()
    with pytest.raises(EnvChangedOnDisk):
        plan.apply()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_folder_real(env_path: Path) -> None:
    folder = env_path.parent
    folder.chmod(0o500)
    try:
        with pytest.raises(EnvFileError, match="Permission denied") as info:
            EnvFile.read(env_path, {}).plan({"app_id": "1"}).apply()
        assert "chmod" in str(info.value) or "writable" in str(info.value)
    finally:
        folder.chmod(0o700)
    assert env_path.read_text() == ORIGINAL
    assert names(folder) == [".env"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.EACCES, "Permission denied"),
        (errno.EROFS, "read-only file system"),
        (errno.ENOSPC, "is full"),
        (errno.EIO, "EIO"),
    ],
)
@pytest.mark.parametrize("stage", ["mkstemp", "write", "backup", "replace"])
def test_os_errors_become_explained_and_leave_no_trace(
    env_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str, stage: str
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code), "/secret/path?client_secret=abc")

    plan = EnvFile.read(env_path, {}).plan({"access_token": "EAA" + "z" * 60})
    if stage == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", boom)
    elif stage == "write":
        monkeypatch.setattr(os, "fsync", boom)
    elif stage == "backup":
        monkeypatch.setattr(envfile_write, "_write_backup", boom)
    else:
        monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(EnvFileError, match=message) as info:
        plan.apply()
    text = str(info.value)
    assert "client_secret" not in text
    assert "zzzz" not in text
    assert env_path.read_text() == ORIGINAL
    assert stat.S_IMODE(env_path.stat().st_mode) == 0o644  # untouched, not even chmod
    assert names(env_path.parent) == [".env"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a 0000 file")
def test_unreadable_file_is_explained(env_path: Path) -> None:
    env_path.chmod(0)
    try:
        with pytest.raises(EnvFileError, match="Permission denied reading"):
            EnvFile.read(env_path, {})
    finally:
        env_path.chmod(0o600)


def test_temp_file_removed_when_verification_fails(env_path: Path) -> None:
    env_path.write_text("A=1\nB='open\n")
    with pytest.raises(EnvFileError, match="could not be updated safely"):
        EnvFile.read(env_path, {}).plan({"app_id": "1"}).apply()
    assert names(env_path.parent) == [".env"]
