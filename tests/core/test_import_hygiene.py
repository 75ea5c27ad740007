"""The core never imports a face, the sandbox or Textual; doctor --help stays light."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import wizard.core

CORE = Path(wizard.core.__file__).parent
FORBIDDEN = ("textual", "wizard.tui", "wizard.sandbox", "wizard.commands", "wizard.cli")
"""What no core module may import, not even lazily inside a function."""


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_core_module_imports_a_face_the_sandbox_or_textual() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 40
    offenders = {
        str(path.relative_to(CORE)): sorted(
            name for name in imported_modules(path) if name.startswith(FORBIDDEN)
        )
        for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_hygiene_scan_sees_a_lazy_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from wizard.sandbox.world import build_world\n")
    assert "wizard.sandbox.world" in imported_modules(module)


def test_importing_every_core_module_loads_no_textual() -> None:
    names = [m.name for m in pkgutil.walk_packages(wizard.core.__path__, prefix="wizard.core.")]
    assert "wizard.core.checks.runner" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    assert run(code).strip() == "[]"


def test_doctor_help_loads_neither_textual_nor_httpx() -> None:
    heavy = "{'textual', 'httpx', 'rich', 'phonenumbers'}"
    code = (
        "import sys, contextlib, io\n"
        "from wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): rc = main(['doctor', '--help'])\n"
        "assert rc == 0, rc\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy}))"
    )
    assert run(code).strip() == "[]"


def test_running_doctor_loads_no_textual(tmp_path: object) -> None:
    code = (
        "import sys, contextlib, io, os, tempfile\n"
        "os.chdir(tempfile.mkdtemp())\n"
        "from wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): rc = main(['--sandbox', 'doctor'])\n"
        "print(rc, 'textual' in sys.modules, 'phonenumbers' in sys.modules)"
    )
    # no .env here: fails, without Textual; the phone library loads only to parse a recipient
    assert run(code).split() == ["1", "False", "False"]
