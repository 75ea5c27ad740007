"""`wa-wizard webhook-listen`: run a local reference webhook receiver."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "webhook-listen"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="run a local reference webhook receiver", description="run a local reference webhook receiver".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard webhook-listen: not implemented yet")
    return 1
