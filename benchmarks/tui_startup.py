"""Time to the first screen in a real terminal (tmux) and peak RSS: wizard vs a bare Textual app.

Not a test: prints a table. Run: python benchmarks/tui_startup.py [runs] (default 9,
bare and wizard interleaved, medians). The wizard is started the way a person does
(``python -m wizard --sandbox``). Its first screen is a still picture of the Overview
that the live step replaces right after the first paint; so the table also gives the
time until the wizard answers a key pressed the moment the first screen shows (Enter:
the Verify token step appears).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PAINT_HOOK = """
import os, time
from textual.app import App as _App
_display = _App._display
def _first_paint(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None and not self._batch_count and not getattr(_App, "_painted", 0):
        _App._painted = 1
        with open(os.environ["PAINT_CPU_FILE"], "w") as out:
            out.write(str(time.process_time()))
_App._display = _first_paint
"""
"""Both programs note the CPU time they spent until their first frame went to the terminal."""

BARE = (
    PAINT_HOOK
    + """
from textual.app import App
from textual.widgets import Static
class Bare(App[None]):
    def compose(self):
        yield Static("bare-ready")
Bare().run()
"""
)

WIZARD = (
    PAINT_HOOK
    + """
import sys
from wizard.cli import main
sys.exit(main(["--sandbox", "--env-file", ".env"]))
"""
)

BARE_LABEL = "bare Textual app"

ANSWER = "2 · Verify token"
"""What the wizard shows once it handled Enter pressed on its first screen."""


def measure(code: str, marker: str, tmp: Path, answer: str | None = None) -> tuple[float, ...]:
    """Seconds until ``marker`` shows in the pane, peak RSS in MB (from /usr/bin/time) and,
    with ``answer``, seconds until Enter (sent when ``marker`` showed) brought ``answer``."""
    script = tmp / "prog.py"
    script.write_text(code)
    rss_file = tmp / f"rss-{uuid.uuid4().hex}"
    conf = tmp / "tmux.conf"
    conf.write_text("set -g status off\n")
    base = ["tmux", "-L", f"bench-{uuid.uuid4().hex[:8]}", "-f", str(conf)]
    cpu_file = tmp / f"cpu-{uuid.uuid4().hex}"
    command = (
        f"env -u PYTHONDONTWRITEBYTECODE PAINT_CPU_FILE={cpu_file}"
        f" /usr/bin/time -f %M -o {rss_file} {sys.executable} {script}"
    )
    start = time.perf_counter()
    subprocess.run(
        [*base, "new-session", "-d", "-s", "b", "-x", "100", "-y", "30", command],
        check=True,
        cwd=tmp,
    )
    elapsed = answered = cpu = float("nan")
    while time.perf_counter() - start < 20:
        pane = subprocess.run(
            [*base, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True, check=False
        ).stdout
        if marker in pane:
            elapsed = time.perf_counter() - start
            break
        time.sleep(0.005)
    if answer is not None:
        subprocess.run([*base, "send-keys", "-t", "b", "Enter"], check=False)
        while time.perf_counter() - start < 20:
            pane = subprocess.run(
                [*base, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True
            ).stdout
            if answer in pane:
                answered = time.perf_counter() - start
                break
            time.sleep(0.005)
    subprocess.run([*base, "send-keys", "-t", "b", "C-q"], check=False)
    end = time.perf_counter() + 5
    while time.perf_counter() < end and not (rss_file.exists() and rss_file.read_text().strip()):
        time.sleep(0.05)
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)
    rss = float(rss_file.read_text().split()[-1]) / 1024 if rss_file.exists() else float("nan")
    if cpu_file.exists() and cpu_file.read_text().strip():
        cpu = float(cpu_file.read_text())
    return elapsed, rss, answered, cpu


def main() -> None:
    """Bare and wizard runs alternate, so load on a shared machine hits both alike."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    programs = (
        (BARE_LABEL, BARE, "bare-ready", None),
        ("wa-wizard", WIZARD, "1 · Overview", None),
        ("wa-wizard, Enter", WIZARD, "1 · Overview", ANSWER),
    )
    samples: dict[str, list[tuple[float, ...]]] = {label: [] for label, *_ in programs}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ.pop("TEXTUAL_THEME", None)
        for _, code, marker, answer in programs:
            # Warm the cache, and write the bytecode an installed package has (pip compiles
            # it; a checkout run with PYTHONDONTWRITEBYTECODE=1 would compile on every start).
            measure(code, marker, tmp, answer)
        for _ in range(runs):
            for label, code, marker, answer in programs:
                samples[label].append(measure(code, marker, tmp, answer))

    def median(label: str, index: int, scale: float = 1.0) -> float:
        return statistics.median(sample[index] for sample in samples[label]) * scale

    bare_t, bare_c, bare_m = (
        median(BARE_LABEL, 0, 1000),
        median(BARE_LABEL, 3, 1000),
        median(BARE_LABEL, 1),
    )
    print(
        f"{'program':<18} {'first screen':>13} {'x':>5} {'CPU until then':>15} {'x':>5}"
        f" {'peak RSS':>10} {'x':>5}"
    )
    for label in (BARE_LABEL, "wa-wizard"):
        ms, cpu, mb = median(label, 0, 1000), median(label, 3, 1000), median(label, 1)
        print(
            f"{label:<18} {ms:>10.0f} ms {ms / bare_t:>5.2f} {cpu:>12.0f} ms {cpu / bare_c:>5.2f}"
            f" {mb:>7.1f} MB {mb / bare_m:>5.2f}"
        )
    answered, answered_mb = median("wa-wizard, Enter", 2, 1000), median("wa-wizard, Enter", 1)
    print(
        f"wa-wizard answers Enter pressed on its first screen after {answered:.0f} ms"
        f" (peak RSS with the live steps built: {answered_mb:.1f} MB, {answered_mb / bare_m:.2f}x)"
    )
    print(f"({runs} interleaved runs each; medians; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
