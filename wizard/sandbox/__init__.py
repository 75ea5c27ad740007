"""Simulated Graph API for practice and tests; nothing here reaches Meta.

Import the pieces from their modules (``wizard.sandbox.world``, ``.app``, ``.server``):
this package import stays free of Starlette and uvicorn.
"""
