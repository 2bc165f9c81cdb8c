"""Forward kinematics: turns a pose's angles into outlines, highlight patches and arrows."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

import handouts.layout.figures.body as body
from handouts.layout.figures.model import Arrow, Pose, Target

if TYPE_CHECKING:
    from handouts.context import Bounded

Vec = tuple[float, float]
Poly = tuple[Vec, ...]


def _u(deg: float) -> Vec:
    r = math.radians(deg)
    return (math.cos(r), math.sin(r))


def _add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    return (a[0] + k * b[0], a[1] + k * b[1])


def _ang(v: Vec) -> float:
    return math.degrees(math.atan2(v[1], v[0]))


def _dist(a: Vec, b: Vec) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _wrap(deg: float) -> float:
    return (deg + 180.0) % 360.0 - 180.0


@lru_cache(maxsize=128)  # a few dozen profiles: every segment's stations are a body constant
def _spline(stations: body.Profile, col: int) -> tuple[tuple[float, ...], tuple[float, ...],
                                                      tuple[float, ...]]:
    """The stations' positions, their half-widths in column `col` and the slope at each."""
    ts = tuple(s[0] for s in stations)
    vs = tuple(s[col] for s in stations)

    def slope(k: int) -> float:
        a, b = max(k - 1, 0), min(k + 1, len(ts) - 1)
        return (vs[b] - vs[a]) / (ts[b] - ts[a])

    return ts, vs, tuple(slope(k) for k in range(len(ts)))


def _profile(stations: body.Profile, t: float, col: int) -> float:
    """Smoothly interpolated half-width (col 1 = front, 2 = back) at t (Hermite spline)."""
    t = min(max(t, 0.0), 1.0)
    ts, vs, slope = _spline(stations, col)
    i = min(bisect_right(ts, t), len(ts) - 1) - 1  # the last station at or before t
    h = ts[i + 1] - ts[i]
    s = (t - ts[i]) / h
    h00, h10, h01, h11 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s, -2 * s**3 + 3 * s**2, s**3 - s**2
    return h00 * vs[i] + h10 * h * slope[i] + h01 * vs[i + 1] + h11 * h * slope[i + 1]


@lru_cache(maxsize=256)  # a few dozen profiles, two columns, one or two n
def _profile_row(stations: body.Profile, n: int, col: int) -> tuple[float, ...]:
    """_profile at t = 0, 1/n, ..., 1: the half-widths an outline is drawn through."""
    return tuple(_profile(stations, i / n, col) for i in range(n + 1))


@dataclass(frozen=True)
class Segment:
    """A body segment: a centre line (straight or curved), its side profile and front side."""

    curve: Callable[[float], Vec]
    tangent: Callable[[float], float]  # direction in degrees at t
    profile: body.Profile
    front_turn: float  # +90 when the front is anticlockwise of the direction (limbs), -90 trunk
    widen: Callable[[float], float] = lambda t: 1.0
    # Outlines made, by (n, cap): a segment is outlined for its layer and again for each
    # highlight clipped to it.
    _outlines: dict[tuple[int, int], Poly] = field(default_factory=dict, init=False,
                                                   compare=False, repr=False)

    def normal(self, t: float) -> Vec:
        """Unit vector toward the segment's front at t."""
        return _u(self.tangent(t) + self.front_turn)

    def width(self, t: float, front: bool) -> float:
        """Half-width toward the front (or back) at t."""
        return _profile(self.profile, t, 1 if front else 2) * self.widen(t)

    def at(self, t: float, across: float = 0.0) -> Vec:
        """The point at t along the centre line, moved `across` units toward the front."""
        return _add(self.curve(min(max(t, 0.0), 1.0)), self.normal(t), across)

    def _cap(self, t: float, start: float, cap: int, f: float, b: float, on: Vec,
             normal: Vec) -> list[Vec]:
        """The rounded end at t (0 or 1): half-widths f and b there, `on` and `normal` the
        centre line's point and normal at t."""
        centre, r = _add(on, normal, (f - b) / 2), (f + b) / 2
        d, ft = self.tangent(t), self.front_turn
        return [_add(centre, _u(d + start - 2 * ft * k / cap), r) for k in range(1, cap)]

    def outline(self, n: int = 10, cap: int = 6) -> Poly:
        """Closed outline: front edge, rounded far end, back edge, rounded near end."""
        kept = self._outlines.get((n, cap))
        if kept is not None:
            return kept
        ts = [i / n for i in range(n + 1)]
        ft = self.front_turn
        widen = [self.widen(t) for t in ts]
        front, back = _profile_row(self.profile, n, 1), _profile_row(self.profile, n, 2)
        # self.at(t, across) for both edges, the centre line and the normal found once per t.
        centre = [self.curve(min(max(t, 0.0), 1.0)) for t in ts]
        normal = [self.normal(t) for t in ts]
        pts = [_add(c, d, f * w) for c, d, f, w in zip(centre, normal, front, widen, strict=True)]
        half = [(f * w, b * w) for f, b, w in zip(front, back, widen, strict=True)]  # width(t)
        pts += self._cap(1.0, ft, cap, *half[n], centre[n], normal[n])
        pts += [_add(centre[i], normal[i], -(back[i] * widen[i])) for i in range(n, -1, -1)]
        pts += self._cap(0.0, -ft, cap, *half[0], centre[0], normal[0])
        self._outlines[(n, cap)] = kept = tuple(pts)
        return kept


def _line(p0: Vec, p1: Vec, profile: body.Profile, front_turn: float = 90.0) -> Segment:
    d = _ang((p1[0] - p0[0], p1[1] - p0[1]))
    return Segment(
        lambda t: (p0[0] + t * (p1[0] - p0[0]), p0[1] + t * (p1[1] - p0[1])),
        lambda t: d,
        profile,
        front_turn,
    )


def _ellipse(c: Vec, rx: float, ry: float, deg: float, n: int = 24) -> Poly:
    ca, sa = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    out = []
    for k in range(n):
        a = 2 * math.pi * k / n
        x, y = rx * math.cos(a), ry * math.sin(a)
        out.append((c[0] + x * ca - y * sa, c[1] + x * sa + y * ca))
    return tuple(out)


def _two_link(base: Vec, l1: float, l2: float, delta: float, target: Vec, bend: float) -> Vec:
    """Directions (first link, second link) placing the chain end on target; `bend` is the
    sign of the joint's flexion turn (+1 anticlockwise). `delta` offsets the second link."""
    d = min(max(_dist(base, target), abs(l1 - l2), 1e-3), l1 + l2)
    phi = _ang((target[0] - base[0], target[1] - base[1]))
    a = math.degrees(math.acos(min(max((l1 * l1 + d * d - l2 * l2) / (2 * l1 * d), -1.0), 1.0)))
    end = _add(base, _u(phi), d)
    for first in (phi - a, phi + a):
        joint = _add(base, _u(first), l1)
        second = _ang((end[0] - joint[0], end[1] - joint[1])) - delta
        if bend * _wrap(second - first) >= -1e-6:
            return (first, second)
    return (phi, phi - delta)


@dataclass(frozen=True)
class Layer:
    """One body part's outlines (drawn as a union) and its highlight patches."""

    part: str
    far: bool
    shapes: tuple[Poly, ...]
    patches: tuple[tuple[Poly, Poly], ...]  # (highlight patch, outline it is clipped to)


@dataclass(frozen=True)
class ArrowPath:
    """An arrow as a centre line and a triangular head."""

    line: Poly
    head: Poly


@dataclass(frozen=True)
class Posed:
    """A posed figure in body units, standing on the floor at y = 0, back-to-front layers."""

    layers: tuple[Layer, ...]
    arrows: tuple[ArrowPath, ...]
    marks: tuple[Poly, ...]  # small dark marks (the nose when the face turns to the viewer)
    label: str | None

    def points(self) -> list[Vec]:
        """Every outline and arrow point, for bounding boxes."""
        out = [p for layer in self.layers for s in layer.shapes for p in s]
        return out + [p for a in self.arrows for p in a.line + a.head]

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """The box around points(): x0, y0, x1, y1 (a figure is laid out at several scales)."""
        pts = self.points()
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)


class _Builder:
    """Poses one figure (facing +x) from a Pose."""

    def __init__(self, pose: Pose) -> None:
        self.pose = pose
        self.near: body.Side = "right" if pose.facing == "right" else "left"
        self.points: dict[str, Vec] = {}
        self.segs: dict[str, Segment] = {}

    def angle(self, name: str) -> float:
        return self.pose.angles.get(name, 0.0)

    def trunk(self) -> None:
        lum = 90.0 - self.angle("trunk")
        tho = lum - self.angle("spine")
        p0 = (0.0, 0.0)  # the hip joint is the root
        p1 = _u(lum)
        p1 = (p1[0] * body.LUMBAR, p1[1] * body.LUMBAR)
        p2 = _add(p1, _u(tho), body.THORAX)
        tm = body.LUMBAR / (body.LUMBAR + body.THORAX)
        k = 2 * tm * (1 - tm)
        c = ((p1[0] - tm * tm * p2[0]) / k, (p1[1] - tm * tm * p2[1]) / k)

        def curve(t: float) -> Vec:  # quadratic Bezier from the hip through the waist
            b, e = 2 * t * (1 - t), t * t
            return (b * c[0] + e * p2[0], b * c[1] + e * p2[1])

        def tangent(t: float) -> float:
            return _ang(
                (2 * (1 - t) * c[0] + 2 * t * (p2[0] - c[0]), 2 * (1 - t) * c[1] + 2 * t * (p2[1] - c[1]))
            )

        tw = math.radians(self.angle("twist"))
        seen = min(math.sqrt(math.cos(tw) ** 2 + (1.6 * math.sin(tw)) ** 2), 1.5)

        def widen(t: float) -> float:
            return 1.0 + (seen - 1.0) * min(max((t - 0.3) / 0.35, 0.0), 1.0)

        torso = Segment(curve, tangent, body.PROFILES["torso"], -90.0, widen)
        self.segs["torso"] = torso
        self.lumbar, self.thorax = lum, tho
        ts = (body.LUMBAR + body.SHOULDER_AT) / (body.LUMBAR + body.THORAX)
        self.points |= {"pelvis": p0, "waist": torso.at(tm), "chest": torso.at(0.72), "neck": p2}
        for side in body.SIDES:
            shift = body.SHOULDER_HALF_WIDTH * math.sin(tw) * (-1 if side == "right" else 1)
            self.points[f"{side}_shoulder"] = torso.at(ts, shift - 0.5)
            self.points[f"{side}_hip"] = p0
        neck_dir = tho - self.angle("neck")
        top = _add(p2, _u(neck_dir), body.NECK)
        self.segs["neck"] = _line(p2, top, body.PROFILES["neck"], -90.0)
        head_dir = neck_dir - self.angle("head")
        fx, fy = body.HEAD_CENTRE
        self.head_dir = head_dir
        face = math.cos(math.radians(self.angle("head_turn")))
        self.points["head"] = _add(_add(top, _u(head_dir - 90), fx * face), _u(head_dir), fy)

    def arm(self, side: body.Side, target: Target | None) -> None:
        s = self.points[f"{side}_shoulder"]
        m = -1.0 if target is not None and target.flip else 1.0  # flipped: bends the other way
        wrist = m * self.angle(f"{side}_wrist")
        if target is None:
            ua = self.thorax + 180 + self.angle(f"{side}_shoulder")
            fa = ua + self.angle(f"{side}_elbow")
        else:
            v = _add((body.FOREARM, 0.0), _u(wrist), body.GRIP)
            ua, fa = _two_link(s, body.UPPER_ARM, math.hypot(*v), _ang(v), self.target(target), m)
        e = _add(s, _u(ua), body.UPPER_ARM)
        w = _add(e, _u(fa), body.FOREARM)
        h = _add(w, _u(fa + wrist), body.HAND)
        self.points |= {f"{side}_elbow": e, f"{side}_wrist": w, f"{side}_hand": h}
        self.segs[f"{side}_upper_arm"] = _line(s, e, body.PROFILES["upper_arm"], 90 * m)
        self.segs[f"{side}_forearm"] = _line(e, w, body.PROFILES["forearm"], 90 * m)
        self.segs[f"{side}_hand"] = _line(w, h, body.PROFILES["hand"], 90 * m)

    def leg(self, side: body.Side, target: Target | None) -> None:
        hip = self.points[f"{side}_hip"]
        m = -1.0 if target is not None and target.flip else 1.0  # flipped: bends the other way
        out = math.cos(math.radians(self.angle(f"{side}_hip_out")))
        thigh, shin = body.THIGH * out, body.SHIN * out
        if target is None:
            th = self.lumbar + 180 + self.angle(f"{side}_hip")
            sh = th - self.angle(f"{side}_knee")
        else:
            th, sh = _two_link(hip, thigh, shin, 0.0, self.target(target), -m)
        k = _add(hip, _u(th), thigh)
        a = _add(k, _u(sh), shin)
        fd = sh + m * (90 + self.angle(f"{side}_ankle"))

        def foot(p: Vec) -> Vec:
            return _add(_add(a, _u(fd), p[0]), _u(fd + 90 * m), p[1])

        heel, toe = foot(body.HEEL), foot(body.TOE)
        self.points |= {f"{side}_knee": k, f"{side}_ankle": a, f"{side}_heel": heel}
        self.points[f"{side}_toe"] = toe
        self.segs[f"{side}_thigh"] = _line(hip, k, body.PROFILES["thigh"], 90 * m)
        self.segs[f"{side}_shin"] = _line(k, a, body.PROFILES["shin"], 90 * m)
        self.segs[f"{side}_foot"] = _line(heel, toe, body.PROFILES["foot"], 90 * m)

    def target(self, t: Target) -> Vec:
        if t.at is None and t.to in self.points:
            base = self.points[t.to]
        else:
            base = self.segs[t.to].at(0.5 if t.at is None else t.at)
        return _add(base, (t.offset[0], t.offset[1]))

    def patches(self, part: str) -> list[tuple[Poly, Poly]]:
        """Highlight patches on this part, each with the outline it is clipped to."""
        out: list[tuple[Poly, Poly]] = []
        for hl in self.pose.highlights:
            for shape in body.REGIONS[hl.region]:
                limb = shape.segment in body.LIMB_SEGMENT_NAMES
                name = f"{hl.side}_{shape.segment}" if limb else shape.segment
                if name not in body.PART_SEGMENTS[part]:
                    continue
                seg = self.segs[name]
                if isinstance(shape, body.Blob):
                    c = seg.at(shape.t, shape.across)
                    out.append((_ellipse(c, shape.rx, shape.ry, seg.tangent(shape.t)), seg.outline()))
                    continue
                n = 16
                us = [i / n for i in range(n + 1)]
                ts = [shape.t0 + u * (shape.t1 - shape.t0) for u in us]
                sg = 1.0 if shape.front else -1.0
                ws = [sg * seg.width(t, shape.front) for t in ts]
                outer = [seg.at(t, w) for t, w in zip(ts, ws, strict=True)]
                sink = [1 - shape.depth * math.sin(math.pi * u) ** 0.5 for u in us]
                inner = [seg.at(t, w * f) for t, w, f in zip(ts, ws, sink, strict=True)]
                out.append((tuple(outer + inner[::-1]), seg.outline()))
        return out

    def arrow(self, a: Arrow) -> ArrowPath:
        start = _add(self.points[a.at], (a.offset[0], a.offset[1]))
        n = 24
        if a.kind == "move":
            length, bend = a.length or 14.0, a.bend or 0.0
            pts, heading, step = [start], a.angle, length / n
            for _ in range(n):
                pts.append(_add(pts[-1], _u(heading + bend / n / 2), step))
                heading += bend / n
        else:
            r, squash, sweep = a.radius or 12.0, a.squash or 0.35, a.sweep or 270.0
            angs = [a.angle + sweep * k / n for k in range(n + 1)]
            pts = [_add(start, (r * _u(g)[0], r * squash * _u(g)[1])) for g in angs]
        tip = pts[-1]
        d = _ang((tip[0] - pts[-3][0], tip[1] - pts[-3][1]))
        size = 5.0
        back = _add(tip, _u(d), -size)
        head = (tip, _add(back, _u(d + 90), size * 0.55), _add(back, _u(d - 90), size * 0.55))
        line = tuple(p for p in pts if _dist(p, tip) > size * 0.7) + (_add(tip, _u(d), -size * 0.7),)
        return ArrowPath(line, head)

    def build(self) -> Posed:
        self.trunk()
        reach = self.pose.reach
        for name in (f"{s}_{e}" for e in ("foot", "hand") for s in body.SIDES):
            if name not in reach:
                (self.arm if name.endswith("hand") else self.leg)(name.split("_")[0], None)  # type: ignore[arg-type]
        for name in self.pose.reach_order():
            (self.arm if name.endswith("hand") else self.leg)(name.split("_")[0], reach[name])  # type: ignore[arg-type]
        head = body.HEAD_RX, body.HEAD_RY
        turn = self.angle("head_turn")
        toward = math.sin(math.radians(turn)) * (1 if self.near == "right" else -1)
        marks: list[Poly] = []
        head_shapes = [_ellipse(self.points["head"], *head, self.head_dir - 90)]
        hx = math.cos(math.radians(turn))
        nose_at = _add(self.points["head"], _u(self.head_dir - 90), body.HEAD_RX * hx)
        nose_at = _add(nose_at, _u(self.head_dir), -1.0)
        if abs(hx) > 0.85:
            head_shapes.append(_ellipse(nose_at, 1.3, 1.1, self.head_dir - 90, 12))
        elif toward > 0:
            marks.append(_ellipse(nose_at, 1.0, 1.4, self.head_dir - 90, 12))
        order = self.pose.order or list(body.default_order(self.near))
        layers = []
        for part in order:
            shapes = [self.segs[s].outline() for s in body.PART_SEGMENTS[part] if s != "head"]
            if part == "trunk":
                shapes += head_shapes
            far = part != "trunk" and not part.startswith(self.near)
            layers.append(Layer(part, far, tuple(shapes), tuple(self.patches(part))))
        arrows = tuple(self.arrow(a) for a in self.pose.arrows)
        posed = Posed(tuple(layers), arrows, tuple(marks), self.pose.label)
        return _place(posed, self.pose)


def _place(posed: Posed, pose: Pose) -> Posed:
    """Mirror a left-facing figure and stand it on the floor (or lift it to hip_height)."""
    sx = 1.0 if pose.facing == "right" else -1.0
    body_pts = [p for ly in posed.layers for s in ly.shapes for p in s]
    lift = pose.hip_height if pose.hip_height is not None else -min(p[1] for p in body_pts)

    def m(poly: Poly) -> Poly:
        return tuple((sx * x, y + lift) for x, y in poly)

    layers = tuple(
        Layer(ly.part, ly.far, tuple(map(m, ly.shapes)), tuple((m(p), m(c)) for p, c in ly.patches))
        for ly in posed.layers
    )
    arrows = tuple(ArrowPath(m(a.line), m(a.head)) for a in posed.arrows)
    return Posed(layers, arrows, tuple(map(m, posed.marks)), posed.label)


def pose_figure(pose: Pose, kept: Bounded[str, Any] | None = None) -> Posed:
    """Pose one figure: outlines in body units (100 = standing height), floor at y = 0.

    A pose does not depend on the size it is drawn at: with `kept` (a context's
    caches.poses) each is posed once and kept by its content (an edited pose is posed
    again)."""
    if kept is None:
        return _Builder(pose).build()
    posed: Posed = kept.get(pose.model_dump_json(), lambda: _Builder(pose).build())
    return posed
