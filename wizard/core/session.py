"""One place that turns CLI arguments into an env file, values and a GraphClient.

``open_session(args)`` is an async context manager used by every non-interactive
command (and reusable by the TUI): it reads the env file through :class:`EnvFile`,
registers every secret for redaction, picks the Graph version (``--graph-version``
flag > ``META_GRAPH_API_VERSION`` in the file > default) and builds the client.
The core only talks HTTP: ``--sandbox`` is wired by the faces
(:mod:`wizard.commands.connect`, the TUI's services), which pass an in-process
transport and base URL here.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.config import DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, normalize_graph_version
from wizard.core.graph.client import GraphClient, RetryPolicy, make_http_client
from wizard.core.redact import register_secret
from wizard.core.state import SECRET_FIELDS, SetupValues

if TYPE_CHECKING:
    import httpx

    from wizard.core.envfile.store import EnvFile


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


def load_env(path: Path) -> EnvFile:
    """Read the env file and register every secret it holds before anything is printed."""
    from wizard.core.envfile.store import EnvFile

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
    base_url: str | None = None,
    retry: RetryPolicy | None = None,
) -> AsyncIterator[Session]:
    """Open the env file and a GraphClient for ``args``.

    Args:
        transport: an in-process transport (the sandbox, tests); else real HTTP.
        base_url: where the Graph API is; default ``--graph-url`` or Meta's.
        retry: a retry policy other than the default.
    """
    env_path = Path(getattr(args, "env_file", None) or ".env")
    env = load_env(env_path)
    values = env.values()
    version, source = pick_graph_version(args, values)
    base_url = base_url or getattr(args, "graph_url", None) or DEFAULT_GRAPH_URL
    sandbox = bool(getattr(args, "sandbox", False))
    http = make_http_client(transport)
    client = GraphClient(http, base_url, version, values.app_secret)
    if retry is not None:
        client.retry = retry
    try:
        yield Session(client, values, env, env_path, version, source, sandbox)
    finally:
        await http.aclose()
