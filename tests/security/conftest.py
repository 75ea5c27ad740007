"""The security suite reuses the reliability fixtures (fast client, CLI runner)."""

from __future__ import annotations

from tests.reliability.conftest import cli, fast_tui, requests_seen

__all__ = ["cli", "fast_tui", "requests_seen"]
