"""Random .env files updated through EnvFile: unrelated bytes identical, values read back."""

from __future__ import annotations

import io
import os
import stat
import tempfile
from pathlib import Path

from dotenv import dotenv_values
from dotenv.parser import parse_stream
from hypothesis import given, note, settings
from hypothesis import strategies as st

from wizard.core.envfile.store import EnvFile
from wizard.core.envfile.write import EnvFileError
from wizard.core.state import KEY_DEFAULTS

FUZZ = settings.get_profile(
    "wa-wizard-slow" if os.environ.get("WA_WIZARD_SLOW") == "1" else "wa-wizard-fuzz"
)

KEYS = [
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_TOKEN",
    "FACEBOOK_APP_ID",
    "META_APP_ID",
    "META_WEBHOOK_VERIFY_TOKEN",
    "WABA_ID",
    "OTHER",
    "ÜNÏ_KEY",
    "export",
]
_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00")
line_text = st.text(_chars, max_size=16) | st.sampled_from(
    ["#", "'", '"', "\\", "$X", "‏עברית", "🙂"]
)
multi_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
)


@st.composite
def binding_line(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from(["", "", "  ", "\t"]))
    export = draw(st.sampled_from(["", "", "export "]))
    key = draw(st.sampled_from(KEYS))
    key = draw(st.sampled_from([key, key, f"'{key}'"]))
    sep = draw(st.sampled_from(["=", "=", " = ", "= ", "=\t"]))
    raw = draw(line_text)
    style = draw(st.sampled_from(["unquoted", "single", "double", "multi", "empty", "bare"]))
    if style == "bare":
        return indent + export + key + draw(st.sampled_from(["", " # bare"]))
    if style == "single":
        value = "'" + raw.replace("\\", "\\\\").replace("'", "\\'") + "'"
    elif style == "double":
        value = '"' + raw.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif style == "multi":
        value = '"' + draw(multi_text).replace('"', "") + '"'
    elif style == "empty":
        value = ""
    else:
        value = raw
    comment = draw(st.sampled_from(["", "", " # note", "  #c", "#glued"]))
    return indent + export + key + sep + value + comment


line = st.one_of(
    binding_line(),
    binding_line(),
    st.builds(lambda t: "#" + t, line_text),
    st.sampled_from(["", "   ", "\t"]),
    st.sampled_from(["=novalue", "'unterminated", "KEY='x' junk", 'KEY="open', "# only"]),
    line_text,
)


@st.composite
def env_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(line, max_size=12))
    crlf_share = draw(st.sampled_from([0.0, 0.5, 1.0]))
    out = []
    for text in lines:
        ending = "\r\n" if draw(st.floats(0, 1)) < crlf_share else "\n"
        if draw(st.integers(0, 30)) == 0:
            ending = "\r"
        out.append(text + ending)
    text = "".join(out)
    if text and draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final line break
    return ("\ufeff" if draw(st.integers(0, 20)) == 0 else "") + text


value_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00"), max_size=40
)
changes_st = st.dictionaries(st.sampled_from(sorted(KEY_DEFAULTS)), value_text, max_size=4)


def segments(text: str) -> list[str]:
    body = text.removeprefix("\ufeff")
    return [b.original.string for b in parse_stream(io.StringIO(body))]


def check_update(folder: Path, text: str, changes: dict[str, str]) -> None:
    path = folder / ".env"
    path.write_bytes(text.encode("utf-8"))
    before = path.read_bytes()
    old_values = dict(dotenv_values(path, interpolate=False))
    env = EnvFile.read(path, {})
    plan = env.plan(changes)
    written = {line.key: changes[line.field] for line in plan.lines if line.action != "unchanged"}
    note(f"written keys: {sorted(written)}")
    try:
        plan.apply()
    except EnvFileError:
        # Allowed only when a line python-dotenv cannot parse would swallow the change.
        assert any(b.error for b in parse_stream(io.StringIO(text.removeprefix("\ufeff"))))
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == [".env"]
        return
    after_text = path.read_bytes().decode("utf-8")
    expected = dict(old_values)
    expected.update(written)
    assert dict(dotenv_values(path, interpolate=False)) == expected
    if not written:
        assert after_text.encode("utf-8") == before  # nothing to do: not even rewritten
        return
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert after_text.startswith("\ufeff") == text.startswith("\ufeff")
    old_body, new_body = text.removeprefix("\ufeff"), after_text.removeprefix("\ufeff")
    old_segs = segments(text)
    parsed = list(parse_stream(io.StringIO(old_body)))
    rewritten = {
        max(i for i, b in enumerate(parsed) if b.key == key and not b.error)
        for key in written
        if key in old_values
    }
    appended = [k for k in written if k not in old_values]
    pos = 0
    for index, old in enumerate(old_segs):
        if index not in rewritten:
            assert new_body.startswith(old, pos)  # an unrelated binding, byte for byte
            pos += len(old)
            continue
        new = next(parse_stream(io.StringIO(new_body[pos:]))).original.string
        lead = len(old) - len(old.lstrip())
        assert new[:lead] == old[:lead]  # blank lines and indentation above it
        eol = ("\r\n", "\n", "\r")
        if not (appended and index == len(old_segs) - 1):
            assert new.endswith(eol) == old.endswith(eol)
        pos += len(new)
    rest = new_body[pos:]
    needs_break = bool(appended and old_body and not old_body.endswith(("\n", "\r")))
    last_rewritten = len(old_segs) - 1 in rewritten
    if needs_break and not last_rewritten:
        assert rest[:1] in ("\n", "\r")
    assert [b.key for b in parse_stream(io.StringIO(rest)) if b.key] == appended
    if appended:
        crlf = text.count("\r\n")
        newline = "\r\n" if crlf > text.count("\n") - crlf else "\n"
        assert rest.endswith(newline)
        assert rest.lstrip("\r\n").count(newline) == len(appended)


@FUZZ
@given(text=env_text(), changes=changes_st)
def test_random_files_keep_unrelated_bytes(text: str, changes: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check_update(Path(folder), text, changes)


@FUZZ
@given(value=value_text)
def test_every_value_round_trips(value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env"
        EnvFile.read(path, {}).plan({"access_token": value}).apply()
        assert dotenv_values(path, interpolate=False) == {"WHATSAPP_ACCESS_TOKEN": value}
        assert EnvFile.read(path, {}).values().access_token == value
