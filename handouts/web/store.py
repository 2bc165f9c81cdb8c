"""Saved programs: program YAML files in the folder given with `--data`, named by a slug id.

No name typed on the page reaches the file system as it is: a name becomes a slug of
lowercase letters, digits and hyphens, and only `<slug>.yaml` directly inside the folder
is ever read or written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 60


def slugify(name: str) -> str:
    """'Ana Ruiz (knee)' -> 'ana-ruiz-knee'; '' when nothing usable is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG].strip("-")


class ProgramStore:
    """The clinic's folder of saved programs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, slug: str) -> Path | None:
        """The file of a saved program id, or None when the id is not a slug."""
        if not SLUG.match(slug) or len(slug) > MAX_SLUG:
            return None
        return self.folder / f"{slug}.yaml"

    def names(self) -> list[str]:
        """Ids of the saved programs, sorted."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.yaml") if SLUG.match(p.stem) and p.is_file())

    def save(self, slug: str, data: dict[str, Any]) -> Path:
        """Write a program file whole or not at all; return where it went."""
        import yaml

        from handouts.pdf.write import write_atomic

        path = self.path(slug)
        if path is None:
            raise ValueError(f"not a program id: {slug!r}")
        text = "# A patient's program, saved by `handouts serve`.\n" \
               "# Open it again there, or: handouts handout --program " + path.name + "\n"
        text += yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
        write_atomic(path, text.encode("utf-8"))
        return path
