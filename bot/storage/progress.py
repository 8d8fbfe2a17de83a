"""Queries behind /progress, ratings and pauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flow import SessionStatus
from bot.storage.models import Pause, Reminder, Session, User


@dataclass(frozen=True, slots=True)
class FinishedRow:
    """A finished session as progress needs it."""

    finished_at: datetime
    routine_id: str
    minutes: int


@dataclass(frozen=True, slots=True)
class RatedSession:
    """The session a rating went to: its routine, and the rating given before it."""

    routine_id: str
    before: int | None


@dataclass(frozen=True, slots=True)
class PauseRow:
    """A paused span of local dates, inclusive."""

    start: date
    end: date


class ProgressRepository:
    """Read the log for progress; store ratings and pauses."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def finished(self, user_id: int) -> list[FinishedRow]:
        """Every finished session of the user, oldest first."""
        rows = await self._session.execute(
            select(Session.finished_at, Session.routine_id, Session.minutes)
            .where(
                Session.user_id == user_id,
                Session.status == SessionStatus.FINISHED.value,
                Session.finished_at.is_not(None),
            )
            .order_by(Session.finished_at)
        )
        return [
            FinishedRow(finished_at, routine_id, minutes or 0)
            for finished_at, routine_id, minutes in rows
            if finished_at is not None
        ]

    async def ratings_since(
        self, user_id: int, since: datetime
    ) -> list[tuple[int | None, int | None]]:
        """(before, after) discomfort of the user's sessions started since `since`."""
        rows = await self._session.execute(
            select(Session.discomfort_before, Session.discomfort_after).where(
                Session.user_id == user_id,
                Session.started_at >= since,
                (Session.discomfort_before.is_not(None)) | (Session.discomfort_after.is_not(None)),
            )
        )
        return [(before, after) for before, after in rows]

    async def set_rating(
        self, session_id: int, user_id: int, *, after: bool, value: int
    ) -> RatedSession | None:
        """Stores a discomfort rating on the user's own session; returns its routine id and the
        rating given before it.

        None when the session is not theirs (or, for "after", not finished).
        """
        column = "discomfort_after" if after else "discomfort_before"
        conditions = [Session.id == session_id, Session.user_id == user_id]
        if after:
            conditions.append(Session.status == SessionStatus.FINISHED.value)
        result = await self._session.execute(
            update(Session)
            .where(*conditions)
            .values({column: value})
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        row = (
            await self._session.execute(
                select(Session.routine_id, Session.discomfort_before).where(
                    Session.id == session_id
                )
            )
        ).one_or_none()
        return RatedSession(row.routine_id, row.discomfort_before) if row else None

    async def set_minutes(self, session_id: int, minutes: int) -> None:
        """Stores the active minutes of a session that ended."""
        await self._session.execute(
            update(Session)
            .where(Session.id == session_id)
            .values(minutes=minutes)
            .execution_options(synchronize_session=False)
        )

    async def pauses(self, user_id: int) -> list[PauseRow]:
        """The user's pauses, oldest first."""
        rows = await self._session.execute(
            select(Pause.start, Pause.end).where(Pause.user_id == user_id).order_by(Pause.start)
        )
        return [PauseRow(start, end) for start, end in rows]

    async def pause(self, user_id: int, start: date, end: date) -> None:
        """Pauses from `start` to `end`; a pause that covers today is replaced."""
        await self.resume(user_id, start)
        self._session.add(Pause(user_id=user_id, start=start, end=end))
        await self._session.flush()

    async def resume(self, user_id: int, today: date) -> bool:
        """Ends a pause that covers today (it ends yesterday); True if there was one."""
        yesterday = today - timedelta(days=1)
        removed = await self._session.execute(
            delete(Pause).where(Pause.user_id == user_id, Pause.start >= today, Pause.end >= today)
        )
        shortened = await self._session.execute(
            update(Pause)
            .where(Pause.user_id == user_id, Pause.start < today, Pause.end >= today)
            .values(end=yesterday)
            .execution_options(synchronize_session=False)
        )
        return bool(removed.rowcount or shortened.rowcount)  # type: ignore[attr-defined]

    async def weekdays_only(self, user_id: int) -> bool:
        """Whether the user's reminders are for workdays (weekends then never break a streak)."""
        days = await self._session.scalar(
            select(Reminder.days).where(Reminder.user_id == user_id, Reminder.enabled.is_(True))
        )
        return days == "weekdays"

    async def timezone(self, user_id: int) -> str | None:
        """The user's time zone name."""
        zone: str | None = await self._session.scalar(
            select(User.timezone).where(User.id == user_id)
        )
        return zone
