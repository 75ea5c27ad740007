"""Getting, keeping and replacing an access token: the flows both faces run.

- ``exchange``: exchange a token for a ~60-day one and confirm it with debug_token.
- ``login``: Facebook Login from the terminal (loopback authorization code, state checked).
- ``permanent``: an admin's token into a never-expiring system-user token, step by step.
- ``rotation``: prove a new token matches the old one, swap it in, revoke the old one.
"""
