"""`wa-wizard webhook-subscribe`: subscribe the app and the WhatsApp account to your webhook."""

from __future__ import annotations

import argparse
from typing import Any

NAME = "webhook-subscribe"


def add_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        NAME, parents=parents, help="subscribe the app and the WhatsApp account to your webhook", description="subscribe the app and the WhatsApp account to your webhook".capitalize() + "."
    )
    return parser


def run(args: argparse.Namespace) -> int:
    print("wa-wizard webhook-subscribe: not implemented yet")
    return 1
