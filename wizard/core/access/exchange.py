"""Exchange a token for a long-lived one and confirm it: one sequence for both faces.

``wa-wizard exchange`` and the wizard's "Make it last" step call :func:`exchange_and_confirm`:
exchange, register the new token for redaction at once, then ask debug_token what it is
(the answer may lack ``expires_in``), and say whether Meta handed back the same token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.core.graph import tokens
from wizard.core.redact import register_secret

if TYPE_CHECKING:
    from wizard.core.graph.client import GraphClient
    from wizard.core.graph.tokens import TokenInfo


@dataclass(frozen=True)
class Exchanged:
    """The new token, what debug_token says about it, and how it compares with the old one."""

    token: str
    info: TokenInfo
    expires_in: int | None
    """From the exchange answer; None when absent (``info.expires_at`` still tells)."""
    same_token: bool
    """Meta returned the token it was given: nothing to write."""

    @property
    def never_expires(self) -> bool:
        return self.info.expires_at == 0


def needs_no_exchange(info: TokenInfo) -> bool:
    """A system-user token that never expires: exchanging it gains nothing."""
    return info.type == "SYSTEM_USER" and info.expires_at == 0


async def exchange_and_confirm(
    client: GraphClient,
    *,
    app_id: str,
    app_secret: str,
    token: str,
    system_user_60_days: bool = False,
) -> Exchanged:
    """Exchange ``token`` and inspect the result; nothing is written here.

    Raises:
        GraphError: the exchange or the inspection failed (explain it with an error card).
    """
    new = await tokens.exchange_token(
        client,
        app_id=app_id,
        app_secret=app_secret,
        token=token,
        system_user_60_days=system_user_60_days,
    )
    register_secret(new.access_token)  # before anything can print or log it
    info = await tokens.debug_token(client, new.access_token, app_id=app_id, app_secret=app_secret)
    return Exchanged(new.access_token, info, new.expires_in, new.access_token == token)
