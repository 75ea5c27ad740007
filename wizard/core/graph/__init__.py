"""Talking to the Graph API: the one client, its errors, and the typed calls by topic.

- ``client``: :class:`GraphClient` (proof on every call, retries, bounded time) and
  ``make_http_client``.
- ``errors``: :class:`GraphError`, Meta's error envelope, the retryable code sets.
- ``parse``: tolerant readers of Meta's JSON (ids, ints, lists).
- ``tokens``: debug_token, token exchange, app token, /me and its permissions.
- ``paging``: every page of a list, bounded, the cap reported (never follows ``next``).
- ``account``: businesses, WABAs (owned, client, assigned), phone numbers, templates.
- ``messages``: sending (never retried once a request may have left).
- ``webhooks``: the app's callback subscription and the WABA's subscribed apps.
"""
