"""The sandbox Graph API as a Starlette app: parsing, faults, errors; routing is in router.py.

Garbage in (unknown paths, wrong methods, bad JSON, bodies over 1 MB) always gets
Meta's error envelope, never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import struct
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from wizard.core.body_limit import BodyLimit
from wizard.sandbox.context import DEFAULT_VERSION, Ctx, Runtime
from wizard.sandbox.errors import GraphFault, canned
from wizard.sandbox.faults import Fault, FaultPlan
from wizard.sandbox.router import dispatch, is_whatsapp
from wizard.sandbox.routes import login
from wizard.sandbox.state import SandboxState
from wizard.sandbox.world import World

MAX_BODY = 1024 * 1024
ADMIN_HEADER = "x-sandbox-admin"
"""Admin routes under ``/_sandbox/`` answer only with this header (value ``1``)."""
TRANSPORT_KEY = "wizard.sandbox.transport"
"""Scope key where :mod:`wizard.sandbox.server` puts the socket transport (for resets)."""
_VERSION_RE = re.compile(r"^v(\d{1,3})(?:\.(\d{1,2}))?$")
_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"]


def _too_large() -> GraphFault:
    return GraphFault(100, "(#100) The request body is larger than 1 MB", status=413)


def _too_large_answer() -> tuple[bytes, bytes]:
    return json.dumps(_too_large().body(whatsapp=False)).encode(), b"application/json"


def create_app(
    world: World,
    *,
    require_proof: bool = False,
    faults: FaultPlan | None = None,
    latency_ms: int = 0,
) -> Starlette:
    """Build the sandbox app; its :class:`Runtime` is at ``runtime_of(app)``."""
    runtime = Runtime(
        world=world,
        state=SandboxState(world),
        faults=faults if faults is not None else FaultPlan(),
        require_proof=require_proof,
        latency_ms=latency_ms,
    )
    app = Starlette(
        routes=[
            Route("/_sandbox/{action:path}", _admin, methods=_METHODS),
            Route("/dialog/oauth", login.dialog, methods=["GET"]),
            Route("/{version}/dialog/oauth", login.dialog, methods=["GET"]),
            Route("/{path:path}", _graph, methods=_METHODS),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _crash},
        # Every route, admin included: 413 before the body is read, or as soon as a
        # chunked body passes 1 MB; the answer is Meta's envelope.
        middleware=[Middleware(BodyLimit, max_bytes=MAX_BODY, refusal=_too_large_answer)],
    )
    app.state.runtime = runtime
    return app


def runtime_of(app: Starlette) -> Runtime:
    runtime: Runtime = app.state.runtime
    return runtime


def _envelope(fault: GraphFault, *, whatsapp: bool = False) -> JSONResponse:
    return JSONResponse(
        fault.body(whatsapp=whatsapp),
        status_code=fault.http_status(whatsapp=whatsapp),
        headers=fault.headers(),
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    method = request.method.lower()
    return _envelope(GraphFault(100, f"Unsupported {method} request.", status=status))


async def _crash(request: Request, exc: Exception) -> Response:
    return _envelope(GraphFault(1, "An unknown error occurred", status=500))


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def _context(request: Request, runtime: Runtime) -> Ctx:
    segments = [s for s in request.url.path.split("/") if s]
    version = DEFAULT_VERSION
    if segments and (match := _VERSION_RE.match(segments[0])):
        version = f"v{int(match.group(1))}.{int(match.group(2) or 0)}"
        segments = segments[1:]
    params = dict(request.query_params)
    body = await _read_body(request)
    payload: dict[str, Any] | None = None
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if body and ctype == "application/json":
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            parsed = None
        if not isinstance(parsed, dict):
            raise GraphFault(
                100, "(#100) Invalid parameter", details="The request body is not a JSON object."
            )
        payload = parsed
        for key, value in parsed.items():
            if isinstance(value, (str, int, float, bool)):
                params.setdefault(
                    key, str(value).lower() if isinstance(value, bool) else str(value)
                )
    elif body and ctype == "application/x-www-form-urlencoded":
        try:
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            raise GraphFault(
                100, "(#100) Invalid parameter", details="The form body is not UTF-8."
            ) from None
    return Ctx(
        rt=runtime,
        method=request.method.upper(),
        version=version,
        path="/" + "/".join(segments),
        segments=segments,
        params=params,
        json=payload,
        headers={k.lower(): v for k, v in request.headers.items()},
        base_url=f"{request.url.scheme}://{request.url.netloc}",
    )


async def _graph(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    whatsapp = False
    try:
        ctx = await _context(request, runtime)
        whatsapp = ctx.whatsapp = is_whatsapp(ctx)
        if runtime.latency_ms:
            await asyncio.sleep(runtime.latency_ms / 1000)
        fault = runtime.faults.take(ctx.method, ctx.path)
        if fault is not None:
            early = await _apply_fault(request, fault)
            if early is not None:
                return early
        return JSONResponse(await dispatch(ctx))
    except GraphFault as fault:
        return _envelope(fault, whatsapp=whatsapp)
    except Exception as exc:  # a sandbox bug must still look like Meta, not a traceback
        if getattr(exc, "sandbox_reset", False):
            raise
        return _envelope(GraphFault(1, "An unknown error occurred", status=500))


async def _apply_fault(request: Request, fault: Fault) -> Response | None:
    if fault.kind in ("latency", "timeout"):
        await asyncio.sleep(fault.delay_ms / 1000)
        return None
    if fault.kind == "status":
        status = fault.status or 503
        return Response("Service Unavailable", status_code=status, media_type="text/plain")
    if fault.kind == "malformed":
        return Response(b'{"data": [{"id": "1', media_type="application/json")
    if fault.kind == "reset":
        transport = request.scope.get(TRANSPORT_KEY)
        if transport is None:
            import httpx

            # In-process there is no socket: raise what httpx raises on a reset.
            error = httpx.ReadError("connection reset by a sandbox fault")
            error.sandbox_reset = True  # type: ignore[attr-defined]
            raise error
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        await asyncio.sleep(0.01)
        return Response(b"", status_code=500)
    raise canned(fault.code, fault.subcode) if fault.status is None else _forced(fault)


def _forced(fault: Fault) -> GraphFault:
    error = canned(fault.code, fault.subcode)
    error.status = fault.status
    return error


async def _admin(request: Request) -> Response:
    """``/_sandbox/faults`` (GET/POST/DELETE) and ``/_sandbox/settings`` (POST)."""
    if request.headers.get(ADMIN_HEADER) != "1":
        return await _graph(request)  # without the header it is just an unknown Graph id
    runtime: Runtime = request.app.state.runtime
    action = request.path_params.get("action", "")
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        return JSONResponse({"error": "the body must be JSON"}, status_code=400)
    if action == "faults":
        if request.method == "POST":
            try:
                runtime.faults = FaultPlan.from_dict(data)
            except ValueError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        elif request.method == "DELETE":
            runtime.faults = FaultPlan()
        return JSONResponse(runtime.faults.to_dict())
    if action == "settings" and request.method == "POST" and isinstance(data, dict):
        if "require_proof" in data:
            runtime.require_proof = bool(data["require_proof"])
        if "latency_ms" in data:
            runtime.latency_ms = int(data["latency_ms"])
        return JSONResponse(
            {"require_proof": runtime.require_proof, "latency_ms": runtime.latency_ms}
        )
    if action == "reset" and request.method == "POST":
        runtime.reset()
        return JSONResponse({"reset": True})
    return JSONResponse({"error": f"unknown admin action {action!r}"}, status_code=404)
