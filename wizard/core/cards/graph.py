"""Error cards for the Graph API core codes (graph-api.md §11.2), shared by every Graph call."""

from __future__ import annotations

from wizard.core import actions
from wizard.core.cards.spec import (
    API_SETUP,
    BASIC_SETTINGS,
    ERROR_CODES,
    RATE_LIMITS,
    SYSTEM_USERS,
    TOKEN_DEBUGGER,
    WABA_HOME,
    WEBHOOK_SETTINGS,
    CardSpec,
)

SYSTEM_USER_STEPS = (
    "1. Open Business Settings > Users > System users and add a system user (role Admin).\n"
    "2. Assign it this app (Manage app) and your WhatsApp account (Full control).\n"
    "3. Generate a token for this app with whatsapp_business_messaging, "
    "whatsapp_business_management and business_management, expiry Never.\n"
    "4. Copy it at once (Meta shows it only once) and store it in the env file."
)
"""The permanent-token path (users.md pains 1, 2, 4)."""

BACK_OFF = (
    "Wait a few minutes before trying again, and slow down: space out calls and retry with "
    "growing pauses (exponential backoff). Nothing is wrong with your credentials."
)

RECOPY_TOKEN = (
    "1. Copy the token again, whole: it is one long line of about 150 to 260 characters.\n"
    "2. Paste it without quotes, spaces, tabs, line breaks or a second 'Bearer ' prefix.\n"
    "3. Make sure your program really loads the .env file (for example load_dotenv()) "
    "and runs from the folder that holds it."
)

ASSIGN_WABA = (
    "1. In Business Settings > Users > System users, select the system user behind the token.\n"
    "2. Assign assets: your WhatsApp account with Full control, and the app.\n"
    "3. Generate a new token (a token does not gain assets added after it was made) "
    "and store it in the env file."
)

PERMISSION_CAUSE = (
    "The token is not allowed to do this. Either it lacks a permission "
    "(whatsapp_business_messaging to send, whatsapp_business_management to manage the "
    "account), or the system user behind it was never given this WhatsApp account as an asset."
)

GRAPH_CARDS: dict[tuple[int, int | None], CardSpec] = {
    (1, None): CardSpec(
        "Unknown error at Meta",
        "Meta could not process the request and gave no specific reason. It is often temporary, "
        "and sometimes a sign that the request itself is not valid for this endpoint.",
        "Try again in a minute. If it keeps failing, check the request against Meta's reference "
        "and keep the fbtrace_id below for Meta support.",
        ERROR_CODES,
    ),
    (2, None): CardSpec(
        "Meta service temporarily unavailable",
        "Meta's servers are overloaded or briefly down. Your credentials are not the problem.",
        "Wait a few minutes and try again; wa-wizard retries this automatically.",
        ERROR_CODES,
    ),
    (3, None): CardSpec(
        "App lacks the capability for this call",
        "The app does not have the capability or permission this call needs.",
        "Open the token in the Access Token Debugger and check its permissions; make sure the "
        "app has the WhatsApp product added in the App Dashboard.",
        TOKEN_DEBUGGER,
    ),
    (4, None): CardSpec(
        "Too many calls from this app",
        "The app reached its application-level rate limit.",
        BACK_OFF + " The App Dashboard shows the app's current rate-limit usage.",
        RATE_LIMITS,
    ),
    (10, None): CardSpec(
        "Permission denied",
        "The token does not carry a permission this action needs, or it was removed. For "
        "WhatsApp that is whatsapp_business_messaging (sending) or "
        "whatsapp_business_management (numbers, templates, webhooks).",
        "Generate a new token with both whatsapp_business_messaging and "
        "whatsapp_business_management ticked, and make sure the system user has your WhatsApp "
        "account as an asset.",
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (15, None): CardSpec(
        "This call needs an app access token",
        "Managing the app's webhook subscription (/{app_id}/subscriptions) only accepts an app "
        "token, not a user or system user token.",
        "Add FACEBOOK_APP_ID and FACEBOOK_APP_SECRET to your .env: wa-wizard then uses the app "
        "token APP_ID|APP_SECRET for this call. Then subscribe again.",
        BASIC_SETTINGS,
        actions.SUBSCRIBE_WEBHOOK,
    ),
    (17, None): CardSpec(
        "Too many calls for this user",
        "The user or system user behind the token reached its rate limit.",
        BACK_OFF,
        RATE_LIMITS,
    ),
    (32, None): CardSpec(
        "Page request limit reached",
        "Too many calls were made on behalf of a Page.",
        BACK_OFF,
        RATE_LIMITS,
    ),
    (100, None): CardSpec(
        "Invalid parameter",
        "Meta rejected a parameter of the request: it is missing, misspelled, too long or not "
        "valid for this endpoint. Meta's message and details below name it.",
        "Read Meta's message and details below and correct that parameter. For a send, check "
        "that the Phone Number ID, the recipient and the template name are right.",
        ERROR_CODES,
    ),
    (100, 33): CardSpec(
        "Object not found or not accessible",
        "Meta cannot find the id in the request, or the token may not see it. Most often a phone "
        "number or a WhatsApp Business Account ID was used where the Phone Number ID belongs, or "
        "the system user behind the token was never assigned the WhatsApp account.",
        "1. Copy the Phone number ID shown under the From number in API Setup (it is not the "
        "phone number itself) into WHATSAPP_PHONE_NUMBER_ID.\n"
        "2. In Business Settings > System users, assign your WhatsApp account to the system "
        "user with Full control, then generate a new token.",
        API_SETUP,
        actions.DOCTOR,
    ),
    (101, None): CardSpec(
        "App ID not recognised",
        "The client_id sent to Meta is missing or is not a valid App ID.",
        "Copy the App ID from App Dashboard > Settings > Basic into FACEBOOK_APP_ID (digits only).",
        BASIC_SETTINGS,
        actions.DOCTOR,
    ),
    (102, None): CardSpec(
        "Session not valid",
        "The login session behind the token is no longer valid.",
        "Get a new token; for a server, use a system user token that does not expire:\n"
        + SYSTEM_USER_STEPS,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (104, None): CardSpec(
        "No access token was sent",
        "The request reached Meta without an access token, usually because the token variable "
        "was empty when the program ran (the .env file was not loaded).",
        RECOPY_TOKEN,
        API_SETUP,
        actions.DOCTOR,
    ),
    (190, None): CardSpec(
        "Access token not readable",
        "Meta cannot parse the token: it is cut short, mistyped or padded. Common causes are a "
        "partial copy, a stray space or tab from Meta's pop-up, quotes, 'Bearer ' pasted twice, or "
        "a .env file that was never loaded so an empty or old value was sent.",
        RECOPY_TOKEN,
        TOKEN_DEBUGGER,
        actions.DOCTOR,
    ),
    (190, 458): CardSpec(
        "App not authorised by this user",
        "The person behind the token never authorised the app, or removed it.",
        "Log in again and authorise the app, or use a system user token instead:\n"
        + SYSTEM_USER_STEPS,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (190, 459): CardSpec(
        "Facebook account checkpointed",
        "Facebook put the user's account behind a security checkpoint; its tokens stop working.",
        "Log in at facebook.com and complete the checkpoint, then create a new token.",
        TOKEN_DEBUGGER,
    ),
    (190, 460): CardSpec(
        "Token revoked by a password change",
        "The user changed their password, or Facebook reset the session for security, which "
        "invalidates every token of that session.",
        "Create a new token. A system user token is not tied to a person's password:\n"
        + SYSTEM_USER_STEPS,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (190, 463): CardSpec(
        "Access token expired",
        "The token has passed its expiry time. The temporary token from API Setup lasts about a "
        "day, which is why integrations that use it stop working daily.",
        "Replace it with a system user token that never expires:\n"
        + SYSTEM_USER_STEPS
        + "\nFor a quick test only, copy a fresh token from API Setup and exchange it while it "
        "is still valid: that gives a 60-day token.",
        SYSTEM_USERS,
        actions.EXCHANGE_TOKEN,
    ),
    (190, 464): CardSpec(
        "Facebook account not confirmed",
        "The user's Facebook account is unconfirmed, so its tokens are not accepted.",
        "Log in at facebook.com and confirm the account, then create a new token.",
        TOKEN_DEBUGGER,
    ),
    (190, 467): CardSpec(
        "Access token invalidated",
        "The token was invalidated, for example because the user logged out, the token was "
        "revoked, the system user was deleted or the app secret was reset.",
        "Create a new token and save it with wa-wizard; prefer a system user token:\n"
        + SYSTEM_USER_STEPS,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (190, 492): CardSpec(
        "No role on the Page",
        "The user behind this Page token no longer has a suitable role on the Page. WhatsApp does "
        "not use Page tokens.",
        "Use a system user token for WhatsApp:\n" + SYSTEM_USER_STEPS,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (200, None): CardSpec(
        "Permissions error",
        PERMISSION_CAUSE
        + " Apps without Advanced Access also get this for WhatsApp accounts they do not own.",
        "Generate a token with whatsapp_business_messaging and whatsapp_business_management, "
        "after giving the system user your WhatsApp account:\n" + ASSIGN_WABA,
        SYSTEM_USERS,
        actions.DOCTOR,
    ),
    (341, None): CardSpec(
        "Application limit reached",
        "The app reached a platform limit on calls.",
        BACK_OFF,
        RATE_LIMITS,
    ),
    (368, None): CardSpec(
        "Temporarily blocked for policy violations",
        "Meta restricted this WhatsApp account or app for breaking its policies.",
        "Open WhatsApp Manager and read the account's status and quality notices; you can "
        "request a review there. Sending again will not help until the block is lifted.",
        WABA_HOME,
    ),
    (452, None): CardSpec(
        "Session key invalid",
        "The session behind the token is not valid any more.",
        "Create a new token and save it with wa-wizard.",
        SYSTEM_USERS,
    ),
    (506, None): CardSpec(
        "Duplicate post",
        "The same content was posted twice in a row. This does not apply to WhatsApp messages.",
        "Change the content or wait before posting again.",
        ERROR_CODES,
    ),
    (613, None): CardSpec(
        "Custom rate limit reached",
        "Calls to this endpoint exceeded its own rate limit.",
        BACK_OFF,
        RATE_LIMITS,
    ),
    (2200, None): CardSpec(
        "Webhook verification failed",
        "Meta called your callback URL to verify it and did not get the expected answer: HTTP "
        "200 with the hub.challenge value echoed back, over HTTPS with a valid certificate.",
        "Check that the URL is public HTTPS, that the path is the one your app serves, and that "
        "META_WEBHOOK_VERIFY_TOKEN matches what you typed for Meta. Test the endpoint first.",
        WEBHOOK_SETTINGS,
        actions.TEST_WEBHOOK,
    ),
    (2500, None): CardSpec(
        "App token used where a user token is needed",
        "The call asks about the current user (/me), which needs a user or system user token; "
        "an app token (APP_ID|...) has no user.",
        "Put a system user token in WHATSAPP_ACCESS_TOKEN (it starts with EAA), not the app "
        "token. Doctor tells which kind of token you have.",
        TOKEN_DEBUGGER,
        actions.DOCTOR,
    ),
    (3962, None): CardSpec(
        "Permission name not valid",
        "A permission (scope) requested for a system user token is misspelled or does not exist.",
        "Request exactly business_management, whatsapp_business_management and "
        "whatsapp_business_messaging.",
        SYSTEM_USERS,
    ),
    (1609005, None): CardSpec(
        "Error posting link",
        "Meta could not use a link in the request. This does not apply to WhatsApp setup.",
        "Check the link in the request.",
        ERROR_CODES,
    ),
}
"""Graph core codes (§11.2, with 101 from §2, 104 from §15, 452 and 3962 from §10)."""

SUBCODE_DEFAULTS: dict[int, CardSpec] = {
    190: CardSpec(
        "Access token rejected",
        "Meta no longer accepts this token (expired, revoked or otherwise invalid).",
        "Check it in the Access Token Debugger, then replace it with a system user token:\n"
        + SYSTEM_USER_STEPS,
        TOKEN_DEBUGGER,
        actions.DOCTOR,
    ),
}
"""Cards for a code whose subcode is present but unknown (190 without subcode means 'malformed')."""
