"""The .env store: read with provenance, plan a change, write it in place atomically.

"Never lose data": every byte the wizard did not mean to change stays identical, the
previous file is kept as a backup, and a file that changed on disk since it was read is
never overwritten. Reading uses python-dotenv exactly as applications do
(``dotenv_values(path, interpolate=False)``) and never touches ``os.environ``.
Provenance (:class:`Binding`) lives in :mod:`wizard.core.envfile.bindings`, the byte-level
writing in :mod:`wizard.core.envfile.write`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from wizard.core.envfile.bindings import locate, provenance
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
        self._segments = [b.original.string for b in parse_stream(io.StringIO(body))]
        if "".join(self._segments) != body:  # pragma: no cover - parser contract
            raise EnvFileError(f"{path} could not be split into lines safely; nothing was changed.")
        self._raw_all = dict(dotenv_values(stream=io.StringIO(_universal(text)), interpolate=False))
        self._locations = locate(self._segments, body)
        self.bindings = provenance(self._raw_all, self._locations, environ)

    @classmethod
    def read(cls, path: Path, environ: Mapping[str, str] | None = None) -> EnvFile:
        """Read ``path`` (a missing file is an empty one); ``environ`` defaults to os.environ."""
        path = Path(path)
        target = Path(os.path.realpath(path))
        env = os.environ if environ is None else environ
        try:
            with open(target, "rb") as handle:
                data = handle.read()
                stat = os.fstat(handle.fileno())
        except FileNotFoundError:
            return cls(path, target, "", Fingerprint(exists=False), env)
        except IsADirectoryError:
            raise EnvFileError(
                f"{path} is a folder, not a file. Fix: pass the file itself, e.g. "
                f"--env-file {path / '.env'}."
            ) from None
        except PermissionError:
            raise EnvFileError(
                f"Permission denied reading {path}. Fix: chmod u+rw {path} (it holds secrets, "
                "so keep it readable by you only)."
            ) from None
        except OSError as exc:
            raise EnvFileError(f"{path} could not be read ({exc.strerror}).") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise EnvFileError(
                f"{path} is not UTF-8 text (line {line}); python-dotenv cannot read it either. "
                "Fix: save it as UTF-8 in your editor."
            ) from None
        return cls(path, target, text, fingerprint_of(data, stat), env)

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
        return EnvPlan(self, lines, writes)

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
