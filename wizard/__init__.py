"""wa-wizard: set up and check WhatsApp Cloud API credentials from the terminal."""

__version__ = "0.1.0"
