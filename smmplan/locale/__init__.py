"""smmplan's words in English, Russian, Azerbaijani and Tagalog: gettext catalogs.

One message domain, ``smmplan``, in ``<language>/LC_MESSAGES/smmplan.po`` beside this
file, with the template ``smmplan.pot`` that extraction writes
(``scripts/update_catalogs.py``). The catalogs hold two kinds of messages:

- the site's own words, by key (``nav.calendar``): the English catalog holds their
  English text, the others their translation (:mod:`smmplan.locale.catalogs`);
- sentences made with :func:`phrase` (a diagnostic, a command's summary), whose msgid is
  the English template itself, under the context ``phrase``: English output is the
  template filled, unchanged, and :func:`translate` turns such an English sentence into
  another language (:mod:`smmplan.locale.phrases`).

Nothing here imports the rest of smmplan: every layer may use it.
"""

from __future__ import annotations

from smmplan.locale.catalogs import LANGUAGES, catalog, language_of
from smmplan.locale.phrases import PHRASE_CONTEXT, phrase, translate

__all__ = ["LANGUAGES", "PHRASE_CONTEXT", "catalog", "language_of", "phrase", "translate"]
