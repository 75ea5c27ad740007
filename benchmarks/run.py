"""Run every benchmark under benchmarks/ and print one report; not a test.

Usage: ``python benchmarks/run.py [runs]`` (default 5 runs for the import timing).
Each benchmark script runs in its own process (they start servers and terminals);
their tables are printed under one heading each, then the import-time breakdown of
``python -X importtime -m wizard doctor --help`` (median total, top modules, and
proof that Textual is not imported), then a summary table of wall times.
"""

from __future__ import annotations

import re
import statistics
import subprocess  # nosec B404 - runs our own benchmark scripts
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")
TOP = 12


def scripts() -> list[Path]:
    """Every benchmark script but this one, in name order."""
    return sorted(p for p in HERE.glob("*.py") if p.name not in ("run.py", "__init__.py"))


def run_script(path: Path) -> tuple[float, int, str]:
    """(wall seconds, exit code, output) of one benchmark script."""
    start = time.perf_counter()
    proc = subprocess.run(  # nosec B603 - fixed argv: our interpreter and our script
        [sys.executable, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = proc.stdout if proc.returncode == 0 else proc.stdout + proc.stderr[-3000:]
    return time.perf_counter() - start, proc.returncode, output.rstrip()


def importtime_once() -> dict[str, tuple[int, int, int]]:
    """module -> (self us, cumulative us, depth) for ``wa-wizard doctor --help``."""
    proc = subprocess.run(  # nosec B603 - fixed argv
        [sys.executable, "-X", "importtime", "-m", "wizard", "doctor", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    found: dict[str, tuple[int, int, int]] = {}
    for line in proc.stderr.splitlines():
        match = LINE.match(line)
        if match:
            depth = (len(match.group(3)) - 1) // 2
            found[match.group(4)] = (int(match.group(1)), int(match.group(2)), depth)
    return found


def import_report(runs: int) -> list[str]:
    samples = [importtime_once() for _ in range(runs)]
    totals = [sum(v[0] for v in s.values()) for s in samples]
    median_total = statistics.median(totals)
    typical = samples[totals.index(sorted(totals)[len(totals) // 2])]
    lines = [
        f"python -X importtime -m wizard doctor --help (median of {runs})",
        f"  {'total import time':<40}{median_total / 1000:>9.1f} ms",
        f"  {'modules imported':<40}{len(typical):>9}",
        f"  {'textual imported':<40}{any(m.split('.')[0] == 'textual' for m in typical)!s:>9}",
        f"  {'httpx imported':<40}{any(m.split('.')[0] == 'httpx' for m in typical)!s:>9}",
        f"  top {TOP} top-level imports by cumulative time:",
    ]
    top_level = [(m, v) for m, v in typical.items() if v[2] == 0]
    for module, (_own, cumulative, _depth) in sorted(top_level, key=lambda i: -i[1][1])[:TOP]:
        lines.append(f"    {module:<38}{cumulative / 1000:>9.1f} ms")
    wizard_mods = [(m, v) for m, v in typical.items() if m.startswith("wizard")]
    lines.append("  wizard modules (cumulative):")
    for module, (_own, cumulative, _depth) in sorted(wizard_mods, key=lambda i: -i[1][1])[:TOP]:
        lines.append(f"    {module:<38}{cumulative / 1000:>9.1f} ms")
    return lines


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    summary: list[tuple[str, float, int]] = []
    for path in scripts():
        print(f"== {path.name}")
        seconds, code, output = run_script(path)
        print(output or "(no output)")
        print()
        summary.append((path.name, seconds, code))
    start = time.perf_counter()
    print("== import time")
    print("\n".join(import_report(runs)))
    summary.append(("import time", time.perf_counter() - start, 0))
    print()
    print(f"{'benchmark':<30}{'wall':>10}{'status':>10}")
    for name, seconds, code in summary:
        print(f"{name:<30}{seconds:>9.1f}s{'ok' if code == 0 else f'exit {code}':>10}")
    return 0 if all(code == 0 for _, _, code in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
