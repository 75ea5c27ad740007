"""Core helpers the steps use, with a clearly-marked fallback for modules not landed yet.

FALLBACK: everything below ``except ImportError`` is temporary and minimal; the
real behaviour lives in ``wizard.core.tokens``.
"""

from __future__ import annotations

try:
    from wizard.core.tokens import (
        check_field,
        classify,
        generate_verify_token,
        mask,
        normalize_pasted,
    )
except ImportError:  # FALLBACK until wizard.core.tokens lands
    import re
    import secrets
    from dataclasses import dataclass

    from wizard.core.redact import mask_value

    @dataclass(frozen=True)
    class _Classification:
        kind: str
        value: str
        note: str

    def normalize_pasted(text: str) -> str:
        return re.sub(r"\s+", "", text).strip("'\"").removeprefix("Bearer")

    def classify(text: str) -> _Classification:  # type: ignore[misc]
        return _Classification("unknown", normalize_pasted(text), "")

    def check_field(field: str, text: str) -> str | None:
        return None

    def mask(secret: str | None) -> str:
        return "(not set)" if secret is None else mask_value(secret)

    def generate_verify_token() -> str:
        return secrets.token_hex(32)


__all__ = ["check_field", "classify", "generate_verify_token", "mask", "normalize_pasted"]
