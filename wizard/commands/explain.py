"""`wa-wizard explain`: explain a Graph API error code."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "explain"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="explain a Graph API error code", description="explain a Graph API error code".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard explain: not implemented yet")
    return 1
