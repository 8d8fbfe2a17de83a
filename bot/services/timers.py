"""Hold timers: when a hold's cues are due, and who sends each one (once, across instances)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.program import Hold
from bot.storage.timers import ClaimedCue, Cue, PendingCue, TimerRepository

# A cue that comes this late after a restart would only confuse: "time is up" of a hold the
# user has long finished. It is dropped instead.
STALE_AFTER = timedelta(seconds=60)


class TimerService:
    """Starts, claims and restores hold timers over one database session."""

    def __init__(self, session: AsyncSession) -> None:
        self._repository = TimerRepository(session)

    async def start(
        self,
        card: tuple[int, int],
        user_id: int,
        chat_id: int,
        exercise_id: str,
        hold: Hold,
        now: datetime,
    ) -> list[PendingCue]:
        """Starts the user's timer for `hold` on the card `(session id, step)`, replacing a
        running one; returns its cues, none when the session has moved off that card."""
        switch_at = now + timedelta(seconds=hold.change_at) if hold.change_at is not None else None
        done_at = now + timedelta(seconds=hold.total_seconds)
        if not await self._repository.start(
            card, user_id, chat_id, exercise_id, switch_at, done_at
        ):
            return []
        cues = [PendingCue(user_id, chat_id, Cue.DONE, done_at)]
        if switch_at is not None:
            cues.insert(0, PendingCue(user_id, chat_id, Cue.SWITCH, switch_at))
        return cues

    async def claim(self, cue: PendingCue) -> ClaimedCue | None:
        """Takes the cue for sending; None if it was sent, cancelled or replaced meanwhile."""
        return await self._repository.claim(cue.user_id, cue.cue, cue.due_at)

    async def restore(self, now: datetime) -> list[PendingCue]:
        """At start-up: forgets timers long past; returns the cues still worth sending."""
        await self._repository.drop_stale(now - STALE_AFTER)
        return [cue for cue in await self._repository.pending() if cue.due_at >= now - STALE_AFTER]
