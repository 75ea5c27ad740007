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

from wizard.core.envfile.write import EnvFileError

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
    backups = _git(["ls-files", "--", f"{rel}.bak-*"], repo)
    if backups is not None and backups.stdout.strip():
        first = backups.stdout.split()[0]
        return GitSafety(
            "tracked",
            repo,
            f"{first} (a backup of {rel}) is committed to git: its secrets are in the history.",
            f"Run: git rm --cached {rel}.bak-*, add {_backup_pattern(rel)} to .gitignore and "
            "commit; then rotate the secrets (reset the App Secret, new access token).",
        )
    if _ignored(repo, rel):
        if _ignored(repo, f"{rel}.bak-20000101-000000"):
            return GitSafety("ignored", repo, f"{rel} and its backups are ignored by git.", "")
        return GitSafety(
            "not_ignored",
            repo,
            f"{rel} is ignored but its backups ({rel}.bak-…, written before each change) are "
            "not: a 'git add .' would commit old secrets.",
            f"Add them to .gitignore: `echo '{_backup_pattern(rel)}' >> .gitignore` (the "
            "wizard's Review step offers to do it).",
        )
    return GitSafety(
        "not_ignored",
        repo,
        f"{rel} is not in .gitignore: a 'git add .' would commit your secrets.",
        f"Add {rel} to .gitignore: `echo {_pattern_for(rel)} >> .gitignore` (the wizard's "
        "Review step offers to do it).",
    )


def _ignored(repo: Path, rel: str) -> bool:
    done = _git(["check-ignore", "-q", "--", rel], repo)
    return done is not None and done.returncode == 0


def _backup_pattern(rel: str) -> str:
    """The .gitignore line for the backups written next to the env file."""
    return _pattern_for(rel) + ".bak-*"


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
    wanted = [_pattern_for(rel), _backup_pattern(rel)]
    if located is not None:
        wanted = [
            line
            for line, probe in zip(wanted, (rel, f"{rel}.bak-20000101-000000"), strict=True)
            if not _ignored(repo, probe)
        ]
        if not wanted:
            return gitignore
    try:
        existing = gitignore.read_bytes()
    except FileNotFoundError:
        existing = b""
    newline = b"\r\n" if b"\r\n" in existing else b"\n"
    addition = b""
    if existing and not existing.endswith((b"\n", b"\r")):
        addition += newline
    addition += b"".join(line.encode("utf-8") + newline for line in wanted)
    try:
        with open(gitignore, "ab") as handle:
            handle.write(addition)
    except OSError:
        raise EnvFileError(
            f"{gitignore} could not be updated (permission denied or read-only). "
            f"Fix: add the lines {' and '.join(wanted)} to it by hand."
        ) from None
    return gitignore
