"""The error knowledge base: coverage of the reference, lookup order, links, texts, fallbacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.actions import in_cli
from wizard.core.cards.graph import GRAPH_CARDS
from wizard.core.cards.login import LOGIN_CARDS
from wizard.core.cards.lookup import (
    CARDS,
    RETRYABLE_CODES,
    ErrorCard,
    card_for_code,
    card_for_error,
    known_codes,
    render_card,
)
from wizard.core.cards.ranges import describe_unknown
from wizard.core.cards.spec import LinkContext
from wizard.core.cards.templates import TEMPLATE_CARDS
from wizard.core.cards.whatsapp import WHATSAPP_CARDS
from wizard.core.graph.errors import RATE_LIMIT_CODES, TRANSIENT_CODES, GraphError

# Transcribed from graph-api.md §11.2 (Graph core, with 101 from §2).
GRAPH_CORE: list[tuple[int, int | None]] = [
    (1, None), (2, None), (3, None), (4, None), (10, None), (15, None), (17, None),
    (32, None), (100, None), (100, 33), (101, None), (102, None), (190, None),
    (190, 458), (190, 459), (190, 460), (190, 463), (190, 464), (190, 467), (190, 492),
    (200, None), (341, None), (368, None), (506, None), (613, None), (2200, None),
    (2500, None), (1609005, None),
]  # fmt: skip

# Transcribed from graph-api.md §11.3 (tables and the "Others seen" list).
WHATSAPP: list[int] = [
    0, 3, 10, 190, 200, 368, 130497, 131031, 4, 80007, 130429, 131048, 131056, 133016,
    1, 2, 33, 100, 130472, 131000, 131005, 131008, 131009, 131016, 131021, 131026, 131030,
    131037, 131042, 131045, 131047, 131049, 131050, 131051, 131052, 131053, 131057, 132000,
    132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069, 133000, 133004, 133005,
    133006, 133008, 133009, 133010, 133015, 134011, 135000,
    131044, 131059, 131062, 131063, 131064, 137000,
    *range(138000, 138019), *range(139000, 139005), *range(139100, 139104),
    2388040, 2388047, 2388072, 2388073, 2388293, 2388299, 2388019, 2593107, 2593108,
]  # fmt: skip

REFERENCE = sorted(set(GRAPH_CORE) | {(code, None) for code in WHATSAPP}, key=str)

FULL_CTX = LinkContext(
    app_id="1204958371625540",
    waba_id="104477882233110",
    phone_number_id="100231144556677",
    business_id="506914307656634",
)


@pytest.mark.parametrize(("code", "subcode"), REFERENCE)
def test_every_reference_code_has_a_card(code: int, subcode: int | None) -> None:
    assert (code, subcode) in known_codes()
    card = card_for_code(code, subcode)
    assert card is not None
    assert (card.code, card.subcode) == (code, subcode)


@pytest.mark.parametrize("code", [*range(200, 300), 2388001, 2388555, 2388999])
def test_families_have_cards(code: int) -> None:
    card = card_for_code(code)
    assert card is not None
    assert "ermission" in card.title or "emplate" in card.title


def test_card_tables_do_not_overlap() -> None:
    tables = (GRAPH_CARDS, WHATSAPP_CARDS, TEMPLATE_CARDS, LOGIN_CARDS)
    assert len(CARDS) == sum(len(table) for table in tables)


@pytest.mark.parametrize(("code", "subcode"), known_codes())
def test_card_texts_are_complete_and_plain(code: int, subcode: int | None) -> None:
    card = card_for_code(code, subcode, FULL_CTX)
    assert card is not None
    for text in (card.title, card.cause, card.fix):
        assert text.strip()
        for markup in ("[b", "[/", "**", "`", "{app_id}", "{waba_id}", "{phone_number_id}"):
            assert markup not in text
    assert len(card.title) <= 60
    assert card.cause.rstrip().endswith((".", ")"))
    assert card.link is not None
    assert card.link.startswith("https://")


@pytest.mark.parametrize(("code", "subcode"), known_codes())
def test_retryable_matches_graph_transient_and_rate_limits(code: int, subcode: int | None) -> None:
    card = card_for_code(code, subcode)
    assert card is not None
    assert card.retryable is (code in RETRYABLE_CODES)


def test_retryable_codes_include_every_graph_transient_and_rate_limit_code() -> None:
    assert TRANSIENT_CODES | RATE_LIMIT_CODES <= RETRYABLE_CODES
    for code in TRANSIENT_CODES | RATE_LIMIT_CODES:
        card = card_for_code(code)
        assert card is not None
        assert card.retryable, code
    for code, subcode in [(190, 463), (190, None), (100, 33), (131030, None), (368, None)]:
        card = card_for_code(code, subcode)
        assert card is not None
        assert not card.retryable


def test_subcodes_change_the_meaning() -> None:
    malformed = card_for_code(190)
    expired = card_for_code(190, 463)
    other = card_for_code(190, 999)
    assert malformed is not None
    assert expired is not None
    assert other is not None
    assert len({malformed.title, expired.title, other.title}) == 3
    assert "whitespace" in malformed.cause or "space" in malformed.cause
    assert "system user" in expired.fix
    not_found = card_for_code(100, 33)
    generic = card_for_code(100)
    unknown_sub = card_for_code(100, 12345)
    assert not_found is not None
    assert generic is not None
    assert unknown_sub is not None
    assert not_found.title != generic.title
    assert unknown_sub.title == generic.title
    assert unknown_sub.subcode == 12345


@pytest.mark.parametrize(
    ("code", "subcode", "words"),
    [
        (190, 463, ["system user", "Never", "wa-wizard exchange"]),
        (190, None, ["tab", ".env", "load_dotenv"]),
        (100, 33, ["Phone number ID", "phone number", "assign"]),
        (131030, None, ["521", "549", "5 numbers", "Manage phone number list"]),
        (131047, None, ["24 hours", "template"]),
        (132001, None, ["en_US", "en and en_US", "List your templates"]),
        (133010, None, ["PIN", "register"]),
        (200, None, ["whatsapp_business_messaging", "Full control"]),
        (10, None, ["whatsapp_business_messaging", "whatsapp_business_management"]),
        (368, None, ["WhatsApp Manager"]),
        (131031, None, ["PIN", "WhatsApp Manager"]),
        (15, None, ["app token", "FACEBOOK_APP_SECRET"]),
        (2500, None, ["/me", "system user token"]),
    ],
)
def test_cards_answer_the_pain_points(code: int, subcode: int | None, words: list[str]) -> None:
    card = card_for_code(code, subcode)
    assert card is not None
    text = f"{card.title} {card.cause} {in_cli(card.fix, card.action)}"
    for word in words:
        assert word in text, word


@pytest.mark.parametrize("code", [4, 17, 80007, 130429, 131056])
def test_rate_limits_say_back_off(code: int) -> None:
    card = card_for_code(code)
    assert card is not None
    assert card.retryable
    assert any(w in card.fix.lower() for w in ("wait", "slow down"))


def test_links_contain_the_ids_given() -> None:
    api_setup = card_for_code(131030, None, FULL_CTX)
    waba = card_for_code(368, None, FULL_CTX)
    phones = card_for_code(33, None, FULL_CTX)
    users = card_for_code(190, 463, FULL_CTX)
    basic = card_for_code(101, None, FULL_CTX)
    assert api_setup
    assert waba
    assert phones
    assert users
    assert basic
    assert api_setup.link == (
        "https://developers.facebook.com/apps/1204958371625540/whatsapp-business/wa-dev-console/"
    )
    assert basic.link == "https://developers.facebook.com/apps/1204958371625540/settings/basic/"
    assert waba.link == "https://business.facebook.com/wa/manage/home/?waba_id=104477882233110"
    assert phones.link is not None
    assert "waba_id=104477882233110" in phones.link
    assert users.link is not None
    assert "506914307656634" in users.link
    registered = card_for_code(133010, None, FULL_CTX)
    assert registered is not None
    assert "/100231144556677/register" in registered.fix


@pytest.mark.parametrize(
    "ctx", [LinkContext(), LinkContext(app_id="12/../evil", waba_id="x y", phone_number_id="")]
)
def test_links_fall_back_to_generic_pages(ctx: LinkContext) -> None:
    for code, subcode in known_codes():
        card = card_for_code(code, subcode, ctx)
        assert card is not None
        assert card.link is not None
        assert "None" not in card.link
        assert "{" not in card.link
        assert "evil" not in card.link
    card = card_for_code(131030, None, ctx)
    assert card is not None
    assert card.link == "https://developers.facebook.com/apps/"
    registered = card_for_code(133010, None, ctx)
    assert registered is not None
    assert "<PHONE_NUMBER_ID>" in registered.fix


@pytest.mark.parametrize(
    ("code", "word"),
    [
        (5, "core"),
        (150, "token"),
        (250, "permission"),
        (131999, "messaging"),
        (132500, "template"),
        (133500, "registration"),
        (134050, "Payments"),
        (138500, "Calling"),
        (139050, "Flows"),
        (139150, "blocking"),
        (2388500, "template"),
        (99999999, "not in a range"),
    ],
)
def test_describe_unknown_names_the_range(code: int, word: str) -> None:
    text = describe_unknown(code)
    assert str(code) in text
    assert word in text


def test_render_card_lines() -> None:
    error = GraphError(
        "Error validating access token: Session has expired on Tuesday.",
        code=190,
        subcode=463,
        details="some details",
        fbtrace_id="AZ-HzGEkqc5Vf3E0gy-eAcV",
    )
    lines = render_card(card_for_error(error)).splitlines()
    assert lines[0] == "✗ Access token expired (190/463)"
    assert lines[1].startswith("Why: ")
    assert lines[2].startswith("Fix: ")
    assert lines[3].startswith("     1. ")  # numbered steps stay aligned under "Fix: "
    assert lines[4].startswith("     2. ")
    assert any(line.startswith("Open: https://") for line in lines)
    assert "Meta said: Error validating access token: Session has expired on Tuesday." in lines
    assert "Details: some details" in lines
    assert lines[-1].startswith("fbtrace_id: AZ-HzGEkqc5Vf3E0gy-eAcV")


def test_render_card_never_shows_a_token() -> None:
    token = "EAAG" + "x7Yq" * 40
    error = GraphError(f"Invalid OAuth access token {token}", code=190, details=f"token={token}")
    text = render_card(card_for_error(error))
    assert token not in text
    assert "EAAG…x7Yq" in text


def test_render_without_error_or_code() -> None:
    card = ErrorCard(None, None, "Title", "Cause.", "Fix.", None, False)
    assert render_card(card) == "✗ Title\nWhy: Cause.\nFix: Fix."


def test_core_errors_import_stays_light() -> None:
    code = (
        "import sys, wizard.core.cards.lookup; "
        "assert 'textual' not in sys.modules and 'httpx' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@given(
    code=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**8)),
    subcode=st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
    message=st.text(max_size=200),
    kind=st.sampled_from(["api", "timeout", "network", "server", "malformed"]),
)
def test_card_for_error_never_fails(
    code: int | None, subcode: int | None, message: str, kind: str
) -> None:
    error = GraphError(message, kind=kind, code=code, subcode=subcode)  # type: ignore[arg-type]
    card = card_for_error(error, FULL_CTX)
    assert card.title
    assert card.cause
    assert card.fix
    assert render_card(card).startswith("✗ ")
