"""The practice world: one deterministic set of Meta objects the sandbox serves.

Everything here is generated from a seed (no literal token in the source), so the
practice card is the same between runs and tests can rely on it. The world is
frozen; what changes while the sandbox runs lives in :class:`SandboxState`.
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass

from wizard.sandbox.models import App, PhoneNumber, Template, TokenSpec, Waba
from wizard.sandbox.scenarios import DAY, HOUR, build_tokens

DEFAULT_SEED = 20261121
"""Fixed so ``wa-wizard sandbox`` prints the same practice card every time."""


_ALNUM = string.ascii_letters + string.digits

__all__ = [
    "DAY",
    "HOUR",
    "App",
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
        return (self.waba, self.second_waba)

    @property
    def phones(self) -> tuple[PhoneNumber, ...]:
        return (self.phone, self.pending_phone)

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
        lines += [
            "Practice values are not secrets: they are shown whole so you can paste them.",
            f"App ID        {self.app.id:<22}  App secret   {self.app.secret}",
            f"WABA          {self.waba.id:<22}  Phone ID     {self.phone.id}"
            f" ({self.phone.display})",
            f"Recipients    {', '.join(self.recipient_display)} (the test number's allow-list)",
            "Tokens",
        ]
        width = max(len(spec.scenario) for spec in self.tokens)
        for spec in self.tokens:
            lines.append(f"  {spec.scenario:<{width}}  {spec.description}")
            lines.append(f"    {spec.token}")
        return "\n".join(lines)


def _digits(rng: random.Random, n: int, first_nonzero: bool = True) -> str:
    head = str(rng.randint(1, 9)) if first_nonzero else str(rng.randint(0, 9))
    return head + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def _template(rng: random.Random) -> Template:
    return Template(
        id=_digits(rng, 15),
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


def build_world(seed: int | None = None, now: float | None = None) -> World:
    """Build the practice world.

    Args:
        seed: same seed, same ids, secrets and tokens (default :data:`DEFAULT_SEED`).
        now: unix time the token expiries are relative to (default: the current time).
    """
    seed = DEFAULT_SEED if seed is None else seed
    now = time.time() if now is None else float(now)
    base = int(now)
    rng = random.Random(seed)
    hexdigits = "0123456789abcdef"

    def make_app(name: str) -> App:
        return App(
            id=_digits(rng, rng.choice((15, 16))),
            secret="".join(rng.choice(hexdigits) for _ in range(32)),
            name=name,
            token_suffix="".join(rng.choice(_ALNUM + "-_") for _ in range(27)),
        )

    app = make_app("Harbor Bakery")
    other_app = make_app("Harbor Bakery Staging")
    business_id, system_user_id, user_id = _digits(rng, 15), _digits(rng, 15), _digits(rng, 17)
    waba = Waba(
        id=_digits(rng, 15),
        name="Harbor Bakery WhatsApp",
        namespace=f"{rng.getrandbits(32):08x}_{rng.getrandbits(16):04x}_{rng.getrandbits(16):04x}",
        subscribed_at_start=True,
        templates=(_template(rng),),
    )
    second = Waba(
        id=_digits(rng, 15),
        name="Harbor Bakery Production",
        namespace=f"{rng.getrandbits(32):08x}_{rng.getrandbits(16):04x}_{rng.getrandbits(16):04x}",
        subscribed_at_start=False,
        templates=(_template(rng),),
    )
    line = _digits(rng, 4, first_nonzero=False)
    phone = PhoneNumber(
        id=_digits(rng, 15),
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
    line2 = _digits(rng, 4, first_nonzero=False)
    pending = PhoneNumber(
        id=_digits(rng, 15),
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
    us = f"15550100{_digits(rng, 3, first_nonzero=False)}"
    uk = f"447700900{_digits(rng, 3, first_nonzero=False)}"
    mx = f"5255{_digits(rng, 8, first_nonzero=False)}"
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
