"""Checks that need no network: the env file, the verify token, git safety."""

from __future__ import annotations

from wizard.core import actions
from wizard.core.checks.base import CheckContext, CheckResult, key_name, result


async def env_file(ctx: CheckContext) -> CheckResult:
    """The file exists; says where each value comes from; warns about shadowing variables."""
    cid = "env_file"
    env = ctx.env
    if env is None:
        # The caller (the wizard) supplies candidate values before any file is written.
        return result(cid, "pass", "values supplied directly (no env file read)")
    if not env.exists:
        where = str(env.path)
        return result(
            cid,
            "fail",
            f"{where} does not exist.",
            "Create it step by step with the wizard (or pass --env-file PATH to use "
            "another file; `wa-wizard --sandbox` to rehearse first).",
            {"path": where},
            actions.SETUP,
        )
    keys = len(env.raw())
    provenance = {
        b.key: (f"line {b.line}" if b.source == "file" and b.line else b.source)
        for b in env.bindings.values()
    }
    data: dict[str, object] = {"path": str(env.path), "keys": keys, "provenance": provenance}
    details: list[str] = []
    fixes: list[str] = []
    shadowed = [b for b in env.bindings.values() if b.shadowed_by_env]
    if shadowed:
        names = ", ".join(b.key for b in shadowed)
        unset = " ".join(b.key for b in shadowed)
        details.append(
            f"the environment variable {names} is also set and takes precedence in programs "
            "that load .env without override."
        )
        fixes.append(
            f"doctor checks the file's values. To have your program use them, first clear the "
            f"value from the environment: unset {unset}"
        )
        data["shadowed"] = [b.key for b in shadowed]
    conflicts = env.alias_conflicts()
    if conflicts:
        pairs = ", ".join(f"{used} and {other}" for used, other in conflicts)
        details.append(f"{pairs} hold different values; doctor checks the first of each.")
        fixes.append(
            "Your app may read the other name and get the old value. Keep one name, or let "
            "wa-wizard write the value again: it updates every name it finds."
        )
        data["alias_conflicts"] = [list(pair) for pair in conflicts]
    if env.unparsed_lines:
        where = ", ".join(str(n) for n in env.unparsed_lines[:10])
        more = " …" if len(env.unparsed_lines) > 10 else ""
        details.append(
            f"python-dotenv cannot parse line {where}{more} and skips it, so your app never "
            "sees what is there."
        )
        fixes.append(
            "Write it as KEY=value, with quotes closed ('...' or \"...\") and no space in "
            "the key; comments start with #."
        )
        data["unparsed_lines"] = list(env.unparsed_lines)
    if details:
        return result(
            cid, "warn", f"{env.path} ({keys} keys); " + " ".join(details), " ".join(fixes), data
        )
    return result(cid, "pass", f"{env.path} ({keys} keys)", data=data)


async def verify_token(ctx: CheckContext) -> CheckResult:
    """The webhook verify token is invented by you; it is not the access token."""
    cid = "verify_token"
    value = ctx.values.verify_token
    key = key_name(ctx, "verify_token")
    if not value:
        return result(
            cid,
            "warn",
            f"{key} is not set (needed only to receive webhooks).",
            f"Generate one (or use `openssl rand -hex 32`), store it as {key} and type the "
            "same string in App Dashboard › WhatsApp › Configuration.",
            action=actions.GENERATE_VERIFY_TOKEN,
        )
    if value == ctx.values.access_token:
        return result(
            cid,
            "fail",
            f"{key} equals the access token: the verify token is a string you invent, "
            "not Meta's token.",
            f"Generate a new one, store it as {key} and in the webhook settings; never send "
            "the access token to Meta's webhook form.",
            action=actions.GENERATE_VERIFY_TOKEN,
        )
    if value == ctx.values.app_secret:
        return result(
            cid,
            "fail",
            f"{key} equals the App secret.",
            f"Generate a separate verify token and store it as {key}.",
            action=actions.GENERATE_VERIFY_TOKEN,
        )
    if len(value) < 16:
        return result(
            cid,
            "warn",
            f"set, but weak ({len(value)} characters).",
            f"Use at least 16 random characters: generate one, then update {key} and the "
            "webhook settings.",
            {"length": len(value)},
            actions.GENERATE_VERIFY_TOKEN,
        )
    is_hex = all(c in "0123456789abcdefABCDEF" for c in value)
    kind = "hex characters" if is_hex else "characters"
    return result(cid, "pass", f"set ({len(value)} {kind})", data={"length": len(value)})


async def git_safety(ctx: CheckContext) -> CheckResult:
    cid = "git_safety"
    env = ctx.env
    if env is None or not env.exists:
        return result(cid, "skip", "No env file.")
    import asyncio

    from wizard.core.envfile.gitsafety import git_safety as inspect

    # git runs as a subprocess (up to 10 s each when it hangs): keep the event loop,
    # and the network checks running beside this one, free meanwhile.
    safety = await asyncio.to_thread(inspect, env.path)
    data = {"status": safety.status, "repo": str(safety.repo) if safety.repo else None}
    if safety.status == "no_repo":
        return result(cid, "skip", safety.message or "not inside a git repository", data=data)
    if safety.status == "tracked":
        return result(cid, "fail", safety.message, safety.fix, data)
    if safety.status == "not_ignored":
        return result(cid, "warn", safety.message, safety.fix, data)
    return result(cid, "pass", safety.message or f"{env.path} is ignored by git", data=data)
