"""The last-resort crash report (issue 14, finding 7): never follows a planted link."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

import pytest

from wizard.core import crash


def test_crash_file_in_tmp_does_not_follow_a_link_at_the_predictable_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")  # the state folder cannot be made: the /tmp fallback is used
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setattr(time, "strftime", lambda fmt, *a: "20260101-000000")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    planted = shared / f"crash-20260101-000000-{os.getpid()}.txt"
    planted.symlink_to(victim)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        where = crash.save_crash_report(exc)
    assert victim.read_text() == "precious\n"
    assert where.parent == shared
    assert where != planted
    assert not where.is_symlink()
    assert "RuntimeError: boom" in where.read_text()
    assert stat.S_IMODE(where.stat().st_mode) == 0o600


def test_register_env_secrets_never_reads_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / ".env"
    os.mkfifo(fifo)
    crash.register_env_secrets(fifo)  # returns at once instead of blocking the handler
