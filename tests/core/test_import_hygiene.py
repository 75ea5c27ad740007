"""The core never imports Textual; doctor --help stays light (no textual, no httpx)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import wizard.core


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def test_importing_every_core_module_loads_no_textual() -> None:
    names = [f"wizard.core.{m.name}" for m in pkgutil.iter_modules(wizard.core.__path__)]
    assert "wizard.core.checks" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    assert run(code).strip() == "[]"


def test_doctor_help_loads_neither_textual_nor_httpx() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): rc = main(['doctor', '--help'])\n"
        "assert rc == 0, rc\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'httpx', 'rich'}))"
    )
    assert run(code).strip() == "[]"


def test_running_doctor_loads_no_textual(tmp_path: object) -> None:
    code = (
        "import sys, contextlib, io, os, tempfile\n"
        "os.chdir(tempfile.mkdtemp())\n"
        "from wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): rc = main(['--sandbox', 'doctor'])\n"
        "print(rc, 'textual' in sys.modules)"
    )
    assert run(code).split() == ["1", "False"]  # no .env here: fails, without Textual
