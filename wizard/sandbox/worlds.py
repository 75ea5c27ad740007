"""Named sandbox worlds: the practice world reshaped to rehearse one real-account case.

Each world is a :class:`NamedWorld` in :data:`WORLDS`: a name, one line saying what it
rehearses (shown by ``wa-wizard sandbox --world``'s usage error, the practice card and
README's "Sandbox worlds"), and a ``shape`` function that takes the practice world and
a random source of its own and returns the reshaped world (``dataclasses.replace``).
The practice values (app, secret, tokens, the configured WABA and phone ids) stay the
same in every world, so one practice card fits all of them.

To add a world: write ``def _my_world(world: World, rng: random.Random) -> World``,
add fields to :class:`~wizard.sandbox.world.World` if the sandbox must serve something
new, and register ``NamedWorld("my-world", "one line", _my_world)`` below.

This module imports only the frozen models, so the CLI can list the worlds without
loading the sandbox's server (Starlette).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from wizard.sandbox.models import Health, Waba
from wizard.sandbox.scenarios import digits

if TYPE_CHECKING:
    from wizard.sandbox.world import World

DEFAULT_WORLD = "practice"


@dataclass(frozen=True)
class NamedWorld:
    """One entry of :data:`WORLDS`."""

    name: str
    summary: str
    """One line: what a person rehearses in this world."""
    shape: Callable[[World, random.Random], World]
    """Practice world + this world's own random source -> the named world."""


class UnknownWorld(ValueError):
    """A world name that is not in :data:`WORLDS`; the message lists the worlds."""


def _practice(world: World, rng: random.Random) -> World:
    return world


def _production(world: World, rng: random.Random) -> World:
    """A live number: ``account_mode`` LIVE, verification EXPIRED, CONNECTED (§19.1)."""
    line = digits(rng, 2, first_nonzero=False)
    phone = replace(
        world.phone,
        display=f"+1 415-555-01{line}",
        wa_id=f"141555501{line}",
        verified_name="Harbor Bakery",
        code_verification_status="EXPIRED",
        name_status="APPROVED",
        messaging_limit="TIER_2K",
        is_test_number=False,
    )
    return replace(world, phone=phone)


MANY_WABAS = 110
MANY_PHONES = 105
"""More than one page of 100: the practice WABA and number land on page 2 even when
the client asks ``limit=100`` (on page 5 at Meta's default of 25)."""


def _many_assets(world: World, rng: random.Random) -> World:
    """Several pages of WABAs and numbers; the configured ones listed last (§19.5)."""
    wabas = tuple(
        Waba(
            id=digits(rng, 15),
            name=f"Harbor Bakery Branch {n:03d}",
            namespace=f"{rng.getrandbits(32):08x}_{rng.getrandbits(16):04x}",
            subscribed_at_start=False,
            templates=world.waba.templates,
        )
        for n in range(1, MANY_WABAS + 1)
    )
    phones = []
    for n in range(1, MANY_PHONES + 1):
        line = f"{n:04d}"
        phones.append(
            replace(
                world.pending_phone,
                id=digits(rng, 15),
                display=f"+1 415-555-{line}",
                wa_id=f"1415555{line}",
                verified_name=f"Harbor Bakery Branch {n:03d}",
                status="CONNECTED",
                platform_type="CLOUD_API",
                quality_rating="GREEN",
                name_status="APPROVED",
            )
        )
    return replace(world, extra_wabas=wabas, extra_phones=tuple(phones))


def _agency(world: World, rng: random.Random) -> World:
    """The WABAs belong to a client and are shared with the business (§19.6)."""
    return replace(
        world,
        waba=replace(world.waba, shared=True),
        second_waba=replace(world.second_waba, shared=True),
        assigned_visible=False,
    )


def _blocked(world: World, rng: random.Random) -> World:
    """``health_status``: the WABA BLOCKED, the number LIMITED (§19.7).

    The texts are practice texts in Meta's shape; Meta's wording varies by cause. The
    code is WhatsApp's 131042 (business eligibility payment issue), which a template
    send from this world fails with too.
    """
    waba_health = Health(
        "BLOCKED",
        errors=(
            (
                131042,
                "There is an error with the payment method. This will block "
                "business-initiated conversations.",
                "Add a valid payment method in WhatsApp Manager › Account tools › Payment methods.",
            ),
        ),
    )
    phone_health = Health(
        "LIMITED",
        additional_info=(
            "Your display name has not been approved yet. Your message limit is 250 "
            "business-initiated conversations until it is.",
        ),
    )
    return replace(world, health=((world.waba.id, waba_health), (world.phone.id, phone_health)))


OLD_VERSION = "v23.0"


def _old_version(world: World, rng: random.Random) -> World:
    """A project pinned to v23.0, before ``whatsapp_business_manager_messaging_limit``.

    The sandbox answers per version for every world (a v23.0 request asking the v24.0
    field gets Meta's unknown-field error); this world only pins the version.
    """
    return replace(world, graph_version=OLD_VERSION)


OTHER_TOOL_WABA_URL = "https://inbox.other-tool.invalid/webhooks/whatsapp"
OTHER_TOOL_PHONE_URL = "https://bot.earlier-integration.invalid/wa/hook"
"""Made-up receivers (``.invalid``: the sandbox records deliveries there, never sends)."""


def _override(world: World, rng: random.Random) -> World:
    """Another tool left overrides: on the WABA and on the number, which wins (§19.8)."""
    return replace(
        world,
        overrides=((world.waba.id, OTHER_TOOL_WABA_URL), (world.phone.id, OTHER_TOOL_PHONE_URL)),
    )


CLOCK_SKEW = 11 * 60
"""Meta's clock 11 minutes ahead of this machine's: past the 5-minute timed-proof window."""


def _clock_skew(world: World, rng: random.Random) -> World:
    """Timed appsecret_proofs expire on Meta's clock; plain ones have no clock (§6, §19.9)."""
    return replace(world, clock_skew=CLOCK_SKEW)


WORLDS: dict[str, NamedWorld] = {
    w.name: w
    for w in (
        NamedWorld(
            DEFAULT_WORLD, "the happy practice world: a test number and its allow-list", _practice
        ),
        NamedWorld(
            "production",
            "a live number: account_mode LIVE, code verification EXPIRED, CONNECTED",
            _production,
        ),
        NamedWorld(
            "many-assets",
            f"{MANY_WABAS + 2} WABAs and {MANY_PHONES + 2} numbers: the configured ones on page 2",
            _many_assets,
        ),
        NamedWorld(
            "agency",
            "the WABAs are a client's, shared with the business (client WABAs only)",
            _agency,
        ),
        NamedWorld(
            "blocked",
            "health_status: the WABA BLOCKED (payment method), the number LIMITED",
            _blocked,
        ),
        NamedWorld(
            "old-version",
            f"a project pinned to Graph {OLD_VERSION}, before the v24.0 messaging-limit field",
            _old_version,
        ),
        NamedWorld(
            "override",
            "another tool's webhook overrides on the WABA and the number catch the events",
            _override,
        ),
        NamedWorld(
            "clock-skew",
            "Meta's clock 11 minutes off this machine's: time-stamped proofs are refused",
            _clock_skew,
        ),
    )
}
"""Every named world, by name (insertion order is the order they are listed in)."""


def world_names() -> list[str]:
    return list(WORLDS)


def named_world(name: str) -> NamedWorld:
    """The world called ``name``.

    Raises:
        UnknownWorld: with a sentence listing every world.
    """
    try:
        return WORLDS[name]
    except KeyError:
        raise UnknownWorld(
            f"there is no sandbox world {name!r}; choose one of: {', '.join(WORLDS)}"
        ) from None


def describe_worlds() -> str:
    """One line per world, for ``--help`` epilogs."""
    width = max(len(n) for n in WORLDS)
    return "\n".join(f"  {w.name:<{width}}  {w.summary}" for w in WORLDS.values())
