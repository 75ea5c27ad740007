"""Phone verdicts on captured real shapes (graph-api.md §19.1-19.3, §19.7), no network."""

from __future__ import annotations

import pytest

from wizard.core.checks.phone import phone_fields
from wizard.core.checks.phone_facts import is_test_number, limit_field, number_kind
from wizard.core.checks.phone_verdict import health_lines, judge_phone
from wizard.core.config import version_warning

PID = "106540352242922"
MX_LIVE = {  # a Mexican CLOUD_API production number, GREEN, NOT_VERIFIED (§19.1 capture)
    "display_phone_number": "+52 55 1234 5678",
    "code_verification_status": "NOT_VERIFIED",
    "quality_rating": "GREEN",
    "platform_type": "CLOUD_API",
    "status": "CONNECTED",
    "account_mode": "LIVE",
}
EXPIRED_LIVE = {  # CONNECTED, name APPROVED, EXPIRED (§19.1 capture)
    "status": "CONNECTED",
    "name_status": "APPROVED",
    "code_verification_status": "EXPIRED",
    "quality_rating": "GREEN",
}
TEST_NUMBER = {  # pywa's test number docstring (§7.3) + account_mode
    "verified_name": "Test Number",
    "code_verification_status": "NOT_VERIFIED",
    "display_phone_number": "+1 555-096-7852",
    "quality_rating": "GREEN",
    "platform_type": "CLOUD_API",
    "status": "CONNECTED",
    "account_mode": "SANDBOX",
}


def test_a_live_number_is_never_a_test_number_whatever_its_verification() -> None:
    assert number_kind(MX_LIVE) == "live"
    assert not is_test_number(MX_LIVE)
    verdict = judge_phone(PID, MX_LIVE)
    assert verdict.level == "pass"
    assert "live number" in verdict.text


def test_expired_verification_on_a_connected_number_is_no_problem() -> None:
    verdict = judge_phone(PID, EXPIRED_LIVE)
    assert verdict.level == "pass"
    assert "verif" not in verdict.text.lower()


def test_without_account_mode_we_say_we_could_not_tell() -> None:
    assert number_kind(EXPIRED_LIVE) == "unknown"
    assert not is_test_number({"code_verification_status": "NOT_VERIFIED"})
    assert "could not tell" in judge_phone(PID, EXPIRED_LIVE).text


def test_the_test_number_is_told_by_account_mode() -> None:
    assert is_test_number(TEST_NUMBER)
    assert "test number" in judge_phone(PID, TEST_NUMBER).text


@pytest.mark.parametrize(
    ("status", "level", "words"),
    [
        ("PENDING", "fail", "register"),
        ("DISCONNECTED", "fail", "Register it again"),
        ("MIGRATED", "fail", "account it moved to"),
        ("DELETED", "fail", "Add the number again"),
        ("BANNED", "fail", "Account quality"),
        ("RESTRICTED", "fail", "appeal"),
        ("FLAGGED", "warn", "Insights"),
        ("RATE_LIMITED", "warn", "Slow down"),
        ("LINKED", "warn", "WhatsApp Manager"),
    ],
)
def test_each_status_has_its_own_verdict(status: str, level: str, words: str) -> None:
    verdict = judge_phone(PID, {**MX_LIVE, "status": status})
    assert verdict.level == level
    assert status in verdict.detail
    assert words in (verdict.fix or "")


def test_only_pending_says_register_with_a_pin() -> None:
    fixes = {
        s: judge_phone(PID, {**MX_LIVE, "status": s}).fix or ""
        for s in ("PENDING", "BANNED", "MIGRATED", "FLAGGED")
    }
    assert "PIN" in fixes["PENDING"]
    assert all("register" not in fixes[s] for s in ("BANNED", "MIGRATED", "FLAGGED"))


BLOCKED = {  # §19.7 shape
    "can_send_message": "BLOCKED",
    "entities": [
        {"entity_type": "PHONE_NUMBER", "id": PID, "can_send_message": "AVAILABLE"},
        {
            "entity_type": "WABA",
            "id": "102290129340398",
            "can_send_message": "BLOCKED",
            "errors": [
                {
                    "error_code": 141006,
                    "error_description": "There is an error with the payment method.",
                    "possible_solution": "Add a valid payment method.",
                }
            ],
        },
        {"entity_type": "BUSINESS", "id": "506914307656634", "can_send_message": "AVAILABLE"},
    ],
}
LIMITED = {
    "can_send_message": "LIMITED",
    "entities": [
        {
            "entity_type": "PHONE_NUMBER",
            "id": PID,
            "can_send_message": "LIMITED",
            "additional_info": ["Your display name has not been approved yet."],
        }
    ],
}


def test_blocked_health_fails_with_the_description_and_metas_solution() -> None:
    verdict = judge_phone(PID, {**MX_LIVE, "health_status": BLOCKED})
    assert verdict.level == "fail"
    assert "WhatsApp account 102290129340398" in verdict.detail
    assert "(141006): There is an error with the payment method." in verdict.detail
    assert verdict.fix == "Add a valid payment method."


def test_limited_health_warns_with_additional_info() -> None:
    verdict = judge_phone(PID, {**MX_LIVE, "health_status": LIMITED})
    assert verdict.level == "warn"
    assert "display name has not been approved" in verdict.detail


def test_available_health_and_odd_shapes_give_no_line() -> None:
    available = {"can_send_message": "AVAILABLE", "entities": [{"can_send_message": "AVAILABLE"}]}
    assert health_lines(available) == []
    assert health_lines(None) == []
    assert health_lines({"entities": "nope"}) == []
    assert [h.level for h in health_lines({"can_send_message": "BLOCKED"})] == ["fail"]


def test_the_limit_field_depends_on_the_version() -> None:
    assert limit_field("v23.0") == "messaging_limit_tier"
    assert limit_field("v24.0") == "whatsapp_business_manager_messaging_limit"
    assert "whatsapp_business_manager_messaging_limit" not in phone_fields("v23.0")
    assert "messaging_limit_tier" in phone_fields("v23.0")
    old = judge_phone(PID, {**MX_LIVE, "messaging_limit_tier": "TIER_1K"})
    assert "1,000/day" in old.detail


def test_end_of_life_table_is_current() -> None:
    today = "2026-12-02"
    assert "2027-01-21 (in 50 days)" in (version_warning("v21.0", today) or "")
    assert version_warning("v22.0", today) is None  # ends 2027-05-20, not soon yet
    assert "2027-05-20" in (version_warning("v22.0", "2027-03-01") or "")
    assert version_warning("v25.0", today) is None
    assert version_warning("v26.0", today) is None
