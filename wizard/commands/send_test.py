"""`wa-wizard send-test`: send a test message."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "send-test"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="send a test message", description="send a test message".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard send-test: not implemented yet")
    return 1
