"""One place that turns CLI arguments into an env file, values and a GraphClient.

``open_session(args)`` is an async context manager used by every non-interactive
command (and reusable by the TUI): it reads the env file through :class:`EnvFile`,
registers every secret for redaction, picks the Graph version (``--graph-version``
flag > ``META_GRAPH_API_VERSION`` in the file > default) and builds the client.
``--sandbox`` means an in-process sandbox transport, so ``wa-wizard --sandbox
doctor`` works against the practice world without a server.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.core.config import DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, normalize_graph_version
from wizard.core.graph import GraphClient, RetryPolicy, make_http_client
from wizard.core.redact import register_secret
from wizard.core.state import SECRET_FIELDS, SetupValues

if TYPE_CHECKING:
    import httpx

    from wizard.core.envfile import EnvFile


@dataclass
class Session:
    """What a command works with; the client is closed when the session ends."""

    client: GraphClient
    values: SetupValues
    env: EnvFile
    env_path: Path
    graph_version: str
    version_source: str
    """``flag``, ``file`` or ``default``: where the Graph version came from."""
    sandbox: bool = False
    extras: dict[str, Any] = field(default_factory=dict)
    """The sandbox world when ``--sandbox`` is used (key ``world``)."""


def pick_graph_version(args: argparse.Namespace, values: SetupValues) -> tuple[str, str]:
    """(version, source): the flag wins, then the file, then the default.

    A malformed version in the file falls back to the default (doctor reports it).
    """
    flag = getattr(args, "graph_version", None)
    if getattr(args, "graph_version_given", flag is not None) and flag:
        return str(flag), "flag"
    if values.graph_version:
        try:
            return normalize_graph_version(values.graph_version), "file"
        except ValueError:
            pass
    return DEFAULT_GRAPH_VERSION, "default"


def sandbox_transport() -> tuple[httpx.AsyncBaseTransport, Any]:
    """An in-process sandbox (ASGI) over the practice world; returns (transport, world)."""
    import httpx

    from wizard.sandbox.app import create_app
    from wizard.sandbox.world import build_world

    world = build_world()
    return httpx.ASGITransport(app=create_app(world)), world


def load_env(path: Path) -> EnvFile:
    """Read the env file and register every secret it holds before anything is printed."""
    from wizard.core.envfile import EnvFile

    env = EnvFile.read(path)
    values = env.values()
    for name in SECRET_FIELDS:
        register_secret(getattr(values, name))
    for binding in env.bindings.values():
        if binding.field in SECRET_FIELDS:
            register_secret(binding.value)
    return env


@asynccontextmanager
async def open_session(
    args: argparse.Namespace,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    retry: RetryPolicy | None = None,
) -> AsyncIterator[Session]:
    """Open the env file and a GraphClient for ``args``.

    Args:
        transport: tests inject one; otherwise ``--sandbox`` picks the in-process sandbox.
        retry: a retry policy other than the default.
    """
    env_path = Path(getattr(args, "env_file", None) or ".env")
    env = load_env(env_path)
    values = env.values()
    version, source = pick_graph_version(args, values)
    base_url = getattr(args, "graph_url", None) or DEFAULT_GRAPH_URL
    extras: dict[str, Any] = {}
    sandbox = bool(getattr(args, "sandbox", False))
    if transport is None and sandbox:
        transport, extras["world"] = sandbox_transport()
        base_url = "http://sandbox.invalid"
    http = make_http_client(transport)
    client = GraphClient(http, base_url, version, values.app_secret)
    if retry is not None:
        client.retry = retry
    try:
        yield Session(client, values, env, env_path, version, source, sandbox, extras)
    finally:
        await http.aclose()
