"""`wa-wizard sandbox`: serve the built-in sandbox Graph API."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "sandbox"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="serve the built-in sandbox Graph API", description="serve the built-in sandbox Graph API".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard sandbox: not implemented yet")
    return 1
