"""``wa-wizard [global options]`` is parsed without loading every command (first-screen time)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wizard.cli import build_parser, parse_args, wizard_args


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--sandbox"],
        ["--env-file", "config/prod.env", "--sandbox"],
        ["--graph-version", "25", "--graph-url", "http://127.0.0.1:9"],
        ["--env", "x.env"],
    ],
)
def test_the_wizard_alone_parses_as_the_full_parser_does(argv: list[str]) -> None:
    quick = wizard_args(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["doctor"],
        ["--sandbox", "setup"],
        ["--help"],
        ["--version"],
        ["--graph-version", "banana"],
        ["unknown"],
        ["--env-file"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert wizard_args(argv) is None


def test_a_bad_option_still_gets_the_full_parsers_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(["--graph-version", "banana"])
    assert exit_.value.code == 2
    assert "wa-wizard" in capsys.readouterr().err


def test_parsing_the_wizards_options_loads_no_command_module() -> None:
    code = (
        "import sys\n"
        "from wizard.cli import parse_args\n"
        "parse_args(['--sandbox'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('wizard.commands.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
