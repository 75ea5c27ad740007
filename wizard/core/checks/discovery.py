"""Which WhatsApp Business Accounts a token reaches: one answer for doctor and the wizard.

Granular scopes name them when the token is limited to some assets; otherwise the
owned and client accounts of the token's businesses, then the accounts assigned to its
user. Also: the numbers of many WABAs, asked a few at a time (:mod:`wizard.core.graph.fanout`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wizard.core.graph import account
from wizard.core.graph.errors import GraphError
from wizard.core.graph.fanout import fanout_note, gather_bounded
from wizard.core.graph.paging import Listing

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.tokens import TokenInfo


MANAGEMENT = "whatsapp_business_management"


@dataclass(frozen=True)
class Reach:
    """What discovery learnt: the WABA ids (in order found) and the first business id."""

    wabas: list[str] = field(default_factory=list)
    business_id: str | None = None
    notes: list[str] = field(default_factory=list)
    """Lists not read to the end (page cap): an id missing from ``wabas`` may still be
    reachable, so never call it unreachable on this answer alone."""

    @property
    def capped(self) -> bool:
        return bool(self.notes)


async def discover_wabas(client: GraphClient, token: str, info: TokenInfo | None) -> Reach:
    """WABA ids the token reaches: granular scopes, then owned and client, then assigned.

    Every list is read to the end (bounded: see :mod:`wizard.core.graph.paging`). Never
    raises GraphError: a missing ``business_management`` only narrows the answer (the
    assigned list may still answer); the caller explains an empty list.
    """
    targets = info.targets(MANAGEMENT) if info is not None else None
    if targets:
        return Reach(list(dict.fromkeys(targets)))
    found: list[str] = []
    notes: list[str] = []
    business_id: str | None = None

    def add(listing: Listing) -> None:
        if listing.note():
            notes.append(str(listing.note()))
        for waba in listing.items:
            waba_id = waba.get("id")
            if waba_id and str(waba_id) not in found:
                found.append(str(waba_id))

    try:
        businesses = await account.businesses(client, token)
    except GraphError:
        businesses = Listing()  # business_management may be missing; assigned may answer
    add(Listing(label=businesses.label, pages=businesses.pages, capped=businesses.capped))
    for business in businesses.items:
        if not business.get("id"):
            continue
        business_id = business_id or str(business["id"])
        # Owned WABAs, and WABAs clients shared with the business (agencies, §19.6).
        for edge in (account.owned_wabas, account.client_wabas):
            with contextlib.suppress(GraphError):
                add(await edge(client, token, str(business["id"])))
    user_id = info.user_id if info is not None else None
    if user_id:
        with contextlib.suppress(GraphError):  # the caller explains an empty list
            add(await account.assigned_wabas(client, token, user_id))
    return Reach(found, business_id, notes)


async def reachable_wabas(client: GraphClient, token: str, info: TokenInfo | None) -> list[str]:
    """Just the WABA ids of :func:`discover_wabas`."""
    return (await discover_wabas(client, token, info)).wabas


@dataclass(frozen=True)
class Numbers:
    """Every number of some WABAs: (WABA id, number) pairs, and what was left out."""

    found: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    errors: list[GraphError] = field(default_factory=list)
    """One per WABA whose list failed (skipped, as doctor does)."""
    notes: list[str] = field(default_factory=list)
    """Capped lists and a slow fan-out, in words."""


async def numbers_of(client: GraphClient, token: str, waba_ids: Sequence[str]) -> Numbers:
    """The numbers of every WABA in ``waba_ids``, :data:`FANOUT_LIMIT` WABAs at a time.

    Raises:
        Exception: anything that is not Meta's answer (a bug, never hidden).
    """

    async def listing(waba_id: str) -> Listing:
        return await account.phone_numbers(client, token, waba_id)

    answers = await gather_bounded(waba_ids, listing)
    out = Numbers()
    for waba_id, answer in zip(waba_ids, answers, strict=True):
        if isinstance(answer, GraphError):
            out.errors.append(answer)
        elif isinstance(answer, BaseException):
            raise answer
        else:
            out.found.extend((waba_id, phone) for phone in answer.items)
            if answer.note():
                out.notes.append(str(answer.note()))
    slow = fanout_note(len(waba_ids), "WhatsApp accounts")
    if slow:
        out.notes.append(slow)
    return out
