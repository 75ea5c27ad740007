"""Webhooks the way Meta does them: signing, payloads, the endpoint self-test, a receiver.

- ``signing``: ``X-Hub-Signature-256`` (sign, verify in constant time).
- ``payloads``: realistic ``messages`` and ``statuses`` bodies, serialised as Meta does.
- ``events``: redacted one-line summaries of what arrived.
- ``probes``, ``selftest``, ``diagnose``: test an endpoint and explain each failure.
- ``receiver``: the reference receiver (``webhook-listen``, the wizard's Listen).
- ``subscription``: subscribe the app and link the WABA, in the order Meta needs.
"""
