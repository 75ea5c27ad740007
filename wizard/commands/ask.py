"""Ask the person at the terminal: a line, a secret that is never echoed, a yes/no.

On a terminal, secrets go through :func:`getpass.getpass` (no echo). When stdin is a
pipe (scripts, tests) a line is read as it is, without echo or getpass's warning; the
prompt goes to stderr so stdout stays clean for the command's output.
"""

from __future__ import annotations

import sys


class NoAnswer(Exception):
    """stdin ended (or was closed) before an answer arrived."""


def interactive() -> bool:
    """Whether a person can answer: stdin is a terminal."""
    isatty = getattr(sys.stdin, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stdin
        return False


def _readline(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    try:
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (OSError, ValueError):  # stdin closed (<&-), or a host that forbids reading it
        line = ""
    if not line:
        print(file=sys.stderr)
        raise NoAnswer
    return line.rstrip("\r\n")


def line(prompt: str) -> str:
    """One line of text (echoed: codes are not secrets worth hiding)."""
    if interactive():
        try:
            return input(prompt)
        except EOFError:
            raise NoAnswer from None
    return _readline(prompt)


def secret(prompt: str) -> str:
    """One line that is never echoed, never stored, never printed back."""
    if interactive():
        import getpass

        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise NoAnswer from None
    return _readline(prompt)


def confirm(prompt: str) -> bool:
    """A y/N question on stderr (stdout may carry JSON); a pipe is never taken as a yes."""
    if not interactive():
        return False
    print(f"{prompt} [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    return answer.strip().lower() in ("y", "yes")
