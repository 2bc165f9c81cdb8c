"""The figure's body plan in one place: segment sizes, joints, muscle regions, drawing order."""

from __future__ import annotations

from typing import Literal, NamedTuple

# Units: a standing figure is 100 units tall (head about 1/7.5 of that). The figure faces +x
# (forward) with +y up; its near side is the side that faces the viewer.

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")

# Trunk: the hip joint is the root; the spine runs hip -> waist -> neck base.
LUMBAR = 14.0  # hip joint to waist
THORAX = 19.0  # waist to base of the neck
SHOULDER_AT = 16.0  # shoulder joint, measured up the thorax from the waist
SHOULDER_HALF_WIDTH = 10.0  # half the distance between the shoulder joints (for twists)
NECK = 5.0
HEAD_RX, HEAD_RY = 5.4, 6.6  # head ellipse radii: front-back, crown-chin
HEAD_CENTRE = (1.0, 3.8)  # head centre from the top of the neck (forward, up)

UPPER_ARM, FOREARM, HAND = 18.0, 15.0, 8.6  # HAND: wrist to the middle of the fingertips' cap
GRIP = 4.5  # palm centre, measured from the wrist
THIGH, SHIN = 24.0, 24.0
HEEL = (-1.6, -2.1)  # foot centre-line start and end, from the ankle (forward, up)
TOE = (10.4, -2.9)

# Side outlines: (t along the segment 0..1, front half-width, back half-width). Ends are round.
Profile = tuple[tuple[float, float, float], ...]
PROFILES: dict[str, Profile] = {
    "torso": (
        (0.0, 6.0, 7.4),
        (0.2, 6.6, 7.0),
        (0.37, 6.0, 5.6),
        (0.52, 6.4, 5.9),
        (0.72, 7.8, 6.5),
        (0.88, 6.9, 6.2),
        (1.0, 3.8, 4.0),
    ),
    "neck": ((0.0, 2.6, 2.7), (1.0, 2.3, 2.4)),
    "upper_arm": ((0.0, 3.3, 3.3), (0.45, 2.7, 2.8), (1.0, 2.2, 2.2)),
    "forearm": ((0.0, 2.2, 2.3), (0.3, 2.4, 2.5), (1.0, 1.5, 1.5)),
    "hand": ((0.0, 1.5, 1.5), (0.45, 2.0, 1.9), (1.0, 1.3, 1.3)),
    "thigh": ((0.0, 5.6, 5.8), (0.35, 5.0, 5.3), (0.78, 3.8, 3.9), (1.0, 3.2, 3.2)),
    "shin": ((0.0, 3.0, 3.2), (0.28, 2.6, 3.9), (0.7, 2.0, 2.3), (1.0, 1.8, 1.8)),
    "foot": ((0.0, 2.1, 2.0), (0.22, 3.0, 1.9), (0.6, 2.0, 1.6), (1.0, 1.3, 1.1)),
}


class Range(NamedTuple):
    """The allowed range of one angle, in degrees."""

    low: float
    high: float
    meaning: str


# Angles in degrees. Positive = flexion (limb or head moves toward the front of the body),
# except where the meaning says otherwise.
TRUNK_JOINTS: dict[str, Range] = {
    "trunk": Range(-180, 180, "lean of the lower trunk from upright; + forward, -90 = on the back"),
    "spine": Range(-70, 90, "bend of the upper trunk on the lower; + rounds forward, - arches"),
    "twist": Range(-90, 90, "turn of the upper trunk; + toward the figure's right"),
    "neck": Range(-90, 90, "neck bend; + chin toward chest"),
    "head": Range(-45, 45, "head nod on the neck; + chin down"),
    "head_turn": Range(-180, 180, "head turn; + looks toward the figure's right, 180 = behind"),
}
LIMB_JOINTS: dict[str, Range] = {
    "shoulder": Range(-90, 200, "arm forward and up; 180 = straight overhead, - = behind"),
    "elbow": Range(0, 160, "elbow bend"),
    "wrist": Range(-90, 90, "wrist; + turns the hand the way the elbow bends"),
    "hip": Range(-45, 160, "thigh forward and up; 90 = thigh at right angles to the trunk"),
    "hip_out": Range(0, 80, "leg turned out to the side (thigh and shin look shorter)"),
    "knee": Range(0, 165, "knee bend"),
    "ankle": Range(-90, 45, "ankle; + toes up, - toes pointed (-90 = foot in line with shin)"),
}
JOINTS: dict[str, Range] = TRUNK_JOINTS | {
    f"{side}_{name}": r for side in SIDES for name, r in LIMB_JOINTS.items()
}

# Limbs that may reach a target instead of being posed by angle, and the joints they then set.
REACHERS: dict[str, tuple[str, str]] = {
    f"{side}_{end}": (f"{side}_{a}", f"{side}_{b}")
    for side in SIDES
    for end, (a, b) in {"hand": ("shoulder", "elbow"), "foot": ("hip", "knee")}.items()
}

# Named points (usable as arrow anchors and reach targets) and segments (targets with `at`).
TRUNK_POINTS = ("pelvis", "waist", "chest", "neck", "head")
LIMB_POINTS = ("shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "heel", "toe")
POINTS = TRUNK_POINTS + tuple(f"{s}_{p}" for s in SIDES for p in LIMB_POINTS)
LIMB_SEGMENTS = ("upper_arm", "forearm", "hand", "thigh", "shin", "foot")
SEGMENTS = ("torso", "neck") + tuple(f"{s}_{g}" for s in SIDES for g in LIMB_SEGMENTS)

# Drawing groups, back to front by default: far arm, far leg, trunk (with head), near leg, near arm.
Part = Literal["trunk", "left_arm", "right_arm", "left_leg", "right_leg"]
PARTS: tuple[Part, ...] = ("trunk", "left_arm", "right_arm", "left_leg", "right_leg")
PART_SEGMENTS: dict[str, tuple[str, ...]] = {
    "trunk": ("torso", "neck", "head"),
    **{f"{s}_arm": (f"{s}_upper_arm", f"{s}_forearm", f"{s}_hand") for s in SIDES},
    **{f"{s}_leg": (f"{s}_thigh", f"{s}_shin", f"{s}_foot") for s in SIDES},
}


def default_order(near: Side) -> tuple[Part, ...]:
    """Back-to-front drawing order of the body parts when `near` faces the viewer."""
    far: Side = "left" if near == "right" else "right"
    order = (f"{far}_arm", f"{far}_leg", "trunk", f"{near}_leg", f"{near}_arm")
    return tuple(p for o in order for p in PARTS if p == o)


class Lens(NamedTuple):
    """A muscle-shaped patch hugging one side of a segment between t0 and t1."""

    segment: str  # "torso", or a limb segment without side ("thigh")
    front: bool  # True = front surface, False = back surface
    t0: float
    t1: float
    depth: float = 0.65  # share of the half-width the patch reaches inward


class Blob(NamedTuple):
    """An oval patch placed in a segment's frame (along its length, across it)."""

    segment: str
    t: float
    across: float  # + toward the front, units
    rx: float  # along the segment
    ry: float  # across it


# Highlightable regions. Limb regions need a side; trunk regions take an optional one.
REGIONS: dict[str, tuple[Lens | Blob, ...]] = {
    "hip-flexors": (Lens("torso", True, -0.02, 0.3, 0.65), Lens("thigh", True, 0.0, 0.6, 0.7)),
    "quadriceps": (Lens("thigh", True, 0.05, 0.92, 0.7),),
    "hamstrings": (Lens("thigh", False, 0.08, 0.92, 0.7),),
    "glutes": (Blob("torso", 0.05, -3.6, 6.0, 4.2), Lens("thigh", False, 0.0, 0.3, 0.7)),
    "calf": (Lens("shin", False, 0.05, 0.75, 0.7),),
    "low-back": (Lens("torso", False, 0.08, 0.6, 0.65),),
    "back": (Lens("torso", False, 0.08, 0.92, 0.6),),
    "upper-back": (Lens("torso", False, 0.55, 0.92),),
    "trunk-side": (Blob("torso", 0.42, 0.0, 7.0, 3.6),),
    "chest": (Lens("torso", True, 0.6, 0.92),),
}
LIMB_SEGMENT_NAMES = frozenset(LIMB_SEGMENTS)


def region_needs_side(region: str) -> bool:
    """True when a region lies on a limb, so a highlight must say which side."""
    return any(part.segment in LIMB_SEGMENT_NAMES for part in REGIONS[region])
