"""Hypothesis profiles for the fuzz tests: 500 examples, 10,000 with WA_WIZARD_SLOW=1.

The profiles are registered here and applied per test (``@fuzz_settings()``), not loaded
globally, so other test folders keep their own settings. Examples are derandomized and
there is no deadline: the runs are deterministic and never timed.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SLOW = os.environ.get("WA_WIZARD_SLOW") == "1"
"""Set WA_WIZARD_SLOW=1 for the big-number runs (10,000 examples, 200 crash trials)."""

_COMMON = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("wa-wizard-fuzz", max_examples=500, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("wa-wizard-slow", max_examples=10_000, **_COMMON)  # type: ignore[arg-type]
