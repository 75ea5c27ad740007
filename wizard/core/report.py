"""The redacted Markdown diagnostic a person can attach to a support request.

Built from the same :func:`~wizard.core.checks.run_checks` results doctor shows,
plus the Graph errors the client saw (with their ``fbtrace_id``: what Meta
support asks for). Ids are shown (they are not secrets); every secret is masked.
Defence in depth: every line goes through :func:`~wizard.core.redact.redact`, then
:func:`find_leaks` looks for every known secret in the final text and
:class:`ReportLeak` refuses the whole report if one is still there.
"""

from __future__ import annotations

import os
import platform
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard import __version__
from wizard.core import redact as redaction
from wizard.core.actions import in_cli
from wizard.core.checks.base import CheckContext, CheckResult
from wizard.core.config import display_url
from wizard.core.graph.errors import GraphError
from wizard.core.state import FIELD_LABELS, KEY_DEFAULTS, SECRET_FIELDS, SetupValues
from wizard.core.tokens import mask

if TYPE_CHECKING:
    from wizard.core.envfile.store import EnvFile
    from wizard.core.graph.tokens import TokenInfo

SYMBOLS = {"pass": "✓", "warn": "!", "fail": "✗", "skip": "○"}
MAX_ERRORS = 10
"""Only the newest Graph errors: enough for support, short enough to read."""
MIN_CANARY = 8
"""Shorter values are not registered for redaction either (they would match by chance)."""


class ReportLeak(Exception):
    """A known secret survived redaction; the message names only which field."""


@dataclass
class ReportInput:
    """Everything the report shows; collected by :func:`collect` or built by tests."""

    values: SetupValues
    env: EnvFile | None
    env_path: Path
    graph_url: str
    graph_version: str
    version_source: str = "default"
    results: Mapping[str, CheckResult] = field(default_factory=dict)
    errors: Sequence[GraphError] = ()
    token_info: TokenInfo | None = None
    now: float = field(default_factory=time.time)
    secrets: dict[str, str] = field(default_factory=dict)
    """Label -> secret value, for the canary (see :func:`known_secrets`)."""


def known_secrets(
    values: SetupValues, env: EnvFile | None, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Every secret this run knows: the values, the file and environment bindings, extras."""
    found: dict[str, str] = {}
    for name in sorted(SECRET_FIELDS):
        value = getattr(values, name)
        if value:
            found[FIELD_LABELS.get(name, name)] = value
    if env is not None:
        for binding in env.bindings.values():
            if binding.field in SECRET_FIELDS and binding.value:
                found.setdefault(f"{binding.key} ({binding.source})", binding.value)
    for label, value in (extra or {}).items():
        if value:
            found.setdefault(label, value)
    return found


def find_leaks(text: str, secrets: Mapping[str, str]) -> list[str]:
    """Labels of the secrets whose whole value (or a long-enough one) appears in ``text``."""
    return [label for label, value in secrets.items() if len(value) >= MIN_CANARY and value in text]


def _cell(text: object) -> str:
    """One Markdown table cell: no line breaks, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|") or "—"


def _when(ts: int | None, now: float) -> str:
    from wizard.core.timefmt import when

    if ts is None:
        return "not reported"
    if ts == 0:
        return "never"
    return when(ts, now)


def _header(data: ReportInput) -> list[str]:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(data.now))
    return [
        "# wa-wizard diagnostic report",
        "",
        f"Generated {stamp}. Secrets are masked (`EAAB…9xZD`); ids are shown because they "
        "are not secrets. Attach this file when you ask for help.",
        "",
        "## Versions",
        "",
        "| Item | Value |",
        "|---|---|",
        f"| wa-wizard | {__version__} |",
        f"| Python | {_cell(platform.python_version())} ({_cell(sys.implementation.name)}) |",
        f"| Platform | {_cell(platform.platform())} |",
        f"| Graph API | {data.graph_version} (from {data.version_source}) |",
        f"| Graph URL | {_cell(display_url(data.graph_url))} |",
    ]


def _env_section(data: ReportInput) -> list[str]:
    env = data.env
    lines = ["", "## Env file", ""]
    if env is None or not env.exists:
        lines.append(f"`{data.env_path}` does not exist.")
        return lines
    lines += [
        f"`{Path(data.env_path).resolve()}` ({len(env.raw())} keys)",
        "",
        "| Key | Value | Source |",
        "|---|---|---|",
    ]
    for name, default in KEY_DEFAULTS.items():
        binding = env.bindings.get(name)
        if binding is None:
            lines.append(f"| {default} | (not set) | — |")
            continue
        shown = mask(binding.value) if name in SECRET_FIELDS else binding.value
        source = f"line {binding.line}" if binding.source == "file" and binding.line else "env"
        if binding.shadowed_by_env:
            source += "; an environment variable of the same name overrides it"
        lines.append(f"| {_cell(binding.key)} | {_cell(shown)} | {_cell(source)} |")
    return lines


def _ids_section(data: ReportInput) -> list[str]:
    v = data.values
    waba = data.results.get("waba")
    phone = data.results.get("phone_number")
    lines = ["", "## Ids", "", "| Id | Value | Found |", "|---|---|---|"]
    lines.append(f"| App ID | {_cell(v.app_id or '(not set)')} | |")
    lines.append(
        f"| WhatsApp Business Account ID | {_cell(v.waba_id or '(not set)')} | "
        f"{_cell(waba.detail if waba else '')} |"
    )
    lines.append(
        f"| Phone number ID | {_cell(v.phone_number_id or '(not set)')} | "
        f"{_cell(phone.detail if phone else '')} |"
    )
    return lines


def _token_section(data: ReportInput) -> list[str]:
    lines = ["", "## Access token", ""]
    lines.append(f"- Token: `{mask(data.values.access_token)}`")
    info = data.token_info
    if info is None:
        lines.append("- Not inspected (see the checks below).")
        return lines
    lines.append(f"- Valid: {'yes' if info.is_valid else 'no'}")
    lines.append(f"- Type: {info.type or 'unknown'}")
    app = f"{info.app_id} ({info.application})" if info.application else info.app_id
    lines.append(f"- App: {app or 'unknown'}")
    lines.append(f"- Expires: {_when(info.expires_at, data.now)}")
    lines.append(f"- Data access expires: {_when(info.data_access_expires_at, data.now)}")
    lines.append(f"- Scopes: {', '.join(info.scopes) or 'none'}")
    for scope, targets in info.granular_scopes:
        where = ", ".join(targets) if targets else "all assets (no target_ids)"
        lines.append(f"  - {scope}: {where}")
    if info.error_code is not None:
        sub = f"/{info.error_subcode}" if info.error_subcode is not None else ""
        lines.append(f"- Meta's verdict: {info.error_code}{sub} {info.error_message or ''}")
    return lines


def _checks_section(results: Mapping[str, CheckResult]) -> list[str]:
    lines = ["", "## Checks", ""]
    if not results:
        return [*lines, "No checks were run."]
    for r in results.values():
        lines.append(f"- {SYMBOLS.get(r.status, '·')} **{r.title}** ({r.status}): {r.detail}")
        fixes = in_cli(r.fix, r.action).splitlines() if r.status in ("warn", "fail") else []
        for i, fix in enumerate(fixes):
            lines.append(f"  {'- Fix: ' if i == 0 else '  '}{fix}")
    return lines


def _errors_section(errors: Sequence[GraphError]) -> list[str]:
    lines = ["", "## Last Graph errors", ""]
    unique: list[GraphError] = []
    seen: set[tuple[Any, ...]] = set()
    for error in errors:  # retries repeat the same error; keep each once
        key = (error.endpoint, error.code, error.subcode, error.message, error.fbtrace_id)
        if key not in seen:
            seen.add(key)
            unique.append(error)
    if not unique:
        return [*lines, "None during this run."]
    for error in unique[-MAX_ERRORS:]:
        code = "no code"
        if error.code is not None:
            code = f"code {error.code}" + (f"/{error.subcode}" if error.subcode else "")
        http = f", HTTP {error.http_status}" if error.http_status else ""
        lines.append(f"- `{error.endpoint or '?'}`: {code}{http} ({error.kind})")
        lines.append(f"  - Message: {' '.join(error.message.split())}")
        if error.details:
            lines.append(f"  - Details: {' '.join(error.details.split())}")
        trace = error.fbtrace_id or "none (no answer from Meta)"
        lines.append(f"  - fbtrace_id: `{trace}`")
    return lines


def render(data: ReportInput) -> str:
    """The report as Markdown, every line redacted.

    Raises:
        ReportLeak: a known secret is still present after redaction.
    """
    lines = [
        *_header(data),
        *_env_section(data),
        *_ids_section(data),
        *_token_section(data),
        *_checks_section(data.results),
        *_errors_section(data.errors),
        "",
    ]
    text = "\n".join(redaction.redact(line) for line in lines)
    leaks = find_leaks(text, data.secrets)
    if leaks:
        raise ReportLeak(
            "a secret would appear unmasked in the report ("
            + ", ".join(leaks)
            + "); nothing was written. This is a bug in wa-wizard: please report it."
        )
    return text


async def collect(ctx: CheckContext, data: ReportInput, only: Iterable[str] | None = None) -> None:
    """Run the checks on ``ctx`` and fill ``data`` with results, token facts and errors."""
    from wizard.core.checks.runner import run_checks

    data.results = await run_checks(ctx, only)
    data.token_info = ctx.facts.get("token_info")
    data.errors = list(ctx.client.errors)
    data.now = ctx.now
    app_token = ctx.facts.get("app_token")
    extra = {"app token": app_token} if isinstance(app_token, str) else None
    data.secrets = known_secrets(data.values, data.env, {**data.secrets, **(extra or {})})


def default_name(now: float | None = None) -> str:
    """``wa-wizard-report-YYYYMMDD-HHMMSS.md`` in local time."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    return f"wa-wizard-report-{stamp}.md"


class ReportTargetRefused(Exception):
    """The report would have replaced a file it must not (user-facing, secret-free)."""


_ENV_LINE = re.compile(r"^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.]*[ \t]*=", re.MULTILINE)


def looks_like_env_file(path: Path) -> bool:
    """True when ``path`` holds ``KEY=value`` lines: a file of secrets, never a report's."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    return bool(_ENV_LINE.search(head.decode("utf-8", errors="replace")))


def write_private(
    path: Path, text: str, *, force: bool = False, protect: Iterable[Path] = ()
) -> Path:
    """Write ``text`` readable by its owner only (0600).

    A new file is created with ``O_EXCL|O_NOFOLLOW``. An existing one is replaced only
    with ``force``, and never when it is a symlink, not a regular file, one of
    ``protect`` (the env file in use) or anything that looks like an env file: a
    report written over ``.env`` would lose every secret. The replacement goes through
    a temp file and a rename, so a link planted meanwhile is replaced, never followed.

    Raises:
        ReportTargetRefused: the target must not be replaced (the message says why).
        OSError: the folder is not writable, the disk is full…
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
        return path
    _refuse_target(path, info, force=force, protect=protect)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(text)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def _refuse_target(
    path: Path, info: os.stat_result, *, force: bool, protect: Iterable[Path]
) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise ReportTargetRefused(
            f"{path} is a symbolic link; a report is never written through one (it could "
            "replace the file it points to). Fix: choose another name with --output."
        )
    if not stat.S_ISREG(info.st_mode):
        raise ReportTargetRefused(
            f"{path} exists and is not a regular file. Fix: choose another name with --output."
        )
    for other in protect:
        try:
            same = os.path.samefile(path, other)
        except OSError:
            same = False
        if same:
            raise ReportTargetRefused(
                f"{path} is the env file in use: writing the report there would replace "
                "every secret with masked ones. Fix: choose another name with --output "
                "(the default is wa-wizard-report-YYYYMMDD-HHMMSS.md)."
            )
    if looks_like_env_file(path):
        raise ReportTargetRefused(
            f"{path} holds KEY=value lines like an env file, so it is not replaced, even "
            "with --force. Fix: choose another name with --output."
        )
    if not force:
        raise ReportTargetRefused(
            f"{path} already exists and was not replaced. Fix: choose another name with "
            "--output, or add --force to replace it."
        )
