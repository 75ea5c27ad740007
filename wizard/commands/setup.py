"""`wa-wizard setup`: open the setup wizard (the default command)."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "setup"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="open the setup wizard (the default command)", description="open the setup wizard (the default command)".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard setup: not implemented yet")
    return 1
