"""Write templates/messages.pot from the templates; run after changing any template's wording."""

from pathlib import Path

from handouts.wording.extract import pot_bytes

templates = Path(__file__).resolve().parent.parent / "templates"
(templates / "messages.pot").write_bytes(pot_bytes(templates))
print(f"wrote {templates / 'messages.pot'}")
