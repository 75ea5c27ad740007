"""Save a redacted traceback instead of showing one."""

from __future__ import annotations

import os
import stat
import tempfile
import time
import traceback
from pathlib import Path

from wizard.core.redact import redact, register_secret


def crash_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "wa-wizard"


def save_crash_report(exc: BaseException) -> Path:
    """Write the redacted trace to a private file and return its path.

    The file is made by ``tempfile.mkstemp`` (``O_CREAT|O_EXCL``, mode 0600, a random
    part in the name): in a shared folder such as /tmp a link planted at a predictable
    name is never followed, and no existing file is ever truncated.
    """
    text = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (crash_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, name = tempfile.mkstemp(
                dir=folder, prefix=f"crash-{stamp}-{os.getpid()}-", suffix=".txt"
            )
        except OSError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(text)
        except OSError:
            Path(name).unlink(missing_ok=True)
            continue
        return Path(name)
    return Path("(could not be saved)")


def register_env_secrets(env_file: Path) -> None:
    """Register the env file's secrets for redaction, whatever state the crash left."""
    try:
        from dotenv import dotenv_values

        from wizard.core.envfile.store import MAX_ENV_BYTES, dotenv_warnings_captured
        from wizard.core.state import KEY_ALIASES, SECRET_FIELDS

        info = os.stat(env_file)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENV_BYTES:
            return  # a FIFO would block the handler, /dev/zero never end
        with dotenv_warnings_captured():
            values = dotenv_values(env_file, interpolate=False)
        for field in SECRET_FIELDS:
            for key in KEY_ALIASES[field]:
                register_secret(values.get(key))
    except Exception:  # nosec B110 - best effort inside the last-resort handler
        pass
