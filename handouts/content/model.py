"""The validated, immutable content model: what one YAML entry of each kind may hold."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
TextList = Annotated[list[Text], Field(min_length=1)]


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, nothing changes after load."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Meta(Strict):
    """What the library is and where its facts come from (printed in footers)."""

    name: Text
    version: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    source: Text


class Muscle(Strict):
    """A muscle group: what it does and what goes wrong when it is tight."""

    id: Id
    name: Text
    plain_name: Text
    parts: list[Text] = []
    where: Text
    does: Text
    when_tight: Text


class Dose(Strict):
    """How much of a stretch to do: a hold or repetitions, how many sets, how often."""

    hold_seconds: Annotated[int, Field(ge=5, le=120)] | None = None
    reps: Annotated[int, Field(ge=1, le=30)] | None = None
    sets: Annotated[int, Field(ge=1, le=10)]
    times_per_day: Annotated[int, Field(ge=1, le=6)] = 1
    days_per_week: Annotated[int, Field(ge=1, le=7)] = 7


class ImageRef(Strict):
    """A picture file a clinic supplies instead of a drawn figure, with its credit line."""

    path: Text
    author: Text | None = None
    source: Text | None = None
    licence: Text | None = None


class Stretch(Strict):
    """One exercise: how to get into it, the steps, and the default dose."""

    id: Id
    name: Text
    also_called: Text | None = None
    kind: Literal["static", "dynamic"]
    targets: Annotated[list[Id], Field(min_length=1)]
    secondary: list[Id] = []
    also_helps: list[Text] = []
    position: Text
    steps: TextList
    tips: list[Text] = []
    avoid: TextList
    sides: bool
    dose: Dose
    tags: list[Id] = []
    figure: Id | None = None
    image: ImageRef | None = None
    alt: Text | None = None  # the picture in words, for screen readers (the position it shows)
    video_url: Annotated[str, StringConstraints(max_length=300)] | None = None

    @field_validator("video_url")
    @classmethod
    def _http_only(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", v):
            raise ValueError("must be an http:// or https:// address")
        return v


class Precaution(Strict):
    """A safety rule; general when it names no stretches, else tied to those stretches."""

    id: Id
    level: Literal["stop", "ask", "advice"]
    title: Text
    text: Text
    short: Text | None = None  # one line for the one-page handout; `text` is used when absent
    stretches: list[Id] = []


class Principle(Strict):
    """One of the general rules for stretching well."""

    id: Id
    title: Text
    text: Text


class Section(Strict):
    """A piece of education text: a title, paragraphs and optional bullet points."""

    id: Id
    title: Text
    paragraphs: list[Text] = []
    bullets: list[Text] = []


class Faq(Strict):
    """A question patients ask, with its answer."""

    id: Id
    question: Text
    answer: Text


class Routine(Strict):
    """A named, ordered set of stretches."""

    id: Id
    name: Text
    description: Text
    stretches: Annotated[list[Id], Field(min_length=1)]
