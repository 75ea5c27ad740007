"""Error cards for WhatsApp templates, registration and code families (§11.3, §7.6)."""

from __future__ import annotations

from wizard.core import actions
from wizard.core.cards.graph import ASSIGN_WABA, PERMISSION_CAUSE
from wizard.core.cards.spec import (
    ERROR_CODES,
    PHONE_NUMBERS,
    REGISTER_DOC,
    SYSTEM_USERS,
    TEMPLATES,
    CardSpec,
)

REGISTER_FIX = (
    "Register it (a code by SMS or voice call, then the PIN), or register the "
    "number yourself: POST /{phone_number_id}/register with "
    '{"messaging_product": "whatsapp", "pin": "<your 6-digit PIN>"} (the two-step '
    "verification PIN; you choose it the first time)."
)

TEMPLATE_CARDS: dict[tuple[int, int | None], CardSpec] = {
    (132000, None): CardSpec(
        "Wrong number of template variables",
        "The number of parameters sent does not match the variables in the template.",
        "Send exactly one parameter per {{n}} variable of the template; the template's text "
        "in WhatsApp Manager > Message templates shows them.",
        TEMPLATES,
    ),
    (132001, None): CardSpec(
        "Template not found",
        "No approved template has this name in this language. The language must match "
        "exactly: en and en_US are different, and hello_world is en_US.",
        "List your templates in WhatsApp Manager > Message templates (or GET "
        "/{waba_id}/message_templates) and send the exact name and language pair of an "
        "APPROVED template.",
        TEMPLATES,
    ),
    (132005, None): CardSpec(
        "Template text too long",
        "With the variables filled in, the template text is too long.",
        "Shorten the variable values.",
        TEMPLATES,
    ),
    (132007, None): CardSpec(
        "Template content breaks policy",
        "The template's content violates WhatsApp's character or content policy.",
        "Edit the template in WhatsApp Manager.",
        TEMPLATES,
    ),
    (132012, None): CardSpec(
        "Template parameter in the wrong format",
        "A variable value does not have the format the template expects.",
        "Send each parameter in the type the template defines (text, currency, date...).",
        TEMPLATES,
    ),
    (132015, None): CardSpec(
        "Template paused",
        "The template was paused because of low quality.",
        "Edit the template in WhatsApp Manager, or send another approved one.",
        TEMPLATES,
    ),
    (132016, None): CardSpec(
        "Template disabled",
        "The template was paused too many times and is now disabled for good.",
        "Create a new template and wait for its approval.",
        TEMPLATES,
    ),
    (132068, None): CardSpec(
        "Flow blocked",
        "The WhatsApp Flow in this message is blocked.",
        "Check the Flow's status in WhatsApp Manager.",
        TEMPLATES,
    ),
    (132069, None): CardSpec(
        "Flow throttled",
        "The WhatsApp Flow in this message is throttled.",
        "Send fewer messages with this Flow, then try again later.",
        TEMPLATES,
    ),
    (133000, None): CardSpec(
        "Deregistration incomplete",
        "A previous deregistration of the number did not finish.",
        "Deregister the number again (POST /{phone_number_id}/deregister), then register it.",
        REGISTER_DOC,
    ),
    (133004, None): CardSpec(
        "Server temporarily unavailable",
        "Meta's registration service is briefly unavailable.",
        "Wait a minute and try again; wa-wizard retries this automatically.",
        ERROR_CODES,
    ),
    (133005, None): CardSpec(
        "Two-step verification PIN mismatch",
        "The PIN sent to register the number is not the number's two-step verification PIN.",
        "Send the right PIN, or reset it in WhatsApp Manager > Phone numbers > Two-step "
        "verification.",
        PHONE_NUMBERS,
    ),
    (133006, None): CardSpec(
        "Phone number needs verifying again",
        "The number's verification expired (code_verification_status EXPIRED).",
        "Request a code (POST /{phone_number_id}/request_code), verify it "
        "(POST /{phone_number_id}/verify_code), then register the number.",
        PHONE_NUMBERS,
    ),
    (133008, None): CardSpec(
        "Too many PIN guesses",
        "Too many wrong two-step verification PINs were tried.",
        "Wait for the time given in the details below, then use the right PIN.",
        PHONE_NUMBERS,
    ),
    (133009, None): CardSpec(
        "PIN guessed too fast",
        "PIN attempts came too quickly one after another.",
        "Slow down and try again in a moment with the right PIN.",
        PHONE_NUMBERS,
    ),
    (133010, None): CardSpec(
        "Phone number not registered",
        "A Cloud API number must be registered through the API with a two-step PIN before it "
        "can send; until then it shows as Pending.",
        REGISTER_FIX,
        REGISTER_DOC,
        actions.REGISTER_NUMBER,
    ),
    (133015, None): CardSpec(
        "Wait before registering this number",
        "The number was deleted recently and cannot be registered yet.",
        "Wait about 5 minutes, then register it again.",
        PHONE_NUMBERS,
    ),
    (133016, None): CardSpec(
        "Too many register or deregister attempts",
        "The number was registered or deregistered too often in a short time.",
        "Wait before trying again; registration works once the limit resets.",
        PHONE_NUMBERS,
    ),
    (134011, None): CardSpec(
        "Payments terms not accepted",
        "WhatsApp Payments terms of service were not accepted for this account.",
        "Accept the WhatsApp Payments terms in WhatsApp Manager (payments only).",
        ERROR_CODES,
    ),
    (135000, None): CardSpec(
        "Generic user error",
        "Meta found an unspecified problem with the request parameters.",
        "Check the request syntax against Meta's reference and the details below.",
        ERROR_CODES,
    ),
    (136024, None): CardSpec(
        "Verification code request failed",
        "Meta could not send a verification code to this number.",
        "Check the number can receive SMS or voice calls, wait a little, and request the code "
        "again (code_method SMS or VOICE).",
        PHONE_NUMBERS,
    ),
    (2388019, None): CardSpec(
        "Template limit reached",
        "A WhatsApp account can hold up to 250 templates.",
        "Delete templates you no longer use in WhatsApp Manager, then create the new one.",
        TEMPLATES,
    ),
    (2388040, None): CardSpec(
        "Template text over the character limit",
        "A template component is longer than allowed.",
        "Shorten the template text.",
        TEMPLATES,
    ),
    (2388047, None): CardSpec(
        "Template header format not valid",
        "The template header does not follow the allowed format.",
        "Fix the header (text length, variables, media type) and submit again.",
        TEMPLATES,
    ),
    (2388072, None): CardSpec(
        "Template body format not valid",
        "The template body does not follow the allowed format.",
        "Fix the body text and its variables and submit again.",
        TEMPLATES,
    ),
    (2388073, None): CardSpec(
        "Template footer format not valid",
        "The template footer does not follow the allowed format (no variables allowed).",
        "Fix the footer text and submit again.",
        TEMPLATES,
    ),
    (2388293, None): CardSpec(
        "Too many variables for the text length",
        "The template has too many variables for how short its text is.",
        "Add more fixed text or use fewer variables.",
        TEMPLATES,
    ),
    (2388299, None): CardSpec(
        "Variable at the start or end of the template",
        "Templates may not begin or end with a variable.",
        "Add fixed text before the first and after the last variable.",
        TEMPLATES,
    ),
    (2593107, None): CardSpec(
        "Sync error",
        "Syncing data with the WhatsApp Business app failed.",
        "Try the sync again later.",
        ERROR_CODES,
    ),
    (2593108, None): CardSpec(
        "Sync error",
        "Syncing data with the WhatsApp Business app failed.",
        "Try the sync again later.",
        ERROR_CODES,
    ),
}
"""Template, registration and other WhatsApp codes with a known meaning."""

FAMILIES: tuple[tuple[int, int, bool, CardSpec], ...] = (
    (
        200,
        299,
        False,
        CardSpec("Permissions error", PERMISSION_CAUSE, ASSIGN_WABA, SYSTEM_USERS, actions.DOCTOR),
    ),
    (
        138000,
        138018,
        True,
        CardSpec(
            "Calling error",
            "A WhatsApp Calling request failed; calling is off by default on test numbers.",
            "Read the details below and check the number's calling settings in WhatsApp Manager.",
            PHONE_NUMBERS,
        ),
    ),
    (
        139000,
        139004,
        True,
        CardSpec(
            "WhatsApp Flows error",
            "A WhatsApp Flows request failed (publishing, the Flow JSON or its endpoint).",
            "Read the details below and fix the Flow in WhatsApp Manager.",
            TEMPLATES,
        ),
    ),
    (
        139100,
        139103,
        True,
        CardSpec(
            "Block users error",
            "Blocking or unblocking a WhatsApp user failed.",
            "Read the details below; only users who messaged you recently can be blocked.",
            ERROR_CODES,
        ),
    ),
    (
        2388000,
        2388999,
        False,
        CardSpec(
            "Template creation rejected",
            "Meta refused to create or edit a message template because of its content or format.",
            "Read the details below, fix the template in WhatsApp Manager and submit it again.",
            TEMPLATES,
        ),
    ),
)
"""(first, last, every code listed by known_codes?, card) for codes known as a family."""
