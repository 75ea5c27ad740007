"""Checks about the WhatsApp account, kept as one import for older callers.

The checks live in :mod:`wizard.core.checks_waba` (WABA, template) and
:mod:`wizard.core.checks_phone` (phone number); this module re-exports them.
"""

from __future__ import annotations

from wizard.core.checks_phone import LIMITS, PHONE_FIELDS, limit_text, phone_number
from wizard.core.checks_waba import MANAGEMENT, template, waba

__all__ = ["LIMITS", "MANAGEMENT", "PHONE_FIELDS", "limit_text", "phone_number", "template", "waba"]
