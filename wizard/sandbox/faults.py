"""Fault injection: make the sandbox slow, flaky, throttled or broken on purpose.

A :class:`FaultPlan` is a list of :class:`Fault` rules. Each request (its path
after the version, e.g. ``/me`` or ``/1234/messages``) takes the first rule that
matches and still has uses left. Plans can be swapped at runtime, from a test
(``sandbox.faults = FaultPlan(...)``) or over HTTP (``POST /_sandbox/faults``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FaultKind = Literal["latency", "status", "timeout", "reset", "malformed", "error"]
KINDS: tuple[str, ...] = ("latency", "status", "timeout", "reset", "malformed", "error")


@dataclass
class Fault:
    """One rule.

    Kinds: ``latency`` (wait ``delay_ms`` then answer normally), ``status`` (a bare
    5xx without Meta's envelope), ``timeout`` (wait ``delay_ms``, longer than the
    client's timeout), ``reset`` (drop the connection), ``malformed`` (HTTP 200
    with broken JSON), ``error`` (Meta's envelope for ``code``/``subcode``).
    """

    kind: FaultKind
    path: str = ".*"
    """Regex searched in the path after the version (``/me``, ``/{id}/messages``)."""
    method: str | None = None
    times: int | None = None
    """Apply to the first N matching requests only; None means every request."""
    code: int = 2
    subcode: int | None = None
    status: int | None = None
    """HTTP status for ``status`` (default 503) or to force one for ``error``."""
    delay_ms: int = 15_000

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {', '.join(KINDS)}")
        re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        return re.search(self.path, path) is not None


@dataclass
class FaultPlan:
    """Rules plus webhook faults; safe to use from the server thread and a test."""

    faults: list[Fault] = field(default_factory=list)
    bad_signature: bool = False
    """Sign status webhooks with a wrong key (the receiver must reject them)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, kind: FaultKind, **options: Any) -> FaultPlan:
        """Append a rule and return the plan (chainable)."""
        fault = Fault(kind, **options)
        with self._lock:
            self.faults.append(fault)
        return self

    def error(self, code: int, **options: Any) -> FaultPlan:
        """Shortcut for ``add("error", code=code, ...)``."""
        return self.add("error", code=code, **options)

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()
            self.bad_signature = False

    def take(self, method: str, path: str) -> Fault | None:
        """The first matching rule with uses left, consuming one use."""
        with self._lock:
            for fault in self.faults:
                if fault.times is not None and fault.times <= 0:
                    continue
                if fault.matches(method, path):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "faults": [asdict(f) for f in self.faults],
                "bad_signature": self.bad_signature,
            }

    @classmethod
    def from_dict(cls, data: object) -> FaultPlan:
        """Build a plan from ``{"faults": [{...}], "bad_signature": false}``.

        Raises:
            ValueError: on an unknown key, kind or a bad regex, with a readable reason.
        """
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object with a 'faults' list")
        raw = data.get("faults", [])
        if not isinstance(raw, list):
            raise ValueError("'faults' must be a list")
        plan = cls(bad_signature=bool(data.get("bad_signature", False)))
        for item in raw:
            if not isinstance(item, dict) or "kind" not in item:
                raise ValueError("each fault must be an object with a 'kind'")
            try:
                plan.faults.append(Fault(**item))
            except (TypeError, re.error) as exc:
                raise ValueError(f"bad fault {item!r}: {exc}") from None
        return plan
