"""What a discomfort score (0–10) before or after a routine calls for. Pure logic."""

from __future__ import annotations

from enum import Enum

# From this score on, the bot stops to name the warning signs before a routine, and a score this
# high after one gets a calm note.
HIGH_DISCOMFORT = 7


class DiscomfortNote(Enum):
    """Which note a rating brings, if any."""

    NONE = "none"
    HIGH_BEFORE = "high_before"  # the warning signs, before the routine goes on
    HIGH_AFTER = "high_after"  # still a lot of discomfort after the routine
    WORSE_AFTER = "worse_after"  # more discomfort after the routine than before it


def discomfort_note(value: int, *, after: bool, before: int | None = None) -> DiscomfortNote:
    """The note for a score; `before` is the score given before the routine, if any."""
    if not after:
        return DiscomfortNote.HIGH_BEFORE if value >= HIGH_DISCOMFORT else DiscomfortNote.NONE
    if value >= HIGH_DISCOMFORT:
        return DiscomfortNote.HIGH_AFTER
    if before is not None and value > before:
        return DiscomfortNote.WORSE_AFTER
    return DiscomfortNote.NONE
