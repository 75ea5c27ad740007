"""Issue 14, file side: what --env-file may point at, and how long reading it takes.

A FIFO, a device, a pipe from ``<(cat .env)``, a dangling or looping link and an
oversized file are refused with a sentence before anything blocks or fills memory;
line numbers are found in linear time; python-dotenv's parse warnings are caught.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from wizard.core.envfile import bindings
from wizard.core.envfile.store import MAX_ENV_BYTES, EnvFile
from wizard.core.envfile.write import EnvFileError

OLD_TOKEN = "EAAB" + "o" * 40 + "1xZD"
ALIAS_TOKEN = "EAAB" + "a" * 40 + "2xZD"
NEW_TOKEN = "EAAB" + "n" * 40 + "3xZD"


def read_in_thread(path: Path) -> BaseException | None:
    """Read ``path`` in a daemon thread: a hang fails the test instead of the session."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            EnvFile.read(path, {})
            outcome.append(None)
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)  # the fixed code answers at once; the old one blocked forever
    assert outcome, f"reading {path} blocked"
    return outcome[0]


def test_a_fifo_named_env_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / ".env"
    os.mkfifo(fifo)
    error = read_in_thread(fifo)
    assert isinstance(error, EnvFileError)
    assert "is a pipe" in str(error)
    assert "not a regular file" in str(error)


def test_dev_zero_is_refused_as_a_device() -> None:
    error = read_in_thread(Path("/dev/zero"))
    assert isinstance(error, EnvFileError)
    assert "is a device, not a regular file" in str(error)


def test_process_substitution_is_called_a_pipe_not_missing() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"A=1\n")
        error = read_in_thread(Path(f"/dev/fd/{read_end}"))
    finally:
        os.close(read_end)
        os.close(write_end)
    assert isinstance(error, EnvFileError)
    assert "<(cat .env)" in str(error)
    assert "does not exist" not in str(error)


def test_a_file_over_one_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"#" * (MAX_ENV_BYTES + 1))  # one comment line: cheap to parse
    with pytest.raises(EnvFileError, match="reads at most 1,048,576 bytes"):
        EnvFile.read(path, {})


def test_a_file_of_exactly_one_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    head = b"A=1\n"
    path.write_bytes(head + b"#" * (MAX_ENV_BYTES - len(head)))
    assert EnvFile.read(path, {}).raw() == {"A": "1"}


def test_a_dangling_symlink_is_refused_and_its_target_not_created(tmp_path: Path) -> None:
    link = tmp_path / ".env"
    target = tmp_path / "secrets" / "real.env"
    (tmp_path / "secrets").mkdir()
    link.symlink_to(target)
    with pytest.raises(EnvFileError, match=r"symbolic link to .*real\.env, which does not exist"):
        EnvFile.read(link, {})
    assert not target.exists()


def test_a_symlink_loop_is_explained(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(EnvFileError, match="symbolic link that loops"):
        EnvFile.read(tmp_path / "a", {})


def test_line_numbers_are_found_in_linear_time(monkeypatch: Any) -> None:
    """Counting line breaks from the start for every key made 1 MB take minutes."""
    scanned = [0]
    real = bindings._LINE_BREAK

    class Counting:
        def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
            scanned[0] += (len(text) if endpos is None else endpos) - pos
            return real.finditer(text, pos, len(text) if endpos is None else endpos)

        def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
            scanned[0] += (len(text) if endpos is None else endpos) - pos
            return real.findall(text, pos, len(text) if endpos is None else endpos)

    monkeypatch.setattr(bindings, "_LINE_BREAK", Counting())
    text = "".join(f"KEY_{n}=value{n}\n" for n in range(2000))
    env = EnvFile(Path(".env"), Path(".env"), text, _fingerprint(), {})
    assert env.bindings == {}  # no wizard keys; the work is in locating every key
    assert env._locations["KEY_1999"].line == 2000
    assert scanned[0] <= 2 * len(text)  # the old code scanned ~1000x the text


@pytest.mark.skipif(os.environ.get("WA_WIZARD_SLOW") != "1", reason="slow profile")
def test_a_one_mib_file_reads_with_the_right_lines(tmp_path: Path) -> None:
    lines, size, n = [], 0, 0
    while size < MAX_ENV_BYTES - 64:
        line = f"KEY_{n}='value-{n:08d}-abcdefghijklmnop'\n"
        lines.append(line)
        size += len(line)
        n += 1
    path = tmp_path / ".env"
    path.write_text("".join(lines))
    env = EnvFile.read(path, {})
    assert len(env.raw()) == n
    assert env._locations[f"KEY_{n - 1}"].line == n


def test_dotenv_parse_warnings_are_captured_once_and_explained(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / ".env"
    path.write_text("A=1\nthis is not a binding\nC=3\nbad key=2\n")
    with caplog.at_level(logging.WARNING):
        env = EnvFile.read(path, {})
        env.plan({"app_id": "42"}).apply()
    assert not [r for r in caplog.records if "could not parse" in r.getMessage()]
    assert env.unparsed_lines == [2, 4]


def test_a_stale_alias_is_updated_with_the_canonical_key(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(f"WHATSAPP_ACCESS_TOKEN={OLD_TOKEN}\nWHATSAPP_TOKEN={ALIAS_TOKEN}\n")
    env = EnvFile.read(path, {})
    assert env.alias_conflicts() == [("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_TOKEN")]
    plan = env.plan({"access_token": NEW_TOKEN})
    assert [(line.key, line.action) for line in plan.lines] == [
        ("WHATSAPP_ACCESS_TOKEN", "changed"),
        ("WHATSAPP_TOKEN", "changed"),
    ]
    plan.apply()
    after = EnvFile.read(path, {})
    assert after.raw() == {"WHATSAPP_ACCESS_TOKEN": NEW_TOKEN, "WHATSAPP_TOKEN": NEW_TOKEN}
    assert after.alias_conflicts() == []


def test_an_alias_holding_the_same_value_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(f"WHATSAPP_ACCESS_TOKEN={OLD_TOKEN}\nWHATSAPP_TOKEN={OLD_TOKEN}\n")
    env = EnvFile.read(path, {})
    assert env.alias_conflicts() == []
    assert [line.key for line in env.plan({"access_token": OLD_TOKEN}).lines] == [
        "WHATSAPP_ACCESS_TOKEN"
    ]


def _fingerprint() -> Any:
    from wizard.core.envfile.write import Fingerprint

    return Fingerprint(exists=True)
