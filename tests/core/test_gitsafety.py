"""git_safety / add_to_gitignore against real temporary git repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from wizard.core.envfile import gitsafety
from wizard.core.envfile.gitsafety import add_to_gitignore, git_safety

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "project"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".env").write_text("A=1\n")
    return root


def test_no_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "plain"
    folder.mkdir()
    result = git_safety(folder / ".env")
    assert (result.status, result.repo) == ("no_repo", None)


def test_git_not_installed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-bin-here"))
    result = git_safety(repo / ".env")
    assert result.status == "no_repo"
    assert "git is not installed" in result.message


def test_git_hanging_counts_as_no_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired(cmd="git", timeout=gitsafety.GIT_TIMEOUT)

    monkeypatch.setattr(subprocess, "run", hang)
    assert git_safety(repo / ".env").status == "no_repo"


def test_not_ignored_then_added_then_ignored(repo: Path) -> None:
    result = git_safety(repo / ".env")
    assert result.status == "not_ignored"
    assert result.repo == repo.resolve()
    assert ".gitignore" in result.fix
    gitignore = add_to_gitignore(repo / ".env")
    assert gitignore == repo.resolve() / ".gitignore"
    assert gitignore.read_text() == "/.env\n/.env.bak-*\n"
    assert git_safety(repo / ".env").status == "ignored"
    add_to_gitignore(repo / ".env")  # already ignored: no second line
    assert gitignore.read_text() == "/.env\n/.env.bak-*\n"


def test_add_keeps_existing_bytes_and_line_endings(repo: Path) -> None:
    (repo / ".gitignore").write_bytes(b"# mine\r\nbuild/\r\n*.log")
    add_to_gitignore(repo / ".env")
    assert (
        repo / ".gitignore"
    ).read_bytes() == b"# mine\r\nbuild/\r\n*.log\r\n/.env\r\n/.env.bak-*\r\n"
    assert git_safety(repo / ".env").status == "ignored"


def test_nested_file_and_special_characters(repo: Path) -> None:
    sub = repo / "conf [prod]"
    sub.mkdir()
    env = sub / "#app.env"
    env.write_text("A=1\n")
    other = sub / "xapp.env"
    other.write_text("A=1\n")
    add_to_gitignore(env)
    assert git_safety(env).status == "ignored"
    assert git_safety(other).status == "not_ignored"  # the pattern matches exactly one file


def test_tracked_is_a_failure_with_rotation_advice(repo: Path) -> None:
    git(repo, "add", ".env")
    git(repo, "commit", "-q", "-m", "oops")
    (repo / ".gitignore").write_text(".env\n")
    result = git_safety(repo / ".env")
    assert result.status == "tracked"
    assert "git rm --cached .env" in result.fix
    assert "rotate" in result.fix


def test_ignored_by_pattern(repo: Path) -> None:
    (repo / ".gitignore").write_text("*.env\n.env*\n")
    result = git_safety(repo / ".env")
    assert result.status == "ignored"
    assert result.fix == ""


def test_backups_that_are_not_ignored_are_a_warning(repo: Path) -> None:
    """`.env` ignored but `.env.bak-…` (old secrets) not: 'git add .' would commit them."""
    (repo / ".gitignore").write_text(".env\n")
    result = git_safety(repo / ".env")
    assert result.status == "not_ignored"
    assert ".env.bak-" in result.message
    add_to_gitignore(repo / ".env")
    assert (repo / ".gitignore").read_text() == ".env\n/.env.bak-*\n"  # only what was missing
    assert git_safety(repo / ".env").status == "ignored"


def test_a_committed_backup_is_a_failure(repo: Path) -> None:
    (repo / ".gitignore").write_text(".env\n")
    (repo / ".env.bak-20261121-235800").write_text("FACEBOOK_APP_SECRET=x\n")
    subprocess.run(["git", "add", ".env.bak-20261121-235800"], cwd=repo, check=True)
    result = git_safety(repo / ".env")
    assert result.status == "tracked"
    assert "git rm --cached" in result.fix


def test_outside_a_repo_gitignore_goes_next_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "plain"
    folder.mkdir()
    gitignore = add_to_gitignore(folder / ".env")
    assert gitignore == folder.resolve() / ".gitignore"
    assert gitignore.read_text() == "/.env\n/.env.bak-*\n"
