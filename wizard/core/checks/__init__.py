"""The checklist: each check as data, the concurrent runner, and the facts checks share.

- ``base``: :class:`CheckResult`, :class:`CheckContext`, :class:`Check` and helpers.
- ``runner``: ``CHECK_IDS``, ``CHECKS`` and :func:`run_checks` (never raises).
- ``local``, ``token``, ``waba``, ``phone``, ``webhook``: one module per topic.
- ``discovery``: which WABAs a token reaches and their numbers (doctor and the wizard agree).
- ``phone_facts``: what a phone number's fields mean (test number, limit field per version).
- ``phone_verdict``: can this number send (status, health_status, quality): one verdict.
"""
