"""core/registration.py: shapes of codes and PINs, the number's state, and the calls over
the in-process sandbox."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core import registration
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.core.graph.errors import GraphError
from wizard.sandbox.world import World


@given(st.text(max_size=12))
def test_pin_problem_accepts_exactly_six_ascii_digits_and_never_repeats_the_pin(pin: str) -> None:
    problem = registration.pin_problem(pin)
    six_digits = len(pin) == 6 and all(c in "0123456789" for c in pin)
    assert (problem is None) is six_digits
    if problem is not None:  # one fixed sentence: nothing of the PIN can leak through it
        assert problem == registration.pin_problem("x")


@given(st.from_regex(r"\A[0-9]{3}[ \-]?[0-9]{3}\Z"))
def test_codes_copied_from_an_sms_are_normalised(text: str) -> None:
    code = registration.normalize_code(text)
    assert registration.code_problem(code) is None
    assert len(code) == 6


@pytest.mark.parametrize(
    ("phone", "registered", "pending"),
    [
        ({"status": "CONNECTED", "platform_type": "CLOUD_API"}, True, False),
        ({"status": "PENDING", "platform_type": "NOT_APPLICABLE"}, False, True),
        ({"platform_type": "NOT_APPLICABLE"}, False, True),
        ({"status": "DISCONNECTED", "platform_type": "CLOUD_API"}, False, False),
        ({}, False, False),
    ],
)
def test_phone_state(phone: dict[str, str], registered: bool, pending: bool) -> None:
    state = registration.phone_state_from(phone, "1")
    assert (state.registered, state.pending) == (registered, pending)


async def test_sequence_over_the_sandbox(
    inprocess_transport: httpx.ASGITransport, world: World
) -> None:
    http = make_http_client(inprocess_transport)
    client = GraphClient(http, "http://sandbox.test", "v25.0", world.app.secret)
    token, phone = world.token("system-user"), world.pending_phone.id
    try:
        with pytest.raises(ValueError, match="SMS or VOICE"):
            await registration.request_code(client, token, phone, "email", "en_US")
        with pytest.raises(ValueError, match="6 digits"):
            await registration.register(client, token, phone, "12")
        await registration.request_code(client, token, phone, "sms", "en_US")
        with pytest.raises(GraphError):
            await registration.verify_code(client, token, phone, "000 000")
        await registration.verify_code(client, token, phone, world.registration_code)
        state = await registration.register(client, token, phone, "482913")
        assert state.registered
        assert state.verified
    finally:
        await http.aclose()
