"""The calendar site: an MkDocs (mkdocs-material) site generated from the plan.

``plugin.SmmplanPlugin`` is the MkDocs plugin (``plugins: [smmplan]``); ``build.build_site``
is what ``smmplan build`` runs. Pages are made in memory by small pure functions in
``views/`` rendered through the Jinja templates in ``templates/`` (autoescaped: user text is
always data, never template or Markdown source).
"""
