"""Turn a typed phone number into the E.164 form the Cloud API should receive (issue #6).

Meta accepts ``+``, spaces, dashes and parentheses in ``to``, but when the country code
is missing it prepends the *business number's* country code (graph-api.md §8), which can
reach a stranger. So a number without ``+`` or ``00`` is refused, not guessed.

Lengths, country codes and trunk prefixes come from ``phonenumbers`` (Google's
libphonenumber), imported lazily so ``doctor`` and ``--help`` stay light (it costs about
50-160 ms to import). A number must be *possible* for its country (right length, real
country code); it need not be *valid*: practice ranges such as +1 555-01xx and
+44 7700 900xxx are not, and new ranges reach the library late (issue 11). WhatsApp's own
MX/AR/BR forms are applied on top (pain point 7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

E164_MAX_DIGITS = 15
"""ITU-T E.164: at most 15 digits including the country code."""
E164_MIN_DIGITS = 7
"""Shortest real numbers (small island countries) have about 7 digits in all; a quick
refusal before the phone library is even imported."""

_SEPARATORS = re.compile(r"[\s\-.()\u00a0\u2010-\u2015\u2212/]")
_PREVIEW_MAX = 24


@dataclass(frozen=True)
class RecipientResult:
    """The normalised number, or why it cannot be used."""

    e164: str | None
    """``+`` followed by digits; None when ``error`` is set."""
    wa_digits: str | None
    """The same digits without ``+`` (the form of ``wa_id`` and of ``to`` in API calls)."""
    notes: list[str] = field(default_factory=list)
    """Sentences worth showing even on success (what was changed and why)."""
    error: str | None = None
    """One sentence with the fix; None on success."""


def _preview(text: str) -> str:
    """A short, printable echo of the user's input for error messages."""
    shown = "".join(c if c.isprintable() else "?" for c in text.strip())
    if len(shown) > _PREVIEW_MAX:
        shown = shown[: _PREVIEW_MAX - 1] + "…"
    return shown


def _fail(message: str) -> RecipientResult:
    return RecipientResult(e164=None, wa_digits=None, notes=[], error=message)


def normalize_recipient(text: str, *, test_number: bool = False) -> RecipientResult:
    """Normalise ``text`` to E.164, applying the Mexico/Argentina/Brazil rules.

    Args:
        text: what the user typed, e.g. ``+52 1 55 1234 5678`` or ``0044 7700 900456``.
        test_number: True when sending from Meta's test number, whose allow-list
            rejects the ``521…``/``549…`` forms with error 131030.

    Returns:
        A :class:`RecipientResult`; ``error`` explains a refusal and its fix.
    """
    example = "e.g. +44 7700 900456"
    raw = text.strip()
    if raw.lower().startswith("tel:"):
        raw = raw[4:].strip()
    if not raw:
        return _fail(f"Enter the recipient's number with its country code, {example}.")
    compact = _SEPARATORS.sub("", raw)
    if compact.startswith("+"):
        digits = compact[1:]
    elif compact.startswith("00"):
        digits = compact[2:]
    else:
        if re.fullmatch(r"[0-9]+", compact):
            return _fail(
                f"“{_preview(raw)}” has no country code. Start it with + and the country "
                f"code ({example}): without one, Meta adds your business number's own "
                "country code and the message could reach a stranger."
            )
        return _fail(
            f"“{_preview(raw)}” is not a phone number. Type digits with a + and the "
            f"country code, {example}."
        )
    if not re.fullmatch(r"[0-9]*", digits):
        return _fail(
            f"“{_preview(raw)}” contains characters that are not digits. Type only digits "
            f"after the +, {example} (spaces, dashes and parentheses are fine)."
        )
    if digits.startswith("0"):
        return _fail(
            f"“{_preview(raw)}”: a country code never starts with 0. Drop the trunk 0 of "
            f"the national number and put the country code first, {example}."
        )
    if len(digits) > E164_MAX_DIGITS:
        return _fail(
            f"“{_preview(raw)}” has {len(digits)} digits; an international number has at "
            "most 15, country code included. Check for a doubled country code or extra digits."
        )
    if len(digits) < E164_MIN_DIGITS:
        return _fail(
            f"“{_preview(raw)}” has only {len(digits)} digits; that is too short for an "
            f"international number with its country code, {example}."
        )
    checked = _check_with_library(digits, _preview(raw))
    if isinstance(checked, RecipientResult):
        return checked
    digits, trunk_notes = checked
    digits, notes = _country_rules(digits, test_number=test_number)
    return RecipientResult(
        e164="+" + digits, wa_digits=digits, notes=trunk_notes + notes, error=None
    )


def _whatsapp_form(digits: str) -> tuple[str, str] | None:
    """``(library_form, extra)`` for WhatsApp's Mexican ``521…`` form, else None.

    libphonenumber calls ``+52 1 …`` too long (Mexico dropped the mobile 1 in 2019), but
    WhatsApp still reports and accepts it, so the length is checked without the 1.
    """
    if digits.startswith("521") and len(digits) == 13:
        return "52" + digits[3:], "1"
    return None


def _check_with_library(digits: str, shown: str) -> tuple[str, list[str]] | RecipientResult:
    """Country code, length and trunk prefix checked by libphonenumber.

    Returns the digits in E.164 form (a trunk prefix typed after the country code removed)
    with a note about what changed, or the refusal.
    """
    import phonenumbers
    from phonenumbers import ValidationResult

    whatsapp = _whatsapp_form(digits)
    candidate = whatsapp[0] if whatsapp else digits
    try:
        number = phonenumbers.parse("+" + candidate, None)
    except phonenumbers.NumberParseException:
        return _no_such_country(digits, shown)
    reason = phonenumbers.is_possible_number_with_reason(number)
    code = number.country_code or 0  # always set after parsing "+…"; 0 is no country
    region = phonenumbers.region_code_for_country_code(code)
    single = len(phonenumbers.region_codes_for_country_code(code)) == 1
    where = f"+{code} ({region})" if single and region not in ("ZZ", "001") else f"+{code}"
    if reason == ValidationResult.INVALID_COUNTRY_CODE or region == "ZZ":
        return _no_such_country(digits, shown)
    if reason == ValidationResult.TOO_SHORT:
        return _fail(
            f"“{shown}” is too short for a number in {where}: a digit or the area code is "
            "missing. Check the number and type it whole, with the country code."
        )
    if reason == ValidationResult.TOO_LONG:
        return _fail(
            f"“{shown}” is too long for a number in {where}. Check for a doubled country "
            "code or extra digits."
        )
    if reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        return _fail(
            f"“{shown}” is too short for a number in {where}: it looks like a local number "
            "without its area code. Type the full national number after the country code."
        )
    if reason != ValidationResult.IS_POSSIBLE:
        return _fail(
            f"“{shown}” has a length no number in {where} has. Check the digits after the "
            "country code."
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
    if whatsapp:
        e164 = e164[: len(str(code))] + whatsapp[1] + e164[len(str(code)) :]
    notes: list[str] = []
    if len(e164) < len(digits):
        dropped = digits[len(str(code)) : len(digits) - len(e164) + len(str(code))]
        notes.append(
            f"Sending to +{e164}: the {dropped} typed after the country code is the national "
            "trunk prefix, which is not dialled from abroad."
        )
    return e164, notes


def _no_such_country(digits: str, shown: str) -> RecipientResult:
    return _fail(
        f"“{shown}” does not start with a country code that exists (+{digits[:3]}…). "
        "Check the first digits after the +, e.g. +44 7700 900456."
    )


def _country_rules(digits: str, *, test_number: bool) -> tuple[str, list[str]]:
    """Mexico 521…, Argentina 549… and the Brazilian ninth digit (pain point 7)."""
    notes: list[str] = []
    quirk = {"52": ("1", "Mexican"), "54": ("9", "Argentine")}
    for country, (extra, people) in quirk.items():
        national = digits[len(country) :]
        if digits.startswith(country + extra) and len(national) == 11:
            short = country + national[1:]
            if test_number:
                notes.append(
                    f"Sending to +{short} instead of +{digits}: WhatsApp reports {people} "
                    f"numbers as {country}{extra}… (the wa_id in webhooks), but Meta's test "
                    "number only matches its allow-list with the dialable form, and would "
                    "fail with error 131030. Keep the wa_id for storage."
                )
                return short, notes
            notes.append(
                f"{people} numbers appear as {country}{extra}… in webhooks. If a send from "
                f"a test number fails with 131030, use +{short} (without the {extra})."
            )
    if digits.startswith("55"):
        national = digits[2:]
        if len(national) == 10 and national[2] in "6789":
            notes.append(
                "Brazilian mobile numbers have had a ninth digit (9 after the area code) "
                f"since 2016: +55{national[:2]}9{national[2:]}. WhatsApp may still know "
                "older accounts without it; if the message does not arrive, try the other form."
            )
        elif len(national) == 11 and national[2] == "9":
            notes.append(
                "Brazilian mobile number with the ninth digit. Some older WhatsApp accounts "
                f"are registered without it (+55{national[:2]}{national[3:]}); if the "
                "message does not arrive, try that form."
            )
    return digits, notes
