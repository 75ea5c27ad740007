"""`wa-wizard report`: write a redacted diagnostic report."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "report"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="write a redacted diagnostic report", description="write a redacted diagnostic report".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard report: not implemented yet")
    return 1
