"""Hostile pastes: control characters, NUL, RTL, emoji, 1 MB. Never raise, always explain."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.recipients import normalize_recipient
from wizard.core.state import KEY_DEFAULTS
from wizard.core.tokens import Kind, check_field, classify, normalize_pasted

FUZZ = settings.get_profile(
    "wa-wizard-slow" if os.environ.get("WA_WIZARD_SLOW") == "1" else "wa-wizard-fuzz"
)
KINDS = {v for k, v in vars(Kind).items() if k.isupper()}
E164 = re.compile(r"\+[1-9][0-9]{6,14}")

hostile = st.one_of(
    st.text(),
    st.text(st.sampled_from("EAA0123456789abcdef+ -()\t\n\r\x00\x07\u200b\u202e\u061c'\"|=#")),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"])),
    st.builds(lambda a, b: f"{a}EAA{b}", st.text(max_size=5), st.text(max_size=200)),
    st.sampled_from(["مرحبا 🙂", "\u202e4321 555 1+", "+٩٦٦٥٠١٢٣٤٥٦٧", "0" * 400, "🙂" * 50]),
)


def assert_sentence(text: str) -> None:
    assert text.strip()
    assert text[0].isupper() or text[0] in "“"
    assert text.rstrip().endswith((".", ")."))


def check_everything(text: str) -> None:
    normalize_pasted(text)
    result = classify(text)
    assert result.kind in KINDS
    assert_sentence(result.note)
    for field in KEY_DEFAULTS:
        message = check_field(field, text)
        if message is not None:
            assert_sentence(message)
    for test_number in (False, True):
        number = normalize_recipient(text, test_number=test_number)
        assert (number.e164 is None) != (number.error is None)
        if number.error is not None:
            assert_sentence(number.error)
            assert len(number.error) < 400  # the paste is never echoed whole
        else:
            assert number.e164 is not None
            assert E164.fullmatch(number.e164)
            assert number.wa_digits == number.e164[1:]


@FUZZ
@given(text=hostile)
def test_hostile_input_never_raises_and_always_explains(text: str) -> None:
    check_everything(text)


@pytest.mark.parametrize(
    "text",
    [
        "EAA" + "x" * 1_000_000,
        "+" + "1 " * 500_000,
        "\x00" * 1_000_000,
        "\t\n" * 500_000,
        "WHATSAPP_TOKEN=" + "a" * 1_000_000,
    ],
)
def test_one_megabyte_paste(text: str) -> None:
    check_everything(text)
    assert classify(text).kind in {Kind.UNKNOWN, Kind.EMPTY}
