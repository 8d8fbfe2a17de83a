"""The drawn animations of the poses, made once: rendered at first use (or at build time) and kept
on disk, named by a digest of the pose and of the drawing code, so a changed pose or renderer
never serves an old file."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bot.content.poses import PoseFile
from bot.illustrations import figure, render

log = logging.getLogger(__name__)


@functools.cache
def _code_digest() -> str:
    """The drawing code is part of what a file shows: its source goes into every digest."""
    sources = (Path(module.__file__ or "").read_bytes() for module in (figure, render))
    return hashlib.sha256(b"".join(sources)).hexdigest()


def drawing_digest(pose: PoseFile) -> str:
    """A short digest of what the pose's animation looks like (the pose and the renderer)."""
    data = f"{_code_digest()}\n{pose.model_dump_json()}".encode()
    return hashlib.sha256(data).hexdigest()[:16]


class Drawings:
    """The GIF of each pose (by `Exercise.pose_key`), from the disk cache or drawn now."""

    def __init__(self, poses: Mapping[str, PoseFile], folder: Path | None) -> None:
        self._poses = poses
        self._folder = folder
        self._digests = {key: drawing_digest(pose) for key, pose in poses.items()}
        self._locks: dict[str, asyncio.Lock] = {}
        self._unsaved: dict[str, bytes] = {}  # drawn, but the folder would not take them

    def has(self, pose_key: str) -> bool:
        """Whether the pose exists."""
        return pose_key in self._poses

    def key(self, pose_key: str) -> str:
        """The name of the drawing (for its file_id): the pose and its digest."""
        return f"pose:{pose_key}:{self._digests[pose_key]}"

    def file_name(self, pose_key: str) -> str:
        """The file's name in the cache folder."""
        return f"{pose_key}.{self._digests[pose_key]}.gif"

    async def gif(self, pose_key: str) -> bytes:
        """The pose's animation; drawn in a worker thread the first time (a fraction of a
        second of CPU), so replies to other users go on meanwhile."""
        cached = self._read(pose_key)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(pose_key, asyncio.Lock())
        async with lock:  # two cards of one pose at once draw it once
            cached = self._read(pose_key)
            if cached is None:
                cached = await asyncio.to_thread(render.render_gif, self._poses[pose_key])
                self._save(pose_key, cached)
        return cached

    def fill(self) -> int:
        """Draws every pose missing from the folder (at build time); the number drawn."""
        drawn = 0
        for pose_key, pose in self._poses.items():
            if self._read(pose_key) is None:
                self._save(pose_key, render.render_gif(pose))
                drawn += 1
        return drawn

    def _read(self, pose_key: str) -> bytes | None:
        if pose_key in self._unsaved:
            return self._unsaved[pose_key]
        if self._folder is None:
            return None
        try:
            return (self._folder / self.file_name(pose_key)).read_bytes()
        except OSError:
            return None

    def _save(self, pose_key: str, data: bytes) -> None:
        if self._folder is None:
            self._unsaved[pose_key] = data
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            # Written whole under a temporary name, then renamed: another process never reads
            # half a file.
            handle, temporary = tempfile.mkstemp(dir=self._folder, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self._folder / self.file_name(pose_key))
        except OSError as error:
            log.warning(
                "drawings folder %s is not writable (%s): kept in memory", self._folder, error
            )
            self._unsaved[pose_key] = data
