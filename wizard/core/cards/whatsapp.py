"""Error cards for WhatsApp Cloud API codes: auth, integrity, throttling, messaging (§11.3)."""

from __future__ import annotations

from wizard.core import actions
from wizard.core.cards.graph import BACK_OFF, SYSTEM_USER_STEPS
from wizard.core.cards.spec import (
    API_SETUP,
    ERROR_CODES,
    PHONE_NUMBERS,
    RATE_LIMITS,
    SYSTEM_USERS,
    TEMPLATES,
    TOKEN_DEBUGGER,
    WABA_HOME,
    CardSpec,
)

RETRY_LATER = "Wait a minute and try again; wa-wizard retries this automatically."

WINDOW_FIX = (
    "Send an approved template instead (the test send uses hello_world), or ask the "
    "person to message your number first: that opens a 24-hour window for free-form replies."
)

WHATSAPP_CARDS: dict[tuple[int, int | None], CardSpec] = {
    (0, None): CardSpec(
        "Authentication failed",
        "Meta could not authenticate the token: it expired, was invalidated, or access was "
        "turned off.",
        "Replace it with a system user token:\n" + SYSTEM_USER_STEPS,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (33, None): CardSpec(
        "Business phone number deleted",
        "The phone number behind this Phone Number ID has been deleted from the WhatsApp "
        "account. (This is a top-level code 33, not the 100/33 'object not found'.)",
        "Open the phone numbers page, pick a number that still exists and copy its Phone number "
        "ID into WHATSAPP_PHONE_NUMBER_ID.",
        PHONE_NUMBERS,
        actions.DOCTOR,
    ),
    (80007, None): CardSpec(
        "WhatsApp account rate limit reached",
        "Management calls for this WhatsApp account reached their hourly limit (200 calls per "
        "hour per app by default, 5,000 once a number is registered).",
        BACK_OFF,
        RATE_LIMITS,
    ),
    (130429, None): CardSpec(
        "Message throughput reached",
        "This number sent more messages per second than its throughput allows (80 per second "
        "by default).",
        "Slow down and queue messages; retry the failed ones with growing pauses.",
        RATE_LIMITS,
    ),
    (130472, None): CardSpec(
        "Recipient is part of an experiment",
        "Meta held back this marketing message because the recipient is in a marketing message "
        "experiment. Nothing is wrong with your setup.",
        "Nothing to fix; do not resend right away. Utility and authentication templates are "
        "not affected.",
        ERROR_CODES,
    ),
    (130497, None): CardSpec(
        "Messaging to this country is restricted",
        "Your business category may not message users in the recipient's country.",
        "Check your WhatsApp account's notices in WhatsApp Manager; you cannot message this "
        "country from this account.",
        WABA_HOME,
    ),
    (131000, None): CardSpec(
        "Something went wrong at Meta",
        "The message failed for an unknown reason on Meta's side.",
        RETRY_LATER + " If it persists, contact Meta support with the fbtrace_id.",
        ERROR_CODES,
    ),
    (131005, None): CardSpec(
        "Access denied",
        "A permission the call needs was not granted, or was removed from the token.",
        "Open the token in the Access Token Debugger, check for whatsapp_business_messaging and "
        "whatsapp_business_management, and generate a new token with both if one is missing.",
        TOKEN_DEBUGGER,
    ),
    (131008, None): CardSpec(
        "Required parameter missing",
        "The request lacks a field Meta needs, such as messaging_product, to or type.",
        "Add the field named in the details below; every send needs "
        '"messaging_product": "whatsapp", a "to" number and a "type".',
        ERROR_CODES,
    ),
    (131009, None): CardSpec(
        "Parameter value not valid",
        "A value in the request is not valid: often a badly formatted 'to' number, or a Phone "
        "Number ID that does not belong to this WhatsApp account.",
        "Read the details below. Write recipients in international form with a plus and country "
        "code (+15550100142), and check WHATSAPP_PHONE_NUMBER_ID.",
        PHONE_NUMBERS,
        actions.DOCTOR,
    ),
    (131016, None): CardSpec(
        "WhatsApp service unavailable",
        "Meta's WhatsApp service is temporarily unavailable.",
        RETRY_LATER,
        ERROR_CODES,
    ),
    (131021, None): CardSpec(
        "Recipient is the sender",
        "The 'to' number is your own business number; a number cannot message itself.",
        "Send to a different phone, for example your personal WhatsApp number.",
        API_SETUP,
    ),
    (131026, None): CardSpec(
        "Message undeliverable",
        "The recipient could not get the message: the number may not be on WhatsApp, the person "
        "has not accepted WhatsApp's latest terms, or their app is too old. This usually "
        "arrives later as a failed status on your webhook.",
        "Check with the person by other means that the number uses WhatsApp and that the app is "
        "up to date, then try again.",
        ERROR_CODES,
    ),
    (131030, None): CardSpec(
        "Recipient not in the allowed list",
        "A test number may only message the up to 5 numbers on its recipient list in API Setup. "
        "Mexican and Argentine numbers often fail even when listed: WhatsApp reports them as "
        "521... and 549..., but the list and sends need the dialable 52... and 54... form.",
        "1. Open API Setup, choose the To field, then Manage phone number list.\n"
        "2. Add the number and confirm the code WhatsApp sends to it.\n"
        "3. For +52 drop the 1 after 52, for +54 drop the 9 after 54, then send again.",
        API_SETUP,
        actions.SEND_TEST,
    ),
    (131031, None): CardSpec(
        "Business account locked",
        "Meta locked the account for a policy violation, or a request carried a wrong two-step "
        "verification PIN.",
        "Check the PIN you send; then read the account status and notices in WhatsApp Manager.",
        WABA_HOME,
    ),
    (131037, None): CardSpec(
        "Display name not approved yet",
        "This WhatsApp-provided number needs an approved display name before it can send.",
        "Set the display name in WhatsApp Manager and wait for its approval.",
        PHONE_NUMBERS,
    ),
    (131042, None): CardSpec(
        "Payment issue on the business account",
        "The WhatsApp account has no valid payment method, is over its credit limit, lacks a "
        "time zone or currency, or is suspended. Test numbers need no billing for templates.",
        "Add or fix the payment method of the WhatsApp account in WhatsApp Manager.",
        WABA_HOME,
    ),
    (131044, None): CardSpec(
        "Payment issue for calling",
        "The business account has a payment problem that blocks calling.",
        "Check the payment method of the WhatsApp account in WhatsApp Manager.",
        WABA_HOME,
    ),
    (131045, None): CardSpec(
        "Phone number not registered correctly",
        "The number's certificate is wrong: its registration did not complete.",
        "Register the number again with POST /{phone_number_id}/register and your two-step PIN.",
        PHONE_NUMBERS,
    ),
    (131047, None): CardSpec(
        "Outside the 24-hour window",
        "More than 24 hours have passed since the person last messaged you, so only templates "
        "may be sent. The API still answers 200, then a failed status arrives on the webhook.",
        WINDOW_FIX,
        TEMPLATES,
    ),
    (131048, None): CardSpec(
        "Spam rate limit hit",
        "Too many of your messages were blocked or reported, so sending is limited.",
        "Check the number's quality rating in WhatsApp Manager and send only to people who "
        "asked for your messages.",
        PHONE_NUMBERS,
    ),
    (131049, None): CardSpec(
        "Meta chose not to deliver",
        "To protect the user from too many marketing messages, Meta did not deliver this one.",
        "Wait at least 24 hours before sending this person another marketing message; do not "
        "retry right away.",
        ERROR_CODES,
    ),
    (131050, None): CardSpec(
        "Recipient stopped marketing messages",
        "The person opted out of your marketing messages.",
        "Do not resend marketing messages to them; subscribe to the user_preferences webhook "
        "to learn about opt-outs.",
        ERROR_CODES,
    ),
    (131051, None): CardSpec(
        "Unsupported message type",
        "The message type is not supported.",
        "Use a supported type such as text or template.",
        ERROR_CODES,
    ),
    (131052, None): CardSpec(
        "Media download failed",
        "WhatsApp could not download the media the user sent.",
        "Ask the user to send the media again.",
        ERROR_CODES,
    ),
    (131053, None): CardSpec(
        "Media upload failed",
        "The media type or size is not supported.",
        "Check the file's MIME type and size against Meta's supported media list.",
        ERROR_CODES,
    ),
    (131056, None): CardSpec(
        "Too many messages to the same person",
        "You sent this one recipient more than about one message every 6 seconds. Other "
        "recipients are not affected.",
        "Wait a little and retry with growing pauses; space out messages to the same person.",
        RATE_LIMITS,
    ),
    (131057, None): CardSpec(
        "Account in maintenance",
        "The business account is briefly in maintenance, for example during a throughput "
        "upgrade (about a minute).",
        RETRY_LATER,
        ERROR_CODES,
    ),
    (131059, None): CardSpec(
        "Group cursor not valid",
        "A paging cursor for groups is not valid.",
        "Request the list again from the start.",
        ERROR_CODES,
    ),
    (131062, None): CardSpec(
        "Business-scoped user id not supported here",
        "This recipient was given as a business-scoped user id, which this send does not support.",
        "Send to the person's phone number instead.",
        ERROR_CODES,
    ),
    (131063, None): CardSpec(
        "Marketing templates disabled",
        "Marketing templates are disabled for this account on the Cloud API.",
        "Use a utility template, or check the account's notices in WhatsApp Manager.",
        WABA_HOME,
    ),
    (131064, None): CardSpec(
        "Messaging limit reached for template misuse",
        "Sending was limited because templates were classified in the wrong category.",
        "Review your templates' categories in WhatsApp Manager.",
        TEMPLATES,
    ),
    (137000, None): CardSpec(
        "Identity key hash mismatch",
        "The recipient_identity_key_hash sent does not match the person's current identity.",
        "Drop or update the identity key hash and send again.",
        ERROR_CODES,
    ),
}
"""WhatsApp authorization, integrity, throttling and messaging codes."""
