"""`wa-wizard setup`: open the setup wizard (the default command)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

NAME = "setup"


EPILOG = """\
examples:
  wa-wizard --sandbox                       rehearse the whole setup offline (F2: practice card)
  wa-wizard                                 set up ./.env against Meta
  wa-wizard --env-file config/prod.env setup

keys: Tab/Shift+Tab move · Enter continue · Esc back · Ctrl+P commands · Ctrl+Q quit
"""


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=parents,
        help="open the setup wizard (the default command)",
        description="Open the setup wizard (the default command). With --sandbox it "
        "rehearses the whole setup on the built-in simulated Graph API.",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Open the Textual wizard; in sandbox mode on a temporary env file unless one is given."""
    from wizard.tui.app import make_app

    env_path: Path = args.env_file
    temp: tempfile.TemporaryDirectory[str] | None = None
    if args.sandbox and not args.env_file_given:
        temp = tempfile.TemporaryDirectory(prefix="wa-wizard-sandbox-")
        env_path = Path(temp.name) / ".env"
    try:
        version, world = args.graph_version, None
        if args.sandbox:
            from wizard.commands.connect import sandbox_world, with_world_version

            world = sandbox_world(args)
            version = with_world_version(args, world).graph_version
        app = make_app(
            env_path,
            graph_url=args.graph_url if not args.sandbox else "http://sandbox.invalid",
            graph_version=version,
            sandbox=bool(args.sandbox),
            world=world,
        )
        code = app.run()
        farewell(
            args,
            env_path,
            saved=app.ctx.saved,
            rehearsal=temp is not None,
            unsaved=app.ctx.unsaved,
        )
    finally:
        if temp is not None:
            temp.cleanup()
    return int(code or 0)


def farewell(
    args: argparse.Namespace,
    env_path: Path,
    *,
    saved: bool,
    rehearsal: bool,
    unsaved: bool = False,
) -> None:
    """What stays on the terminal after the wizard closes: what happened, what to run next."""
    from wizard.core.output import Printer

    out = Printer()
    if saved and unsaved and not rehearsal:
        out.status("warn", "Partly written", str(env_path))
        out.line("Changes made after the last write were not saved: run wa-wizard again.")
        return
    if not saved:
        out.line("Nothing was written. Run wa-wizard again to pick up where you left off.")
        return
    if rehearsal:
        out.line("Sandbox rehearsal complete: the practice .env was temporary and is removed now.")
        out.line("Keep one next time with: wa-wizard --sandbox --env-file practice.env")
        out.line("For real: run wa-wizard in your project folder with your Meta app's values.")
        return
    where = "" if str(env_path) == ".env" else f" --env-file {env_path}"
    graph = " --sandbox" if args.sandbox else ""
    out.status("pass", "Written", str(env_path))
    out.line(f"Prove it works any time (cron, CI): wa-wizard{graph}{where} doctor")
