"""The env file: read with provenance, plan a change, write it atomically, keep it out of git.

- ``store``: :class:`EnvFile` (read, values, plan) and :class:`EnvPlan` (apply).
- ``bindings``: where each value comes from (a line of the file or the environment).
- ``write``: byte-preserving edits and the atomic, backed-up write.
- ``gitsafety``: whether git would commit the file, and the ``.gitignore`` fix.
"""
