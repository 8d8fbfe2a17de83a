"""Reminder rows: settings, the due queue, and atomic claims for senders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flow import SessionStatus
from bot.storage.models import Reminder, Session, User


@dataclass(frozen=True, slots=True)
class ReminderRow:
    """A user's reminder settings and state."""

    user_id: int
    enabled: bool
    local_time: str
    days: str
    next_at: datetime | None
    snoozed: bool
    last_sent_on: date | None


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A claimed reminder with what is needed to decide and to send it."""

    user_id: int
    next_at: datetime
    local_time: str
    days: str
    snoozed: bool
    attempts: int
    last_sent_on: date | None
    timezone: str | None
    language_code: str | None
    first_name: str


@dataclass(frozen=True, slots=True)
class ReminderUpdate:
    """What a sender writes back for one claimed reminder."""

    user_id: int
    next_at: datetime | None
    attempts: int
    last_sent_on: date | None
    snoozed: bool
    sent: int  # 1 if this pass sent it
    failed: int  # 1 if this pass gave up on it


def _row(reminder: Reminder) -> ReminderRow:
    return ReminderRow(
        user_id=reminder.user_id,
        enabled=reminder.enabled,
        local_time=reminder.local_time,
        days=reminder.days,
        next_at=reminder.next_at,
        snoozed=reminder.snoozed,
        last_sent_on=reminder.last_sent_on,
    )


class ReminderRepository:
    """Reminders by user, and the due queue."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> ReminderRow | None:
        """The user's reminder, if they ever set one."""
        reminder = await self._session.get(Reminder, user_id)
        return _row(reminder) if reminder else None

    async def save(
        self,
        user_id: int,
        *,
        enabled: bool,
        local_time: str,
        days: str,
        next_at: datetime | None,
    ) -> ReminderRow:
        """Creates or replaces the user's reminder settings; a pending claim is dropped."""
        reminder = await self._session.get(Reminder, user_id)
        if reminder is None:
            reminder = Reminder(user_id=user_id, attempts=0, sent_count=0, failed_count=0)
            self._session.add(reminder)
        reminder.enabled = enabled
        reminder.local_time = local_time
        reminder.days = days
        reminder.next_at = next_at
        reminder.snoozed = False
        reminder.attempts = 0
        reminder.claimed_until = None
        reminder.claim_token = None
        await self._session.flush()
        return _row(reminder)

    async def set_next(self, user_id: int, next_at: datetime | None, *, snoozed: bool) -> None:
        """Moves the next reminder (a snooze, "not today", or a pause)."""
        await self._session.execute(
            update(Reminder)
            .where(Reminder.user_id == user_id)
            .values(next_at=next_at, snoozed=snoozed, attempts=0)
            .execution_options(synchronize_session=False)
        )

    async def claim_due(
        self, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> list[DueReminder]:
        """Atomically claims up to `limit` due reminders for this sender.

        A reminder is free when nobody holds it or its holder's lease ran out. On PostgreSQL
        the inner SELECT skips rows other senders are claiming (FOR UPDATE SKIP LOCKED); SQLite
        runs one writer at a time (BEGIN IMMEDIATE), so the UPDATE is atomic there too.
        """
        free = select(Reminder.user_id).where(
            Reminder.enabled.is_(True),
            Reminder.next_at <= now,
            or_(Reminder.claimed_until.is_(None), Reminder.claimed_until < now),
        )
        due = free.order_by(Reminder.next_at).limit(limit).with_for_update(skip_locked=True)
        await self._session.execute(
            update(Reminder)
            .where(Reminder.user_id.in_(due.scalar_subquery()))
            .values(claimed_until=lease_until, claim_token=token)
            .execution_options(synchronize_session=False)
        )
        rows = await self._session.execute(
            select(Reminder, User.timezone, User.language_code, User.first_name)
            .join(User, User.id == Reminder.user_id)
            .where(Reminder.claim_token == token)
        )
        return [
            DueReminder(
                user_id=reminder.user_id,
                next_at=reminder.next_at or now,
                local_time=reminder.local_time,
                days=reminder.days,
                snoozed=reminder.snoozed,
                attempts=reminder.attempts,
                last_sent_on=reminder.last_sent_on,
                timezone=timezone,
                language_code=language_code,
                first_name=first_name,
            )
            for reminder, timezone, language_code, first_name in rows
        ]

    async def last_finished(self, user_ids: Sequence[int]) -> dict[int, datetime]:
        """When each of these users last finished a routine."""
        if not user_ids:
            return {}
        rows = await self._session.execute(
            select(Session.user_id, func.max(Session.finished_at))
            .where(
                Session.user_id.in_(user_ids),
                Session.status == SessionStatus.FINISHED.value,
            )
            .group_by(Session.user_id)
        )
        return {user_id: finished for user_id, finished in rows if finished is not None}

    async def release(self, token: str, updates: Sequence[ReminderUpdate]) -> None:
        """Writes back the outcome of claimed reminders and frees them (one executemany)."""
        if not updates:
            return
        table = Reminder.__table__
        assert isinstance(table, Table)
        statement = (
            update(table)
            .where(
                and_(
                    table.c.user_id == bindparam("b_user_id"),
                    table.c.claim_token == bindparam("b_token"),
                )
            )
            .values(
                next_at=bindparam("b_next_at"),
                attempts=bindparam("b_attempts"),
                last_sent_on=bindparam("b_last_sent_on"),
                snoozed=bindparam("b_snoozed"),
                sent_count=table.c.sent_count + bindparam("b_sent"),
                failed_count=table.c.failed_count + bindparam("b_failed"),
                claimed_until=None,
                claim_token=None,
            )
        )
        await self._session.execute(
            statement,
            [
                {
                    "b_user_id": u.user_id,
                    "b_token": token,
                    "b_next_at": u.next_at,
                    "b_attempts": u.attempts,
                    "b_last_sent_on": u.last_sent_on,
                    "b_snoozed": u.snoozed,
                    "b_sent": u.sent,
                    "b_failed": u.failed,
                }
                for u in updates
            ],
        )

    async def release_all(self, token: str) -> None:
        """Frees every claim of a sender that is shutting down, unchanged."""
        await self._session.execute(
            update(Reminder)
            .where(Reminder.claim_token == token)
            .values(claimed_until=None, claim_token=None)
            .execution_options(synchronize_session=False)
        )

    async def release_foreign(self, own_prefix: str) -> None:
        """Frees every claim whose token does not start with `own_prefix`: a sender that held
        the bulk lane before this one left them behind."""
        await self._session.execute(
            update(Reminder)
            .where(Reminder.claim_token.is_not(None), ~Reminder.claim_token.startswith(own_prefix))
            .values(claimed_until=None, claim_token=None)
            .execution_options(synchronize_session=False)
        )
