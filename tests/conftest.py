"""Shared fixtures: a clean environment for every test."""

from __future__ import annotations

import os

# Textual reads TEXTUAL_THEME at import time; keep the developer's theme out of snapshots.
os.environ.pop("TEXTUAL_THEME", None)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the developer's environment (colours, Graph URL, credentials) out of tests."""
    for name in ("NO_COLOR", "FORCE_COLOR", "WA_WIZARD_GRAPH_URL", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    from wizard.core.state import KEY_ALIASES

    for keys in KEY_ALIASES.values():
        for key in keys:
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
