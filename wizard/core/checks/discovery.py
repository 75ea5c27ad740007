"""Which WhatsApp Business Accounts a token reaches: one answer for doctor and the wizard.

Granular scopes name them when the token is limited to some assets; otherwise the
owned accounts of the token's businesses, then the accounts assigned to its user.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wizard.core.graph import account
from wizard.core.graph.errors import GraphError

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.tokens import TokenInfo


MANAGEMENT = "whatsapp_business_management"


@dataclass(frozen=True)
class Reach:
    """What discovery learnt: the WABA ids (in order found) and the first business id."""

    wabas: list[str] = field(default_factory=list)
    business_id: str | None = None


async def discover_wabas(client: GraphClient, token: str, info: TokenInfo | None) -> Reach:
    """WABA ids the token reaches: granular scopes, then owned, then assigned.

    Never raises GraphError: a missing ``business_management`` only narrows the answer
    (the assigned list may still answer); the caller explains an empty list.
    """
    targets = info.targets(MANAGEMENT) if info is not None else None
    if targets:
        return Reach(list(dict.fromkeys(targets)))
    found: list[str] = []
    business_id: str | None = None

    def add(wabas: list[dict[str, Any]]) -> None:
        for waba in wabas:
            waba_id = waba.get("id")
            if waba_id and str(waba_id) not in found:
                found.append(str(waba_id))

    try:
        for business in await account.businesses(client, token):
            if business.get("id"):
                business_id = business_id or str(business["id"])
                add(await account.owned_wabas(client, token, str(business["id"])))
    except GraphError:
        pass  # business_management may be missing; the assigned list may still answer
    user_id = info.user_id if info is not None else None
    if user_id:
        with contextlib.suppress(GraphError):  # the caller explains an empty list
            add(await account.assigned_wabas(client, token, user_id))
    return Reach(found, business_id)


async def reachable_wabas(client: GraphClient, token: str, info: TokenInfo | None) -> list[str]:
    """Just the WABA ids of :func:`discover_wabas`."""
    return (await discover_wabas(client, token, info)).wabas
