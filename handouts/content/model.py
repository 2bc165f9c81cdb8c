"""The validated, immutable content model: what one YAML entry of each kind may hold."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from handouts.content.amounts import (
    Hold,
    PerDay,
    PerWeek,
    Reps,
    RestSeconds,
    Sets,
    hold_from_seconds,
)
from handouts.content.marks import bad_marks, has_marks

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
TextList = Annotated[list[Text], Field(min_length=1)]


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, nothing changes after load.

    A model's validator is built the first time it validates (defer_build), not as the
    module is imported: a library kept on disk (stored.py) is never validated again, so a
    fresh process builds only what it checks (about 50 ms less for a handout)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


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
    """How much of a stretch to do, in the field's terms (see handouts.content.amounts).

    A hold (seconds, minutes or breaths) repeated `reps` times makes a set; a stretch without
    a hold repeats a movement `reps` times a set. Any count may be a range such as "2-3".
    `text` is a clinician's own line, printed instead of the built one as a last resort.
    """

    hold: Hold | None = None
    reps: Reps | None = None
    sets: Sets = (1, 1)
    rest_seconds: RestSeconds | None = None
    times_per_day: PerDay = (1, 1)
    days_per_week: PerWeek = (7, 7)
    text: Annotated[Text, Field(max_length=200)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data: Any) -> Any:
        return hold_from_seconds(data)

    @model_validator(mode="after")
    def _whole(self) -> Dose:
        if self.hold is None and self.reps is None:
            raise ValueError("give a hold, a number of repetitions, or both")
        if self.rest_seconds is not None and self.sets[1] < 2:
            raise ValueError("rest between sets needs 2 or more sets")
        return self


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
    figure_side: Literal["left", "right"] = "right"  # the side the figure shows, and done first
    dose: Dose
    stop_if: Annotated[Text, Field(max_length=200)] | None = None  # this stretch's own stop line
    equipment: list[Annotated[Text, Field(max_length=60)]] = []
    tags: list[Id] = []
    figure: Id | None = None
    image: ImageRef | None = None
    alt: Text | None = None  # the picture in words, for screen readers (the position it shows)
    video_url: Annotated[str, StringConstraints(max_length=300)] | None = None

    @model_validator(mode="after")
    def _side_marks(self) -> Stretch:
        named = [("position", self.position), ("stop_if", self.stop_if or ""), ("alt", self.alt or "")]
        named += [(f"{f}.{i}", t) for f in ("steps", "tips", "avoid")
                  for i, t in enumerate(getattr(self, f))]
        for where, text in named:
            bad = bad_marks(text)
            if bad:
                raise ValueError(f"{where}: unknown mark {bad[0]} (use {{side}} or {{other}})")
            if not self.sides and has_marks(text):
                raise ValueError(f"{where}: side marks in a stretch without sides "
                                 "(set sides: true)")
        return self

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


class Education(Strict):
    """The education pages of one body region: their title, what the muscle list says, which
    library sections fill the named parts ("connection", "when", "habit", "takeaways"), and
    which questions people ask."""

    title: Text
    muscles_intro: Text | None = None
    muscles: list[Id] = []  # the muscles explained, in order; those of its stretches when empty
    sections: dict[Annotated[str, StringConstraints(pattern=r"^[a-z]+$")], Id] = {}
    faqs: list[Id] = []


class Routine(Strict):
    """A named, ordered set of stretches, and the wording of its body region.

    A routine owns what is said about its region: the safety box's general items (`safety`,
    precaution ids; tied precautions of its stretches are added), the tracker's stop line
    (`stop_if`, completing "Stop and call ... if ..."), and the education pages. One routine
    may be marked `default`; without one the first routine of the library is the default.
    """

    id: Id
    name: Text
    description: Text
    stretches: Annotated[list[Id], Field(min_length=1)]
    default: bool = False
    intro: Text | None = None  # the handout's opening line; the template's when absent
    safety: list[Id] = []
    stop_if: Text | None = None
    education: Education | None = None
