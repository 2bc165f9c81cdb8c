"""The packet spec file: which parts go in a packet, in order, validated with file:line errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from handouts.content.messages import plain
from handouts.content.model import Id, Strict, Text
from handouts.content.source import Loc, Source
from handouts.errors import ContentError, Problem

SectionName = Literal[
    "connection", "muscles", "principles", "when", "habit", "precautions", "takeaways", "faq"
]
PART_KINDS = ("cover", "education", "handout", "tracker", "pdf")


class PacketInfo(Strict):
    """What the packet is and whom it is for (the command line may give patient and date)."""

    title: Text
    subject: Text | None = None
    patient: Text | None = None
    clinician: Text | None = None
    date: dt.date | None = None


class CoverPart(Strict):
    """A one-page cover: title, patient, clinic, date and the table of contents."""

    title: Text | None = None  # the bookmark's name


class EducationPart(Strict):
    """The explanatory pages; all sections in the default order when none are listed."""

    sections: list[SectionName] = []
    title: Text | None = None


class HandoutPart(Strict):
    """A one-page handout: a routine, or stretches by id, narrowed by muscles and tags."""

    routine: Id | None = None
    stretches: list[Id] = []
    muscles: list[Id] = []
    tags: list[Id] = []
    title: Text | None = None

    @field_validator("stretches", "muscles", "tags")
    @classmethod
    def _not_empty(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        # Only a list given is checked: a key left out means no narrowing (the routine). An
        # empty one is a list begun and not finished, and printed the whole default routine.
        if not ids:
            raise ValueError(f"the list is empty: name at least one, or leave '{info.field_name}' "
                             "out")
        return ids


class TrackerPart(HandoutPart):
    """A fillable tracking sheet, one landscape page per week."""

    weeks: Annotated[int, Field(ge=1, le=12)] = 4
    start: dt.date | None = None


class PdfPart(Strict):
    """A PDF made elsewhere (an intake form), its path relative to the spec file."""

    path: Text
    title: Text


class Part(Strict):
    """One entry of `parts`: exactly one kind of part."""

    cover: CoverPart | None = None
    education: EducationPart | None = None
    handout: HandoutPart | None = None
    tracker: TrackerPart | None = None
    pdf: PdfPart | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Part:
        if sum(getattr(self, k) is not None for k in PART_KINDS) != 1:
            raise ValueError(f"each part is exactly one of: {', '.join(PART_KINDS)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in PART_KINDS if getattr(self, k) is not None)

    @property
    def body(self) -> CoverPart | EducationPart | HandoutPart | TrackerPart | PdfPart:
        value = getattr(self, self.kind)
        assert value is not None
        return value  # type: ignore[no-any-return]


class PacketFile(Strict):
    """The whole spec file."""

    packet: PacketInfo
    parts: Annotated[list[Part], Field(min_length=1)]


@dataclass(frozen=True)
class PacketSpec:
    """A validated spec, with where it came from (to resolve PDF paths and report lines)."""

    path: Path
    packet: PacketInfo
    parts: tuple[Part, ...]
    source: Source

    def where(self, *loc: str | int) -> tuple[str, int]:
        return str(self.path), self.source.line_of(loc)

    def pdf_path(self, part: PdfPart) -> Path:
        raw = Path(part.path).expanduser()
        return raw if raw.is_absolute() else self.path.parent / raw


def _normalise(data: Any) -> Any:
    """Let `- cover` and `- cover:` (no settings) stand for `- cover: {}`."""
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
        return data
    parts = []
    for item in data["parts"]:
        if isinstance(item, str) and item in PART_KINDS:
            item = {item: {}}
        elif isinstance(item, dict):
            item = {k: ({} if v is None and k in PART_KINDS else v) for k, v in item.items()}
        parts.append(item)
    return {**data, "parts": parts}


def _problems(path: Path, source: Source, err: ValidationError) -> list[Problem]:
    out = []
    for e in err.errors():
        loc: Loc = tuple(e["loc"])
        msg = plain(e, PacketFile)
        if e["type"] == "extra_forbidden" and len(loc) == 3 and loc[0] == "parts":
            msg = f"unknown part '{loc[-1]}' (a part is one of: {', '.join(PART_KINDS)})"
        out.append(Problem(str(path), source.line_of(loc), ".".join(str(p) for p in loc), msg))
    return out


def _extra_covers(path: Path, source: Source, data: Any) -> list[Problem]:
    parts = data.get("parts") if isinstance(data, dict) else None
    if not isinstance(parts, list):
        return []
    covers = [i for i, p in enumerate(parts) if isinstance(p, dict) and "cover" in p]
    return [Problem(str(path), source.line_of(("parts", i)), f"parts.{i}",
                    "only one cover per packet") for i in covers[1:]]


def load_packet_spec(path: Path) -> PacketSpec:
    """Read and validate a packet spec; raise ContentError listing every problem with its line.
    A spec read without problems is kept on disk, named by its bytes (stored.py)."""
    from handouts.content.stored import kept

    def load() -> PacketSpec:
        from handouts.content.yamlsrc import read_yaml_file

        return _spec(path, read_yaml_file(path, "packet spec"))

    return kept([path], ("packet spec",), load, PacketSpec)


def packet_spec_from_mapping(data: dict[str, Any], source: str, folder: Path) -> PacketSpec:
    """Check a spec already parsed; `pdf` parts resolve against `folder`, problems name `source`."""
    return _spec(folder / source, Source(folder / source, data))


def _spec(path: Path, source: Source) -> PacketSpec:
    data = _normalise(source.data)
    problems = _extra_covers(path, source, data)
    try:
        # Lax mode so a quoted date ("2026-03-02") is read as a date.
        spec = PacketFile.model_validate(data, strict=False)
    except ValidationError as e:
        problems += _problems(path, source, e)
    if problems:
        raise ContentError(problems)
    return PacketSpec(path, spec.packet, tuple(spec.parts), source)
