"""Error cards: turn a Graph failure into what happened, why, the exact fix and where to click.

Every command and screen shows failures through :func:`card_for_error` and
:func:`render_card`, so the same error reads the same everywhere. Lookup order:
message text (it tells apart problems that share code 100 or 1), then
(code, subcode), then code, then what is known about the code's range.
The card texts live in ``errors_graph``, ``errors_whatsapp``, ``errors_templates``
and ``errors_match``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from wizard.core.actions import Action, in_cli
from wizard.core.cards.graph import GRAPH_CARDS, SUBCODE_DEFAULTS
from wizard.core.cards.login import LOGIN_CARDS
from wizard.core.cards.matching import KIND_CARDS, match_message
from wizard.core.cards.ranges import describe_unknown, range_of
from wizard.core.cards.spec import ERROR_CODES, CardSpec, LinkContext, build_link, fill_ids
from wizard.core.cards.templates import FAMILIES, TEMPLATE_CARDS
from wizard.core.cards.whatsapp import WHATSAPP_CARDS
from wizard.core.graph.errors import RATE_LIMIT_CODES, TRANSIENT_CODES, GraphError, as_int
from wizard.core.redact import redact

RETRYABLE_CODES = TRANSIENT_CODES | RATE_LIMIT_CODES
"""Codes where trying again later helps: graph's transient and rate-limit codes, plus the
application limit, maintenance mode and the register rate limit."""

CARDS: dict[tuple[int, int | None], CardSpec] = {
    **GRAPH_CARDS,
    **WHATSAPP_CARDS,
    **TEMPLATE_CARDS,
    **LOGIN_CARDS,
}


@dataclass(frozen=True)
class ErrorCard:
    """One failure explained: a short title, why it happened, the next action and a link."""

    code: int | None
    subcode: int | None
    title: str
    cause: str
    fix: str
    link: str | None
    retryable: bool
    known: bool = True
    """False when only the code's range is known."""
    message: str | None = None
    """Meta's raw message (or ours, for network failures)."""
    details: str | None = None
    fbtrace_id: str | None = None
    """What Meta support asks for."""
    kind: str | None = None
    """GraphError.kind, or ``webhook`` for a failed-status webhook error."""
    action: Action | None = None
    """What wa-wizard can do about it, apart from the prose of ``fix``."""


def _spec_for(code: int, subcode: int | None) -> CardSpec | None:
    if subcode is not None:
        exact = CARDS.get((code, subcode))
        if exact is not None:
            return exact
        if code in SUBCODE_DEFAULTS:
            return SUBCODE_DEFAULTS[code]
    spec = CARDS.get((code, None))
    if spec is not None:
        return spec
    for first, last, _listed, family in FAMILIES:
        if first <= code <= last:
            return family
    return None


def _build(
    spec: CardSpec, code: int | None, subcode: int | None, ctx: LinkContext, retryable: bool
) -> ErrorCard:
    return ErrorCard(
        code=code,
        subcode=subcode,
        title=spec.title,
        cause=fill_ids(spec.cause, ctx),
        fix=fill_ids(spec.fix, ctx),
        link=build_link(spec.link, ctx),
        retryable=retryable,
        action=spec.action,
    )


def _unknown(code: int | None, subcode: int | None, ctx: LinkContext, retryable: bool) -> ErrorCard:
    found = range_of(code) if code is not None else None
    title = f"Unlisted {found[0]}" if found else "Unlisted error"
    cause = (
        describe_unknown(code)
        if code is not None
        else "Meta reported an error without a code, so only its message tells what happened."
    )
    return ErrorCard(
        code=code,
        subcode=subcode,
        title=title,
        cause=cause,
        fix="Read Meta's message and details below: they name the problem. If it persists, "
        "look the code up in Meta's error code list and contact Meta support with the "
        "fbtrace_id.",
        link=build_link(ERROR_CODES, ctx),
        retryable=retryable,
        known=False,
    )


def card_for_code(
    code: int, subcode: int | None = None, ctx: LinkContext | None = None
) -> ErrorCard | None:
    """The card for a code (and subcode), or None when wa-wizard does not know the code."""
    spec = _spec_for(code, subcode)
    if spec is None:
        return None
    return _build(spec, code, subcode, ctx or LinkContext(), code in RETRYABLE_CODES)


def card_for_error(error: GraphError, ctx: LinkContext | None = None) -> ErrorCard:
    """Explain one GraphError; never fails, falls back to what the code's range says."""
    ctx = ctx or LinkContext()
    code, subcode = error.code, error.subcode
    retryable = error.retryable or (code in RETRYABLE_CODES)
    if error.kind != "api":
        spec = KIND_CARDS.get(error.kind, KIND_CARDS["server"])
        card = _build(spec, code, subcode, ctx, error.retryable)
        return _with_raw(card, error)
    text = " ".join(part for part in (error.message, error.details) if part)
    matched = match_message(text)
    if matched is not None:
        spec, implied = matched
        card = _build(spec, code, subcode if subcode is not None else implied, ctx, retryable)
    elif code is not None and (spec_for := _spec_for(code, subcode)) is not None:
        card = _build(spec_for, code, subcode, ctx, retryable)
    else:
        card = _unknown(code, subcode, ctx, retryable)
    return _with_raw(card, error)


AUTO_RETRY_CLAUSE = "; wa-wizard retries this automatically."

MAYBE_SENT_FIX = (
    "The message may have been delivered anyway: the request reached Meta but no answer came "
    "back, and wa-wizard did not send it again so that it never arrives twice. Before "
    "sending again, check WhatsApp on the recipient's phone, or watch for the message's "
    "status webhook (sent, delivered, read or failed) with wa-wizard webhook-listen."
)


def _unrepeated(card: ErrorCard, error: GraphError) -> ErrorCard:
    """The card for a call wa-wizard did not repeat (a send): never promise a retry."""
    if error.outcome_unknown:
        return replace(card, fix=MAYBE_SENT_FIX, retryable=False)
    if error.code in RATE_LIMIT_CODES:
        return card  # a refusal for throttling: the client does retry these
    return replace(card, fix=card.fix.replace(AUTO_RETRY_CLAUSE, "; wa-wizard does not resend it."))


def _with_raw(card: ErrorCard, error: GraphError) -> ErrorCard:
    """Attach Meta's own words and the trace id: they are what support asks for."""
    if not error.repeatable:
        card = _unrepeated(card, error)
    return replace(
        card,
        kind=error.kind,
        message=error.message,
        details=error.details,
        fbtrace_id=error.fbtrace_id,
    )


def card_for_webhook_error(obj: object, ctx: LinkContext | None = None) -> ErrorCard:
    """Explain one ``statuses[].errors[]`` (or ``value.errors[]``) item of a webhook (§9.4)."""
    ctx = ctx or LinkContext()
    data: Mapping[object, object] = obj if isinstance(obj, Mapping) else {}
    code = as_int(data.get("code"))
    title = data.get("title")
    message = data.get("message") or title
    error_data = data.get("error_data")
    details = error_data.get("details") if isinstance(error_data, Mapping) else error_data
    card = card_for_code(code, None, ctx) if code is not None else None
    if card is None:
        card = _unknown(code, None, ctx, code in RETRYABLE_CODES)
        if isinstance(title, str) and title.strip():
            card = replace(card, title=title.strip())
    return replace(
        card,
        message=str(message) if message is not None else None,
        details=str(details) if details is not None else None,
        kind="webhook",
    )


def known_codes() -> list[tuple[int, int | None]]:
    """Every (code, subcode) with its own card, family members included, sorted."""
    codes = set(CARDS)
    for first, last, listed, _spec in FAMILIES:
        if listed:
            codes.update((code, None) for code in range(first, last + 1))
    return sorted(codes, key=lambda item: (item[0], -1 if item[1] is None else item[1]))


def _code_label(card: ErrorCard) -> str:
    if card.code is None:
        return ""
    sub = f"/{card.subcode}" if card.subcode is not None else ""
    return f" ({card.code}{sub})"


def render_card(card: ErrorCard, error: GraphError | None = None) -> str:
    """The card as plain text lines (no markup), secrets redacted; ``error`` adds Meta's words."""
    lines = [f"✗ {card.title}{_code_label(card)}", f"Why: {card.cause}"]
    fix_lines = in_cli(card.fix, card.action).splitlines() or [""]
    lines.append(f"Fix: {fix_lines[0]}")
    lines.extend(f"     {extra}" for extra in fix_lines[1:])
    if card.link:
        lines.append(f"Open: {card.link}")
    message = error.message if error is not None else card.message
    details = error.details if error is not None else card.details
    trace = error.fbtrace_id if error is not None else card.fbtrace_id
    kind = error.kind if error is not None else card.kind
    if message:
        label = "Meta said" if kind in (None, "api", "webhook") else "Error"
        lines.append(f"{label}: {message}")
    if details and details != message:
        lines.append(f"Details: {details}")
    if trace:
        lines.append(f"fbtrace_id: {trace} (quote it to Meta support)")
    return redact("\n".join(lines))
