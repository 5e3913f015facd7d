"""The team workflow around git: ``init``, ``new``, ``diff``, ``calendar`` and ``schema``.

Library code only; the commands live in ``smmplan.cli.workflow``. Init's scaffold is
package data under ``templates/``.
"""
