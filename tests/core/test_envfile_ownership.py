"""Issue 14, file side: a write keeps owner, group and a deliberate mode; writers queue.

The tests run as root here (like the finding): a file of ``nobody`` must stay
``nobody``'s. Where root is not available they are skipped.
"""

from __future__ import annotations

import errno
import grp
import os
import pwd
import stat
from pathlib import Path
from typing import Any

import pytest

from wizard.core.envfile import write
from wizard.core.envfile.store import EnvFile
from wizard.core.envfile.write import BACKUPS_KEPT, EnvFileError, backups_of, writer_lock

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="chown to another user needs root")


def nobody() -> tuple[int, int]:
    return pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid


def env_file(tmp_path: Path, mode: int, owner: tuple[int, int] | None = None) -> Path:
    path = tmp_path / ".env"
    path.write_text("FACEBOOK_APP_ID=1\n")
    if owner is not None:
        os.chown(path, *owner)
    path.chmod(mode)
    return path


def owner_and_mode(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)


@needs_root
def test_another_users_file_keeps_its_owner(tmp_path: Path) -> None:
    uid, gid = nobody()
    path = env_file(tmp_path, 0o644, (uid, gid))
    backup = EnvFile.read(path, {}).plan({"app_id": "2"}).apply()
    # 0644 (the default umask) becomes 0600: readable by others was nobody's choice.
    assert owner_and_mode(path) == (uid, gid, 0o600)
    assert backup is not None
    assert owner_and_mode(backup) == (uid, gid, 0o600)
    assert EnvFile.read(path, {}).raw() == {"FACEBOOK_APP_ID": "2"}


@needs_root
def test_a_group_readable_file_keeps_group_and_0640(tmp_path: Path) -> None:
    _, gid = nobody()
    path = env_file(tmp_path, 0o640, (0, gid))
    EnvFile.read(path, {}).plan({"app_id": "2"}).apply()
    assert owner_and_mode(path) == (0, gid, 0o640)


@pytest.mark.parametrize(
    ("before", "after"),
    [(0o600, 0o600), (0o644, 0o600), (0o640, 0o640), (0o660, 0o660), (0o666, 0o600)],
)
def test_the_mode_is_never_widened(tmp_path: Path, before: int, after: int) -> None:
    path = env_file(tmp_path, before)
    EnvFile.read(path, {}).plan({"app_id": "2"}).apply()
    assert stat.S_IMODE(path.stat().st_mode) == after
    assert write.kept_mode(before) & ~before & 0o077 == 0  # no bit for group/others added


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = env_file(tmp_path, 0o400)
    env = EnvFile.read(path, {})
    with pytest.raises(EnvFileError, match=r"read-only \(mode 0400\).*chmod u\+w"):
        env.plan({"app_id": "2"}).apply()
    assert path.read_text() == "FACEBOOK_APP_ID=1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]  # no temp, no backup


def test_an_owner_it_cannot_keep_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    """Not root: chown to the file's owner fails, so nothing is written."""
    path = env_file(tmp_path, 0o600)
    real = os.stat

    def someone_else(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real(target, *args, **kwargs)
        if Path(target) == path:
            values = list(info)
            values[stat.ST_UID] = info.st_uid + 4242
            return os.stat_result(values)
        return info

    def denied(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    env = EnvFile.read(path, {})
    monkeypatch.setattr(os, "stat", someone_else)
    monkeypatch.setattr(os, "fchown", denied)
    with pytest.raises(EnvFileError, match="cannot give the new file that owner"):
        env.plan({"app_id": "2"}).apply()
    assert path.read_text() == "FACEBOOK_APP_ID=1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_only_the_last_backups_are_kept(tmp_path: Path) -> None:
    path = env_file(tmp_path, 0o600)
    stranger = tmp_path / ".env.bak-notes.txt"  # not one of ours: never deleted
    stranger.write_text("mine")
    contents = []
    for n in range(2, BACKUPS_KEPT + 4):
        contents.append(path.read_text())
        EnvFile.read(path, {}).plan({"app_id": str(n)}).apply()
    kept = backups_of(path)
    assert len(kept) == BACKUPS_KEPT
    assert [p.read_text() for p in kept] == contents[-BACKUPS_KEPT:]
    assert stranger.read_text() == "mine"


def test_backups_sort_by_time_then_counter(tmp_path: Path) -> None:
    target = tmp_path / ".env"
    names = [
        ".env.bak-20260101-000000-10",
        ".env.bak-20260101-000000-2",
        ".env.bak-20251231-235959",
    ]
    for name in [*names, ".env.bak-2026", ".envx.bak-20260101-000000"]:
        (tmp_path / name).write_text("x")
    assert [p.name for p in backups_of(target)] == [names[2], names[1], names[0]]


def test_a_held_lock_gives_a_clear_message_and_writes_nothing(
    tmp_path: Path, monkeypatch: Any
) -> None:
    path = env_file(tmp_path, 0o600)
    env = EnvFile.read(path, {})
    monkeypatch.setattr(write, "LOCK_WAIT_SECONDS", 0.2)
    with writer_lock(path), pytest.raises(EnvFileError, match=r"is writing \.env right now"):
        env.plan({"app_id": "2"}).apply()
    assert path.read_text() == "FACEBOOK_APP_ID=1\n"


def test_the_lock_file_is_gone_after_a_write(tmp_path: Path) -> None:
    path = env_file(tmp_path, 0o600)
    EnvFile.read(path, {}).plan({"app_id": "2"}).apply()
    assert not (tmp_path / ".env.lock").exists()  # nothing for git to notice
    stale = tmp_path / ".env.lock"
    stale.write_text("")  # left by a writer killed with SIGKILL
    EnvFile.read(path, {}).plan({"app_id": "3"}).apply()
    assert not stale.exists()


def test_the_changed_on_disk_check_runs_under_the_lock(tmp_path: Path, monkeypatch: Any) -> None:
    """The check sits between taking the lock and the rename, after the backup."""
    path = env_file(tmp_path, 0o600)
    events: list[str] = []
    real_lock, real_backup, real_replace = write.writer_lock, write._write_backup, os.replace

    def lock(target: Path, wait: float | None = None) -> Any:
        events.append("lock")
        return real_lock(target, wait)

    def backup(*args: Any) -> Path:
        events.append("backup")
        return real_backup(*args)

    def replace(src: Any, dst: Any) -> None:
        events.append("replace")
        real_replace(src, dst)

    env = EnvFile.read(path, {})
    real_check = env._check_unchanged

    def check() -> None:
        events.append("check")
        real_check()

    monkeypatch.setattr(write, "writer_lock", lock)
    monkeypatch.setattr(write, "_write_backup", backup)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(env, "_check_unchanged", check)
    env.plan({"app_id": "2"}).apply()
    assert events == ["lock", "backup", "check", "replace"]
