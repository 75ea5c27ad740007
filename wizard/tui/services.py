"""The app's link to the core: one HTTP client, the sandbox world, error cards.

Everything heavy (httpx, the sandbox, starlette) is imported here lazily, inside
functions that only run in workers or after the first screen is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wizard.core.actions import REPORT, Action
from wizard.tui.receiver import LocalReceiver

if TYPE_CHECKING:
    import httpx

    from wizard.core.cards.lookup import ErrorCard
    from wizard.core.graph.client import GraphClient


@dataclass(frozen=True)
class Problem:
    """A failure ready for a ResultCard (the same texts as doctor)."""

    title: str
    why: str
    fix: str
    link: str | None = None
    action: Action | None = None
    """What wa-wizard can do about it; the card words it for its step."""


@dataclass(frozen=True)
class PracticeValue:
    """One value of the sandbox's practice card (not a secret: it exists only there)."""

    label: str
    value: str
    note: str
    fields: tuple[str, ...]
    """Input ids this value is the usual answer for (the card highlights it there)."""


@dataclass
class Services:
    """Network and sandbox access for the steps; created by ``make_app``."""

    graph_url: str
    graph_version: str
    transport: httpx.AsyncBaseTransport | None = None
    sandbox: bool = False
    now: float | None = None
    world_given: Any = None
    """The sandbox world ``--world`` built (a ``wizard.sandbox.world.World``); None:
    the practice world, built on first use at ``now``."""
    _http: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _world: Any = field(default=None, init=False, repr=False)
    receiver: LocalReceiver = field(default_factory=LocalReceiver, init=False, repr=False)
    """The Webhook step's local receiver (started on request, stopped on exit)."""

    def world(self) -> Any:
        """The sandbox world (practice values); built on first use."""
        if self._world is None and self.world_given is not None:
            self._world = self.world_given
        if self._world is None:
            from wizard.sandbox.world import build_world

            self._world = build_world(seed=None, now=self.now)
        return self._world

    def practice_card(self) -> str:
        return str(self.world().card())

    def practice_values(self) -> list[PracticeValue]:
        """The practice card as values a person can pick (F2), each whole."""
        world = self.world()
        found = [
            PracticeValue("App ID", world.app.id, "", ("app-id",)),
            PracticeValue("App secret", world.app.secret, "", ("app-secret",)),
        ]
        fields = {"short-lived": ("access-token",), "system-user": ("new-token",)}
        found += [
            PracticeValue(
                f"Token: {spec.scenario}",
                spec.token,
                spec.description,
                fields.get(spec.scenario, ()),
            )
            for spec in world.tokens
        ]
        found += [
            PracticeValue("Phone Number ID", world.phone.id, world.phone.display, ("phone-id",)),
            PracticeValue("WhatsApp account", world.waba.id, "WABA id", ()),
        ]
        found += [
            PracticeValue("Recipient", shown, "allow-listed", ("recipient",))
            for shown in world.recipient_display
        ]
        pending = world.pending_phone
        found.append(
            PracticeValue(
                "Registration code",
                world.registration_code,
                f"for {pending.display} (Pending)",
                ("reg-code",),
            )
        )
        return found

    def client(self, app_secret: str | None = None) -> GraphClient:
        """A GraphClient on the shared HTTP client (proof added when the secret is known)."""
        from wizard.core.graph.client import GraphClient, make_http_client

        if self._http is None:
            transport = self.transport
            if transport is None and self.sandbox:
                import importlib

                import httpx

                create_app = importlib.import_module("wizard.sandbox.app").create_app
                transport = httpx.ASGITransport(app=create_app(self.world()))
            self._http = make_http_client(transport)
        return GraphClient(
            http=self._http,
            base_url=self.graph_url,
            version=self.graph_version,
            app_secret=app_secret,
        )

    async def close(self) -> None:
        """Stop the local receiver and close the HTTP client (app exit)."""
        await self.receiver.stop()
        if self._http is not None:
            await self._http.aclose()
            self._http = None


def problem_for(error: BaseException, *, app_id: str | None = None) -> Problem:
    """Turn any failure into a card; never shows a URL, a secret or a traceback."""
    from wizard.core.graph.errors import GraphError

    if isinstance(error, GraphError):
        from wizard.core.cards.lookup import card_for_error
        from wizard.core.cards.spec import LinkContext

        card: ErrorCard = card_for_error(error, LinkContext(app_id=app_id))
        return Problem(card.title, card.cause, card.fix, card.link, card.action)
    return Problem(
        f"Unexpected problem ({type(error).__name__})",
        "The wizard hit an error it does not know how to explain.",
        "Try again; if it repeats, include the redacted diagnostic in a bug report.",
        action=REPORT,
    )
