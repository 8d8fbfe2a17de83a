"""The figure's body: joint angles in, points in the picture's plane out (pure arithmetic).

A pose is a few joint angles in degrees, in the plane of the view:
- side view, the figure facing right: `trunk` leans forward from upright (90: lying or on all
  fours), `neck` leans the neck forward from the trunk's line and `head` nods the head on it
  (the chin slides forward, level: neck 25, head -25); their sum below zero tips the head
  back, which no exercise of the complex does. `shoulder_*` lift the arm forward from
  hanging along the trunk (180: overhead, below zero: behind), `elbow_*` and `knee_*` bend
  (0: straight), `hip_*` lift the thigh forward from the trunk's line (90: sitting), `ankle_*`
  lift the toes (below zero: point them). `shrug_*` raises a shoulder (the collarbone turning
  up about the breastbone), `protract_*` brings it forward (below zero: back, the shoulder
  blades drawn together): a shoulder circle is the two in turn.
- front view, the figure facing us (its left on the picture's right): `trunk` and `neck` lean
  to the picture's right, `head_turn` turns the face to the picture's right, `shoulder_*` and
  `hip_*` lift the limb sideways away from the body (below zero: across it), `elbow_*` bend
  the forearm within the picture, turning the same way as a raised arm (toward the head;
  below zero the other way: toward the midline for a hanging arm), `knee_*` bend the shin
  toward the midline, `head` nods the head forward (the chin toward the chest: the face
  drops; below zero it would tip back), `shrug_*` raises a shoulder.

The `_l` limbs are the figure's left. In the side view the left limbs are the near ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class View(StrEnum):
    """Where we look from."""

    SIDE = "side"
    FRONT = "front"


JOINTS = (
    "trunk",
    "neck",
    "head",
    "head_turn",
    "shoulder_l",
    "shoulder_r",
    "elbow_l",
    "elbow_r",
    "wrist_l",
    "wrist_r",
    "hip_l",
    "hip_r",
    "knee_l",
    "knee_r",
    "ankle_l",
    "ankle_r",
    "shrug_l",
    "shrug_r",
    "protract_l",
    "protract_r",
)

# The human range each angle may take in a pose, in degrees (both views).
RANGES: Mapping[str, tuple[float, float]] = {
    "trunk": (-45.0, 100.0),
    "neck": (-60.0, 60.0),
    "head": (-40.0, 40.0),
    "head_turn": (-80.0, 80.0),
    "shoulder": (-130.0, 180.0),
    "elbow": (-160.0, 160.0),  # below zero only in the front view (see the module's doc)
    "wrist": (-80.0, 80.0),
    "hip": (-40.0, 150.0),
    "knee": (0.0, 160.0),
    "ankle": (-50.0, 40.0),
    "shrug": (-10.0, 40.0),
    "protract": (-30.0, 30.0),
}


def joint_range(joint: str) -> tuple[float, float]:
    """The allowed range of a joint's angle."""
    return RANGES[joint.removesuffix("_l").removesuffix("_r")]


# Segment lengths in body units (about centimetres of a 170 cm person).
TRUNK = 52.0
NECK = 9.0
HEAD = 11.0  # radius
UPPER_ARM = 29.0
FOREARM = 25.0
HAND = 9.0
THIGH = 43.0
SHANK = 42.0
FOOT = 22.0
HEEL = 5.0
SHOULDER_HALF = 18.0  # front view: centre of the chest to a shoulder
HIP_HALF = 10.0
CLAVICLE = 14.0  # how far a shrug or a protraction carries the shoulder, at 90°

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Limb:
    """The points of one arm or leg, from its root to its end."""

    root: Point
    middle: Point  # elbow or knee
    end: Point  # wrist or ankle
    tip: Point  # the hand's end, or the toes
    heel: Point | None = None  # legs only


@dataclass(frozen=True, slots=True)
class Body:
    """A figure in the picture's plane (y up, units of the segment lengths)."""

    view: View
    pelvis: Point
    chest: Point  # the middle of the shoulder line
    head: Point  # the head's centre
    face: float  # side: the nose's direction (degrees from straight down); front: head turn
    arms: dict[str, Limb]  # "l", "r"
    legs: dict[str, Limb]
    seated: bool = False  # on a chair, seen from the front: the thighs point at us
    nod: float = 0.0  # front view: the head nodded forward (degrees), the face lower

    def points(self) -> list[Point]:
        """Every point of the figure (for placing it on the floor and in the frame)."""
        found = [self.pelvis, self.chest, self.head]
        for limb in (*self.arms.values(), *self.legs.values()):
            found += [limb.root, limb.middle, limb.end, limb.tip]
            if limb.heel is not None:
                found.append(limb.heel)
        return found

    def moved(self, dx: float, dy: float) -> Body:
        """The same figure shifted by (dx, dy)."""

        def at(point: Point) -> Point:
            return (point[0] + dx, point[1] + dy)

        def limb(part: Limb) -> Limb:
            heel = None if part.heel is None else at(part.heel)
            return Limb(at(part.root), at(part.middle), at(part.end), at(part.tip), heel)

        return Body(
            self.view,
            at(self.pelvis),
            at(self.chest),
            at(self.head),
            self.face,
            {side: limb(part) for side, part in self.arms.items()},
            {side: limb(part) for side, part in self.legs.items()},
            self.seated,
            self.nod,
        )


def direction(angle: float) -> Point:
    """The unit vector `angle` degrees from straight down, turning toward the right."""
    radians = math.radians(angle)
    return (math.sin(radians), -math.cos(radians))


def _step(start: Point, angle: float, length: float) -> Point:
    dx, dy = direction(angle)
    return (start[0] + dx * length, start[1] + dy * length)


def pose_body(view: View, angles: Mapping[str, float], *, seated: bool = False) -> Body:
    """The figure of `angles` (missing joints at 0), its pelvis at the origin. Seen from the
    front, a seated figure's thighs point at us: they show short."""

    def a(joint: str) -> float:
        return float(angles.get(joint, 0.0))

    trunk = a("trunk")
    pelvis: Point = (0.0, 0.0)
    up = 180.0 - trunk  # the trunk's direction from the pelvis
    chest = _step(pelvis, up, TRUNK)
    neck_angle = up - a("neck")
    # Seen from the front, a nod brings the head toward us and the neck bends: it shows lower.
    nod = max(0.0, a("head")) if view is View.FRONT else 0.0
    reach = NECK + HEAD
    if nod:
        bend = math.radians(nod)
        reach = (NECK + HEAD) * math.cos(bend) - NECK * 0.6 * math.sin(bend)
    head = _step(chest, neck_angle, reach)
    down = -trunk  # hanging along the trunk
    arms: dict[str, Limb] = {}
    legs: dict[str, Limb] = {}
    for side in ("l", "r"):
        # Side view: both limbs in one plane, the joint angles turning toward the front. Front
        # view: the figure's right limbs turn the other way (toward the picture's left).
        sign = -1.0 if view is View.FRONT and side == "r" else 1.0
        across = 1.0 if side == "l" else -1.0
        shoulder_root = chest
        hip_root = pelvis
        lift = CLAVICLE * math.sin(math.radians(a(f"shrug_{side}")))
        forward = CLAVICLE * math.sin(math.radians(a(f"protract_{side}")))
        if view is View.SIDE:
            ahead = direction(up - 90.0)  # the way the chest faces, across the trunk
            shoulder_root = _step(chest, up, lift)
            shoulder_root = (
                shoulder_root[0] + ahead[0] * forward,
                shoulder_root[1] + ahead[1] * forward,
            )
        if view is View.FRONT:
            sideways = direction(up - 90.0)  # along the shoulder line, toward the picture's right
            # A shoulder brought forward shows a little nearer the midline.
            half = SHOULDER_HALF - abs(forward) * 0.3
            shoulder_root = _step(
                (chest[0] + across * sideways[0] * half, chest[1] + across * sideways[1] * half),
                up,
                lift,
            )
            hip_root = (
                pelvis[0] + across * sideways[0] * HIP_HALF,
                pelvis[1] + across * sideways[1] * HIP_HALF,
            )
        arm_angle = down + sign * a(f"shoulder_{side}")
        elbow = _step(shoulder_root, arm_angle, UPPER_ARM)
        forearm_angle = arm_angle + sign * a(f"elbow_{side}")
        wrist = _step(elbow, forearm_angle, FOREARM)
        hand = _step(wrist, forearm_angle + sign * a(f"wrist_{side}"), HAND)
        arms[side] = Limb(shoulder_root, elbow, wrist, hand)
        thigh_angle = down + sign * a(f"hip_{side}")
        thigh = THIGH * 0.1 if seated and view is View.FRONT else THIGH
        knee = _step(hip_root, thigh_angle, thigh)
        shank_angle = thigh_angle - sign * a(f"knee_{side}")
        ankle = _step(knee, shank_angle, SHANK)
        if view is View.SIDE:
            foot_angle = shank_angle + 90.0 + a(f"ankle_{side}")
            toes = _step(ankle, foot_angle, FOOT)
            heel = _step(ankle, foot_angle + 180.0, HEEL)
        else:  # seen from the front a foot is short: it points at us
            toes = _step(ankle, shank_angle, 3.0)
            heel = None
        legs[side] = Limb(hip_root, knee, ankle, toes, heel)
    face = neck_angle - a("head") - 90.0 if view is View.SIDE else a("head_turn")
    return Body(view, pelvis, chest, head, face, arms, legs, seated and view is View.FRONT, nod)
