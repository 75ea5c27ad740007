"""Read every page of a Graph list, bounded, and say when the bound was hit.

Meta answers lists 25 at a time by default (graph-api.md §19.5). We ask ``limit=100``
and follow ``paging.cursors.after`` on a request of our own, so the token travels as
the client always sends it (header, proof). ``paging.next`` is only read as "there is
more": it is an absolute URL that carries the access token, and following it would
send the token wherever that URL points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.graph.client import GraphClient
from wizard.core.graph.parse import data_list

PAGE_SIZE = 100
"""Meta's maximum ``limit`` on the WhatsApp asset lists."""
MAX_PAGES = 10
"""Page cap: 1,000 entries per list is far beyond a normal account (a WABA holds at most
250 templates); past it we stop and say so rather than walk an endless list."""


@dataclass(frozen=True)
class Listing:
    """The entries of a list and whether it was read to the end."""

    items: list[dict[str, Any]] = field(default_factory=list)
    label: str = ""
    """The endpoint template, e.g. ``/{waba-id}/phone_numbers`` (no ids, no token)."""
    pages: int = 0
    capped: bool = False
    """True when the page cap stopped the reading with more entries left."""

    def note(self) -> str | None:
        """A sentence for the person when the list was not read to the end."""
        if not self.capped:
            return None
        return (
            f"Only the first {len(self.items):,} entries ({self.pages} pages) of {self.label} "
            "were read; the rest were not checked."
        )


def _after(payload: Mapping[str, Any]) -> str | None:
    """The cursor of the next page, when Meta says there is one (``next`` present)."""
    paging = payload.get("paging")
    if not isinstance(paging, dict) or not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    return after if isinstance(after, str) and after else None


async def read_all(
    client: GraphClient,
    token: str,
    path: str,
    *,
    label: str,
    params: Mapping[str, str] | None = None,
    max_pages: int = MAX_PAGES,
) -> Listing:
    """Every entry of the list at ``path``, up to ``max_pages`` pages of :data:`PAGE_SIZE`.

    Raises:
        GraphError: when a page fails (the entries read so far are not returned: a
            partial list would read as "not there").
    """
    items: list[dict[str, Any]] = []
    query = {**(params or {}), "limit": str(PAGE_SIZE)}
    seen: set[str] = set()
    pages = 0
    while True:
        payload = await client.request("GET", path, token=token, params=query, endpoint=label)
        pages += 1
        items += data_list(payload, label)
        after = _after(payload)
        if after is None or after in seen:
            return Listing(items, label, pages, capped=False)
        if pages >= max_pages:
            return Listing(items, label, pages, capped=True)
        seen.add(after)
        query = {**query, "after": after}
