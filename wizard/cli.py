"""Command line entry point: ``wa-wizard [global options] [command] [options]``.

Global options work before and after the command. With no command the setup
wizard (TUI) opens. Non-interactive commands never import Textual.

Exit codes: 0 ok; 1 a check or call failed; 2 usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from wizard import __version__
from wizard.core.config import (
    ALLOW_INSECURE_HTTP_ENV,
    DEFAULT_GRAPH_URL,
    DEFAULT_GRAPH_VERSION,
    GRAPH_URL_ENV,
    insecure_http_refusal,
    normalize_graph_url,
    normalize_graph_version,
)

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, as a shell reports a program stopped by a closed pipe."""

COMMAND_MODULES = (
    "setup",
    "doctor",
    "exchange",
    "register",
    "rotate",
    "login",
    "make_permanent",
    "send_test",
    "verify_token",
    "webhook_test",
    "webhook_subscribe",
    "webhook_listen",
    "explain",
    "report",
    "sandbox",
)
"""Modules under wizard.commands; each has add_parser(sub, parents) and run(args)."""

EPILOG = """\
examples:
  wa-wizard --sandbox                 rehearse the whole setup offline, no Meta account
  wa-wizard --sandbox --world production doctor    rehearse a live number (see: sandbox --help)
  wa-wizard                           set up ./.env against Meta, step by step
  wa-wizard doctor                    check every credential in ./.env (exit 1 on failure)
  wa-wizard doctor --json --strict    for cron and CI
  wa-wizard send-test --to +15550100142
  wa-wizard explain 190/463           what an error code means and how to fix it
  wa-wizard doctor --fix              apply the fixes that need no decision, then check again
  wa-wizard register                  register a PENDING number (code by SMS, then the PIN)
  wa-wizard rotate                    swap in a new token (checked first), revoke the old one

exit codes: 0 ok · 1 a check or call failed · 2 usage error · 130 interrupted
"""


def _graph_version(text: str) -> str:
    try:
        return normalize_graph_version(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _graph_url(text: str) -> str:
    try:
        return normalize_graph_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _world_name(text: str) -> str:
    from wizard.sandbox.worlds import UnknownWorld, named_world

    try:
        return named_world(text).name
    except UnknownWorld as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def global_options(*, suppress: bool) -> argparse.ArgumentParser:
    """Options every command accepts; ``suppress`` keeps a subcommand from resetting them."""
    parser = argparse.ArgumentParser(
        add_help=False, argument_default=argparse.SUPPRESS if suppress else None
    )
    group = parser.add_argument_group("global options")
    default = argparse.SUPPRESS if suppress else None
    group.add_argument(
        "--env-file",
        type=Path,
        metavar="PATH",
        default=default,
        help="the .env file to read and update (default: ./.env)",
    )
    group.add_argument(
        "--graph-url",
        type=_graph_url,
        metavar="URL",
        default=default,
        help=f"Graph API base URL (env {GRAPH_URL_ENV}; default {DEFAULT_GRAPH_URL})",
    )
    group.add_argument(
        "--graph-version",
        type=_graph_version,
        metavar="VERSION",
        default=default,
        help=f"Graph API version: 25, v25 or 25.0 (default {DEFAULT_GRAPH_VERSION})",
    )
    group.add_argument(
        "--allow-insecure-http",
        action="store_true",
        default=default if suppress else False,
        help="allow a plain http Graph URL on a host other than this machine (secrets travel "
        f"unencrypted; env {ALLOW_INSECURE_HTTP_ENV}=1)",
    )
    group.add_argument(
        "--sandbox",
        action="store_true",
        default=default if suppress else False,
        help="talk to the built-in sandbox Graph API (practice values, nothing reaches Meta)",
    )
    group.add_argument(
        "--world",
        type=_world_name,
        metavar="NAME",
        default=default,
        help="the sandbox world to rehearse: practice (default), production, many-assets, "
        "agency, blocked, old-version, ... (implies --sandbox; `wa-wizard sandbox --help` "
        "lists them)",
    )
    return parser


def _load_command(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"wizard.commands.{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wa-wizard",
        description="Set up and check WhatsApp Cloud API credentials: a step-by-step wizard "
        "(no command) and non-interactive checks for troubleshooting, cron and CI.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[global_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"wa-wizard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="command")
    parents = [global_options(suppress=True)]
    for name in COMMAND_MODULES:
        _load_command(name).add_parser(sub, parents)
    return parser


class _NotTheWizard(Exception):
    """The arguments are not the wizard's alone: let the full parser handle them."""


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWizard(message)


def wizard_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of a plain ``wa-wizard [global options]``, parsed without loading commands.

    The wizard's first screen is timed against a bare Textual app, and building every
    subcommand's parser costs about 40 ms. A command name, --help, --version or any error
    returns None: the full parser then does its usual job (and prints its messages).
    """
    words = {name.replace("_", "-") for name in COMMAND_MODULES} | {"-h", "--help", "--version"}
    if any(arg in words for arg in argv):
        return None
    parser = _QuietParser(add_help=False, parents=[global_options(suppress=False)])
    try:
        args = parser.parse_args(argv)
    except _NotTheWizard:
        return None
    args.command = None
    return args


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line (SystemExit for --help, --version and usage errors)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    return wizard_args(argv) or build_parser().parse_args(argv)


def resolve_globals(args: argparse.Namespace) -> argparse.Namespace:
    """Fill defaults that depend on the environment (graph URL).

    Raises:
        ValueError: a bad ``WA_WIZARD_GRAPH_URL``, or plain http to a host that is not
            loopback without the opt-in (a usage error: secrets would travel in clear).
    """
    if args.graph_url is None:
        env_url = os.environ.get(GRAPH_URL_ENV)
        try:
            args.graph_url = normalize_graph_url(env_url) if env_url else DEFAULT_GRAPH_URL
        except ValueError as exc:
            raise ValueError(f"{GRAPH_URL_ENV}: {exc}") from None
    allowed = args.allow_insecure_http or os.environ.get(ALLOW_INSECURE_HTTP_ENV) == "1"
    refusal = insecure_http_refusal(args.graph_url)
    if refusal and not allowed and not args.sandbox:
        raise ValueError(refusal)
    if args.world is not None and args.command != "sandbox":
        args.sandbox = True  # a world only exists in the sandbox
    args.world = args.world or "practice"
    args.env_file_given = args.env_file is not None
    if args.env_file is None:
        args.env_file = Path(".env")
    if args.graph_version is None:
        args.graph_version_given = False
        args.graph_version = DEFAULT_GRAPH_VERSION
    else:
        args.graph_version_given = True
    return args


def _warn_about_version(args: argparse.Namespace) -> None:
    import datetime

    from wizard.core.config import version_warning

    if args.graph_version_given:
        warning = version_warning(args.graph_version, datetime.date.today().isoformat())
        if warning:
            print(f"wa-wizard: warning: {warning}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        args = resolve_globals(args)
    except ValueError as exc:
        print(f"wa-wizard: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _warn_about_version(args)
    command = args.command or "setup"
    module = _load_command(command.replace("-", "_"))
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `wa-wizard doctor | head -1`: the reader left; that is not an error of ours.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # last resort: never show a traceback
        from wizard.core.envfile.write import EnvFileError

        if not isinstance(exc, EnvFileError):
            return _crashed(exc, args)
        # The env file cannot be read or written: its message already says why and the fix.
        from wizard.core.redact import redact

        print(f"wa-wizard: {redact(str(exc))}", file=sys.stderr)
        return EXIT_PROBLEM


def _crashed(exc: BaseException, args: argparse.Namespace) -> int:
    """Last resort: one line and a redacted trace on disk, never a traceback on screen."""
    from wizard.core.crash import register_env_secrets, save_crash_report

    register_env_secrets(args.env_file)  # the crash may predate loading the file
    where = save_crash_report(exc)
    print(
        f"wa-wizard: unexpected error ({type(exc).__name__}). "
        f"A redacted trace was saved to {where}; please include it in a bug report.",
        file=sys.stderr,
    )
    return EXIT_PROBLEM
