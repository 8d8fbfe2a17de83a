"""Poses as content: how each exercise's movement is drawn (content/poses/<exercise id>.yaml).

A pose file names the view, the props the card names, where the figure sits, and keyframes of
joint angles (see bot.illustrations.figure for what each angle means) with their times; the
program draws them (bot.illustrations). An exercise's variant (the chair way) has its own file,
<exercise id>.<variant>.yaml.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.illustrations.figure import JOINTS, View, joint_range

TRACEABLE = (
    "head",
    "chin",
    "hand_l",
    "hand_r",
    "elbow_l",
    "elbow_r",
    "knee_l",
    "knee_r",
    "toes_l",
    "toes_r",
    "chest",
    "shoulder_l",
    "shoulder_r",
)


class Prop(StrEnum):
    """What the figure uses, drawn simply."""

    CHAIR = "chair"
    MAT = "mat"
    WALL = "wall"
    CUSHION = "cushion"
    TOWEL = "towel"


class Seat(StrEnum):
    """What carries the figure: the floor (its lowest point rests on it), a chair's seat or a
    cushion on the floor (the pelvis rests on it)."""

    FLOOR = "floor"
    CHAIR = "chair"
    CUSHION = "cushion"


class Keyframe(BaseModel):
    """The figure at one moment of the loop; between keyframes the angles ease from one to the
    next. `hold` keeps this pose that many seconds more, with a countdown ring; `glide` passes
    through it without slowing down (the points of a circle)."""

    model_config = ConfigDict(extra="forbid")

    at: Annotated[float, Field(ge=0, le=30)]
    pose: dict[str, float] = Field(default_factory=dict)
    hold: Annotated[float, Field(ge=0, le=10)] = 0.0
    glide: bool = False

    @model_validator(mode="after")
    def _glide_or_hold(self) -> Keyframe:
        if self.glide and self.hold:
            raise ValueError("glide: a keyframe that is held cannot be glided through")
        return self

    @field_validator("pose")
    @classmethod
    def _known_joints_in_range(cls, pose: dict[str, float]) -> dict[str, float]:
        problems = []
        for joint, angle in pose.items():
            if joint not in JOINTS:
                problems.append(f"unknown joint '{joint}' (known: {', '.join(JOINTS)})")
                continue
            low, high = joint_range(joint)
            if not low <= angle <= high:
                problems.append(f"{joint}: {angle:g}° is outside the human range {low:g}..{high:g}")
        if problems:
            raise ValueError("; ".join(problems))
        return pose


class PoseFile(BaseModel):
    """One exercise's drawing."""

    model_config = ConfigDict(extra="forbid")

    view: View
    seat: Seat = Seat.FLOOR
    props: list[Prop] = Field(default_factory=list)
    # Where the wall stands or the towel lies, in body units from the pelvis (+: in front, or to
    # the picture's right in the front view).
    prop_at: dict[Prop, float] = Field(default_factory=dict)
    base: dict[str, float] = Field(default_factory=dict)
    keyframes: Annotated[list[Keyframe], Field(min_length=2)]
    trace: list[str] = Field(default_factory=list)
    # A two-sided exercise drawn on one side only: the caption says so.
    one_side: bool = False

    @field_validator("base")
    @classmethod
    def _base_in_range(cls, base: dict[str, float]) -> dict[str, float]:
        return Keyframe._known_joints_in_range(base)

    @field_validator("trace")
    @classmethod
    def _traceable(cls, trace: list[str]) -> list[str]:
        for point in trace:
            if point not in TRACEABLE:
                raise ValueError(f"cannot trace '{point}' (can: {', '.join(TRACEABLE)})")
        return trace

    @model_validator(mode="after")
    def _times_go_forward(self) -> PoseFile:
        if self.keyframes[0].at != 0:
            raise ValueError("keyframes: the first one is at 0")
        for before, after in zip(self.keyframes, self.keyframes[1:], strict=False):
            if after.at <= before.at + before.hold:
                raise ValueError(
                    f"keyframes: at {after.at:g} comes before the one at {before.at:g} "
                    f"and its hold of {before.hold:g} s end"
                )
        if self.view is View.SIDE:
            for index, frame in enumerate(self.keyframes):
                backward = [
                    joint
                    for joint, angle in self.angles(index).items()
                    if joint.startswith("elbow") and angle < 0
                ]
                if backward:
                    raise ValueError(
                        f"keyframes: at {frame.at:g}: {', '.join(backward)} bend backward; "
                        "seen from the side an elbow bends from 0 to 160"
                    )
        first, last = self.angles(0), self.angles(len(self.keyframes) - 1)
        if any(abs(first.get(j, 0.0) - last.get(j, 0.0)) > 0.01 for j in {*first, *last}):
            raise ValueError(
                "keyframes: the last one returns to the first pose (the loop restarts)"
            )
        if self.seat is Seat.CHAIR and Prop.CHAIR not in self.props:
            raise ValueError("seat: chair needs the chair among the props")
        if self.seat is Seat.CUSHION and Prop.CUSHION not in self.props:
            raise ValueError("seat: cushion needs the cushion among the props")
        return self

    @property
    def seconds(self) -> float:
        """The loop's length: up to the last keyframe and its hold."""
        last = self.keyframes[-1]
        return last.at + last.hold

    def angles(self, index: int) -> dict[str, float]:
        """The full angles of keyframe `index`: the base, then each keyframe's changes in turn."""
        angles = dict(self.base)
        for frame in self.keyframes[: index + 1]:
            angles.update(frame.pose)
        return angles

    def extended_neck(self) -> list[float]:
        """The times of keyframes whose head tips back (side view: neck and head nod together
        below zero; front view: the head nods below zero)."""

        def tipped(angles: dict[str, float]) -> bool:
            neck, head = angles.get("neck", 0.0), angles.get("head", 0.0)
            if self.view is View.FRONT:
                return head < 0
            return neck + head < 0 or neck < 0

        return [
            frame.at for index, frame in enumerate(self.keyframes) if tipped(self.angles(index))
        ]
