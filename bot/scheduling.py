"""Reminder delivery: one repeating job sends due reminders from the database.

There are no per-user jobs: each user's next reminder is a UTC instant in the database. Every
tick runs the delivery engine (`bot.sending.outbox`): it claims due reminders in batches,
decides for each whether it still makes sense (not twice a day, not after a finished routine,
not hours late), sends it in the bulk lane, and writes back the user's next instant.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.schedule import Days, local_date, next_reminder, parse_time
from bot.sending.outbox import BulkLane, DeliveryEngine, EnginePolicy
from bot.storage.database import Database
from bot.storage.reminders import DueReminder, ReminderRepository, ReminderUpdate
from bot.storage.repositories import UserRepository

log = logging.getLogger(__name__)


class Delivery(enum.Enum):
    """How one send went."""

    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot
    RETRY_AFTER = "retry_after"  # 429 even after the limiter's own retries
    FAILED = "failed"  # anything else (network, 5xx, bad request)


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The result of sending one reminder."""

    delivery: Delivery
    retry_after: float = 0.0


Sender = Callable[[DueReminder, date], Awaitable[SendOutcome]]


@dataclass
class DispatchReport:
    """What one pass did (for logs, tests and the benchmark)."""

    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    blocked: int = 0
    retried: int = 0
    failed: int = 0
    late: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DeliveryPolicy(EnginePolicy):
    """The numbers behind reminder delivery: the engine's, and the reminders' own."""

    max_late: timedelta = timedelta(hours=2)
    max_attempts: int = 5
    retry_base: timedelta = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A due reminder this instance holds, with when its user last finished a routine."""

    due: DueReminder
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReminderResult:
    """What to write back for one reminder, and whether its user blocked the bot."""

    update: ReminderUpdate
    blocked: bool = False


class ReminderOutbox:
    """The reminders table as the delivery engine's outbox."""

    async def claim(
        self, session: AsyncSession, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> list[ClaimedReminder]:
        """Claims due reminders, with each user's last finished routine."""
        repository = ReminderRepository(session)
        due = await repository.claim_due(now, lease_until, token, limit)
        finished = await repository.last_finished([d.user_id for d in due])
        return [ClaimedReminder(d, finished.get(d.user_id)) for d in due]

    async def settle(
        self, session: AsyncSession, token: str, results: Sequence[ReminderResult]
    ) -> None:
        """Writes each user's next reminder; a user who blocked the bot becomes inactive."""
        await ReminderRepository(session).release(token, [r.update for r in results])
        users = UserRepository(session)
        for result in results:
            if result.blocked:
                await users.change(result.update.user_id, is_active=False)

    async def release(self, session: AsyncSession, token: str) -> None:
        """Frees the claims of `token` unchanged."""
        await ReminderRepository(session).release_all(token)

    async def release_foreign(self, session: AsyncSession, own_prefix: str) -> None:
        """Frees the claims a previous holder of the bulk lane left."""
        await ReminderRepository(session).release_foreign(own_prefix)


class ReminderDispatcher:
    """Decides, sends and reschedules due reminders, on the delivery engine."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        send: Sender,
        lane: BulkLane,
        policy: DeliveryPolicy | None = None,
    ) -> None:
        self._clock = clock
        self._send = send
        self._report = DispatchReport()
        self._engine: DeliveryEngine[ClaimedReminder, ReminderResult] = DeliveryEngine(
            kind="rm",
            database=database,
            clock=clock,
            lane=lane,
            outbox=ReminderOutbox(),
            deliver=self._deliver,
            policy=policy or DeliveryPolicy(),
        )
        self.last_report = DispatchReport()

    @property
    def policy(self) -> DeliveryPolicy:
        """The numbers in use."""
        policy = self._engine.policy
        assert isinstance(policy, DeliveryPolicy)
        return policy

    @policy.setter
    def policy(self, policy: DeliveryPolicy) -> None:
        self._engine.policy = policy

    async def run_due(self) -> DispatchReport:
        """Sends everything that is due now, batch after batch; one pass at a time."""
        report = DispatchReport()
        if self._engine.busy:
            return report  # the previous tick is still sending
        self._report = report
        ran = await self._engine.run_due()
        self.last_report = report
        if not ran:
            return report  # another instance runs the bulk lane
        if report.claimed:
            log.info(
                "reminders: %d sent, %d skipped, %d blocked, %d retried later, %d failed",
                report.sent,
                report.skipped,
                report.blocked,
                report.retried,
                report.failed,
            )
        return report

    async def release_claims(self) -> None:
        """Frees this instance's claims (at shutdown) so another sender takes them at once."""
        await self._engine.release_claims()

    async def _deliver(self, item: ClaimedReminder, now: datetime) -> ReminderResult:
        self._report.claimed += 1
        update, blocked = await self._handle(item.due, item.finished_at, now, self._report)
        return ReminderResult(update, blocked)

    async def _handle(
        self,
        due: DueReminder,
        finished_at: datetime | None,
        now: datetime,
        report: DispatchReport,
    ) -> tuple[ReminderUpdate, bool]:
        at = parse_time(due.local_time)
        try:
            zone = ZoneInfo(due.timezone) if due.timezone else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None or at is None or due.days not in {d.value for d in Days}:
            log.warning("reminder of user %s has unusable settings; turned off", due.user_id)
            report.failed += 1
            return self._update(due, None, attempts=0, failed=1), False
        days = Days(due.days)
        day = local_date(due.next_at, zone)

        def following(not_on: date | None) -> datetime:
            return next_reminder(max(now, due.next_at), zone, at, days, not_on=not_on)

        if now - due.next_at > self.policy.max_late:
            report.skipped += 1
            return self._update(due, following(None), attempts=0), False
        finished_that_day = finished_at is not None and local_date(finished_at, zone) == day
        if not due.snoozed and (due.last_sent_on == day or finished_that_day):
            report.skipped += 1
            return self._update(due, following(day), attempts=0), False

        try:
            outcome = await self._send(due, day)
        except Exception:  # a bug must not strand the batch's claims; retry like a failure
            log.exception("sending the reminder of user %s failed", due.user_id)
            outcome = SendOutcome(Delivery.FAILED)
        match outcome.delivery:
            case Delivery.SENT:
                report.sent += 1
                report.late.append(int((now - due.next_at).total_seconds()))
                return self._update(due, following(day), attempts=0, sent_on=day, sent=1), False
            case Delivery.BLOCKED:
                report.blocked += 1
                return self._update(due, None, attempts=0), True
            case Delivery.RETRY_AFTER | Delivery.FAILED:
                attempts = due.attempts + 1
                # Flood waits are Telegram asking for patience, so they get more tries.
                flood = outcome.delivery is Delivery.RETRY_AFTER
                limit = self.policy.max_attempts * (4 if flood else 1)
                if attempts < limit:
                    report.retried += 1
                    wait = (
                        timedelta(seconds=max(1.0, outcome.retry_after))
                        if flood
                        else self.policy.retry_base * 2 ** (attempts - 1)
                    )
                    return self._update(due, now + wait, attempts=attempts), False
                report.failed += 1
                log.warning(
                    "reminder to user %s failed %d times; the next one comes as usual",
                    due.user_id,
                    attempts,
                )
                return self._update(due, following(day), attempts=0, failed=1), False

    @staticmethod
    def _update(
        due: DueReminder,
        next_at: datetime | None,
        *,
        attempts: int,
        sent_on: date | None = None,
        sent: int = 0,
        failed: int = 0,
    ) -> ReminderUpdate:
        keep_snooze = due.snoozed and attempts > 0  # a snoozed reminder being retried
        return ReminderUpdate(
            user_id=due.user_id,
            next_at=next_at,
            attempts=attempts,
            last_sent_on=sent_on or due.last_sent_on,
            snoozed=keep_snooze,
            sent=sent,
            failed=failed,
        )
