"""The team workflow around git: ``init``, ``new``, ``diff``, ``calendar``, ``schema`` and
``mark``.

Library code only; the commands live in ``smmplan.cli``. Init's scaffold is package data
under ``templates/``.
"""

SCHEMA_KINDS = ("post", "campaign", "brand", "config", "export", "metrics")
"""What ``smmplan schema`` describes; here, not in ``schema``, so that the command line can
offer the choices without importing the loader on every start."""
