"""Where a stretch's picture file is: inside its own content folder, never outside it."""

from __future__ import annotations

from pathlib import Path

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg"}


def resolve_image(folder: Path, raw: str) -> Path:
    """The picture's path inside `folder`; ValueError saying why when it is not acceptable."""
    rel = Path(raw)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError("image path must stay inside the content folder (no '..', not absolute)")
    base = folder.resolve()
    path = (base / rel).resolve()
    if not path.is_relative_to(base):
        raise ValueError("image path leads outside the content folder")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError("image must be a PNG, JPEG or SVG file")
    if not path.is_file():
        raise ValueError(f"image not found: {raw}")
    return path
