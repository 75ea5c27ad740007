"""The token scenarios of the practice card, generated from the world's random source."""

from __future__ import annotations

import random
import string

from wizard.sandbox.models import TokenSpec

HOUR = 3600
DAY = 86400

_ALNUM = string.ascii_letters + string.digits


def digits(rng: random.Random, n: int, first_nonzero: bool = True) -> str:
    """``n`` random digits (ids, phone lines) from the world's random source."""
    head = str(rng.randint(1, 9)) if first_nonzero else str(rng.randint(0, 9))
    return head + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def _token(rng: random.Random, length: int = 180) -> str:
    return "EAA" + "".join(rng.choice(_ALNUM) for _ in range(length - 3))


def build_tokens(
    rng: random.Random,
    *,
    base: int,
    app_id: str,
    other_app_id: str,
    user_id: str,
    system_user_id: str,
    waba_ids: tuple[str, str],
) -> tuple[TokenSpec, ...]:
    """One token per scenario, each with the facts ``debug_token`` reports about it."""
    main, second = waba_ids
    all_scopes = (
        "whatsapp_business_management",
        "whatsapp_business_messaging",
        "business_management",
        "public_profile",
    )
    user_granular: tuple[tuple[str, tuple[str, ...] | None], ...] = (
        ("whatsapp_business_management", (main, second)),
        ("whatsapp_business_messaging", (main, second)),
    )
    su_granular: tuple[tuple[str, tuple[str, ...] | None], ...] = (
        ("whatsapp_business_management", (main,)),
        ("whatsapp_business_messaging", (main,)),
        ("business_management", None),
    )
    no_targets: tuple[tuple[str, tuple[str, ...] | None], ...] = tuple(
        (scope, None) for scope in all_scopes[:3]
    )

    def user(scenario: str, description: str, expires: int, **kw: object) -> TokenSpec:
        values: dict[str, object] = {
            "scenario": scenario,
            "description": description,
            "token": _token(rng),
            "type": "USER",
            "app_id": app_id,
            "user_id": user_id,
            "scopes": all_scopes,
            "granular_scopes": user_granular,
            "issued_at": base - HOUR,
            "expires_at": expires,
            "data_access_expires_at": base + 90 * DAY,
        }
        values.update(kw)
        return TokenSpec(**values)  # type: ignore[arg-type]

    return (
        user(
            "short-lived",
            "2 h; exchange it",
            base + 2 * HOUR,
            issued_at=None,
        ),
        user("long-lived", "about 60 days", base + 60 * DAY - HOUR),
        user(
            "system-user",
            "never expires (production)",
            0,
            type="SYSTEM_USER",
            user_id=system_user_id,
            granular_scopes=su_granular,
            data_access_expires_at=0,
        ),
        user(
            "system-user-no-targets",
            "no target_ids",
            0,
            type="SYSTEM_USER",
            user_id=system_user_id,
            granular_scopes=no_targets,
            data_access_expires_at=0,
        ),
        user("expiring-soon", "expires in 3 days", base + 3 * DAY),
        user("expired", "fails: 190/463 expired", base - DAY),
        user(
            "revoked",
            "fails: 190/460 invalidated",
            base + 30 * DAY,
            invalid=(
                190,
                460,
                "Error validating access token: The session has been "
                "invalidated because the user changed their password or Facebook has "
                "changed the session for security reasons.",
            ),
        ),
        user(
            "no-messaging",
            "no messaging scope",
            base + 50 * DAY,
            scopes=("whatsapp_business_management", "business_management", "public_profile"),
            granular_scopes=(user_granular[0],),
        ),
        user("other-app", "belongs to another app", base + 50 * DAY, app_id=other_app_id),
        user(
            "admin",
            "admin: for make-permanent",
            base + 2 * HOUR,
        ),
    )
