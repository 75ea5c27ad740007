"""Mutable access facts of the practice business: the login dialog and the system users.

Kept apart from the frozen world (what exists) because these change while the
sandbox runs (a login hands out a code; make-permanent installs the app and assigns
the WABA) and tests flip the switches (a Live app, a denied login, a refused install).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.sandbox.world import World

CODE_LIFETIME = 600
"""Seconds a login code can be exchanged (Meta: codes are short-lived, single use; the
exact lifetime is UNCONFIRMED)."""


@dataclass
class LoginCode:
    """One code the dialog redirected with (graph-api.md §19.13)."""

    app_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    issued_at: float
    used: bool = False


@dataclass
class LoginState:
    """The practice app's Facebook Login settings and the codes handed out."""

    live: bool = False
    """App mode: in Development mode ``http://localhost`` redirects are allowed
    automatically; a Live app only accepts the exact URIs in ``redirect_uris``."""
    redirect_uris: list[str] = field(default_factory=list)
    """Facebook Login › Settings › Valid OAuth Redirect URIs."""
    deny: bool = False
    """The practice user presses Cancel in the dialog."""
    codes: dict[str, LoginCode] = field(default_factory=dict)


@dataclass
class SystemUser:
    id: str
    name: str
    role: str
    """``ADMIN`` or ``EMPLOYEE`` (graph-api.md §10.2)."""


@dataclass
class BusinessState:
    """System users of the practice business, the apps installed for them, WABA users."""

    system_users: dict[str, SystemUser] = field(default_factory=dict)
    installed: dict[str, set[str]] = field(default_factory=dict)
    """System-user id -> app ids installed for it."""
    assigned: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """WABA id -> user id -> tasks."""
    install_refused: bool = False
    """Meta refuses ``POST /{system-user-id}/applications`` for this app (the docs say only
    apps with certain access levels can be installed: UNCONFIRMED for WhatsApp-only apps)."""

    @classmethod
    def of(cls, world: World) -> BusinessState:
        """At start: one EMPLOYEE system user, no app installed, no WABA assigned to it."""
        user = SystemUser(world.system_user_id, world.system_user_name, "EMPLOYEE")
        return cls(system_users={user.id: user})
