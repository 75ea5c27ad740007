"""``GET /oauth/revoke``: end one access token (graph-api.md §10.2 step 8, §19.15).

Third-party knowledge only (UNCONFIRMED): ``client_id``, ``client_secret``,
``revoke_token`` and the caller's ``access_token`` (sent as the Authorization header,
like every call). Meta's answer is not documented either, so any 2xx JSON object is
taken as "asked"; callers confirm with debug_token that the token really stopped.
"""

from __future__ import annotations

from wizard.core.graph.client import GraphClient


async def revoke_token(
    client: GraphClient, *, app_id: str, app_secret: str, token: str, caller: str
) -> None:
    """Ask Meta to revoke ``token``, authenticated as ``caller``.

    Raises:
        GraphError: Meta refused (or does not know the endpoint).
    """
    await client.request(
        "GET",
        "oauth/revoke",
        token=caller,
        params={"client_id": app_id, "client_secret": app_secret, "revoke_token": token},
        endpoint="/oauth/revoke",
    )
