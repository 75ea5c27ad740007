"""core/api.py: tolerant parsing of graph-api.md's shapes, and the requests it makes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.graph import account, messages, tokens, webhooks
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.core.graph.errors import GraphError

TOKEN = "EAAB" + "t" * 60
SECRET = "f" * 32


def client_for(
    handler: Callable[[httpx.Request], httpx.Response], secret: str | None = None
) -> GraphClient:
    return GraphClient(
        make_http_client(httpx.MockTransport(handler)), "https://g.test", "v25.0", secret
    )


def answer(payload: Any, seen: list[httpx.Request] | None = None) -> GraphClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(200, json=payload)

    return client_for(handler)


async def test_debug_token_system_user_example() -> None:
    seen: list[httpx.Request] = []
    client = answer(
        {
            "data": {
                "app_id": 634974688087057,  # a number: must come back as a string
                "type": "SYSTEM_USER",
                "application": "Lucky Shrub",
                "data_access_expires_at": 0,
                "expires_at": 0,
                "is_valid": True,
                "issued_at": 1712099387,
                "scopes": ["whatsapp_business_management", "whatsapp_business_messaging"],
                "granular_scopes": [
                    {"scope": "whatsapp_business_management", "target_ids": [102290129340398]},
                    {"scope": "business_management"},
                ],
                "user_id": "122098765432101234",
            }
        },
        seen,
    )
    info = await tokens.debug_token(client, TOKEN, app_id="634974688087057", app_secret=SECRET)
    assert info.is_valid
    assert info.app_id == "634974688087057"
    assert info.expires_at == 0
    assert info.targets("whatsapp_business_management") == ("102290129340398",)
    assert info.targets("business_management") is None
    request = seen[0]
    assert request.headers["Authorization"] == f"Bearer 634974688087057|{SECRET}"
    assert request.url.params["input_token"] == TOKEN


async def test_debug_token_without_secret_inspects_itself() -> None:
    seen: list[httpx.Request] = []
    client = answer({"data": {"is_valid": True, "type": "USER"}}, seen)
    info = await tokens.debug_token(client, TOKEN, app_id="123", app_secret=None)
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert info.expires_at is None  # absent = unknown, not "never"
    assert info.scopes == ()


async def test_debug_token_invalid_input_uses_subcode_key() -> None:
    client = answer(
        {
            "data": {
                "error": {"code": 190, "message": "Session has expired", "subcode": 463},
                "is_valid": False,
                "scopes": [],
            }
        }
    )
    info = await tokens.debug_token(client, TOKEN, app_id=None, app_secret=None)
    assert not info.is_valid
    assert (info.error_code, info.error_subcode) == (190, 463)
    assert info.error_message == "Session has expired"


async def test_debug_token_without_data_is_malformed() -> None:
    with pytest.raises(GraphError) as caught:
        await tokens.debug_token(answer({"nope": 1}), TOKEN, app_id=None, app_secret=None)
    assert caught.value.kind == "malformed"
    assert TOKEN not in str(caught.value)


@given(
    st.dictionaries(
        st.sampled_from(
            ["app_id", "type", "expires_at", "scopes", "granular_scopes", "user_id", "error"]
        ),
        st.one_of(
            st.none(),
            st.integers(),
            st.text(max_size=5),
            st.lists(
                st.one_of(
                    st.text(max_size=3),
                    st.integers(),
                    st.dictionaries(st.text(max_size=8), st.integers()),
                )
            ),
            st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=3))),
        ),
    )
)
def test_parse_token_info_never_crashes_on_odd_shapes(data: dict[str, Any]) -> None:
    info = tokens.parse_token_info({"data": data})
    assert info.is_valid is False
    assert all(isinstance(s, str) for s in info.scopes)
    assert info.app_id is None or isinstance(info.app_id, str)


async def test_exchange_missing_expires_in_is_none_and_secret_stays_out_of_errors() -> None:
    seen: list[httpx.Request] = []
    client = answer({"access_token": "EAAnew" + "n" * 50, "token_type": "bearer"}, seen)
    result = await tokens.exchange_token(client, app_id="1", app_secret=SECRET, token=TOKEN)
    assert result.expires_in is None
    assert "EAAnew" not in repr(result)
    params = seen[0].url.params
    assert params["grant_type"] == "fb_exchange_token"
    assert "set_token_expires_in_60_days" not in params
    assert "Authorization" not in seen[0].headers

    seen.clear()
    client = answer({"access_token": "EAAnew" + "n" * 50, "expires_in": "5183944"}, seen)
    refreshed = await tokens.exchange_token(
        client, app_id="1", app_secret=SECRET, token=TOKEN, system_user_60_days=True
    )
    assert refreshed.expires_in == 5183944
    assert seen[0].url.params["set_token_expires_in_60_days"] == "true"


async def test_wrong_secret_error_has_template_endpoint_and_no_secret() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"error": {"message": "Error validating client secret.", "code": 1}}
        return httpx.Response(400, json=body)

    client = client_for(handler)
    client.retry.max_attempts = 1
    with pytest.raises(GraphError) as caught:
        await tokens.app_access_token(client, app_id="1", app_secret=SECRET)
    assert caught.value.endpoint == "/oauth/access_token"
    assert SECRET not in str(caught.value) + repr(caught.value.to_dict())


async def test_lists_normalise_ids_and_skip_junk() -> None:
    client = answer({"data": [{"id": 42, "name": "A"}, "junk", {"id": "7"}], "paging": {}})
    wabas = await account.owned_wabas(client, TOKEN, "99")
    assert [w["id"] for w in wabas.items] == ["42", "7"]


async def test_permissions_map() -> None:
    client = answer(
        {"data": [{"permission": "whatsapp_business_messaging", "status": "granted"}, {"x": 1}]}
    )
    assert await tokens.permissions(client, TOKEN) == {"whatsapp_business_messaging": "granted"}


async def test_template_filter_keeps_exact_name() -> None:
    client = answer({"data": [{"name": "hello_world_2"}, {"name": "hello_world", "id": 1}]})
    found = await account.message_templates(client, TOKEN, "1", name="hello_world")
    assert found.items == [{"name": "hello_world", "id": "1"}]


async def test_send_template_body_and_result() -> None:
    seen: list[httpx.Request] = []
    client = answer(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": "+16505551234", "wa_id": "16505551234"}],
            "messages": [{"id": "wamid.ABC", "message_status": "accepted"}],
        },
        seen,
    )
    sent = await messages.send_template(client, TOKEN, "555", "+16505551234")
    assert (sent.wamid, sent.wa_id, sent.message_status) == ("wamid.ABC", "16505551234", "accepted")
    import json

    body = json.loads(seen[0].content)
    assert body["template"] == {"name": "hello_world", "language": {"code": "en_US"}}
    assert seen[0].url.path == "/v25.0/555/messages"


async def test_send_without_message_id_is_malformed() -> None:
    with pytest.raises(GraphError) as caught:
        await messages.send_text(answer({"messages": []}), TOKEN, "555", "+1", "hi")
    assert caught.value.kind == "malformed"


def test_subscribed_app_ids() -> None:
    entries: list[dict[str, Any]] = [
        {"whatsapp_business_api_data": {"id": 123, "name": "A"}},
        {"whatsapp_business_api_data": "junk"},
        {"override_callback_uri": "https://x"},
    ]
    assert webhooks.subscribed_app_ids(entries) == ["123"]
