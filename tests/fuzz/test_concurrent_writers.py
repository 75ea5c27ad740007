"""Parallel writer processes never lose an update (issue 14, finding 2).

Each writer does read → plan(COUNTER + 1) → apply, M times, and prints the value of
every write that succeeded. A writer that read a file another one replaced since must
be refused (EnvChangedOnDisk), never succeed. The invariant, exact:

* the successful writes printed the values 1, 2, …, S, each exactly once (two
  writers both succeeding from the same read would print the same value twice), and
* the final file holds COUNTER = S, so no successful write was overwritten.

Default profile: 4 writers × 25 writes; WA_WIZARD_SLOW=1: 8 writers × 100 writes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wizard.core.envfile.store import EnvFile
from wizard.core.envfile.write import BACKUPS_KEPT, backups_of

SLOW = os.environ.get("WA_WIZARD_SLOW") == "1"
WRITERS, WRITES = (8, 100) if SLOW else (4, 25)

WRITER = """
import sys
from pathlib import Path
from wizard.core.envfile.store import EnvFile
from wizard.core.envfile.write import EnvChangedOnDisk, EnvFileError
path, writes = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()  # everyone starts together
for _ in range(writes):
    env = EnvFile.read(path, {})
    value = str(int(env.raw()["WABA_ID"]) + 1)
    try:
        env.plan({"waba_id": value}).apply()
    except EnvChangedOnDisk:
        print("conflict", flush=True)
    except EnvFileError as exc:
        print("error", exc, flush=True)
    else:
        print("ok", value, flush=True)
"""


def test_parallel_writers_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("# counter\nWABA_ID=0\nOTHER=kept\n")
    path.chmod(0o600)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(WRITES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(WRITERS)
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()
    outputs = [proc.stdout.read() for proc in procs if proc.stdout is not None]
    for proc in procs:
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    assert all(proc.returncode == 0 for proc in procs)
    lines = [line for out in outputs for line in out.splitlines()]
    assert len(lines) == WRITERS * WRITES
    assert not [line for line in lines if line.startswith("error")]
    written = sorted(int(line.split()[1]) for line in lines if line.startswith("ok"))
    assert written == list(range(1, len(written) + 1))  # each value once: no duplicate
    final = EnvFile.read(path, {}).raw()
    assert final == {"WABA_ID": str(len(written)), "OTHER": "kept"}  # none overwritten
    assert len(written) >= WRITES  # writers made progress, not only conflicts
    conflicts = sum(line == "conflict" for line in lines)
    print(f"{WRITERS} writers x {WRITES} writes: {len(written)} written, {conflicts} refused")
    assert len(backups_of(path)) == min(BACKUPS_KEPT, len(written))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".env.bak-")) == [
        ".env"
    ]  # no temp file, no lock file left
