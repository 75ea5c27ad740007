"""Can this number send? One verdict from its fields, for doctor, the wizard and the report.

Reads ``status`` (each value its own meaning and fix, graph-api.md §19.2), the platform,
Meta's ``health_status`` (§19.7), quality and the number's kind (§19.1). The code
verification status is shown, never judged: production numbers report ``NOT_VERIFIED``
and ``EXPIRED`` while healthy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.checks.base import Status
from wizard.core.checks.phone_facts import kind_note, limit_tier

LIMITS = {
    "TIER_50": "50/day",
    "TIER_250": "250/day",
    "TIER_1K": "1,000/day",
    "TIER_2K": "2,000/day",
    "TIER_10K": "10,000/day",
    "TIER_100K": "100,000/day",
    "TIER_UNLIMITED": "unlimited",
}

MANAGER = "WhatsApp Manager › Account tools › Phone numbers"
QUALITY = "WhatsApp Manager › Account tools › Account quality"


def limit_text(tier: object) -> str | None:
    """``TIER_250`` -> ``250/day``; unknown tiers are shown as they are."""
    if not isinstance(tier, str) or not tier:
        return None
    return LIMITS.get(tier, tier)


def _register(phone_id: str) -> str:
    return (
        f"Register it for Cloud API with a 6-digit PIN: POST /{phone_id}/register with "
        '{"messaging_product":"whatsapp","pin":"<6-digit PIN>"} (the PIN becomes its '
        "two-step verification PIN)."
    )


def _status_verdict(status: str, phone_id: str) -> tuple[Status, str, str]:
    """(level, what it means, fix) for a ``status`` other than CONNECTED."""
    known: dict[str, tuple[Status, str, str]] = {
        "PENDING": ("fail", "not registered for Cloud API yet (PENDING)", _register(phone_id)),
        "DISCONNECTED": (
            "fail",
            "DISCONNECTED: it was deregistered or lost its Cloud API connection",
            f"Register it again: POST /{phone_id}/register with "
            '{"messaging_product":"whatsapp","pin":"<its 6-digit PIN>"}; '
            f"{MANAGER} shows why it disconnected.",
        ),
        "MIGRATED": (
            "fail",
            "MIGRATED: the number moved to another WhatsApp Business Account or provider",
            f"Use its Phone number ID in the account it moved to ({MANAGER} there), or "
            "move it back.",
        ),
        "DELETED": (
            "fail",
            "DELETED from this WhatsApp Business Account",
            f"Add the number again ({MANAGER} › Add phone number) or pick another one, and "
            "use its new Phone number ID.",
        ),
        "BANNED": (
            "fail",
            "BANNED by WhatsApp for policy violations: it cannot send",
            f"{QUALITY} shows the reason; request a review there if you think it is wrong.",
        ),
        "RESTRICTED": (
            "fail",
            "RESTRICTED: WhatsApp blocks its business-initiated messages for a while "
            "(policy or quality)",
            f"{QUALITY} shows the restriction and when it ends; you can appeal there.",
        ),
        "FLAGGED": (
            "warn",
            "FLAGGED: its quality dropped; if it stays low its messaging limit goes down",
            f"{MANAGER} › Insights shows the quality; send only to people who opted in, "
            "with templates they expect.",
        ),
        "RATE_LIMITED": (
            "warn",
            "RATE_LIMITED: it sent or called too much recently; requests are throttled",
            f"Slow down and retry later; {QUALITY} shows current limits.",
        ),
    }
    if status in known:
        return known[status]
    return (
        "warn",
        f"status {status} (not one wa-wizard knows; only CONNECTED numbers send)",
        f"{MANAGER} shows what it means for this number.",
    )


ENTITY_NAMES = {
    "PHONE_NUMBER": "phone number",
    "WABA": "WhatsApp account",
    "BUSINESS": "business",
    "APP": "app",
    "MESSAGE_TEMPLATE": "template",
}


@dataclass(frozen=True)
class HealthLine:
    """One entity that is not AVAILABLE in ``health_status``."""

    level: Status
    """``fail`` (BLOCKED) or ``warn`` (LIMITED)."""
    text: str
    fix: str | None


def health_lines(health: object) -> list[HealthLine]:
    """Meta's ``health_status`` as lines: each BLOCKED entity's description and Meta's
    possible solution (fail), each LIMITED entity's additional info (warn).

    Tolerant: missing or odd parts are skipped; an overall BLOCKED/LIMITED without
    entity details still gives one line.
    """
    if not isinstance(health, Mapping):
        return []
    lines: list[HealthLine] = []
    entities = health.get("entities")
    for entity in entities if isinstance(entities, list) else []:
        if not isinstance(entity, Mapping):
            continue
        state = entity.get("can_send_message")
        if state not in ("BLOCKED", "LIMITED"):
            continue
        kind = str(entity.get("entity_type") or "entity")
        who = ENTITY_NAMES.get(kind, kind.replace("_", " ").lower())
        who += f" {entity.get('id')}" if entity.get("id") else ""
        if state == "BLOCKED":
            errors = entity.get("errors")
            found = (
                [e for e in errors if isinstance(e, Mapping)] if isinstance(errors, list) else []
            )
            if not found:
                lines.append(
                    HealthLine("fail", f"Meta says the {who} cannot send (BLOCKED).", None)
                )
            for error in found:
                code = error.get("error_code")
                text = error.get("error_description") or "no description"
                tag = f" ({code})" if code is not None else ""
                solution = error.get("possible_solution")
                lines.append(
                    HealthLine(
                        "fail",
                        f"Meta says the {who} cannot send{tag}: {text}",
                        str(solution) if solution else None,
                    )
                )
        else:
            info = entity.get("additional_info")
            notes = [str(i) for i in info if i] if isinstance(info, list) else []
            text = " ".join(notes) or "no details given"
            lines.append(HealthLine("warn", f"Meta says the {who} can send, limited: {text}", None))
    overall = health.get("can_send_message")
    if not lines and overall in ("BLOCKED", "LIMITED"):
        level: Status = "fail" if overall == "BLOCKED" else "warn"
        lines.append(HealthLine(level, f"Meta says sending is {overall} (no details given).", None))
    return lines


@dataclass(frozen=True)
class PhoneVerdict:
    """What every face shows about one number."""

    level: Status
    """``pass``, ``warn`` or ``fail``."""
    detail: str
    fix: str | None = None
    notes: list[str] = field(default_factory=list)
    """Further sentences (health lines beyond the first, the kind of number)."""

    @property
    def text(self) -> str:
        return " ".join([self.detail, *self.notes])


def judge_phone(phone_id: str, phone: Mapping[str, Any]) -> PhoneVerdict:
    """The verdict for ``phone`` (a ``GET /{phone-number-id}`` answer)."""
    display = phone.get("display_phone_number") or phone_id
    status = phone.get("status")
    quality = phone.get("quality_rating")
    limit = limit_text(limit_tier(phone))
    line = " · ".join(str(p) for p in (display, status, quality, limit) if p)
    kind = kind_note(phone)
    if isinstance(status, str) and status and status != "CONNECTED":
        level, meaning, fix = _status_verdict(status, phone_id)
        return PhoneVerdict(level, f"{line} · {meaning}", fix)
    if phone.get("platform_type") == "NOT_APPLICABLE":
        return PhoneVerdict("fail", f"{line} · not registered for Cloud API", _register(phone_id))
    health = health_lines(phone.get("health_status"))
    worst = next((h for h in health if h.level == "fail"), None) or next(iter(health), None)
    if worst is not None:
        others = [h.text + (f" Fix: {h.fix}" if h.fix else "") for h in health if h is not worst]
        fix = worst.fix or f"{MANAGER} and {QUALITY} show what Meta needs."
        return PhoneVerdict(worst.level, f"{line} · {worst.text}", fix, others)
    if quality == "RED":
        return PhoneVerdict(
            "warn",
            f"{line} · quality RED",
            f"{MANAGER} › Insights shows why; a RED number can lose its messaging limit.",
        )
    return PhoneVerdict("pass", f"{line} · {kind}")
