"""Progress: the streak, totals and calendar of /progress, and /pause."""

from __future__ import annotations

from bot.content.keys import K
from bot.features.kit import Features
from bot.features.progress import handlers


def register(features: Features) -> None:
    """/progress and /pause."""
    features.command("progress", handlers.show_progress, describe=K.COMMAND_PROGRESS)
    features.command(
        "pause", handlers.pause, store=True, describe=K.COMMAND_PAUSE, usage=K.HELP_PAUSE
    )
