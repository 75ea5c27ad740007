"""The practice world: deterministic, realistic shapes, and a pasteable card."""

from __future__ import annotations

import re
from pathlib import Path

from wizard.sandbox.world import DEFAULT_SEED, World, build_world

SCENARIOS = {
    "admin",
    "short-lived",
    "long-lived",
    "system-user",
    "system-user-no-targets",
    "expiring-soon",
    "expired",
    "revoked",
    "no-messaging",
    "other-app",
}


def test_same_seed_same_world_and_other_seed_differs() -> None:
    a, b = build_world(seed=7, now=1000.0), build_world(seed=7, now=1000.0)
    assert a == b
    assert build_world(seed=8, now=1000.0).app.id != a.app.id
    assert build_world(now=5.0).seed == DEFAULT_SEED


def test_ids_secrets_and_tokens_have_meta_shapes(world: World) -> None:
    assert re.fullmatch(r"\d{15,16}", world.app.id)
    assert re.fullmatch(r"[0-9a-f]{32}", world.app.secret)
    assert world.app.id != world.other_app.id
    for ident in (world.waba.id, world.second_waba.id, world.phone.id, world.business_id):
        assert re.fullmatch(r"\d{15,17}", ident)
    assert {spec.scenario for spec in world.tokens} == SCENARIOS
    assert len({spec.token for spec in world.tokens}) == len(SCENARIOS)
    for spec in world.tokens:
        assert re.fullmatch(r"EAA[A-Za-z0-9]{150,}", spec.token)
        assert spec.description


def test_token_lifetimes_are_relative_to_now(world: World) -> None:
    now = int(world.now)
    assert world.spec("short-lived").expires_at - now == 2 * 3600
    assert world.spec("system-user").expires_at == 0
    assert world.spec("system-user").data_access_expires_at == 0
    assert world.spec("system-user").type == "SYSTEM_USER"
    assert 55 * 86400 < world.spec("long-lived").expires_at - now <= 60 * 86400
    assert world.spec("expiring-soon").expires_at - now == 3 * 86400
    assert world.spec("expired").expired(world.now)
    assert "whatsapp_business_messaging" not in world.spec("no-messaging").scopes
    assert world.spec("other-app").app_id == world.other_app.id
    targets = dict(world.spec("system-user").granular_scopes)
    assert targets["whatsapp_business_management"] == (world.waba.id,)
    assert all(t is None for _, t in world.spec("system-user-no-targets").granular_scopes)


def test_numbers_allow_list_and_windows(world: World) -> None:
    assert re.fullmatch(r"\+1 555-0\d\d-\d{4}", world.phone.display)
    assert (world.phone.status, world.phone.quality_rating) == ("CONNECTED", "GREEN")
    assert world.pending_phone.status == "PENDING"
    assert world.pending_phone.platform_type == "NOT_APPLICABLE"
    assert world.us_recipient.startswith("1555")
    assert world.uk_recipient.startswith("447700900")
    assert re.fullmatch(r"52\d{10}", world.mx_recipient)
    assert world.open_window == {world.us_recipient}
    assert world.waba.subscribed_at_start
    assert not world.second_waba.subscribed_at_start


def test_card_shows_every_value_whole(world: World) -> None:
    card = world.card("http://127.0.0.1:8765")
    assert card.startswith("Sandbox Graph API on http://127.0.0.1:8765 (Ctrl+C to stop)")
    assert "Practice values are not secrets" in card
    for value in (
        world.app.id,
        world.app.secret,
        world.waba.id,
        world.phone.id,
        world.phone.display,
        *world.recipient_display,
    ):
        assert value in card
    for spec in world.tokens:
        assert spec.token in card
        assert spec.scenario in card
        assert spec.description in card
    assert not world.card().startswith("Sandbox Graph API")


def test_no_token_literal_in_the_source(world: World) -> None:
    for path in Path(__file__).parents[2].joinpath("wizard/sandbox").glob("*.py"):
        source = path.read_text()
        assert not re.search(r"EAA[A-Za-z0-9]{20,}", source), path
        assert world.app.secret not in source, path
