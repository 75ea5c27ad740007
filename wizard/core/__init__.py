"""The UI-free core: Graph client, checks, tokens, .env store, error cards.

Nothing under ``wizard.core`` may import Textual (a test enforces it), and heavy
modules such as httpx are imported lazily so that ``doctor`` starts fast.
"""
