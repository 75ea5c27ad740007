"""Byte-preserving edits of a .env text and the atomic, backed-up write (helpers of envfile).

Only the changed binding's value is replaced: ``export``, the key, the spacing around
``=``, an inline comment, every other line, blank lines and CRLF/LF endings stay as
they were. Bindings are located with python-dotenv's own parser, so we agree with it
on where a binding starts and ends.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable
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


def _write_backup(target: Path, data: bytes) -> Path:
    """``<name>.bak-YYYYMMDD-HHMMSS`` (mode 0600), never overwriting an existing one."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = target.with_name(f"{target.name}.bak-{stamp}{suffix}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            candidate.unlink(missing_ok=True)
            raise
        return candidate
    raise EnvFileError(f"Too many backups of {target.name} this second; try again.")


def atomic_write(
    target: Path,
    data: bytes,
    *,
    old: bytes | None,
    check_unchanged: Callable[[], None],
    verify: Callable[[Path], None],
) -> Path | None:
    """Write ``data`` to ``target`` atomically (mode 0600), backing up ``old``.

    Steps: temp file in the same folder, write, fsync, ``verify(temp)``, check the
    target did not change since it was read, backup, ``os.replace``, fsync the folder.
    On any failure the target is untouched and the temp file (and backup) removed.

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
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _explain(exc, folder, "writing the new file") from None
        verify(tmp)
        check_unchanged()
        if old is not None:
            try:
                backup = _write_backup(target, old)
            except OSError as exc:
                raise _explain(exc, folder, "writing the backup") from None
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _explain(exc, folder, "replacing the env file") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return backup
