"""`wa-wizard doctor`: check every credential in the env file."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "doctor"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="check every credential in the env file", description="check every credential in the env file".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard doctor: not implemented yet")
    return 1
