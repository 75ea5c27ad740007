"""What every step screen is given: the current values, results and services.

Held by the app and passed to each step explicitly, so screens never reach into
the app or into each other. Values are one frozen ``SetupValues``; steps return a
new one in their ``StepResult`` and the app swaps it in.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.state import SetupValues
from wizard.tui.services import Services


@dataclass
class WizardContext:
    """The app's state as seen by steps (read by screens, replaced by the app)."""

    env_path: Path
    services: Services
    values: SetupValues = field(default_factory=SetupValues)
    """Candidate values (loaded from the file, then updated by steps)."""
    loaded: SetupValues = field(default_factory=SetupValues)
    """What the env file holds: read at start, replaced by what the review step wrote."""
    states: dict[str, str] = field(default_factory=dict)
    """Step id -> done / warn / fail / todo for the sidebar."""
    facts: dict[str, Any] = field(default_factory=dict)
    """Results other steps reuse: ``token_info``, ``phones``, ``env``, ``sent``…"""
    drafts: dict[str, dict[str, str]] = field(default_factory=dict)
    """Step id -> input id -> text, so Back and jumps keep what was typed."""
    left_with: dict[str, SetupValues] = field(default_factory=dict)
    """Step id -> the values it was left with; a later change elsewhere beats its drafts."""
    saved: bool = False
    """Whether the wizard wrote the env file at least once (``unsaved`` says if it is current)."""
    fixed_now: float | None = None
    env_loaded: bool = False
    """Whether the env file was read (after the first paint, so start-up stays fast)."""

    def now(self) -> float:
        return self.fixed_now if self.fixed_now is not None else time.time()

    @property
    def unsaved(self) -> bool:
        """Something validated differs from what was last written (or loaded).

        Not tied to ``saved``: after a write, going Back and changing a value makes the
        values unsaved again, so Ctrl+Q asks again.
        """
        return self.values != self.loaded and any(state == "done" for state in self.states.values())

    def load_env(self) -> None:
        """Read the env file once (a missing file is fine); keep a broken one's message."""
        if self.env_loaded:
            return
        self.env_loaded = True
        from wizard.core.envfile.store import EnvFile
        from wizard.core.envfile.write import EnvFileError

        try:
            env = EnvFile.read(self.env_path, environ=os.environ)
        except EnvFileError as error:
            self.facts["env_error"] = str(error)
            return
        self.facts["env"] = env
        self.values = self.loaded = env.values()
