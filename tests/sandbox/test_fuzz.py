"""Hypothesis: whatever arrives, the sandbox answers JSON and never a 5xx or a traceback."""

from __future__ import annotations

import asyncio
import json

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.sandbox.app import create_app
from wizard.sandbox.world import World, build_world

WORLD = build_world(seed=3, now=1_795_000_000.0)
APP = create_app(WORLD)

segment = st.one_of(
    st.sampled_from(["me", "v25.0", "oauth", "access_token", "debug_token", "messages",
                     "phone_numbers", "subscriptions", "subscribed_apps", "register",
                     WORLD.waba.id, WORLD.phone.id, WORLD.app.id, WORLD.business_id]),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#%"),
            min_size=1, max_size=12),
)  # fmt: skip


def _token(world: World, pick: int) -> str:
    tokens = [spec.token for spec in world.tokens] + [f"{world.app.id}|{world.app.secret}", "junk"]
    return tokens[pick % len(tokens)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
    path=st.lists(segment, min_size=0, max_size=4),
    params=st.dictionaries(st.sampled_from(["fields", "input_token", "name", "client_id",
                                            "grant_type", "object", "access_token"]),
                           st.text(max_size=20), max_size=3),
    body=st.one_of(st.none(), st.binary(max_size=64),
                   st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=4)),
    pick=st.integers(min_value=0, max_value=20),
)  # fmt: skip
def test_never_a_server_error(
    method: str, path: list[str], params: dict[str, str], body: object, pick: int
) -> None:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=APP)
        headers = {"Authorization": f"Bearer {_token(WORLD, pick)}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
            if isinstance(body, dict):
                return await http.request(
                    method, "/" + "/".join(path), params=params, json=body, headers=headers
                )
            content = body if isinstance(body, bytes) else None
            return await http.request(
                method, "/" + "/".join(path), params=params, content=content, headers=headers
            )

    response = asyncio.run(go())
    assert response.status_code < 500, response.text  # a 500 here is the crash handler: a bug
    payload = json.loads(response.content)
    assert isinstance(payload, dict)
    if response.status_code >= 400:
        assert set(payload) == {"error"}
        assert isinstance(payload["error"]["code"], int)
