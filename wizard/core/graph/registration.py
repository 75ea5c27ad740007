"""Typed Graph calls that register a phone number for Cloud API (graph-api.md §7.6).

``request_code`` sends an SMS or a voice call and ``register`` counts PIN guesses, so
neither is retried once the request may have reached Meta (``idempotent=False``).
The PIN travels only in the JSON body of ``/register``: never in a URL, never in an
error text (errors carry the path template, not the body).
"""

from __future__ import annotations

from wizard.core.graph.client import GraphClient


async def request_code(
    client: GraphClient, token: str, phone_id: str, method: str, language: str
) -> None:
    """``POST /{phone-number-id}/request_code`` with ``code_method`` SMS|VOICE, ``language``."""
    await client.request(
        "POST",
        f"{phone_id}/request_code",
        token=token,
        form={"code_method": method, "language": language},
        endpoint="/{phone-number-id}/request_code",
        idempotent=False,
    )


async def verify_code(client: GraphClient, token: str, phone_id: str, code: str) -> None:
    """``POST /{phone-number-id}/verify_code`` with the code Meta sent."""
    await client.request(
        "POST",
        f"{phone_id}/verify_code",
        token=token,
        form={"code": code},
        endpoint="/{phone-number-id}/verify_code",
        idempotent=False,
    )


async def register(client: GraphClient, token: str, phone_id: str, pin: str) -> None:
    """``POST /{phone-number-id}/register`` with ``{"messaging_product":"whatsapp","pin":…}``."""
    await client.request(
        "POST",
        f"{phone_id}/register",
        token=token,
        json_body={"messaging_product": "whatsapp", "pin": pin},
        endpoint="/{phone-number-id}/register",
        idempotent=False,
    )
