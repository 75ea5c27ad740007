"""Provenance: where each setting's value comes from (a line of the file, or the environment).

Kept apart from :mod:`wizard.core.envfile` (reading, planning, writing) because every face
shows it: "WHATSAPP_ACCESS_TOKEN, line 4" or "from the environment, shadowing the file".
Secrets found here are registered for redaction as soon as they are read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from dotenv.parser import Binding as DotenvBinding

from wizard.core.redact import register_secret
from wizard.core.state import KEY_ALIASES, SECRET_FIELDS

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Binding:
    """Where one field's value comes from."""

    field: str
    key: str
    """The key actually used: the default name or an alias (e.g. WHATSAPP_CLOUD_API_TOKEN)."""
    value: str
    source: Literal["file", "environment"]
    line: int | None
    """1-based line of the key in the file (the last binding when the key repeats)."""
    shadowed_by_env: bool
    """A same-named environment variable (any alias) overrides the file at run time."""


@dataclass(frozen=True)
class Location:
    """Where a key's binding sits in the file."""

    index: int
    """Index of the binding's segment in EnvFile._segments."""
    line: int


def locate(parsed: Sequence[DotenvBinding], body: str) -> dict[str, Location]:
    """Last binding of each key (the one dotenv uses) and its 1-based line.

    Linear in the size of the file: the line breaks are found once and each binding's
    line is a binary search among them (counting from the start for every key made a
    1 MB file take minutes).

    Args:
        parsed: the file body as python-dotenv's parser splits it, one entry per binding.
        body: the text those bindings' original strings join to (without a BOM).
    """
    breaks = [m.end() for m in _LINE_BREAK.finditer(body)]
    locations: dict[str, Location] = {}
    offset = 0
    for index, binding in enumerate(parsed):
        segment = binding.original.string
        if binding.key is not None and not binding.error:
            lead = len(segment) - len(segment.lstrip())
            locations[binding.key] = Location(index, _line_at(breaks, offset + lead))
        offset += len(segment)
    return locations


def unparsed_lines(parsed: Sequence[DotenvBinding]) -> list[int]:
    """Lines (as python-dotenv numbers them) of the statements it cannot parse and ignores."""
    return [b.original.line for b in parsed if b.error]


def _line_at(breaks: Sequence[int], position: int) -> int:
    """The 1-based line of ``position``: one more than the line breaks ending before it.

    ``breaks`` holds the end offset of every line break, so a break ending exactly at
    ``position`` (the previous line's end) counts.
    """
    return bisect.bisect_right(breaks, position) + 1


def provenance(
    raw: Mapping[str, str | None],
    locations: Mapping[str, Location],
    environ: Mapping[str, str],
) -> dict[str, Binding]:
    """One :class:`Binding` per field found in the file (first alias wins) or the environment."""
    bindings: dict[str, Binding] = {}
    for field, keys in KEY_ALIASES.items():
        in_env = [k for k in keys if k in environ]
        in_file = [k for k in keys if raw.get(k) is not None]
        if in_file:
            key = in_file[0]
            value = raw[key] or ""
            line = locations[key].line if key in locations else None
            bindings[field] = Binding(field, key, value, "file", line, bool(in_env))
        elif in_env:
            key = in_env[0]
            bindings[field] = Binding(field, key, environ[key], "environment", None, False)
        else:
            continue
        if field in SECRET_FIELDS:
            register_secret(bindings[field].value)
    return bindings
