"""`wa-wizard webhook-test`: test your webhook endpoint like Meta does."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "webhook-test"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="test your webhook endpoint like Meta does", description="test your webhook endpoint like Meta does".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard webhook-test: not implemented yet")
    return 1
