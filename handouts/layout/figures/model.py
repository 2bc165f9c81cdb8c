"""The YAML model of an exercise figure: one or two poses given as joint angles, pure data."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

import handouts.layout.figures.body as body
from handouts.content.model import Id, Strict, Text

Pair = Annotated[list[float], Field(min_length=2, max_length=2)]


def _known(kind: str, name: str, known: tuple[str, ...] | list[str]) -> str:
    if name not in known:
        raise ValueError(f"unknown {kind} {name!r}; known {kind}s: {', '.join(sorted(known))}")
    return name


def _owner(name: str) -> str:
    """The body part whose pose moves a named point or segment ("trunk" for fixed ones)."""
    for side in body.SIDES:
        if name.startswith(side + "_"):
            rest = name[len(side) + 1 :]
            if rest in ("shoulder", "hip"):
                return "trunk"
            arm = rest in ("elbow", "wrist", "hand", "upper_arm", "forearm")
            return f"{side}_{'arm' if arm else 'leg'}"
    return "trunk"


class Target(Strict):
    """Where a hand or foot goes: a named point, or a point along a named segment."""

    to: str
    at: Annotated[float, Field(ge=0, le=1)] | None = None
    offset: Pair = [0.0, 0.0]
    flip: bool = False  # bend the elbow or knee the other way (a turned-out leg from the side)

    @model_validator(mode="after")
    def _check(self) -> Target:
        if self.to in body.SEGMENTS:
            return self
        _known("point or segment", self.to, list(body.POINTS + body.SEGMENTS))
        if self.at is not None:
            raise ValueError(f"'at' only goes with a segment, and {self.to!r} is a point")
        return self


class Highlight(Strict):
    """A muscle region to shade in the highlight colour."""

    region: str
    side: body.Side | None = None

    @model_validator(mode="after")
    def _check(self) -> Highlight:
        _known("region", self.region, list(body.REGIONS))
        if self.side is None and body.region_needs_side(self.region):
            raise ValueError(f"region {self.region!r} is on a limb: give side: left or right")
        return self


class Arrow(Strict):
    """A movement arrow: `move` runs from a point (bent by `bend`), `turn` circles a point."""

    kind: Literal["move", "turn"] = "move"
    at: str
    offset: Pair = [0.0, 0.0]
    angle: float = 0.0  # move: start direction, 0 = the way the figure faces, 90 = up
    length: Annotated[float, Field(gt=0, le=80)] | None = None  # move; default 14
    bend: Annotated[float, Field(ge=-270, le=270)] | None = None  # move: degrees turned, + = anticlockwise
    radius: Annotated[float, Field(gt=0, le=40)] | None = None  # turn: half-width of the oval; 12
    squash: Annotated[float, Field(gt=0, le=1)] | None = None  # turn: height / width; 0.35
    sweep: Annotated[float, Field(ge=-340, le=340)] | None = None  # turn: degrees, + anticlockwise; 270

    @model_validator(mode="after")
    def _check(self) -> Arrow:
        _known("point", self.at, body.POINTS)
        own = {"move": ("length", "bend"), "turn": ("radius", "squash", "sweep")}
        other = "turn" if self.kind == "move" else "move"
        stray = [f for f in own[other] if getattr(self, f) is not None]
        if stray:
            raise ValueError(f"a {self.kind} arrow does not take {', '.join(stray)}")
        return self


class Pose(Strict):
    """One posed figure: joint angles (missing = standing neutral), reaches, shading, arrows."""

    label: Text | None = None
    facing: Literal["right", "left"] = "right"  # facing right shows the right side nearest
    hip_height: Annotated[float, Field(ge=0, le=120)] | None = None  # None = rest on floor
    angles: dict[str, float] = {}
    reach: dict[str, Target] = {}
    order: list[body.Part] | None = None  # back-to-front; default far arm, far leg, trunk, ...
    highlights: list[Highlight] = []
    arrows: list[Arrow] = []

    @field_validator("angles")
    @classmethod
    def _angles(cls, v: dict[str, float]) -> dict[str, float]:
        for name, deg in v.items():
            r = body.JOINTS.get(name)
            if r is None:
                _known("joint", name, list(body.JOINTS))
            elif not r.low <= deg <= r.high:
                raise ValueError(f"{name} = {deg:g} is outside {r.low:g}..{r.high:g} ({r.meaning})")
        return v

    @field_validator("order")
    @classmethod
    def _order(cls, v: list[body.Part] | None) -> list[body.Part] | None:
        if v is not None and sorted(v) != sorted(body.PARTS):
            raise ValueError(f"order must list each of {', '.join(body.PARTS)} exactly once")
        return v

    @model_validator(mode="after")
    def _reach(self) -> Pose:
        for limb, target in self.reach.items():
            _known("reaching hand or foot", limb, list(body.REACHERS))
            clash = [j for j in body.REACHERS[limb] if j in self.angles]
            if clash:
                raise ValueError(f"{limb} reaches a target, so drop angles {', '.join(clash)}")
            if _owner(target.to) == _owner(limb):
                raise ValueError(f"{limb} cannot reach a point on its own limb ({target.to})")
        placed = {"trunk"} | {_owner(p) for p in body.POINTS} - {_owner(r) for r in self.reach}
        waiting = dict(self.reach)
        while waiting:
            ready = [r for r, t in waiting.items() if _owner(t.to) in placed]
            if not ready:
                raise ValueError(f"reach targets depend on each other: {', '.join(waiting)}")
            for r in ready:
                placed.add(_owner(r))
                del waiting[r]
        return self

    def reach_order(self) -> list[str]:
        """Reaching limbs in an order where each target is placed before it is reached."""
        placed = {"trunk"} | {_owner(p) for p in body.POINTS} - {_owner(r) for r in self.reach}
        out: list[str] = []
        while len(out) < len(self.reach):
            for r, t in sorted(self.reach.items()):
                if r not in out and _owner(t.to) in placed:
                    out.append(r)
                    placed.add(_owner(r))
        return out


class FigureSpec(Strict):
    """An exercise illustration: one pose, or two side by side (a movement between positions)."""

    id: Id
    poses: Annotated[list[Pose], Field(min_length=1, max_length=2)]
    floor: Literal["mat", "line", "none"] = "mat"


class FigureFile(Strict):
    """The figures file: `figures:` holding a list of figure specs."""

    figures: list[FigureSpec]

    @field_validator("figures")
    @classmethod
    def _unique(cls, v: list[FigureSpec]) -> list[FigureSpec]:
        ids = [f.id for f in v]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise ValueError(f"duplicate figure ids: {', '.join(dups)}")
        return v
