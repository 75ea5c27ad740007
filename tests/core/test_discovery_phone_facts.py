"""One WABA discovery and one test-number rule, over real HTTP to the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.checks.discovery import discover_wabas, reachable_wabas
from wizard.core.checks.phone_facts import is_test_number, number_kind
from wizard.core.graph import tokens
from wizard.core.graph.client import GraphClient, make_http_client


async def reach(sandbox: Any, scenario: str) -> tuple[list[str], Any]:
    http = make_http_client(timeout=3.0)
    world = sandbox.world
    client = GraphClient(http, sandbox.url, "v25.0", world.app.secret)
    try:
        token = sandbox.token(scenario)
        info = await tokens.debug_token(
            client, token, app_id=world.app.id, app_secret=world.app.secret
        )
        return await reachable_wabas(client, token, info), await discover_wabas(client, token, info)
    finally:
        await http.aclose()


@pytest.mark.parametrize("scenario", ["system-user", "system-user-no-targets"])
async def test_every_reachable_waba_is_found(sandbox: Any, scenario: str) -> None:
    """Granular targets or not, the practice token reaches the main WABA."""
    wabas, found = await reach(sandbox, scenario)
    assert sandbox.world.waba.id in wabas
    assert wabas == found.wabas
    assert len(set(wabas)) == len(wabas)


async def test_without_targets_the_owned_list_answers(sandbox: Any) -> None:
    """No target_ids: /me/businesses -> owned WABAs (and the business id is kept)."""
    _, found = await reach(sandbox, "system-user-no-targets")
    assert found.business_id == sandbox.world.business_id


async def test_no_info_and_no_access_is_an_empty_list(sandbox: Any) -> None:
    http = make_http_client(timeout=3.0)
    client = GraphClient(http, sandbox.url, "v25.0", None)
    try:
        assert await reachable_wabas(client, "EAAB" + "0" * 60, None) == []
    finally:
        await http.aclose()


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        # Production numbers report NOT_VERIFIED and EXPIRED too (graph-api.md §19.1).
        ({"code_verification_status": "NOT_VERIFIED"}, False),
        ({"code_verification_status": "EXPIRED", "account_mode": "LIVE"}, False),
        ({"account_mode": "SANDBOX"}, True),
        ({"code_verification_status": "VERIFIED", "account_mode": "LIVE"}, False),
        ({}, False),
    ],
)
def test_test_number_rule(phone: dict[str, str], expected: bool) -> None:
    assert is_test_number(phone) is expected


@given(st.dictionaries(st.text(max_size=30), st.one_of(st.none(), st.text(), st.integers())))
def test_test_number_rule_takes_anything(phone: dict[str, object]) -> None:
    assert is_test_number(phone) is (phone.get("account_mode") == "SANDBOX")
    assert number_kind(phone) in ("test", "live", "unknown")


def test_one_rule_everywhere() -> None:
    """doctor, send-test and the wizard use the core rule (no copy to drift)."""
    import inspect

    from wizard.commands import send_test
    from wizard.core.checks import phone as checks_phone
    from wizard.tui.steps import test_message

    assert vars(test_message)["is_test_number"] is is_test_number
    assert vars(checks_phone)["number_kind"] is number_kind
    assert "phone_facts" in inspect.getsource(send_test._number_kind)
    for module in (send_test, checks_phone, test_message):
        assert '== "SANDBOX"' not in inspect.getsource(module)
