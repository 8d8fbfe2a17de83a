"""The drawings cache: drawn once, kept on disk under a name that changes with the drawing."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import load_content
from bot.illustrations.drawings import Drawings, drawing_digest
from bot.settings import PROJECT_ROOT

POSES = load_content(PROJECT_ROOT / "content").poses
KEY = "chin_to_chest"


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def test_a_drawing_is_made_once_and_read_back(tmp_path: Path) -> None:
    drawings = Drawings({KEY: POSES[KEY]}, tmp_path)
    first = await drawings.gif(KEY)
    assert first[:6] == b"GIF89a"
    assert names(tmp_path) == [drawings.file_name(KEY)]
    again = Drawings({KEY: POSES[KEY]}, tmp_path)  # another process on the same folder
    assert again.fill() == 0
    assert await again.gif(KEY) == first


def test_the_name_changes_with_the_pose() -> None:
    pose = POSES[KEY]
    moved = pose.model_copy(update={"base": {**pose.base, "elbow_l": 80}})
    assert drawing_digest(pose) == drawing_digest(pose.model_copy())
    assert drawing_digest(moved) != drawing_digest(pose)


async def test_a_folder_that_cannot_be_written_keeps_the_drawing_in_memory(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    drawings = Drawings({KEY: POSES[KEY]}, blocked / "drawings")
    data = await drawings.gif(KEY)
    assert data[:6] == b"GIF89a"
    assert await drawings.gif(KEY) == data
    assert drawings.key(KEY).startswith(f"pose:{KEY}:")
