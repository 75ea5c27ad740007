"""The error knowledge base: every Graph or WhatsApp failure as a card (what, why, the fix).

- ``lookup``: the one entry point (:func:`card_for_error`, :func:`card_for_code`,
  :func:`render_card`).
- ``spec``: :class:`CardSpec` (card text as data), :class:`LinkContext` and deep links.
- ``graph``, ``whatsapp``, ``templates``: the cards by code family.
- ``matching``: cards chosen by Meta's message text or the kind of failure.
- ``ranges``: what is known about a code that has no card.
"""
