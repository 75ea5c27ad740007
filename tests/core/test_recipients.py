"""normalize_recipient: E.164, no guessing of country codes, MX/AR/BR rules."""

from __future__ import annotations

import pytest

from wizard.core.recipients import normalize_recipient


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("+15550100142", "+15550100142"),
        ("+1 (555) 010-0142", "+15550100142"),
        ("+1.555.010.0142", "+15550100142"),
        ("0044 7700 900456", "+447700900456"),
        ("  +44 7700 900456\n", "+447700900456"),
        ("tel:+44-7700-900456", "+447700900456"),
        ("+33\u00a06 12 34 56 78", "+33612345678"),
    ],
)
def test_normalises_to_e164(text: str, e164: str) -> None:
    result = normalize_recipient(text)
    assert result.error is None
    assert result.e164 == e164
    assert result.wa_digits == e164[1:]


@pytest.mark.parametrize("text", ["5550100142", "07700 900456", "(555) 010-0142"])
def test_refuses_a_number_without_country_code(text: str) -> None:
    result = normalize_recipient(text)
    assert result.e164 is None
    assert result.error is not None
    assert "no country code" in result.error
    assert "stranger" in result.error  # says why: Meta would prepend the business's code


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "country code"),
        ("+", "too short"),
        ("+1234567890123456", "at most 15"),
        ("+0 555 0100", "never starts with 0"),
        ("+1 555 CALL NOW", "not digits"),
        ("+1 555 ٠١٢٣٤٥٦", "not digits"),  # Arabic-Indic digits are not sent as is
        ("hello", "not a phone number"),
        ("+12345", "too short"),
    ],
)
def test_refusals_explain_themselves(text: str, reason: str) -> None:
    result = normalize_recipient(text)
    assert result.e164 is None
    assert result.wa_digits is None
    assert result.error is not None
    assert reason in result.error


def test_mexico_521_becomes_52_on_a_test_number() -> None:
    result = normalize_recipient("+52 1 55 1234 5678", test_number=True)
    assert result.e164 == "+525512345678"
    assert any("131030" in note and "+5215512345678" in note for note in result.notes)


def test_mexico_521_kept_on_a_production_number_with_a_note() -> None:
    result = normalize_recipient("+5215512345678")
    assert result.e164 == "+5215512345678"
    assert any("+525512345678" in note for note in result.notes)


def test_argentina_549_becomes_54_on_a_test_number() -> None:
    result = normalize_recipient("+54 9 11 2345 6789", test_number=True)
    assert result.e164 == "+541123456789"
    assert any("131030" in note for note in result.notes)


def test_mexico_dialable_form_is_left_alone() -> None:
    result = normalize_recipient("+52 55 1234 5678", test_number=True)
    assert result.e164 == "+525512345678"
    assert result.notes == []


def test_brazil_ninth_digit_notes() -> None:
    without = normalize_recipient("+55 11 8765 4321")
    assert without.e164 == "+551187654321"
    assert any("ninth digit" in n and "+5511987654321" in n for n in without.notes)
    with_nine = normalize_recipient("+55 11 98765 4321")
    assert with_nine.e164 == "+5511987654321"
    assert any("+551187654321" in n for n in with_nine.notes)
    landline = normalize_recipient("+55 11 3456 7890")
    assert landline.notes == []


def test_long_input_is_not_echoed_whole() -> None:
    result = normalize_recipient("x" * 10_000)
    assert result.error is not None
    assert len(result.error) < 300


# Issue 11: libphonenumber decides lengths, country codes and trunk prefixes.


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("+44 (0)7700 900456", "+447700900456"),
        ("+49 030 1234567", "+49301234567"),
        ("+33 0 6 12 34 56 78", "+33612345678"),
    ],
)
def test_trunk_prefix_typed_after_the_country_code_is_dropped(text: str, e164: str) -> None:
    result = normalize_recipient(text)
    assert result.error is None
    assert result.e164 == e164
    assert any("trunk prefix" in note for note in result.notes)


def test_italian_leading_zero_is_part_of_the_number() -> None:
    # Italy keeps its 0 from abroad: a hand-written "drop the 0" rule would break this.
    result = normalize_recipient("+39 06 1234 5678")
    assert result.e164 == "+390612345678"
    assert result.notes == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("+1 555 0100", "too short for a number in +1"),  # local-only length is not enough
        ("+999 1234567", "country code that exists"),
        ("+33 6 12 34 5", "too short for a number in +33 (FR)"),
        ("+33 6 12 34 56 789", "too long for a number in +33 (FR)"),
    ],
)
def test_impossible_numbers_are_refused_with_the_reason(text: str, reason: str) -> None:
    result = normalize_recipient(text)
    assert result.e164 is None
    assert result.error is not None
    assert reason in result.error


@pytest.mark.parametrize("text", ["+1 555 010 0142", "+44 7700 900123", "+1 555-019-0000"])
def test_fictional_practice_ranges_pass_without_a_warning(text: str) -> None:
    # libphonenumber calls these not *valid*; they are possible, and Meta's docs use them.
    result = normalize_recipient(text)
    assert result.error is None
    assert result.notes == []


def test_mexican_whatsapp_form_is_not_called_too_long() -> None:
    # libphonenumber says +52 1 … is TOO_LONG; the 521 form is WhatsApp's own.
    result = normalize_recipient("+52 1 55 1234 5678")
    assert result.e164 == "+5215512345678"
    assert result.error is None
