"""`wa-wizard exchange`: exchange the token for a long-lived one."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "exchange"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="exchange the token for a long-lived one", description="exchange the token for a long-lived one".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard exchange: not implemented yet")
    return 1
