"""The practice world: one deterministic set of Meta objects the sandbox serves.

Everything here is generated from a seed (no literal token in the source), so the
practice card is the same between runs and tests can rely on it. The world is
frozen; what changes while the sandbox runs lives in :class:`SandboxState`.
Named worlds (``production``, ``many-assets``, ...) reshape this one: see
:mod:`wizard.sandbox.worlds`.
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass, replace

from wizard.sandbox.models import App, Health, PhoneNumber, Template, TokenSpec, Waba
from wizard.sandbox.scenarios import DAY, HOUR, build_tokens, digits
from wizard.sandbox.worlds import DEFAULT_WORLD, named_world

DEFAULT_SEED = 20261121
"""Fixed so ``wa-wizard sandbox`` prints the same practice card every time."""


_ALNUM = string.ascii_letters + string.digits

__all__ = [
    "DAY",
    "HOUR",
    "App",
    "Health",
    "PhoneNumber",
    "Template",
    "TokenSpec",
    "Waba",
    "World",
    "build_world",
]


@dataclass(frozen=True)
class World:
    """The frozen practice world (see :func:`build_world`)."""

    seed: int
    now: float
    app: App
    other_app: App
    business_id: str
    business_name: str
    system_user_id: str
    system_user_name: str
    user_id: str
    user_name: str
    waba: Waba
    second_waba: Waba
    phone: PhoneNumber
    pending_phone: PhoneNumber
    allow_list: tuple[str, ...]
    """Digits of the test number's verified recipients (the MX one in ``52…`` form)."""
    recipient_display: tuple[str, ...]
    open_window: frozenset[str]
    """Recipients who messaged the business in the last 24 h (text allowed)."""
    tokens: tuple[TokenSpec, ...]
    exchange_omits_expires_in: bool = False
    """UNCONFIRMED edge case (graph-api.md §2): the long-lived answer has no ``expires_in``."""
    name: str = DEFAULT_WORLD
    """The named world this is (:data:`wizard.sandbox.worlds.WORLDS`)."""
    extra_wabas: tuple[Waba, ...] = ()
    """More WABAs of the business, listed before the practice ones (paging rehearsals)."""
    extra_phones: tuple[PhoneNumber, ...] = ()
    """More numbers, listed before the practice ones of their WABA."""
    assigned_visible: bool = True
    """Whether ``assigned_whatsapp_business_accounts`` lists the WABAs (an agency's admin
    system user reaches client WABAs without an assignment of its own)."""
    health: tuple[tuple[str, Health], ...] = ()
    """Entity id -> a health other than AVAILABLE (``health_status``, §19.7)."""
    graph_version: str | None = None
    """The Graph version this world's project pins (``old-version``); None: the default."""
    overrides: tuple[tuple[str, str], ...] = ()
    """WABA or phone number id -> an override callback URI set before the session starts
    (by another tool, §19.8); a WABA listed here is subscribed to the practice app."""
    clock_skew: float = 0.0
    """Seconds Meta's clock is ahead of this machine's (negative: behind). Time-stamped
    proofs are checked against Meta's clock (graph-api.md §6, §19.9); plain ones have none."""

    def token(self, scenario: str) -> str:
        """The token string of a scenario such as ``system-user``."""
        for spec in self.tokens:
            if spec.scenario == scenario:
                return spec.token
        raise KeyError(scenario)

    def spec(self, scenario: str) -> TokenSpec:
        for spec in self.tokens:
            if spec.scenario == scenario:
                return spec
        raise KeyError(scenario)

    def find_token(self, token: str) -> TokenSpec | None:
        for spec in self.tokens:
            if spec.token == token:
                return spec
        return None

    def app_by_id(self, app_id: str) -> App | None:
        for app in (self.app, self.other_app):
            if app.id == app_id:
                return app
        return None

    @property
    def wabas(self) -> tuple[Waba, ...]:
        """Every WABA, in listing order (the practice ones last)."""
        return (*self.extra_wabas, self.waba, self.second_waba)

    @property
    def phones(self) -> tuple[PhoneNumber, ...]:
        """Every number, in listing order (the practice ones last)."""
        return (*self.extra_phones, self.phone, self.pending_phone)

    def health_of(self, entity_id: str) -> Health | None:
        """The entity's health when it is not AVAILABLE."""
        return next((h for i, h in self.health if i == entity_id), None)

    @property
    def us_recipient(self) -> str:
        return self.allow_list[0]

    @property
    def uk_recipient(self) -> str:
        return self.allow_list[1]

    @property
    def mx_recipient(self) -> str:
        """Stored dialable form ``52…``; the webhook form is ``521…`` (fails with 131030)."""
        return self.allow_list[2]

    @property
    def registration_code(self) -> str:
        """The six-digit code the sandbox "sends" by SMS or voice (routes/registration.py)."""
        return f"{self.seed % 1_000_000:06d}"

    def card(self, url: str | None = None) -> str:
        """The practice card: every value whole, ready to paste (design.md).

        Args:
            url: the sandbox base URL; when given, the card starts with the
                "Sandbox Graph API on …" line.
        """
        lines: list[str] = []
        if url:
            lines.append(
                f"Sandbox Graph API on {url} (Ctrl+C to stop) — nothing here reaches Meta."
            )
        if self.name != DEFAULT_WORLD:
            lines.append(f"World         {self.name}: {named_world(self.name).summary}")
        if self.graph_version:
            lines.append(
                f"Graph API     {self.graph_version} (this project pins "
                f"META_GRAPH_API_VERSION={self.graph_version})"
            )
        recipients = (
            "(the test number's allow-list)"
            if self.phone.is_test_number
            else "(a live number sends to anyone; these work too)"
        )
        lines += [
            "Practice values are not secrets: they are shown whole so you can paste them.",
            f"App ID        {self.app.id:<22}  App secret   {self.app.secret}",
            f"WABA          {self.waba.id:<22}  Phone ID     {self.phone.id}"
            f" ({self.phone.display})",
            f"Recipients    {', '.join(self.recipient_display)} {recipients}",
            f"Pending       {self.pending_phone.id:<22}  {self.pending_phone.display}, to register"
            f" (SMS code {self.registration_code})",
            "Tokens",
        ]
        width = max(len(spec.scenario) for spec in self.tokens)
        for spec in self.tokens:
            lines.append(f"  {spec.scenario:<{width}}  {spec.description}")
            lines.append(f"    {spec.token}")
        return "\n".join(lines)


def _template(rng: random.Random) -> Template:
    return Template(
        id=digits(rng, 15),
        name="hello_world",
        language="en_US",
        status="APPROVED",
        category="UTILITY",
        components=(
            {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
            {
                "type": "BODY",
                "text": "Welcome and congratulations!! This message demonstrates your ability "
                "to send a WhatsApp message notification from the Cloud API, hosted by Meta. "
                "Thank you for taking the time to test with us.",
            },
            {"type": "FOOTER", "text": "WhatsApp Business Platform sample message"},
        ),
    )


def build_world(
    seed: int | None = None, now: float | None = None, name: str = DEFAULT_WORLD
) -> World:
    """Build the practice world, or a named world reshaped from it.

    Args:
        seed: same seed, same ids, secrets and tokens (default :data:`DEFAULT_SEED`).
        now: unix time the token expiries are relative to (default: the current time).
        name: a key of :data:`wizard.sandbox.worlds.WORLDS` (default ``practice``).

    Raises:
        UnknownWorld: ``name`` is not a world (its message lists them).
    """
    named = named_world(name)
    practice = _practice_world(seed, now)
    # The named world draws its extra ids from its own stream, so the practice values
    # (ids, secrets, tokens) stay the same in every world.
    world_rng = random.Random(f"{practice.seed}:{name}")
    shaped = named.shape(practice, world_rng)
    return replace(shaped, name=named.name)


def _practice_world(seed: int | None, now: float | None) -> World:
    seed = DEFAULT_SEED if seed is None else seed
    now = time.time() if now is None else float(now)
    base = int(now)
    rng = random.Random(seed)
    hexdigits = "0123456789abcdef"

    def make_app(name: str) -> App:
        return App(
            id=digits(rng, rng.choice((15, 16))),
            secret="".join(rng.choice(hexdigits) for _ in range(32)),
            name=name,
            token_suffix="".join(rng.choice(_ALNUM + "-_") for _ in range(27)),
        )

    app = make_app("Harbor Bakery")
    other_app = make_app("Harbor Bakery Staging")
    business_id, system_user_id, user_id = digits(rng, 15), digits(rng, 15), digits(rng, 17)
    waba = Waba(
        id=digits(rng, 15),
        name="Harbor Bakery WhatsApp",
        namespace=f"{rng.getrandbits(32):08x}_{rng.getrandbits(16):04x}_{rng.getrandbits(16):04x}",
        subscribed_at_start=True,
        templates=(_template(rng),),
    )
    second = Waba(
        id=digits(rng, 15),
        name="Harbor Bakery Production",
        namespace=f"{rng.getrandbits(32):08x}_{rng.getrandbits(16):04x}_{rng.getrandbits(16):04x}",
        subscribed_at_start=False,
        templates=(_template(rng),),
    )
    line = digits(rng, 4, first_nonzero=False)
    phone = PhoneNumber(
        id=digits(rng, 15),
        waba_id=waba.id,
        display=f"+1 555-019-{line}",
        wa_id=f"1555019{line}",
        verified_name="Test Number",
        status="CONNECTED",
        platform_type="CLOUD_API",
        code_verification_status="NOT_VERIFIED",
        quality_rating="GREEN",
        name_status="AVAILABLE_WITHOUT_REVIEW",
        messaging_limit="TIER_250",
        is_test_number=True,
    )
    line2 = digits(rng, 4, first_nonzero=False)
    pending = PhoneNumber(
        id=digits(rng, 15),
        waba_id=waba.id,
        display=f"+1 555-027-{line2}",
        wa_id=f"1555027{line2}",
        verified_name="Harbor Bakery",
        status="PENDING",
        platform_type="NOT_APPLICABLE",
        code_verification_status="NOT_VERIFIED",
        quality_rating="UNKNOWN",
        name_status="PENDING_REVIEW",
        messaging_limit="TIER_250",
        is_test_number=False,
    )
    us = f"15550100{digits(rng, 3, first_nonzero=False)}"
    uk = f"447700900{digits(rng, 3, first_nonzero=False)}"
    mx = f"5255{digits(rng, 8, first_nonzero=False)}"
    displays = (
        f"+1 555-010-{us[-4:]}",
        f"+44 7700 900{uk[-3:]}",
        f"+52 55 {mx[4:8]} {mx[8:]}",
    )
    tokens = build_tokens(
        rng,
        base=base,
        app_id=app.id,
        other_app_id=other_app.id,
        user_id=user_id,
        system_user_id=system_user_id,
        waba_ids=(waba.id, second.id),
    )
    return World(
        seed=seed,
        now=now,
        app=app,
        other_app=other_app,
        business_id=business_id,
        business_name="Harbor Bakery",
        system_user_id=system_user_id,
        system_user_name="harbor-bakery-bot",
        user_id=user_id,
        user_name="Robin Baker",
        waba=waba,
        second_waba=second,
        phone=phone,
        pending_phone=pending,
        allow_list=(us, uk, mx),
        recipient_display=displays,
        open_window=frozenset({us}),
        tokens=tokens,
    )
