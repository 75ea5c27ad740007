"""The command line itself: global options anywhere, versions, pipes, usage errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.cli import EXIT_BROKEN_PIPE, EXIT_USAGE, build_parser, main, resolve_globals
from wizard.core.config import normalize_graph_version, version_warning
from wizard.core.webhook.diagnose import check_url


@pytest.mark.parametrize(
    "argv",
    [
        ["--graph-version", "24", "--env-file", "x.env", "explain", "190"],
        ["explain", "190", "--graph-version", "24", "--env-file", "x.env"],
        ["--env-file", "x.env", "explain", "--graph-version", "v24.0", "190"],
    ],
)
def test_global_options_work_before_and_after_the_command(argv: list[str]) -> None:
    args = resolve_globals(build_parser().parse_args(argv))
    assert args.graph_version == "v24.0"
    assert str(args.env_file) == "x.env"
    assert args.env_file_given


def test_defaults_and_graph_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WA_WIZARD_GRAPH_URL", "http://127.0.0.1:9/")
    args = resolve_globals(build_parser().parse_args(["doctor"]))
    assert (str(args.env_file), args.env_file_given) == (".env", False)
    assert args.graph_url == "http://127.0.0.1:9"
    assert args.graph_version == "v25.0"


@pytest.mark.parametrize(("text", "want"), [("25", "v25.0"), ("v25", "v25.0"), ("25.0", "v25.0")])
def test_version_forms(text: str, want: str) -> None:
    assert normalize_graph_version(text) == want


def test_bad_version_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--graph-version", "99x", "explain", "190"]) == EXIT_USAGE
    assert "not a Graph API version" in capsys.readouterr().err


def test_a_dead_version_is_named_with_its_end_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert version_warning("v19.0", "2026-11-21") is not None
    assert "2026-05-21" in (version_warning("v19.0", "2026-11-21") or "")
    assert version_warning("v20.0", "2026-05-01") is None  # served, and not ending soon
    assert "stops working on 2026-09-24 (in 23 days)" in (
        version_warning("v20.0", "2026-09-01") or ""
    )
    assert version_warning("v25.0", "2026-11-21") is None
    main(["--graph-version", "18", "explain", "190"])
    assert "stopped working on 2026-01-26" in capsys.readouterr().err


def test_webhook_test_with_a_non_url_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["webhook-test", "notaurl"]) == EXIT_USAGE
    assert "is not an http(s) URL" in capsys.readouterr().err


def test_tunnel_hint_names_the_real_port() -> None:
    status, _detail, fix = check_url("http://localhost:3000/webhook")
    assert status != "pass"
    assert "localhost:3000" in fix
    assert "8080" not in fix


def test_a_closed_pipe_is_not_a_crash() -> None:
    """`wa-wizard explain --list | head -1`: no 'unexpected error', no crash report."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has already left, as `head -1` does after one line
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "wizard", "explain", "--list"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    err = proc.stderr.decode()
    assert proc.returncode == EXIT_BROKEN_PIPE, err
    assert "unexpected error" not in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["doctor", "report", "exchange"])
def test_an_unreadable_env_file_is_explained_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code = main(["--graph-url", "http://127.0.0.1:9", "--env-file", str(folder), command])
    err = capsys.readouterr().err
    assert code == 1
    assert "is a folder, not a file" in err
    assert "unexpected error" not in err


@pytest.mark.parametrize("command", ["webhook-listen", "sandbox"])
def test_a_port_out_of_range_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, "--port", "70000"]) == EXIT_USAGE
    assert "is not a port number" in capsys.readouterr().err
