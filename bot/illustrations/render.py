"""Drawing poses: the frames of an exercise's loop, its animated GIF, and a contact sheet.

Deterministic: the same pose file gives the same bytes. Frames are drawn at twice the size and
scaled down (smooth edges), then put on one fixed palette (no flicker between frames, a small
file). The figure: rounded limbs and a head, the far limbs lighter; props in warm greys; where
the direction matters, a faint dotted trace of the moving point with an arrowhead; a held pose
shows a countdown ring.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from bot.content.poses import PoseFile, Prop, Seat
from bot.illustrations.figure import (
    HEAD,
    HIP_HALF,
    SHOULDER_HALF,
    TRUNK,
    Body,
    Limb,
    Point,
    View,
    direction,
    pose_body,
)

WIDTH = 480
HEIGHT = 360
FRAME_MS = 100  # whole hundredths of a second in a GIF; 10 a second suits slow moves
FPS = 1000 / FRAME_MS
SUPERSAMPLE = 2

BACKGROUND = (243, 240, 232)
FLOOR = (214, 207, 194)
PROP = (190, 178, 160)
PROP_DARK = (160, 147, 128)
MAT = (170, 196, 184)
NEAR = (79, 109, 143)
FAR = (138, 163, 191)
SKIN = (79, 109, 143)
FACE = (243, 240, 232)
TRACE = (224, 122, 95)
RING_TRACK = (226, 219, 206)
PALETTE_COLOURS = (BACKGROUND, FLOOR, PROP, PROP_DARK, MAT, NEAR, FAR, FACE, TRACE, RING_TRACK)

ARM_RADIUS = 4.2
LEG_RADIUS = 5.6
TRUNK_RADIUS = 10.5
CHAIR_SEAT = 46.0
CUSHION_TOP = 9.0
MARGIN = 14.0  # body units around the figure
OUTLINE = 1.1  # body units of background around a limb drawn across the body
SHOULDER_CAP = 1.55  # the shoulder's round, in arm radii
ON_THE_BODY = frozenset({"chin", "shoulder_l", "shoulder_r"})  # traces drawn over the figure


@dataclass(frozen=True, slots=True)
class Frame:
    """One moment of the loop: the figure, and how much of a hold is left (None: moving)."""

    body: Body
    hold_left: float | None


def _ease(t: float, *, start_glides: bool = False, end_glides: bool = False) -> float:
    """How far along a move is at `t` (0..1): slow at both ends, or at full speed at an end
    that glides through its keyframe."""
    if start_glides and end_glides:
        return t
    if start_glides:
        return math.sin(t * math.pi / 2)
    if end_glides:
        return 1.0 - math.cos(t * math.pi / 2)
    return 0.5 - 0.5 * math.cos(math.pi * t)


def loop_frames(pose: PoseFile, fps: float = FPS) -> list[Frame]:
    """The figure at every frame of the loop, placed on its seat."""
    count = max(2, round(pose.seconds * fps))
    keys = [
        (frame.at, frame.hold, pose.angles(i), frame.glide)
        for i, frame in enumerate(pose.keyframes)
    ]
    seated = pose.seat is Seat.CHAIR
    lift = _lift(pose, pose_body(pose.view, keys[0][2], seated=seated))
    frames: list[Frame] = []
    for n in range(count):
        t = n / fps
        angles, hold_left = _angles_at(keys, t)
        body = pose_body(pose.view, angles, seated=seated)
        frames.append(Frame(body.moved(0.0, lift), hold_left))
    return frames


def _angles_at(
    keys: Sequence[tuple[float, float, dict[str, float], bool]], t: float
) -> tuple[dict[str, float], float | None]:
    for (at, hold, angles, glides), (next_at, _, next_angles, next_glides) in itertools.pairwise(
        keys
    ):
        if t < at + hold:
            return angles, at + hold - t if hold else None
        if t < next_at:
            share = _ease(
                (t - at - hold) / (next_at - at - hold),
                start_glides=glides,
                end_glides=next_glides,
            )
            joints = {*angles, *next_angles}
            mixed = {
                j: angles.get(j, 0.0) + (next_angles.get(j, 0.0) - angles.get(j, 0.0)) * share
                for j in joints
            }
            return mixed, None
    at, hold, angles, _ = keys[-1]
    return angles, (at + hold - t if hold and t < at + hold else None)


def _lift(pose: PoseFile, body: Body) -> float:
    """How far up the pelvis goes so the figure rests on its seat in the first keyframe."""
    if pose.seat is Seat.CHAIR:
        return CHAIR_SEAT + LEG_RADIUS
    if pose.seat is Seat.CUSHION:
        return CUSHION_TOP + LEG_RADIUS
    lowest = min(y for _, y in body.points())
    return -lowest + LEG_RADIUS


class _Canvas:
    """Body units to pixels: the frame fits every point of the loop and the props."""

    def __init__(self, pose: PoseFile, frames: Sequence[Frame], width: int, height: int) -> None:
        points = [p for frame in frames for p in frame.body.points()]
        points += [(f.body.head[0], f.body.head[1] + HEAD) for f in frames]  # the crown
        xs = [x for x, _ in points] + [x for x, _ in _prop_extent(pose)]
        ys = [y for _, y in points] + [0.0, HEAD * 2]
        left, right = min(xs) - MARGIN, max(xs) + MARGIN
        bottom, top = min(ys) - MARGIN * 0.6, max(ys) + MARGIN
        scale = min(width / (right - left), height / (top - bottom))
        self.scale = scale
        # Centre the content; the floor sits near the bottom edge.
        self.x0 = (width - (right - left) * scale) / 2 - left * scale
        self.y0 = height - (height - (top - bottom) * scale) / 2 + bottom * scale
        self.width, self.height = width, height

    def at(self, point: Point) -> tuple[float, float]:
        return (self.x0 + point[0] * self.scale, self.y0 - point[1] * self.scale)

    def length(self, units: float) -> float:
        return units * self.scale


def _prop_extent(pose: PoseFile) -> list[Point]:
    extent: list[Point] = []
    for prop in pose.props:
        x = pose.prop_at.get(prop, _PROP_DEFAULT_AT.get(prop, 0.0))
        if prop is Prop.MAT:
            extent += [(-20.0, 0.0), (20.0, 0.0)]
        elif prop is Prop.CHAIR:
            extent += [(-26.0, 0.0), (26.0, 0.0)]
        else:
            extent += [(x - 6, 0.0), (x + 6, 0.0)]
    return extent


_PROP_DEFAULT_AT = {Prop.WALL: -40.0, Prop.TOWEL: 20.0}


def _capsule(
    draw: ImageDraw.ImageDraw,
    a: tuple[float, float],
    b: tuple[float, float],
    r: float,
    fill: tuple[int, int, int],
) -> None:
    draw.line([a, b], fill=fill, width=max(1, round(2 * r)))
    for x, y in (a, b):
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)


def _draw_props(
    draw: ImageDraw.ImageDraw, canvas: _Canvas, pose: PoseFile, pelvis_x: float
) -> None:
    floor_y = canvas.at((0.0, 0.0))[1]
    draw.line(
        [(0, floor_y), (canvas.width * SUPERSAMPLE, floor_y)],
        fill=FLOOR,
        width=round(canvas.length(1.6)),
    )
    for prop in pose.props:
        at = pose.prop_at.get(prop, _PROP_DEFAULT_AT.get(prop, 0.0))
        if prop is Prop.MAT:
            left, right = canvas.at((-95.0, 0.0))[0], canvas.at((95.0, 0.0))[0]
            top = canvas.at((0.0, 2.6))[1]
            draw.rounded_rectangle([left, top, right, floor_y], radius=canvas.length(1.3), fill=MAT)
        elif prop is Prop.CHAIR:
            _draw_chair(draw, canvas, pose.view, pelvis_x)
        elif prop is Prop.WALL:
            x = canvas.at((pelvis_x + at, 0.0))[0]
            half = canvas.length(4.0)
            draw.rectangle([x - half, 0, x + half, floor_y], fill=PROP)
        elif prop is Prop.CUSHION:
            centre = canvas.at((pelvis_x, CUSHION_TOP / 2))
            rx, ry = canvas.length(17.0), canvas.length(CUSHION_TOP / 2)
            draw.ellipse(
                [centre[0] - rx, centre[1] - ry, centre[0] + rx, centre[1] + ry], fill=PROP
            )
        elif prop is Prop.TOWEL:
            centre = canvas.at((pelvis_x + at, 4.0))
            rx, ry = canvas.length(9.0), canvas.length(4.0)
            draw.ellipse(
                [centre[0] - rx, centre[1] - ry, centre[0] + rx, centre[1] + ry], fill=PROP_DARK
            )


def _draw_chair(draw: ImageDraw.ImageDraw, canvas: _Canvas, view: View, pelvis_x: float) -> None:
    seat = CHAIR_SEAT
    thick = canvas.length(3.0)
    if view is View.SIDE:
        back_x, front_x = pelvis_x - 14.0, pelvis_x + 26.0
        left, top = canvas.at((back_x, seat))
        right, _ = canvas.at((front_x, seat))
        draw.rectangle([left, top, right, top + thick], fill=PROP_DARK)
        for x in (back_x + 2, front_x - 2):
            leg_x, _ = canvas.at((x, 0.0))
            draw.rectangle(
                [leg_x - thick / 2, top, leg_x + thick / 2, canvas.at((0.0, 0.0))[1]], fill=PROP
            )
        back_left, back_top = canvas.at((back_x - 1, seat + 44.0))
        draw.rectangle([back_left - thick / 2, back_top, back_left + thick / 2, top], fill=PROP)
    else:
        left, top = canvas.at((pelvis_x - 28.0, seat))
        right, _ = canvas.at((pelvis_x + 28.0, seat))
        back_top = canvas.at((0.0, seat + 42.0))[1]
        draw.rectangle([left, back_top, right, back_top + thick], fill=PROP)  # backrest's rail
        for x in (left, right):
            draw.rectangle([x, back_top, x + thick, top], fill=PROP)
        draw.rectangle([left, top, right, top + thick], fill=PROP_DARK)
        for x in (pelvis_x - 26.0, pelvis_x + 26.0):
            leg_x, _ = canvas.at((x, 0.0))
            draw.rectangle(
                [leg_x - thick / 2, top, leg_x + thick / 2, canvas.at((0.0, 0.0))[1]], fill=PROP
            )


def _draw_limb(
    draw: ImageDraw.ImageDraw,
    canvas: _Canvas,
    limb: Limb,
    radius: float,
    colour: tuple[int, int, int],
    leg: bool,
    *,
    outlined: bool = False,
) -> None:
    """One arm or leg. `outlined`: a thin line of the background around it first, so a limb
    drawn across the body of the same colour (the near arm on the trunk or the head, seen
    from the side) still shows its own shape."""
    if outlined:
        _limb_shape(draw, canvas, limb, radius, BACKGROUND, leg, grow=canvas.length(OUTLINE))
    _limb_shape(draw, canvas, limb, radius, colour, leg)


def _limb_shape(
    draw: ImageDraw.ImageDraw,
    canvas: _Canvas,
    limb: Limb,
    radius: float,
    colour: tuple[int, int, int],
    leg: bool,
    grow: float = 0.0,
) -> None:
    r = canvas.length(radius)
    root, middle, end = canvas.at(limb.root), canvas.at(limb.middle), canvas.at(limb.end)
    tip = canvas.at(limb.tip)
    if not leg:
        # The shoulder: a round cap where the arm starts, outlined too, so the shoulder's own
        # movement (a shrug, a roll) shows against the trunk.
        cap = r * SHOULDER_CAP + grow
        draw.ellipse([root[0] - cap, root[1] - cap, root[0] + cap, root[1] + cap], fill=colour)
    _capsule(draw, root, middle, r + grow, colour)
    _capsule(draw, middle, end, r * 0.9 + grow, colour)
    if leg and limb.heel is not None:
        _capsule(draw, canvas.at(limb.heel), tip, r * 0.62 + grow, colour)
    elif leg:
        _capsule(draw, end, tip, r * 0.75 + grow, colour)
    else:
        _capsule(draw, end, tip, r * 0.7 + grow, colour)


def _draw_body(draw: ImageDraw.ImageDraw, canvas: _Canvas, body: Body) -> None:
    near, far = ("l", "r")
    if body.view is View.SIDE:
        _draw_limb(draw, canvas, body.arms[far], ARM_RADIUS, FAR, leg=False)
        _draw_limb(draw, canvas, body.legs[far], LEG_RADIUS, FAR, leg=True)
        _capsule(
            draw, canvas.at(body.pelvis), canvas.at(body.chest), canvas.length(TRUNK_RADIUS), NEAR
        )
        _draw_head(draw, canvas, body)
        _draw_limb(draw, canvas, body.legs[near], LEG_RADIUS, NEAR, leg=True)
        _draw_limb(draw, canvas, body.arms[near], ARM_RADIUS, NEAR, leg=False, outlined=True)
        return
    for side in ("l", "r"):
        leg = body.legs[side]
        _draw_limb(draw, canvas, leg, LEG_RADIUS, NEAR, leg=True)
    _draw_torso(draw, canvas, body)
    if body.seated:  # thighs pointing at us: the lap, in front of the hips, lit a little more
        for side in ("l", "r"):
            leg = body.legs[side]
            root, knee = canvas.at(leg.root), canvas.at(leg.middle)
            _capsule(draw, root, knee, canvas.length(LEG_RADIUS * 1.45), FAR)
    _draw_head(draw, canvas, body)
    for side in ("l", "r"):  # outlined: an arm across the other one, or the face, reads
        _draw_limb(draw, canvas, body.arms[side], ARM_RADIUS, FAR, leg=False, outlined=True)


def _draw_torso(draw: ImageDraw.ImageDraw, canvas: _Canvas, body: Body) -> None:
    """Front view: shoulders, a slightly narrower waist, hips; rounded at every corner."""
    (px, py), (cx, cy) = body.pelvis, body.chest
    ux, uy = (cx - px) / TRUNK, (cy - py) / TRUNK  # up the trunk
    sx, sy = uy, -ux  # toward the picture's right

    def at(up: float, right: float) -> tuple[float, float]:
        return canvas.at((px + ux * up + sx * right, py + uy * up + sy * right))

    waist, hip = SHOULDER_HALF - 6.5, HIP_HALF + 2.5

    def shoulder(side: str) -> tuple[float, float]:
        # The torso's corner follows the shoulder (a shrug lifts it), 2 units in from it.
        (rx, ry), (mx, my) = body.arms[side].root, body.chest
        share = 2.0 / max(1.0, math.dist((rx, ry), (mx, my)))
        return canvas.at((rx + (mx - rx) * share, ry + (my - ry) * share))

    outline = [
        shoulder("r"),
        shoulder("l"),
        at(TRUNK * 0.45, waist),
        at(0.0, hip),
        at(0.0, -hip),
        at(TRUNK * 0.45, -waist),
    ]
    draw.polygon(outline, fill=NEAR)
    r = canvas.length(ARM_RADIUS + 0.5)
    for a, b in zip(outline, [*outline[1:], outline[0]], strict=True):
        _capsule(draw, a, b, r, NEAR)


def _draw_head(draw: ImageDraw.ImageDraw, canvas: _Canvas, body: Body) -> None:
    neck_width = canvas.length(4.2)
    _capsule(draw, canvas.at(body.chest), canvas.at(body.head), neck_width, SKIN)
    cx, cy = canvas.at(body.head)
    r = canvas.length(HEAD)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=SKIN)
    if body.view is View.SIDE:
        dx, dy = direction(body.face)
        nose = (cx + dx * r * 0.98, cy - dy * r * 0.98)
        nr = r * 0.24
        draw.ellipse([nose[0] - nr, nose[1] - nr, nose[0] + nr, nose[1] + nr], fill=SKIN)
        eye = (cx + dx * r * 0.55 - dy * r * 0.28, cy - dy * r * 0.55 - dx * r * 0.28)
        er = r * 0.11
        draw.ellipse([eye[0] - er, eye[1] - er, eye[0] + er, eye[1] + er], fill=FACE)
    else:
        turn = math.sin(math.radians(body.face))
        drop = math.sin(math.radians(body.nod)) * 0.95  # a nodding face looks down: eyes lower
        for offset in (-0.38, 0.38):
            ex = cx + (offset * math.cos(math.radians(body.face)) + turn * 0.55) * r
            ey = cy - r * 0.12 + drop * r
            er = r * 0.11
            draw.ellipse([ex - er, ey - er, ex + er, ey + er], fill=FACE)


def _point(body: Body, name: str) -> Point:
    if name == "head":
        return body.head
    if name == "chest":
        return body.chest
    if name == "chin":
        if body.view is View.SIDE:
            dx, dy = direction(body.face)
            return (body.head[0] + dx * HEAD * 0.8, body.head[1] + dy * HEAD * 0.8 - HEAD * 0.4)
        # Seen from the front the chin is below the face's centre, following turn and nod.
        turn = math.sin(math.radians(body.face))
        drop = math.sin(math.radians(body.nod)) * 0.5
        return (body.head[0] + turn * HEAD * 0.55, body.head[1] - HEAD * (1.1 + drop))
    part, side = name.split("_")
    if part == "shoulder":
        return body.arms[side].root
    if part == "hand":
        return body.arms[side].tip
    if part == "elbow":
        return body.arms[side].middle
    if part == "knee":
        return body.legs[side].middle
    return body.legs[side].tip  # toes


def _draw_trace(
    draw: ImageDraw.ImageDraw, canvas: _Canvas, frames: Sequence[Frame], name: str
) -> None:
    path = [canvas.at(_point(frame.body, name)) for frame in frames]
    moving = [(a, b) for a, b in itertools.pairwise(path) if math.dist(a, b) > 0.5]
    if not moving:
        return
    dot = canvas.length(0.9)
    for index, (a, _) in enumerate(moving):
        if index % 2 == 0:
            draw.ellipse([a[0] - dot, a[1] - dot, a[0] + dot, a[1] + dot], fill=TRACE)
    # An arrowhead a third of the way along, pointing where the point goes.
    a, b = moving[len(moving) // 3]
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    size = canvas.length(3.2)
    tip = (b[0] + math.cos(angle) * size * 0.4, b[1] + math.sin(angle) * size * 0.4)
    left = (tip[0] - size * math.cos(angle - 0.5), tip[1] - size * math.sin(angle - 0.5))
    right = (tip[0] - size * math.cos(angle + 0.5), tip[1] - size * math.sin(angle + 0.5))
    draw.polygon([tip, left, right], fill=TRACE)


def _draw_ring(draw: ImageDraw.ImageDraw, share_left: float, width: int) -> None:
    size = 26 * SUPERSAMPLE
    x1, y1 = width * SUPERSAMPLE - 16 * SUPERSAMPLE, 16 * SUPERSAMPLE
    box = [x1 - size, y1, x1, y1 + size]
    thick = 4 * SUPERSAMPLE
    draw.ellipse(box, outline=RING_TRACK, width=thick)
    if share_left > 0:
        draw.arc(box, start=-90, end=-90 + 360 * share_left, fill=TRACE, width=thick)


def _palette() -> Image.Image:
    palette = Image.new("P", (1, 1))
    flat: list[int] = []
    for colour in PALETTE_COLOURS:
        flat += list(colour)
    # Blends of neighbouring colours for the smoothed edges.
    for a, b in _EDGE_PAIRS:
        for share in (0.33, 0.67):
            flat += [round(x + (y - x) * share) for x, y in zip(a, b, strict=True)]
    flat += [0] * (768 - len(flat))
    palette.putpalette(flat)
    return palette


_EDGE_PAIRS = (
    (BACKGROUND, NEAR),
    (BACKGROUND, FAR),
    (FAR, NEAR),
    (BACKGROUND, PROP),
    (BACKGROUND, TRACE),
    (NEAR, FACE),
    (BACKGROUND, MAT),
    (MAT, NEAR),
    (PROP, NEAR),
    (PROP_DARK, NEAR),
    (BACKGROUND, FLOOR),
    (RING_TRACK, TRACE),
    (BACKGROUND, RING_TRACK),
    (NEAR, TRACE),
    (FAR, TRACE),
)
_PALETTE = _palette()


def draw_frames(pose: PoseFile, width: int = WIDTH, height: int = HEIGHT) -> list[Image.Image]:
    """Every frame of the loop, on the fixed palette."""
    frames = loop_frames(pose)
    big_w, big_h = width * SUPERSAMPLE, height * SUPERSAMPLE
    canvas = _Canvas(pose, frames, big_w, big_h)
    pelvis_x = frames[0].body.pelvis[0]
    backdrop = Image.new("RGB", (big_w, big_h), BACKGROUND)
    _draw_props(ImageDraw.Draw(backdrop), canvas, pose, pelvis_x)
    # A trace goes behind the figure, except the paths that lie on the body (a shoulder's, the
    # chin's across the chest), which go over it.
    traces = Image.new("RGBA", (big_w, big_h), (0, 0, 0, 0))
    for name in pose.trace:
        over = name in ON_THE_BODY
        _draw_trace(ImageDraw.Draw(traces if over else backdrop), canvas, frames, name)
    longest_hold = max((f.hold for f in pose.keyframes), default=0.0) or 1.0
    images: list[Image.Image] = []
    for frame in frames:
        image = backdrop.copy()
        draw = ImageDraw.Draw(image)
        _draw_body(draw, canvas, frame.body)
        image.paste(traces, (0, 0), traces)
        if frame.hold_left is not None:
            _draw_ring(draw, frame.hold_left / longest_hold, width)
        small = image.reduce(SUPERSAMPLE)  # a box average of each 2×2: the smooth edges
        images.append(small.quantize(palette=_PALETTE, dither=Image.Dither.NONE))
    return images


def render_gif(pose: PoseFile, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The exercise's looping animation as a GIF."""
    images = draw_frames(pose, width, height)
    out = io.BytesIO()
    images[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=FRAME_MS,
        loop=0,
        optimize=False,
        disposal=1,
    )
    return out.getvalue()


def key_frames(pose: PoseFile, width: int, height: int) -> list[Image.Image]:
    """The frames at each keyframe (the poses a reviewer checks), in colour."""
    frames = draw_frames(pose, width, height)
    picks = sorted({min(len(frames) - 1, round(k.at * FPS)) for k in pose.keyframes})
    return [frames[i].convert("RGB") for i in picks]


def contact_sheet(entries: Iterable[tuple[str, PoseFile]], columns: int = 6) -> Image.Image:
    """One row of key frames per exercise, titled: a sheet for a reviewer."""
    cell_w, cell_h, title_h = 200, 150, 22
    rows = list(entries)
    per_row = columns
    sheet_w = cell_w * per_row
    blocks = [(title, key_frames(pose, cell_w, cell_h)[:per_row]) for title, pose in rows]
    sheet = Image.new("RGB", (sheet_w, len(blocks) * (cell_h + title_h)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for index, (title, images) in enumerate(blocks):
        top = index * (cell_h + title_h)
        draw.text((6, top + 4), title, fill=(40, 40, 40), font=font)
        for column, image in enumerate(images):
            sheet.paste(image, (column * cell_w, top + title_h))
    return sheet


__all__ = ["TRUNK", "contact_sheet", "draw_frames", "key_frames", "loop_frames", "render_gif"]
