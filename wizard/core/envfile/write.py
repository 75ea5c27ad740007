"""Byte-preserving edits of a .env text and the atomic, backed-up write (helpers of envfile).

Only the changed binding's value is replaced: ``export``, the key, the spacing around
``=``, an inline comment, every other line, blank lines and CRLF/LF endings stay as
they were. Bindings are located with python-dotenv's own parser, so we agree with it
on where a binding starts and ends.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from dotenv.parser import (
    _double_quoted_value,
    _equal_sign,
    _export,
    _single_quoted_key,
    _single_quoted_value,
    _unquoted_key,
    _unquoted_value,
    _whitespace,
)

FORBIDDEN_CHARS = ("\r", "\n", "\x00")
"""A written value containing these would not read back (python-dotenv turns \\r into \\n)."""


class EnvFileError(Exception):
    """A user-facing, secret-free explanation of why the env file was not read or written."""


class EnvChangedOnDisk(EnvFileError):
    """The file changed between reading it and writing it: refuse, never clobber."""


@dataclass(frozen=True)
class Fingerprint:
    """What the file looked like when it was read."""

    exists: bool
    sha256: str = ""
    size: int = 0
    mtime_ns: int = 0


def fingerprint_of(data: bytes, stat: os.stat_result) -> Fingerprint:
    return Fingerprint(True, hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime_ns)


def quote_value(value: str) -> str:
    """Single-quote ``value`` escaping ``\\`` and ``'``: reads back exactly with dotenv."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def dominant_newline(text: str) -> str:
    """``\\r\\n`` when most line breaks are CRLF, else ``\\n``."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf > text.count("\n") - crlf else "\n"


def replace_value(segment: str, new_value: str) -> str:
    """Rewrite the value of one binding's original text, keeping everything around it.

    ``segment`` is a python-dotenv ``Binding.original.string``: leading blank lines and
    indentation, optional ``export``, the key, ``=``, the value, an inline comment and
    the line ending.
    """
    quoted = quote_value(new_value)
    i = len(segment) - len(segment.lstrip())
    i = _match_end(_export, segment, i)
    key_re = _single_quoted_key if segment[i : i + 1] == "'" else _unquoted_key
    key_end = _match_end(key_re, segment, i)
    i = _match_end(_whitespace, segment, key_end)
    if segment[i : i + 1] != "=":  # "KEY" alone: value None -> insert "=value"
        return segment[:key_end] + "=" + quoted + segment[key_end:]
    match = _equal_sign.match(segment, i)
    assert match is not None
    start = match.end()
    char = segment[start : start + 1]
    if len(match.group(1)) > 1 and char == "#":  # "KEY= # comment": empty value
        end = start
        quoted += " "
    elif char == "'":
        end = _match_end(_single_quoted_value, segment, start)
    elif char == '"':
        end = _match_end(_double_quoted_value, segment, start)
    elif char in ("", "\n", "\r"):
        end = start
    else:
        value_match = _unquoted_value.match(segment, start)
        assert value_match is not None
        part = value_match.group(1)
        comment = re.search(r"\s+#.*", part)
        kept = part[: comment.start()] if comment else part
        end = start + len(kept.rstrip())
    return segment[:start] + quoted + segment[end:]


def _match_end(regex: re.Pattern[str], text: str, pos: int) -> int:
    match = regex.match(text, pos)
    if match is None:  # cannot happen for a binding python-dotenv parsed without error
        raise EnvFileError("The env file changed shape while it was being edited; try again.")
    return match.end()


def _explain(exc: OSError, folder: Path, action: str) -> EnvFileError:
    """Map an OSError to a sentence with a fix; never include the exception text."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return EnvFileError(
            f"Permission denied while {action} in {folder}. Fix: make the folder and the "
            f"file writable by you (ls -l {folder}), or choose another file with --env-file."
        )
    if code == errno.EROFS:
        return EnvFileError(
            f"{folder} is on a read-only file system, so nothing could be written. "
            "Fix: choose a writable location with --env-file."
        )
    if code in (errno.ENOSPC, errno.EDQUOT):
        return EnvFileError(
            f"The disk holding {folder} is full (or over quota). Fix: free some space "
            "and try again; the env file was not changed."
        )
    name = errno.errorcode.get(code or 0, "unknown error")
    return EnvFileError(
        f"The operating system refused while {action} in {folder} ({name}). "
        "The env file was not changed; check the folder and try again."
    )


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the rename already happened
    finally:
        os.close(fd)


BACKUPS_KEPT = 5
"""Backups ``<name>.bak-…`` kept beside the env file; older ones are deleted after a write."""

LOCK_WAIT_SECONDS = 10.0
"""How long a writer waits for another one holding the lock before it gives up and says so."""

_BACKUP_NAME = re.compile(r"\.bak-(\d{8}-\d{6})(?:-(\d+))?")


def _write_backup(target: Path, data: bytes, owner: tuple[int, int] | None) -> Path:
    """``<name>.bak-YYYYMMDD-HHMMSS`` (mode 0600, the env file's owner), never overwriting."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    # After the newest of this second: a name freed by pruning must not be reused, or
    # the newest backup would sort as the oldest and be the next one deleted.
    first = max((n for s, n, _ in _backup_entries(target) if s == stamp), default=0) + 1
    for n in range(first, first + 1000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = target.with_name(f"{target.name}.bak-{stamp}{suffix}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                if owner is not None:
                    os.fchown(handle.fileno(), *owner)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            candidate.unlink(missing_ok=True)
            raise
        return candidate
    raise EnvFileError(f"Too many backups of {target.name} this second; try again.")


def backups_of(target: Path) -> list[Path]:
    """The backups wa-wizard wrote beside ``target``, oldest first."""
    return [path for _, _, path in sorted(_backup_entries(target))]


def _backup_entries(target: Path) -> list[tuple[str, int, Path]]:
    """(stamp, counter, path) of each ``<name>.bak-YYYYMMDD-HHMMSS[-N]`` beside ``target``."""
    found: list[tuple[str, int, Path]] = []
    prefix = target.name
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    for name in names:
        if not name.startswith(prefix):
            continue
        match = _BACKUP_NAME.fullmatch(name, len(prefix))
        if match is None:
            continue
        found.append((match.group(1), int(match.group(2) or 1), target.with_name(name)))
    return found


def _prune_backups(target: Path) -> None:
    """Keep the newest :data:`BACKUPS_KEPT` backups; best effort (a failure loses nothing)."""
    for old in backups_of(target)[:-BACKUPS_KEPT]:
        try:
            if stat.S_ISREG(os.lstat(old).st_mode):
                old.unlink()
        except OSError:
            continue


@contextmanager
def writer_lock(target: Path, wait: float | None = None) -> Iterator[None]:
    """Serialise writers of ``target`` with ``flock`` on a lock file beside it (``.env.lock``).

    The lock file (mode 0600, empty) exists only while a write is under way: it is
    removed before the lock is released, and a writer that locked a file that was
    removed meanwhile starts again. So nothing new is left next to the env file for
    git to see. A lock still held after ``wait`` seconds (default
    :data:`LOCK_WAIT_SECONDS`) raises :class:`EnvFileError` saying who to wait for.
    """
    hidden = target.name if target.name.startswith(".") else f".{target.name}"
    lock = target.with_name(f"{hidden}.lock")
    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            fd = _open_lock(lock)
        except OSError as exc:
            raise _explain(exc, target.parent, "creating the lock file") from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise EnvFileError(
                            f"Another program (wa-wizard in another terminal?) is writing "
                            f"{target.name} right now and still held its lock ({lock.name}) "
                            f"after {LOCK_WAIT_SECONDS if wait is None else wait:.0f} s, so "
                            "nothing was written. Fix: let it finish, then run this again."
                        ) from None
                    time.sleep(0.05)  # polling a lock another process holds: no event to await
            held, now = os.fstat(fd), _stat_or_none(lock)
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # the file we locked was removed by the previous holder: again
    try:
        yield
    finally:
        with suppress(OSError):
            lock.unlink()
        os.close(fd)


def _open_lock(lock: Path) -> int:
    """Open (or create, 0600) the lock file; never through a symlink.

    flock needs no write access: a lock file left by a killed writer of another user
    (root, say) is opened read-only.
    """
    flags = os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | flags, 0o600)
    except PermissionError:
        return os.open(lock, os.O_RDONLY | flags)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path, follow_symlinks=False)
    except OSError:
        return None


def kept_mode(existing: int) -> int:
    """The mode of the rewritten file: never wider than before, never readable by others.

    The owner keeps read and write. A file others could read (``0644``, what the default
    umask gives) becomes ``0600``: it holds secrets and nobody chose that. A file shared
    with its group only (``0640``, ``0660``) was set so on purpose, for a service's group,
    and keeps its group bits. A new file is ``0600``.
    """
    if existing & 0o007:
        return 0o600
    return 0o600 | (existing & 0o060)


def _refuse_read_only(target: Path, mode: int) -> None:
    if not mode & 0o200:
        raise EnvFileError(
            f"{target} is read-only (mode {stat.S_IMODE(mode):04o}): someone made it so on "
            f"purpose, so wa-wizard will not replace it. Fix: chmod u+w {target} and run "
            "this again (chmod u-w afterwards to protect it again)."
        )


def _owner_name(uid: int, gid: int) -> str:
    try:
        import grp
        import pwd

        return f"{pwd.getpwuid(uid).pw_name}:{grp.getgrgid(gid).gr_name}"
    except (ImportError, KeyError):
        return f"{uid}:{gid}"


def _keep_owner(fd: int, target: Path, info: os.stat_result) -> None:
    """Give the temp file the env file's owner and group, or refuse (before any rename)."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        raise EnvFileError(
            f"{target} belongs to {_owner_name(info.st_uid, info.st_gid)}; wa-wizard runs "
            f"as {_owner_name(os.geteuid(), os.getegid())} and cannot give the new file that "
            "owner and group, so nothing was written (the file would have changed hands). "
            f"Fix: run wa-wizard as the file's owner, or take it over first: "
            f"chown $(id -un):$(id -gn) {target}"
        ) from None


def atomic_write(
    target: Path,
    data: bytes,
    *,
    old: bytes | None,
    check_unchanged: Callable[[], None],
    verify: Callable[[Path], None],
) -> Path | None:
    """Write ``data`` to ``target`` atomically, backing up ``old``.

    Steps: temp file in the same folder, write, fsync, ``verify(temp)``; then, holding
    :func:`writer_lock`: refuse a read-only file, give the temp file the target's owner,
    group and :func:`kept_mode` (0600 when new), write the backup, check the target did
    not change since it was read (right before the rename, so no other wa-wizard can
    slip in), ``os.replace``, fsync the folder, keep the last :data:`BACKUPS_KEPT`
    backups. On any failure the target is untouched and the temp file (and backup)
    removed.

    Returns:
        The backup path, or None when there was no previous file.
    """
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _explain(exc, folder, "creating a temporary file") from None
    tmp = Path(tmp_name)
    backup: Path | None = None
    try:
        try:
            with os.fdopen(fd, "wb", closefd=False) as handle:
                os.fchmod(fd, 0o600)
                handle.write(data)
                handle.flush()
                os.fsync(fd)
        except OSError as exc:
            raise _explain(exc, folder, "writing the new file") from None
        verify(tmp)
        with writer_lock(target):
            info = _stat_or_none(target)
            owner: tuple[int, int] | None = None
            if info is not None and stat.S_ISREG(info.st_mode):
                _refuse_read_only(target, info.st_mode)
                _keep_owner(fd, target, info)
                owner = (info.st_uid, info.st_gid)
                try:
                    os.fchmod(fd, kept_mode(info.st_mode))
                except OSError as exc:
                    raise _explain(exc, folder, "setting the new file's mode") from None
            if old is not None:
                try:
                    backup = _write_backup(target, old, owner)
                except OSError as exc:
                    raise _explain(exc, folder, "writing the backup") from None
            check_unchanged()
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _explain(exc, folder, "replacing the env file") from None
            _fsync_folder(folder)
            _prune_backups(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return backup
