"""Write templates/messages.pot from the templates, and merge it into each built-in language's
messages.po (new wording appears untranslated there); run after changing a template's wording."""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

from handouts.wording.extract import extract_catalog, pot_bytes

root = Path(__file__).resolve().parent.parent
templates = root / "templates"
(templates / "messages.pot").write_bytes(pot_bytes(templates))
print(f"wrote {templates / 'messages.pot'}")
for po in sorted((root / "content").glob("*/messages.po")):
    with po.open("rb") as fh:
        catalog = read_po(fh)
    catalog.update(extract_catalog(templates), no_fuzzy_matching=True)
    with po.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False, ignore_obsolete=True)
    print(f"updated {po}")
