"""Save a redacted traceback instead of showing one."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path

from wizard.core.redact import redact, register_secret


def crash_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "wa-wizard"


def save_crash_report(exc: BaseException) -> Path:
    """Write the redacted trace to a private file and return its path."""
    text = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (crash_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / f"crash-{stamp}-{os.getpid()}.txt"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return path
        except OSError:
            continue
    return Path("(could not be saved)")


def register_env_secrets(env_file: Path) -> None:
    """Register the env file's secrets for redaction, whatever state the crash left."""
    try:
        from dotenv import dotenv_values

        from wizard.core.state import KEY_ALIASES, SECRET_FIELDS

        values = dotenv_values(env_file, interpolate=False)
        for field in SECRET_FIELDS:
            for key in KEY_ALIASES[field]:
                register_secret(values.get(key))
    except Exception:  # nosec B110 - best effort inside the last-resort handler
        pass
