"""Helpers shared by the reliability and security suites (import, not fixtures)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SLOW = os.environ.get("WA_WIZARD_SLOW") == "1"
"""Same switch as tests/fuzz: WA_WIZARD_SLOW=1 runs the full cross product."""

CLIENT_TIMEOUT = 0.4
"""Seconds; the ``timeout`` fault sleeps TIMEOUT_FAULT_MS on the server, far longer."""
TIMEOUT_FAULT_MS = 1_500


@dataclass
class Run:
    """One CLI run: exit code and both streams."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def write_practice_env(path: Path, world: Any, *, token_scenario: str = "system-user") -> Path:
    """A complete .env with the practice values (mode 0600, like the wizard writes it)."""
    lines = [
        f"FACEBOOK_APP_ID={world.app.id}",
        f"FACEBOOK_APP_SECRET={world.app.secret}",
        f"WHATSAPP_ACCESS_TOKEN={world.token(token_scenario)}",
        f"WHATSAPP_BUSINESS_ACCOUNT_ID={world.phone.waba_id}",
        f"WHATSAPP_PHONE_NUMBER_ID={world.phone.id}",
        "META_WEBHOOK_VERIFY_TOKEN=" + "c0ffee" * 8,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def crash_reports() -> list[Path]:
    """Crash reports written under this test's XDG_STATE_HOME (conftest sets it per test)."""
    from wizard.core.crash import crash_dir

    folder = crash_dir()
    return sorted(folder.glob("crash-*.txt")) if folder.exists() else []
