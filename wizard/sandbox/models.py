"""The frozen objects of the practice world: apps, numbers, templates, WABAs, tokens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class App:
    """A Meta app: its id, secret and the suffix of its client_credentials token."""

    id: str
    secret: str
    name: str
    token_suffix: str

    @property
    def app_token(self) -> str:
        """What ``grant_type=client_credentials`` returns: ``{app-id}|{opaque}``."""
        return f"{self.id}|{self.token_suffix}"


@dataclass(frozen=True)
class PhoneNumber:
    id: str
    waba_id: str
    display: str
    """As Meta shows it, e.g. ``+1 555-019-3344``; never parsed."""
    wa_id: str
    """Digits only, for sender-equals-recipient checks."""
    verified_name: str
    status: str
    platform_type: str
    code_verification_status: str
    quality_rating: str
    name_status: str
    messaging_limit: str
    is_test_number: bool


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    language: str
    status: str
    category: str
    components: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Waba:
    id: str
    name: str
    namespace: str
    subscribed_at_start: bool
    """Whether the main app is subscribed to this WABA when the sandbox starts."""
    templates: tuple[Template, ...]
    shared: bool = False
    """Owned by a client business and shared with ours: listed under
    ``client_whatsapp_business_accounts``, not ``owned_`` (graph-api.md §19.6)."""


@dataclass(frozen=True)
class Health:
    """One entity's ``health_status`` answer when it is not simply AVAILABLE (§19.7)."""

    can_send_message: str
    """``LIMITED`` or ``BLOCKED``."""
    errors: tuple[tuple[int, str, str], ...] = ()
    """(error_code, error_description, possible_solution) of a BLOCKED entity."""
    additional_info: tuple[str, ...] = ()
    """Sentences a LIMITED entity carries."""


@dataclass(frozen=True)
class TokenSpec:
    """One access token the sandbox knows, with what ``debug_token`` says about it."""

    scenario: str
    description: str
    token: str
    type: str
    """``USER`` or ``SYSTEM_USER``."""
    app_id: str
    user_id: str
    scopes: tuple[str, ...]
    granular_scopes: tuple[tuple[str, tuple[str, ...] | None], ...]
    issued_at: int | None
    expires_at: int
    """0 means never."""
    data_access_expires_at: int
    invalid: tuple[int, int, str] | None = None
    """(code, subcode, message) for a token Meta rejects whatever its expiry."""

    def expired(self, now: float) -> bool:
        return self.expires_at != 0 and self.expires_at <= now
