"""One module per subcommand. Each exposes ``add_parser(sub, parents)`` and ``run(args) -> int``.

Modules here import only the standard library at import time so that building
the parser (and ``--help``) stays fast; heavy imports happen inside ``run``.
"""
