"""`wa-wizard verify-token`: generate a webhook verify token."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "verify-token"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="generate a webhook verify token", description="generate a webhook verify token".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard verify-token: not implemented yet")
    return 1
