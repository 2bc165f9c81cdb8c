"""Gather every template's wording into a gettext template (messages.pot) for translators."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

# Fixed, so the file only changes when the wording does.
_STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
JINJA_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true", "extensions": "jinja2.ext.i18n"}


def extract_catalog(templates: Path) -> Any:
    """A Babel Catalog of every message in the `*.j2` files under `templates`."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="handouts", version="1", creation_date=_STAMP,
                      revision_date=_STAMP, charset="utf-8")
    # A template comment starting "Translators:" reaches the catalog beside its message.
    found = extract_from_dir(str(templates), [("**.j2", "jinja2")],
                             options_map={"**.j2": JINJA_OPTIONS},
                             comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, lineno, message, comments, context in sorted(found, key=lambda m: (m[0], m[1])):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def pot_bytes(templates: Path) -> bytes:
    """The messages.pot text for the templates, as written to disk."""
    from babel.messages.pofile import write_po

    buf = BytesIO()
    write_po(buf, extract_catalog(templates), width=100, sort_output=False)
    return buf.getvalue()
