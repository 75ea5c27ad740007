"""Doctor wall time with 100 ms per request, concurrent vs one-after-another; start-up cost.

Not a test: prints a table. Run with ``python benchmarks/doctor_latency.py``.
The sequential baseline replays the exact requests doctor made, one at a time,
as the seed guides' curl procedure does.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from wizard.core.checks.base import CheckContext
from wizard.core.checks.runner import run_checks
from wizard.core.envfile.store import EnvFile
from wizard.core.graph.client import GraphClient, make_http_client
from wizard.sandbox.app import create_app
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.world import build_world

LATENCY_MS = 100


async def concurrent(url: str, env: EnvFile) -> tuple[float, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    values = env.values()
    http = make_http_client()
    http.event_hooks["request"] = [record]
    client = GraphClient(http, url, "v25.0", values.app_secret)
    start = time.perf_counter()
    await run_checks(CheckContext(client=client, values=values, env=env))
    elapsed = time.perf_counter() - start
    await http.aclose()
    return elapsed, seen


async def sequential(requests: list[httpx.Request]) -> float:
    async with httpx.AsyncClient() as http:
        start = time.perf_counter()
        for request in requests:
            await http.request(
                request.method, request.url, headers=request.headers, content=request.content
            )
        return time.perf_counter() - start


def import_cost() -> tuple[int, bool, bool, float]:
    code = (
        "import sys, time, io, contextlib\n"
        "t = time.perf_counter()\n"
        "from wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['doctor', '--help'])\n"
        "dt = time.perf_counter() - t\n"
        "mods = set(sys.modules)\n"
        "print(len(mods), 'textual' in mods, 'httpx' in mods, dt)"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        runs.append(out.stdout.split())
    runs.sort(key=lambda r: float(r[3]))
    count, textual, has_httpx, seconds = runs[len(runs) // 2]
    return int(count), textual == "True", has_httpx == "True", float(seconds)


def main() -> None:
    world = build_world()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".env"
        path.write_text(
            f"FACEBOOK_APP_ID={world.app.id}\nFACEBOOK_APP_SECRET={world.app.secret}\n"
            f"WHATSAPP_ACCESS_TOKEN={world.token('system-user')}\n"
            f"WHATSAPP_BUSINESS_ACCOUNT_ID={world.waba.id}\n"
            f"WHATSAPP_PHONE_NUMBER_ID={world.phone.id}\nMETA_WEBHOOK_VERIFY_TOKEN={'d' * 64}\n"
        )
        env = EnvFile.read(path, environ={})
        with SandboxServer(create_app(world, latency_ms=LATENCY_MS)) as url:
            together, requests = asyncio.run(concurrent(url, env))
            one_by_one = asyncio.run(sequential(requests))
    count, textual, has_httpx, seconds = import_cost()
    print(f"doctor against the sandbox, {LATENCY_MS} ms injected latency per request")
    print(f"{'requests':<34}{len(requests):>10}")
    print(f"{'doctor (concurrent checks)':<34}{together:>9.2f}s")
    print(f"{'same requests one after another':<34}{one_by_one:>9.2f}s")
    ratio = together / one_by_one
    print(f"{'ratio (goal <= 0.50)':<34}{ratio:>10.2f}  {'ok' if ratio <= 0.5 else 'MISSED'}")
    print()
    print("python -m wizard doctor --help (median of 5)")
    print(f"{'modules imported':<34}{count:>10}")
    print(f"{'textual imported':<34}{textual!s:>10}")
    print(f"{'httpx imported':<34}{has_httpx!s:>10}")
    print(f"{'import + parse time':<34}{seconds * 1000:>8.0f}ms")


if __name__ == "__main__":
    main()
