"""Named sandbox worlds: the registry, the CLI option, and the practice values they share."""

from __future__ import annotations

import argparse

import pytest

from wizard.cli import EXIT_USAGE, build_parser, main, resolve_globals
from wizard.commands.connect import with_world_version
from wizard.sandbox.world import build_world
from wizard.sandbox.worlds import DEFAULT_WORLD, WORLDS, UnknownWorld

SEED, NOW = 7, 1_800_000_000.0


@pytest.mark.parametrize("name", list(WORLDS))
def test_every_world_keeps_the_practice_values(name: str) -> None:
    practice = build_world(seed=SEED, now=NOW)
    world = build_world(seed=SEED, now=NOW, name=name)
    assert world.name == name
    assert (world.app, world.waba.id, world.phone.id, world.tokens) == (
        practice.app,
        practice.waba.id,
        practice.phone.id,
        practice.tokens,
    )
    assert world.waba in world.wabas
    assert world.phone in world.phones


def test_the_default_world_is_the_practice_world_unchanged() -> None:
    assert build_world(seed=SEED, now=NOW) == build_world(seed=SEED, now=NOW, name=DEFAULT_WORLD)
    assert "World " not in build_world(seed=SEED, now=NOW).card()


def test_a_named_world_says_so_on_its_card() -> None:
    card = build_world(seed=SEED, now=NOW, name="production").card()
    assert "World         production: a live number" in card
    assert "allow-list" not in card


def test_an_unknown_world_lists_the_worlds() -> None:
    with pytest.raises(UnknownWorld, match="practice, production, many-assets"):
        build_world(name="nope")


@pytest.mark.parametrize("argv", [["--world", "nope", "doctor"], ["doctor", "--world", "nope"]])
def test_an_unknown_world_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "there is no sandbox world 'nope'" in err
    assert "blocked" in err


@pytest.mark.parametrize("argv", [["--world", "agency", "doctor"], ["doctor", "--world", "agency"]])
def test_world_is_a_global_option_and_implies_the_sandbox(argv: list[str]) -> None:
    args = resolve_globals(build_parser().parse_args(argv))
    assert (args.world, args.sandbox) == ("agency", True)


def test_the_sandbox_command_takes_a_world_without_going_into_sandbox_mode() -> None:
    args = resolve_globals(build_parser().parse_args(["sandbox", "--world", "blocked"]))
    assert (args.world, args.sandbox) == ("blocked", False)


def test_old_version_world_pins_the_version_unless_a_flag_gave_one() -> None:
    world = build_world(seed=SEED, now=NOW, name="old-version")
    plain = argparse.Namespace(graph_version="v25.0", graph_version_given=False)
    assert with_world_version(plain, world).graph_version == "v23.0"
    flagged = argparse.Namespace(graph_version="v26.0", graph_version_given=True)
    assert with_world_version(flagged, world).graph_version == "v26.0"
    practice = build_world(seed=SEED, now=NOW)
    assert with_world_version(plain, practice) is plain


def test_sandbox_command_serves_the_world_and_prints_its_card() -> None:
    import re
    import signal

    import httpx

    from tests.sandbox.test_cli import start

    proc = start("--port", "0", "--seed", "7", "--world", "old-version")
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert match, first
        url = match.group(0)
        world = build_world(seed=7, name="old-version")
        r = httpx.get(
            f"{url}/v23.0/{world.phone.id}",
            params={"fields": "whatsapp_business_manager_messaging_limit"},
            headers={"Authorization": f"Bearer {world.token('system-user')}"},
            timeout=5,
        )
        assert r.status_code == 400
        assert "nonexisting field" in r.json()["error"]["message"]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        out = first + proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert "World         old-version: a project pinned to Graph v23.0" in out
    assert f"wa-wizard --graph-url {url} --graph-version v23.0 doctor" in out


def test_sandbox_command_refuses_an_unknown_world() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "wizard", "sandbox", "--world", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "choose one of: practice, production, many-assets, agency, blocked" in done.stderr
