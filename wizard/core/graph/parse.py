"""Tolerant readers shared by the typed Graph calls (api, api_account, api_webhooks).

graph-api.md marks many fields UNCONFIRMED, so every reader accepts what it can and
returns ``None`` (or an empty list) for the rest; ids become strings even when old
samples send numbers.
"""

from __future__ import annotations

from typing import Any

from wizard.core.graph.errors import GraphError, JsonObject


def as_id(value: object) -> str | None:
    """Ids arrive as strings, sometimes as numbers in old samples."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, str)):
        text = str(value).strip()
        return text or None
    return None


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def data_list(payload: JsonObject, label: str) -> list[dict[str, Any]]:
    """The ``data`` array of a list answer, objects only."""
    data = payload.get("data")
    if data is None:
        return []
    if not isinstance(data, list):
        raise GraphError(
            f"The Graph API answered {label} without a list of results.",
            kind="malformed",
            endpoint=label,
        )
    out: list[dict[str, Any]] = []
    for item in data:
        if isinstance(item, dict):
            if "id" in item:
                item = {**item, "id": as_id(item["id"])}
            out.append(item)
    return out


def normalize_ids(obj: JsonObject) -> dict[str, Any]:
    result = dict(obj)
    if "id" in result:
        result["id"] = as_id(result["id"])
    return result
