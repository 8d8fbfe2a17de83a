"""Reminder settings use cases: time zone, time, days, snooze, set-up state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.schedule import Days, format_time, local_date, next_reminder, parse_time
from bot.services.progress import MAX_PAUSE_DAYS, resume_point
from bot.storage.progress import ProgressRepository
from bot.storage.reminders import ReminderRepository, ReminderRow
from bot.storage.repositories import UserRepository

# Typed text is read as a time zone or a time only this long after the bot asked for it.
AWAITING_FOR = timedelta(hours=1)


class Awaiting:
    """What typed text means during set-up."""

    TIMEZONE = "timezone"
    TIME = "time"


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """A user's reminder settings as shown to them."""

    timezone: str | None
    time: time | None  # None: never set
    days: Days
    enabled: bool
    next_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether a reminder will come."""
        return self.enabled and self.next_at is not None


@dataclass(frozen=True, slots=True)
class Snoozed:
    """The reminder comes again at `until`."""

    until: datetime
    timezone: str


@dataclass(frozen=True, slots=True)
class NotToday:
    """No more reminders today; the next one is at `next_at` (or none)."""

    next_at: datetime | None
    timezone: str | None


@dataclass(frozen=True, slots=True)
class StaleReminder:
    """The button belongs to a reminder of an earlier day."""


class ReminderService:
    """Reminder settings over one database session."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._users = UserRepository(session)
        self._reminders = ReminderRepository(session)
        self._pauses = ProgressRepository(session)
        self._clock = clock

    async def settings(self, user_id: int) -> ReminderSettings:
        """The user's current settings."""
        profile = await self._users.profile(user_id)
        row = await self._reminders.get(user_id)
        return _settings(profile.timezone if profile else None, row)

    async def set_timezone(self, user_id: int, zone: str) -> ReminderSettings:
        """Stores the zone name and moves the next reminder to it."""
        ZoneInfo(zone)  # callers pass validated names; fail loudly otherwise
        await self._users.change(user_id, timezone=zone, awaiting=None, awaiting_since=None)
        return await self._reschedule(user_id)

    async def set_time(self, user_id: int, at: time) -> ReminderSettings:
        """Turns reminders on at a local time (workdays unless days were chosen)."""
        row = await self._reminders.get(user_id)
        days = row.days if row else Days.WEEKDAYS.value
        await self._users.change(user_id, awaiting=None, awaiting_since=None)
        await self._reminders.save(
            user_id, enabled=True, local_time=format_time(at), days=days, next_at=None
        )
        return await self._reschedule(user_id)

    async def set_days(self, user_id: int, days: Days) -> ReminderSettings:
        """Workdays or every day."""
        row = await self._reminders.get(user_id)
        if row is None:
            return await self.settings(user_id)
        await self._reminders.save(
            user_id, enabled=row.enabled, local_time=row.local_time, days=days.value, next_at=None
        )
        return await self._reschedule(user_id)

    async def turn_off(self, user_id: int) -> ReminderSettings:
        """No reminders (the chosen time and days are kept for later)."""
        await self._users.change(user_id, awaiting=None, awaiting_since=None)
        row = await self._reminders.get(user_id)
        if row is not None:
            await self._reminders.save(
                user_id, enabled=False, local_time=row.local_time, days=row.days, next_at=None
            )
        return await self.settings(user_id)

    async def expect(self, user_id: int, what: str | None) -> None:
        """Remembers what the next typed text means (None: nothing special)."""
        since = self._clock.now() if what else None
        await self._users.change(user_id, awaiting=what, awaiting_since=since)

    async def awaiting(self, user_id: int) -> str | None:
        """What typed text means now, if the bot asked for something recently."""
        profile = await self._users.profile(user_id)
        if profile is None or profile.awaiting is None or profile.awaiting_since is None:
            return None
        if self._clock.now() - profile.awaiting_since > AWAITING_FOR:
            return None
        return profile.awaiting

    async def offer_setup(self, user_id: int) -> bool:
        """True the first time: the caller then walks the user through the set-up."""
        profile = await self._users.profile(user_id)
        if profile is None or profile.setup_offered:
            return False
        await self._users.change(user_id, setup_offered=True)
        return True

    async def welcome_back(self, user_id: int) -> None:
        """A user who had blocked the bot wrote again: reminders resume."""
        profile = await self._users.profile(user_id)
        if profile is not None and not profile.is_active:
            await self._users.change(user_id, is_active=True)
            await self._reschedule(user_id)

    async def snooze(self, user_id: int, minutes: int, on: str) -> Snoozed | StaleReminder:
        """Sends the reminder again in `minutes`, if it is today's."""
        profile = await self._users.profile(user_id)
        row = await self._reminders.get(user_id)
        if profile is None or profile.timezone is None or row is None or not row.enabled:
            return StaleReminder()
        if on != _today(self._clock.now(), profile.timezone):
            return StaleReminder()
        until = self._clock.now() + timedelta(minutes=minutes)
        await self._reminders.set_next(user_id, until, snoozed=True)
        return Snoozed(until, profile.timezone)

    async def not_today(self, user_id: int, on: str) -> NotToday | StaleReminder:
        """No more reminders today (a snooze is cancelled)."""
        profile = await self._users.profile(user_id)
        if profile is None or profile.timezone is None:
            return StaleReminder()
        if on != _today(self._clock.now(), profile.timezone):
            return StaleReminder()
        settings = await self._reschedule(user_id, skip_today=True)
        return NotToday(settings.next_at if settings.active else None, profile.timezone)

    async def pause(self, user_id: int, days: int) -> date:
        """No reminders from today for `days` days (1–30); returns the last paused date."""
        if not 1 <= days <= MAX_PAUSE_DAYS:
            raise ValueError(f"a pause is 1 to {MAX_PAUSE_DAYS} days")
        today = await self._today(user_id)
        end = today + timedelta(days=days - 1)
        await self._pauses.pause(user_id, today, end)
        await self._reschedule(user_id)
        return end

    async def unpause(self, user_id: int) -> bool:
        """Ends the pause that covers today; False if there was none."""
        ended = await self._pauses.resume(user_id, await self._today(user_id))
        await self._reschedule(user_id)
        return ended

    async def _today(self, user_id: int) -> date:
        profile = await self._users.profile(user_id)
        zone = ZoneInfo(profile.timezone if profile and profile.timezone else "UTC")
        return local_date(self._clock.now(), zone)

    async def _reschedule(self, user_id: int, *, skip_today: bool = False) -> ReminderSettings:
        profile = await self._users.profile(user_id)
        row = await self._reminders.get(user_id)
        settings = _settings(profile.timezone if profile else None, row)
        if row is None:
            return settings
        next_at = None
        if (
            settings.enabled
            and settings.timezone
            and settings.time
            and profile
            and profile.is_active
        ):
            zone = ZoneInfo(settings.timezone)
            now = self._clock.now()
            today = local_date(now, zone)
            sent_today = row.last_sent_on == today
            not_on: date | None = today if (skip_today or sent_today) else None
            paused_until = next(
                (p.end for p in await self._pauses.pauses(user_id) if p.start <= today <= p.end),
                None,
            )
            after = resume_point(paused_until, zone, now)
            next_at = next_reminder(after, zone, settings.time, settings.days, not_on=not_on)
        await self._reminders.set_next(user_id, next_at, snoozed=False)
        return ReminderSettings(
            settings.timezone, settings.time, settings.days, settings.enabled, next_at
        )


def _settings(timezone: str | None, row: ReminderRow | None) -> ReminderSettings:
    if row is None:
        return ReminderSettings(timezone, None, Days.WEEKDAYS, False, None)
    return ReminderSettings(
        timezone=timezone,
        time=parse_time(row.local_time),
        days=Days(row.days),
        enabled=row.enabled,
        next_at=row.next_at,
    )


def _today(now: datetime, timezone: str) -> str:
    return day_code(local_date(now, ZoneInfo(timezone)))


def day_code(day: date) -> str:
    """The YYYYMMDD form used in reminder buttons."""
    return day.strftime("%Y%m%d")
