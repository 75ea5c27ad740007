"""bandit over wizard/: every finding is either fixed or explained here; new ones fail.

Findings are keyed by (check, file, the flagged code line without its comment), not by line
number, so edits elsewhere in a file do not break the test. Once an owner adds the
suggested ``# nosec BXXX - why`` the finding disappears from bandit's output and its
entry here becomes unused (reported by ``test_no_stale_explanations`` only as a skip).
"""

from __future__ import annotations

import configparser
import json
import subprocess  # nosec B404 - runs bandit, a fixed argv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".bandit"

SKIPPED = {"B105", "B404"}
"""Checks skipped in .bandit (the reasons are in that file); anything more must be argued."""

NARROWING = "type narrowing right after a guard that already returned; harmless under -O"
SANDBOX = "invariant of the simulated Graph API; the sandbox never talks to Meta"

EXPLAINED: dict[tuple[str, str, str], str] = {
    ("B101", "wizard/commands/exchange.py", "assert v.access_token"): NARROWING,
    ("B101", "wizard/commands/exchange.py", "assert v.app_id"): NARROWING,
    ("B101", "wizard/commands/exchange.py", "assert v.app_secret"): NARROWING,
    ("B101", "wizard/core/envfile/write.py", "assert match is not None"): (
        "the pattern matches the empty string, so match() cannot return None"
    ),
    ("B101", "wizard/core/envfile/write.py", "assert value_match is not None"): (
        "the pattern matches the empty string, so match() cannot return None"
    ),
    ("B603", "wizard/core/envfile/gitsafety.py", "return subprocess.run("): (
        "argv list, no shell; arguments are fixed git sub-commands and a path"
    ),
    ("B607", "wizard/core/envfile/gitsafety.py", "return subprocess.run("): (
        "the person's own git from PATH is the one that knows their repository"
    ),
    ("B311", "wizard/core/graph/client.py", "delay += random.uniform(0, delay / 2)"): (
        "back-off jitter, not a secret"
    ),
    ("B311", "wizard/sandbox/world.py", "rng = random.Random(seed)"): (
        "seeded on purpose: the practice world must be reproducible; its values are not secrets"
    ),
    ("B311", "wizard/sandbox/world.py", 'world_rng = random.Random(f"{practice.seed}:{name}")'): (
        "seeded on purpose: a named world's extra ids must be reproducible; not secrets"
    ),
    ("B101", "wizard/sandbox/auth.py", "assert app is not None"): SANDBOX,
    ("B101", "wizard/sandbox/router.py", "assert principal.spec is not None"): SANDBOX,
    ("B101", "wizard/sandbox/router.py", "assert app is not None"): SANDBOX,
    ("B101", "wizard/sandbox/routes/oauth.py", "assert owner is not None"): SANDBOX,
    ("B110", "wizard/tui/clipboard.py", "except Exception:"): (
        "no clipboard tool is normal over SSH; OSC 52 already copied and the person is told"
    ),
}
"""(check, file, flagged line) -> why it is acceptable. Suggested as ``# nosec`` comments."""

TEST_HELPER = "wizard/sandbox/testing.py"
"""Test helpers shipped with the sandbox: their asserts are the point (B101 only)."""


def findings() -> list[tuple[str, str, str, int]]:
    """(check, file, flagged line stripped, line number) for every bandit finding."""
    proc = subprocess.run(  # nosec B603 - fixed argv, our own interpreter
        [sys.executable, "-m", "bandit", "-r", "wizard", "--ini", str(CONFIG), "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        pytest.fail(f"bandit did not run (exit {proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    out = []
    for item in report["results"]:
        path = ROOT / item["filename"]
        line = path.read_text(encoding="utf-8").splitlines()[item["line_number"] - 1]
        line = line.split("  #", 1)[0].strip()  # comments may change; the code is the key
        out.append((item["test_id"], item["filename"], line, item["line_number"]))
    return out


@pytest.fixture(scope="module")
def found() -> list[tuple[str, str, str, int]]:
    return findings()


def test_config_skips_only_the_argued_checks() -> None:
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    skips = {s.strip() for s in parser["bandit"]["skips"].split(",") if s.strip()}
    assert skips == SKIPPED


def test_no_unexplained_findings(found: list[tuple[str, str, str, int]]) -> None:
    new = [
        f"{check} {path}:{number}  {line}"
        for check, path, line, number in found
        if (check, path, line) not in EXPLAINED and not (check == "B101" and path == TEST_HELPER)
    ]
    assert not new, "new bandit findings: fix them or explain them\n" + "\n".join(new)


def test_no_high_or_medium_severity_at_all() -> None:
    proc = subprocess.run(  # nosec B603 - fixed argv, our own interpreter
        [
            sys.executable,
            "-m",
            "bandit",
            "-r",
            "wizard",
            "-q",
            "--severity-level",
            "medium",
            "-f",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(proc.stdout)
    serious = [r for r in report["results"] if r["issue_severity"] in ("MEDIUM", "HIGH")]
    assert serious == [], serious


def test_no_stale_explanations(found: list[tuple[str, str, str, int]]) -> None:
    """An explanation whose finding is gone was fixed or got a nosec: drop it from here."""
    live = {(check, path, line) for check, path, line, _ in found}
    stale = sorted(key for key in EXPLAINED if key not in live)
    if stale:
        pytest.skip(f"{len(stale)} explanation(s) no longer needed: {stale}")
