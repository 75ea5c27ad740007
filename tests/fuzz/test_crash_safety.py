"""A writer killed with SIGKILL at random moments never leaves a torn or missing .env."""

from __future__ import annotations

import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wizard.core.envfile.store import EnvFile

TRIALS = 200 if os.environ.get("WA_WIZARD_SLOW") == "1" else 20
PAD = "x" * 4000  # big enough that a write is not a single block
TEMPLATE = "# header\r\nexport WHATSAPP_TOKEN='EAA{n:08d}" + PAD + "'  # prod\r\nOTHER=1\r\n"
VERSION = re.compile(
    re.escape("# header\r\nexport WHATSAPP_TOKEN='EAA")
    + r"(\d{8})"
    + re.escape(PAD + "'  # prod\r\nOTHER=1\r\n")
)
WRITER = f"""
import sys
from pathlib import Path
from wizard.core.envfile.store import EnvFile
path = Path(sys.argv[1])
print("ready", flush=True)
for n in range(1, 400):
    EnvFile.read(path, {{}}).plan({{"access_token": f"EAA{{n:08d}}{PAD}"}}).apply()
    if n == 1:
        print("wrote", flush=True)
print("done", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_leaves_old_or_new_file(tmp_path: Path) -> None:
    rng = random.Random(20261121)
    killed_mid_run = 0
    advanced = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        path = folder / ".env"
        path.write_bytes(TEMPLATE.format(n=0).encode())
        path.chmod(0o600)
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        assert proc.stdout.readline() == "wrote\n"  # state, not time: one write has landed
        time.sleep(rng.uniform(0, 0.08))  # a random moment, not a timing assertion
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if proc.returncode == -signal.SIGKILL:
            killed_mid_run += 1
        text = path.read_bytes().decode("utf-8")
        match = VERSION.fullmatch(text)
        assert match is not None, f"trial {trial}: torn file"
        advanced += int(match.group(1)) > 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        # A leftover temp file never stops the next run.
        EnvFile.read(path, {}).plan({"app_id": "1"}).apply()
    assert killed_mid_run > TRIALS // 2  # the kills really landed during the writes
    assert advanced == TRIALS  # every kill came after a completed write
