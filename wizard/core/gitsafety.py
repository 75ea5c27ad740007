"""Is the env file about to be committed? Ask git itself (issue #3, users.md rule 8).

Only ``git`` answers these questions correctly (nested .gitignore files, global
excludes, negations), so we run it with a timeout instead of parsing ignore files.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from wizard.core.envfile_write import EnvFileError

GIT_TIMEOUT = 10.0
"""Seconds; a hung git (network file system, prompt) must not hang the wizard."""


@dataclass(frozen=True)
class GitSafety:
    """Whether the env file's secrets could end up in a git repository."""

    status: Literal["tracked", "not_ignored", "ignored", "no_repo"]
    repo: Path | None
    message: str
    fix: str


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str] | None:
    """Run git quietly; None when git is missing, hangs or cannot start."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def _locate(path: Path) -> tuple[Path, str] | None:
    """(repository top level, path relative to it in POSIX form), or None outside a repo."""
    folder = Path(os.path.realpath(Path(path).absolute().parent))
    if not folder.is_dir():
        return None
    result = _git(["rev-parse", "--show-toplevel"], folder)
    if result is None or result.returncode != 0 or not result.stdout.strip():
        return None
    repo = Path(os.path.realpath(result.stdout.strip()))
    try:
        rel = (folder / Path(path).name).relative_to(repo)
    except ValueError:
        return None
    return repo, rel.as_posix()


def git_safety(path: Path) -> GitSafety:
    """Classify the env file: tracked (fail), not_ignored (warn), ignored or no_repo (ok)."""
    name = Path(path).name
    located = _locate(path)
    if located is None:
        how = "git is not installed or " if _git(["--version"], Path.cwd()) is None else ""
        return GitSafety(
            "no_repo",
            None,
            f"{name} is not inside a git repository ({how}no repository found).",
            "",
        )
    repo, rel = located
    tracked = _git(["ls-files", "--error-unmatch", "--", rel], repo)
    if tracked is not None and tracked.returncode == 0:
        return GitSafety(
            "tracked",
            repo,
            f"{rel} is committed to git: the secrets in it are in the repository history.",
            f"Run: git rm --cached {rel}, add it to .gitignore and commit; then rotate the "
            "secrets it holds (reset the App Secret, generate a new access token), because "
            "they stay in the history.",
        )
    ignored = _git(["check-ignore", "-q", "--", rel], repo)
    if ignored is not None and ignored.returncode == 0:
        return GitSafety("ignored", repo, f"{rel} is ignored by git.", "")
    return GitSafety(
        "not_ignored",
        repo,
        f"{rel} is not in .gitignore: a 'git add .' would commit your secrets.",
        f"Add {rel} to .gitignore: `echo {_pattern_for(rel)} >> .gitignore` (the wizard's "
        "Review step offers to do it).",
    )


def _pattern_for(rel: str) -> str:
    """An anchored .gitignore pattern matching exactly ``rel``."""
    escaped = re.sub(r"([\\*?\[!#])", r"\\\1", rel)
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "\\ "
    return "/" + escaped


def add_to_gitignore(path: Path) -> Path:
    """Append the env file to the repository's .gitignore (created if needed).

    The existing bytes of .gitignore are kept; a missing final line break is added first,
    in the file's own style. Outside a repository the .gitignore goes next to the file.

    Returns:
        The .gitignore path.
    """
    located = _locate(path)
    if located is None:
        repo, rel = Path(os.path.realpath(Path(path).absolute().parent)), Path(path).name
    else:
        repo, rel = located
    gitignore = repo / ".gitignore"
    if located is not None and git_safety(path).status == "ignored":
        return gitignore
    try:
        existing = gitignore.read_bytes()
    except FileNotFoundError:
        existing = b""
    newline = b"\r\n" if b"\r\n" in existing else b"\n"
    addition = b""
    if existing and not existing.endswith((b"\n", b"\r")):
        addition += newline
    addition += _pattern_for(rel).encode("utf-8") + newline
    try:
        with open(gitignore, "ab") as handle:
            handle.write(addition)
    except OSError:
        raise EnvFileError(
            f"{gitignore} could not be updated (permission denied or read-only). "
            f"Fix: add the line {_pattern_for(rel)} to it by hand."
        ) from None
    return gitignore
