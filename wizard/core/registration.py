"""Register a phone number for Cloud API: one sequence for ``wa-wizard register`` and the
wizard's phone step (graph-api.md §7.6, §19.16; users.md pain 18).

A number added by hand stays ``PENDING`` (sends fail with 133010) until
``POST /{phone}/register`` with a six-digit two-step verification PIN; a number that is
not verified first gets a code by SMS or voice (``request_code``) and proves it
(``verify_code``). Each number of a WABA needs its own registration.

The faces ask for the code and the PIN; this module checks their shape, makes the calls,
and reads the number's state back. The PIN is never stored, logged or put in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wizard.core.graph import account
from wizard.core.graph import registration as calls

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient

CODE_METHODS = ("SMS", "VOICE")
STATE_FIELDS = (
    "id",
    "display_phone_number",
    "verified_name",
    "status",
    "code_verification_status",
    "platform_type",
)
REGISTRATION_CODES = frozenset({133005, 133006, 133008, 133009, 133010, 133015, 133016, 136024})
"""Meta's refusals on this path; each has an error card (core/cards/templates.py)."""


@dataclass(frozen=True)
class PhoneState:
    """What decides the next registration step for one number."""

    id: str
    display: str
    name: str | None
    status: str | None
    verification: str | None
    platform: str | None

    @property
    def registered(self) -> bool:
        """CONNECTED on Cloud API: it can send; registering again is not needed."""
        return self.status == "CONNECTED" and self.platform != "NOT_APPLICABLE"

    @property
    def pending(self) -> bool:
        """Waiting for ``/register``: PENDING, or not on any platform yet (NOT_APPLICABLE)."""
        return not self.registered and (
            self.status == "PENDING" or self.platform == "NOT_APPLICABLE"
        )

    @property
    def verified(self) -> bool:
        """The code step can be skipped (``VERIFIED``; pywa also reports EXPIRED/NOT_VERIFIED)."""
        return self.verification == "VERIFIED"

    def summary(self) -> str:
        parts = [self.display, self.status, self.verification and f"code {self.verification}"]
        return " · ".join(p for p in parts if p)


def phone_state_from(phone: dict[str, Any], phone_id: str) -> PhoneState:
    def text(key: str) -> str | None:
        value = phone.get(key)
        return value if isinstance(value, str) and value else None

    return PhoneState(
        id=phone_id,
        display=text("display_phone_number") or phone_id,
        name=text("verified_name"),
        status=text("status"),
        verification=text("code_verification_status"),
        platform=text("platform_type"),
    )


async def phone_state(client: GraphClient, token: str, phone_id: str) -> PhoneState:
    """``GET /{phone-number-id}`` with the fields registration depends on."""
    return phone_state_from(
        await account.phone_number(client, token, phone_id, STATE_FIELDS), phone_id
    )


async def pending_numbers(client: GraphClient, token: str, waba_id: str) -> list[PhoneState]:
    """The WABA's numbers still waiting for ``/register`` (the list lacks ``status``: §7.3,
    so each number is read; one that cannot be read is left out)."""
    import asyncio

    from wizard.core.graph.errors import GraphError

    listing = await account.phone_numbers(client, token, waba_id)
    ids = [str(n["id"]) for n in listing.items if n.get("id")]
    states = await asyncio.gather(
        *(phone_state(client, token, phone_id) for phone_id in ids), return_exceptions=True
    )
    found: list[PhoneState] = []
    for state in states:
        if isinstance(state, PhoneState):
            if state.pending:
                found.append(state)
        elif not isinstance(state, GraphError):
            raise state
    return found


def pin_problem(pin: str) -> str | None:
    """None for six ASCII digits, else a sentence that never repeats the PIN."""
    if len(pin) == 6 and pin.isascii() and pin.isdigit():
        return None
    return "The PIN must be exactly 6 digits (0-9)."


def code_problem(code: str) -> str | None:
    """None for six ASCII digits (Meta's codes), else what is wrong."""
    if len(code) == 6 and code.isascii() and code.isdigit():
        return None
    return "The code Meta sent is 6 digits; type just those digits."


def normalize_code(text: str) -> str:
    """``123-456`` or ``123 456`` as people copy them from an SMS -> ``123456``."""
    return "".join(text.split()).replace("-", "")


async def request_code(
    client: GraphClient, token: str, phone_id: str, method: str, language: str
) -> None:
    """Have Meta send a code by ``method`` (SMS or VOICE) in ``language`` (e.g. en_US).

    Raises:
        ValueError: an unknown method (a usage error, before any call).
        GraphError: Meta refused (136024 and others; explain with the error card).
    """
    method = method.upper()
    if method not in CODE_METHODS:
        raise ValueError(f"code method must be SMS or VOICE, not {method!r}")
    await calls.request_code(client, token, phone_id, method, language)


async def verify_code(client: GraphClient, token: str, phone_id: str, code: str) -> None:
    """Prove the number with the code Meta sent.

    Raises:
        ValueError: not six digits (nothing was sent).
        GraphError: Meta refused the code.
    """
    code = normalize_code(code)
    problem = code_problem(code)
    if problem:
        raise ValueError(problem)
    await calls.verify_code(client, token, phone_id, code)


async def register(client: GraphClient, token: str, phone_id: str, pin: str) -> PhoneState:
    """Register the number with its two-step PIN, then read its state back.

    Raises:
        ValueError: the PIN is not six digits (nothing was sent).
        GraphError: Meta refused (133005 wrong PIN, 133006 verify first, 133008/133009
            too many or too fast guesses, ...).
    """
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    await calls.register(client, token, phone_id, pin)
    return await phone_state(client, token, phone_id)


def verify_refused_fix() -> str:
    """What to do when Meta refuses a code (no documented error code for it: UNCONFIRMED)."""
    return (
        "Type the newest code exactly (each request sends a new one and codes expire), or "
        "request another one by running the registration again."
    )
