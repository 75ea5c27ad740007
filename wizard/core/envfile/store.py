"""The .env store: read with provenance, plan a change, write it in place atomically.

"Never lose data": every byte the wizard did not mean to change stays identical, the
previous file is kept as a backup, and a file that changed on disk since it was read is
never overwritten. Reading uses python-dotenv exactly as applications do
(``dotenv_values(path, interpolate=False)``) and never touches ``os.environ``.
Provenance (:class:`Binding`) lives in :mod:`wizard.core.envfile.bindings`, the byte-level
writing in :mod:`wizard.core.envfile.write`.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from wizard.core.envfile.bindings import locate, provenance, unparsed_lines
from wizard.core.envfile.write import (
    FORBIDDEN_CHARS,
    EnvChangedOnDisk,
    EnvFileError,
    Fingerprint,
    atomic_write,
    dominant_newline,
    fingerprint_of,
    quote_value,
    replace_value,
)
from wizard.core.redact import register_secret
from wizard.core.state import FIELD_LABELS, KEY_ALIASES, KEY_DEFAULTS, SECRET_FIELDS, SetupValues
from wizard.core.tokens import mask


@dataclass(frozen=True)
class PlanLine:
    """One row of the review screen; ``old``/``new`` are already masked for secrets."""

    field: str
    key: str
    action: Literal["added", "changed", "unchanged"]
    old: str | None
    new: str


class EnvFile:
    """A parsed .env file; build it with :meth:`read`."""

    def __init__(
        self,
        path: Path,
        target: Path,
        text: str,
        fingerprint: Fingerprint,
        environ: Mapping[str, str],
    ) -> None:
        self.path = path
        self.target = target
        """The file actually read and written (the symlink's target when path is a link)."""
        self.exists = fingerprint.exists
        self._text = text
        self._fingerprint = fingerprint
        self._bom = text.startswith("\ufeff")
        body = text[1:] if self._bom else text
        parsed = list(parse_stream(io.StringIO(body)))  # once: a 1 MB file parses in ~1 s
        self._segments = [b.original.string for b in parsed]
        if "".join(self._segments) != body:  # pragma: no cover - parser contract
            raise EnvFileError(f"{path} could not be split into lines safely; nothing was changed.")
        with dotenv_warnings_captured():
            self._raw_all = dict(
                dotenv_values(stream=io.StringIO(_universal(text)), interpolate=False)
            )
        self._locations = locate(parsed, body)
        self.unparsed_lines = unparsed_lines(parsed)
        """Lines python-dotenv cannot parse (it skips them, so the app never sees them)."""
        self.bindings = provenance(self._raw_all, self._locations, environ)

    @classmethod
    def read(cls, path: Path, environ: Mapping[str, str] | None = None) -> EnvFile:
        """Read ``path`` (a missing file is an empty one); ``environ`` defaults to os.environ.

        Only a regular file of at most :data:`MAX_ENV_BYTES` is read: a FIFO would block
        every command, ``/dev/zero`` would never end, and a pipe such as ``<(cat .env)``
        cannot be written back. A symlink is followed to its target (which is what gets
        written), but a dangling one is refused rather than silently creating its target.
        """
        path = Path(path)
        env = os.environ if environ is None else environ
        try:
            info = os.stat(path)  # follows links; the type is checked before any open()
        except FileNotFoundError:
            if os.path.islink(path):
                raise EnvFileError(_dangling(path)) from None
            return cls(path, Path(os.path.realpath(path)), "", Fingerprint(exists=False), env)
        except OSError as exc:
            raise _read_error(path, exc) from None
        if stat.S_ISDIR(info.st_mode):
            raise EnvFileError(
                f"{path} is a folder, not a file. Fix: pass the file itself, e.g. "
                f"--env-file {path / '.env'}."
            )
        if not stat.S_ISREG(info.st_mode):
            raise EnvFileError(_not_regular(path, info.st_mode))
        if info.st_size > MAX_ENV_BYTES:
            raise EnvFileError(_too_big(path, info.st_size))
        target = Path(os.path.realpath(path))
        try:
            # O_NONBLOCK: should the file be swapped for a FIFO after the stat, open
            # returns at once and the fstat below refuses it; O_NOFOLLOW: realpath
            # resolved every link, so a link appearing now is not followed.
            fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError as exc:
            raise _read_error(path, exc) from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise EnvFileError(_not_regular(path, info.st_mode))
            try:
                data = handle.read(MAX_ENV_BYTES + 1)
            except OSError as exc:
                raise _read_error(path, exc) from None
        if len(data) > MAX_ENV_BYTES:
            raise EnvFileError(_too_big(path, len(data)))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise EnvFileError(
                f"{path} is not UTF-8 text (line {line}); python-dotenv cannot read it either. "
                "Fix: save it as UTF-8 in your editor."
            ) from None
        return cls(path, target, text, fingerprint_of(data, info), env)

    def values(self) -> SetupValues:
        """The file's values (environment-only bindings excluded; see ``bindings``)."""
        found = {f: b.value for f, b in self.bindings.items() if b.source == "file"}
        return replace(SetupValues(), **found)

    def raw(self) -> dict[str, str]:
        """Every key of the file as python-dotenv reads it (interpolate=False), None dropped."""
        return {k: v for k, v in self._raw_all.items() if v is not None}

    def key_for(self, field: str) -> str:
        """The key a change of ``field`` is written to: the one in the file, else the default."""
        keys = KEY_ALIASES[field]
        for key in keys:
            if self._raw_all.get(key) is not None:
                return key
        for key in keys:
            if key in self._raw_all:  # "KEY" without "=": fill it in place
                return key
        return KEY_DEFAULTS[field]

    def plan(self, changes: Mapping[str, str]) -> EnvPlan:
        """Validate ``changes`` (field -> new value) and describe them; nothing is written.

        Raises:
            EnvFileError: unknown field, or a value with a line break or NUL.
        """
        lines: list[PlanLine] = []
        writes: dict[str, str] = {}
        for field, value in changes.items():
            if field not in KEY_DEFAULTS:
                raise EnvFileError(
                    f"Unknown setting {field!r}; expected one of: {', '.join(KEY_DEFAULTS)}."
                )
            label = FIELD_LABELS[field]
            if not isinstance(value, str):
                raise EnvFileError(f"The new {label} is not text; nothing was written.")
            if any(c in value for c in FORBIDDEN_CHARS):
                raise EnvFileError(
                    f"The new {label} contains a line break or a NUL character, which a .env "
                    "file cannot hold. Fix: copy the value again (without the end of line)."
                )
            key = self.key_for(field)
            old = self._raw_all.get(key) if key in self._raw_all else None
            if key not in self._raw_all:
                action: Literal["added", "changed", "unchanged"] = "added"
            elif old == value:
                action = "unchanged"
            else:
                action = "changed"
            if field in SECRET_FIELDS:
                register_secret(value)
                shown_old, shown_new = (None if old is None else mask(old)), mask(value)
            else:
                shown_old, shown_new = old, value
            lines.append(PlanLine(field, key, action, shown_old, shown_new))
            if action != "unchanged":
                writes[key] = value
            for alias in self._stale_aliases(field, key, value):
                stale = self._raw_all[alias] or ""
                shown = mask(stale) if field in SECRET_FIELDS else stale
                lines.append(PlanLine(field, alias, "changed", shown, shown_new))
                writes[alias] = value
        return EnvPlan(self, lines, writes)

    def _stale_aliases(self, field: str, key: str, value: str) -> list[str]:
        """Other names of ``field`` in the file holding another value than ``value``.

        They are updated too: an app reading the alias would otherwise keep the old
        secret while doctor and the wizard show the new one.
        """
        return [
            alias
            for alias in KEY_ALIASES[field]
            if alias != key and self._raw_all.get(alias) not in (None, value)
        ]

    def alias_conflicts(self) -> list[tuple[str, str]]:
        """(key used, other key) for every field whose names in the file disagree."""
        conflicts: list[tuple[str, str]] = []
        for field, binding in self.bindings.items():
            if binding.source != "file":
                continue
            for alias in self._stale_aliases(field, binding.key, binding.value):
                conflicts.append((binding.key, alias))
        return conflicts

    def render(self, writes: Mapping[str, str]) -> str:
        """The full new text with ``writes`` (key -> value) applied in place or appended."""
        segments = list(self._segments)
        newline = dominant_newline(self._text)
        appended: list[str] = []
        for key, value in writes.items():
            location = self._locations.get(key)
            if location is None:
                appended.append(f"{key}={quote_value(value)}{newline}")
            else:
                segments[location.index] = replace_value(segments[location.index], value)
        body = "".join(segments)
        if appended and body and not body.endswith(("\n", "\r")):
            body += newline
        return ("\ufeff" if self._bom else "") + body + "".join(appended)

    def _check_unchanged(self) -> None:
        """Raise EnvChangedOnDisk when the target no longer matches what was read."""
        name = self.path
        try:
            with open(self.target, "rb") as handle:
                data = handle.read()
                now = fingerprint_of(data, os.fstat(handle.fileno()))
        except FileNotFoundError:
            now = Fingerprint(exists=False)
        except OSError:
            raise EnvFileError(
                f"{name} could not be re-read before writing; nothing was changed."
            ) from None
        if now != self._fingerprint:
            if not self._fingerprint.exists:
                what = "was created by something else"
            elif not now.exists:
                what = "was deleted"
            else:
                what = "was changed by something else (an editor?)"
            raise EnvChangedOnDisk(
                f"{name} {what} after wa-wizard read it, so it was not overwritten. "
                "Fix: run the command again so it starts from the current file."
            )


MAX_ENV_BYTES = 1024 * 1024
"""The largest env file read (1 MiB). Real ones hold a dozen keys in under 10 KB; this
leaves a hundredfold margin and bounds memory and time (a 1 MiB file reads in about a
second) whatever ``--env-file`` points at."""


class _DropUnparsedWarnings(logging.Filter):
    """Drop python-dotenv's "could not parse statement" log lines (one per read per line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "could not parse statement" not in str(record.msg)


@contextmanager
def dotenv_warnings_captured() -> Iterator[None]:
    """Silence python-dotenv's per-line parse warnings while we call it.

    They went to stderr once per read of the file (twice per command); the lines are
    reported once instead, explained, by :attr:`EnvFile.unparsed_lines` and doctor's
    env_file check.
    """
    logger = logging.getLogger("dotenv.main")
    quiet = _DropUnparsedWarnings()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _dangling(path: Path) -> str:
    target = os.readlink(path)
    return (
        f"{path} is a symbolic link to {target}, which does not exist. wa-wizard will not "
        f"create a file at the end of a link it did not make. Fix: create the target "
        f"(touch {target}; chmod 600 {target}), or remove the link (rm {path}) to start "
        "a new file."
    )


def _not_regular(path: Path, mode: int) -> str:
    if stat.S_ISFIFO(mode):
        kind = "a pipe (a FIFO, or a process substitution such as <(cat .env))"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "not a regular file"
    return (
        f"{path} is {kind}, not a regular file. wa-wizard reads the env file twice and writes "
        "it back in place, so it needs the file itself. Fix: pass the path of the .env "
        "file, e.g. --env-file ./.env."
    )


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path} is {size:,} bytes; an env file holds a few keys and wa-wizard reads at most "
        f"{MAX_ENV_BYTES:,} bytes (1 MiB). Is --env-file pointing at the right file?"
    )


def _read_error(path: Path, exc: OSError) -> EnvFileError:
    """A sentence with a fix for an OSError met while reading; never the exception text."""
    if exc.errno == errno.ELOOP:
        return EnvFileError(
            f"{path} is a symbolic link that loops (it points back to itself through other "
            f"links). Fix: see where it points with ls -l {path}, and remove or repoint it."
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return EnvFileError(
            f"Permission denied reading {path}. Fix: chmod u+rw {path} (it holds secrets, "
            "so keep it readable by you only)."
        )
    if exc.errno == errno.ENOTDIR:
        return EnvFileError(
            f"{path} cannot exist: a part of that path is a file, not a folder. "
            "Fix: check the path given to --env-file."
        )
    name = errno.errorcode.get(exc.errno or 0, "unknown error")
    return EnvFileError(f"{path} could not be read ({exc.strerror or name}).")


def _universal(text: str) -> str:
    """The text as python-dotenv sees it through open(): universal newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class EnvPlan:
    """A validated change set; :meth:`apply` writes it."""

    def __init__(self, env: EnvFile, lines: list[PlanLine], writes: dict[str, str]) -> None:
        self.env = env
        self.lines = lines
        self._writes = writes

    @property
    def changed(self) -> bool:
        """True when applying would change the file (or create it)."""
        return bool(self._writes)

    def apply(self) -> Path | None:
        """Write atomically and return the backup path (None when the file was new).

        Raises:
            EnvChangedOnDisk: the file changed since it was read (read it again).
            EnvFileError: permission denied, read-only folder, disk full, or the result
                would not read back exactly; the original file is untouched.
        """
        env = self.env
        if not self._writes:
            return None
        new_text = env.render(self._writes)
        expected = dict(env._raw_all)
        expected.update(self._writes)

        def verify(tmp: Path) -> None:
            with dotenv_warnings_captured():
                got = dotenv_values(tmp, interpolate=False)
            if dict(got) != expected:
                bad = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
                raise EnvFileError(
                    f"{env.path} could not be updated safely: after the change python-dotenv "
                    f"would read {', '.join(bad[:3])} differently, probably because of a line "
                    "it cannot parse (an unclosed quote?). Fix that line by hand and retry; "
                    "nothing was changed."
                )

        data = new_text.encode("utf-8")
        old = env._text.encode("utf-8") if env.exists else None
        return atomic_write(
            env.target, data, old=old, check_unchanged=env._check_unchanged, verify=verify
        )
