"""Poses as content: the pose files validate, draw deterministically within the size limits, and
a broken one is named with its field; the figure's arithmetic puts joints where a body has them."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image

from bot.content.loader import load_content
from bot.content.poses import PoseFile
from bot.illustrations.figure import View, pose_body
from bot.illustrations.render import FPS, HEIGHT, WIDTH, contact_sheet, loop_frames, render_gif

from .content_copies import CONTENT, copy_content, edit_yaml, problems_of

MAX_BYTES = 300 * 1024
SHIPPED = load_content(CONTENT).poses


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_pose_draws_a_loop_of_the_stated_size(key: str) -> None:
    pose = SHIPPED[key]
    data = render_gif(pose)
    assert len(data) <= MAX_BYTES
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF"
    assert image.size == (WIDTH, HEIGHT)
    assert image.info.get("loop") == 0  # loops for ever
    shown = 0
    for index in range(image.n_frames):  # type: ignore[attr-defined]
        image.seek(index)
        shown += image.info["duration"]  # equal frames in a row are stored as one
    assert abs(shown - pose.seconds * 1000) <= 1000 / FPS


def test_drawing_is_deterministic() -> None:
    pose = next(iter(SHIPPED.values()))
    assert render_gif(pose) == render_gif(pose)


def test_the_contact_sheet_has_a_row_per_exercise() -> None:
    sheet = contact_sheet(sorted(SHIPPED.items()))
    assert sheet.width >= WIDTH
    assert sheet.height >= 150 * len(SHIPPED)


def _pose_file(root: Path, key: str) -> Path:
    return root / "poses" / f"{key}.yaml"


def test_a_head_tipped_back_is_refused(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    edit_yaml(
        _pose_file(root, "chin_to_chest"), lambda d: d["keyframes"][1].update(pose={"neck": -15})
    )
    [problem] = problems_of(root)
    assert problem.startswith("content/poses/chin_to_chest.yaml: keyframes: the head tips back")


def test_an_unknown_joint_and_an_impossible_angle_are_named(tmp_path: Path) -> None:
    root = copy_content(tmp_path)

    def break_it(data: dict[str, object]) -> None:
        data["base"] = {"knee_l": 200, "tail": 3}

    edit_yaml(_pose_file(root, "chin_to_chest"), break_it)
    problems = problems_of(root)
    assert any("chin_to_chest.yaml: base: " in p and "knee_l: 200°" in p for p in problems)
    assert any("unknown joint 'tail'" in p for p in problems)


def test_a_pose_file_for_no_exercise_is_named(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "poses" / "cartwheel.yaml").write_text("view: side\n", encoding="utf-8")
    [problem] = problems_of(root)
    assert problem.startswith("content/poses/cartwheel.yaml: no exercise (or variant) 'cartwheel'")


def test_every_exercise_and_variant_of_the_program_has_its_pose() -> None:
    content = load_content(CONTENT)
    for routine in content.program.routines:
        for exercise in routine.exercises:
            assert content.pose(exercise) is not None, exercise.pose_key


def test_a_missing_pose_is_named_unless_an_image_replaces_it(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    _pose_file(root, "eagle_arms").unlink()
    _pose_file(root, "ankle_circles.chair").unlink()
    assert problems_of(root) == [
        "content/poses/ankle_circles.chair.yaml: missing: every exercise (and variant) is drawn "
        "from its pose file, unless program.yaml gives it an image",
        "content/poses/eagle_arms.yaml: missing: every exercise (and variant) is drawn from its "
        "pose file, unless program.yaml gives it an image",
    ]
    (root / "eagle.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    def give_an_image(program: dict) -> None:  # type: ignore[type-arg]
        for section in program["sections"]:
            for exercise in section["exercises"]:
                if exercise["id"] in ("eagle_arms", "ankle_circles"):
                    exercise["image"] = "eagle.png"

    edit_yaml(root / "program.yaml", give_an_image)
    load_content(root)  # the author's image replaces the drawing


def test_a_front_view_nod_never_tips_back(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    edit_yaml(
        _pose_file(root, "chin_semicircles"),
        lambda d: d["keyframes"][1]["pose"].update(head=-10),
    )
    [problem] = problems_of(root)
    assert problem.startswith("content/poses/chin_semicircles.yaml: keyframes: the head tips back")


def test_a_glide_passes_through_its_keyframe_at_speed() -> None:
    glide = PoseFile.model_validate(
        {
            "view": "side",
            "keyframes": [
                {"at": 0},
                {"at": 1, "pose": {"shrug_l": 20, "protract_l": 20}, "glide": True},
                {"at": 2, "pose": {"shrug_l": 0, "protract_l": 0}},
            ],
        }
    )
    roots = [frame.body.arms["l"].root for frame in loop_frames(glide)]
    steps = [abs(b[1] - a[1]) + abs(b[0] - a[0]) for a, b in itertools.pairwise(roots)]
    middle = round(FPS)  # the frame at the glided keyframe
    assert steps[middle] > 0.5 * max(steps)  # still moving there, not stopped
    with pytest.raises(ValueError, match="glide"):
        PoseFile.model_validate(
            {"view": "side", "keyframes": [{"at": 0, "hold": 1, "glide": True}, {"at": 2}]}
        )


def test_a_shrug_lifts_the_shoulder_and_a_protraction_brings_it_forward() -> None:
    still = pose_body(View.SIDE, {}).arms["l"].root
    shrugged = pose_body(View.SIDE, {"shrug_l": 30}).arms["l"].root
    forward = pose_body(View.SIDE, {"protract_l": 30}).arms["l"].root
    assert shrugged[1] > still[1] + 5
    assert forward[0] > still[0] + 5  # the side view faces right


def test_a_loop_must_come_back_to_its_first_pose() -> None:
    with pytest.raises(ValueError, match="returns to the first pose"):
        PoseFile.model_validate(
            {"view": "side", "keyframes": [{"at": 0}, {"at": 1, "pose": {"neck": 20}}]}
        )


def test_a_standing_figure_has_feet_below_and_head_above() -> None:
    body = pose_body(View.SIDE, {})
    assert body.head[1] > body.chest[1] > body.pelvis[1] > body.legs["l"].middle[1]
    assert body.legs["l"].tip[0] > body.legs["l"].end[0]  # the toes point forward


def test_a_seated_figure_has_its_thighs_forward_and_shins_down() -> None:
    body = pose_body(View.SIDE, {"hip_l": 90, "knee_l": 90})
    knee, ankle = body.legs["l"].middle, body.legs["l"].end
    assert knee[0] > 40  # the thigh forward,
    assert abs(knee[1]) < 1  # level with the hip
    assert abs(ankle[0] - knee[0]) < 1  # the shin straight down
    assert ankle[1] < knee[1]


def test_the_front_view_opens_the_arms_to_both_sides() -> None:
    body = pose_body(View.FRONT, {"shoulder_l": 90, "shoulder_r": 90})
    assert body.arms["l"].end[0] > body.chest[0] + 40  # the figure's left: the picture's right
    assert body.arms["r"].end[0] < body.chest[0] - 40
