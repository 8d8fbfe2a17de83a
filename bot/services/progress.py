"""Progress, discomfort ratings and pauses, over one database session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.progress import (
    FinishedSession,
    Pause,
    Progress,
    Ratings,
    average_ratings,
    summarize,
)
from bot.domain.safety import DiscomfortNote, discomfort_note
from bot.domain.schedule import local_date
from bot.storage.progress import ProgressRepository

RATINGS_WINDOW = timedelta(weeks=4)
MAX_PAUSE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything /progress shows."""

    progress: Progress
    ratings: Ratings
    today: date
    paused_until: date | None


@dataclass(frozen=True, slots=True)
class Rated:
    """A stored rating: the routine of its session, and the note the score calls for."""

    routine_id: str
    note: DiscomfortNote


class ProgressService:
    """Progress of one user."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._repository = ProgressRepository(session)
        self._clock = clock

    async def zone(self, user_id: int) -> ZoneInfo:
        """The user's zone, UTC until they chose one."""
        return ZoneInfo(await self._repository.timezone(user_id) or "UTC")

    async def overview(self, user_id: int) -> Overview:
        """Streaks, totals, top routines, the calendar and the rating trend."""
        zone = await self.zone(user_id)
        today = local_date(self._clock.now(), zone)
        progress = await self._progress(user_id, zone, today)
        ratings = average_ratings(
            await self._repository.ratings_since(user_id, self._clock.now() - RATINGS_WINDOW)
        )
        pauses = await self._repository.pauses(user_id)
        paused_until = next((p.end for p in pauses if p.start <= today <= p.end), None)
        return Overview(progress, ratings, today, paused_until)

    async def current_streak(self, user_id: int) -> int:
        """The streak as of now (shown in the end-of-routine summary)."""
        zone = await self.zone(user_id)
        today = local_date(self._clock.now(), zone)
        progress = await self._progress(user_id, zone, today)
        return progress.streaks.current

    async def record_minutes(self, session_id: int, minutes: int) -> None:
        """Keeps the active minutes of a session that ended."""
        await self._repository.set_minutes(session_id, minutes)

    async def rate(self, session_id: int, user_id: int, *, after: bool, value: int) -> Rated | None:
        """Stores a 0–10 discomfort rating on the user's own session; returns its routine and
        the note the score calls for. None if the session is not theirs."""
        if not 0 <= value <= 10:
            return None
        rated = await self._repository.set_rating(session_id, user_id, after=after, value=value)
        if rated is None:
            return None
        return Rated(rated.routine_id, discomfort_note(value, after=after, before=rated.before))

    async def _progress(self, user_id: int, zone: ZoneInfo, today: date) -> Progress:
        finished = [
            FinishedSession(local_date(row.finished_at, zone), row.routine_id, row.minutes)
            for row in await self._repository.finished(user_id)
        ]
        pauses = [Pause(p.start, p.end) for p in await self._repository.pauses(user_id)]
        weekdays_only = await self._repository.weekdays_only(user_id)
        return summarize(finished, today, weekdays_only=weekdays_only, pauses=pauses)


def resume_point(paused_until: date | None, zone: ZoneInfo, now: datetime) -> datetime:
    """When reminders may start again: now, or the local midnight after a pause."""
    if paused_until is None:
        return now
    after = datetime.combine(paused_until + timedelta(days=1), datetime.min.time(), zone)
    return max(now, after)
