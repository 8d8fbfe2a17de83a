"""Broadcast delivery: pending copies in the database, sent by a repeating job.

Like reminders, nothing lives only in memory: a restart resumes the pending copies, and a copy
that was sent is never sent again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.clock import Clock
from bot.content.loader import Content
from bot.features.operator.texts import OperatorText
from bot.sending.limiter import Lane, retry_after_seconds
from bot.sending.outbox import BulkLane, DeliveryEngine, EnginePolicy
from bot.storage.database import Database
from bot.storage.operator import OperatorRepository, PendingDelivery
from bot.storage.repositories import UserRepository

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 3


@dataclass
class BroadcastReport:
    """What one pass did."""

    sent: int = 0
    failed: int = 0
    blocked: int = 0
    postponed: int = 0


@dataclass(frozen=True, slots=True)
class CopyResult:
    """What became of one copy: its new status and attempts, and a wait before the next try."""

    broadcast_id: int
    user_id: int
    status: str  # "sent", "failed", "blocked", or "pending" (to be tried again)
    attempts: int
    wait: timedelta | None = None


class BroadcastOutbox:
    """The deliveries table as the delivery engine's outbox."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def claim(
        self, session: AsyncSession, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> list[PendingDelivery]:
        """Claims pending copies of broadcasts being sent."""
        return await OperatorRepository(session).claim(now, lease_until, token, limit)

    async def settle(
        self, session: AsyncSession, token: str, results: Sequence[CopyResult]
    ) -> None:
        """Writes each copy's status; a blocked user becomes inactive; a wait postpones."""
        repository = OperatorRepository(session)
        await repository.settle(
            token, [(r.broadcast_id, r.user_id, r.status, r.attempts) for r in results]
        )
        users = UserRepository(session)
        now = self._clock.now()
        for result in results:
            if result.status == "blocked":
                await users.change(result.user_id, is_active=False)
            elif result.status == "pending" and result.wait is not None:
                await repository.postpone(result.broadcast_id, result.user_id, now + result.wait)

    async def release(self, session: AsyncSession, token: str) -> None:
        """Frees the claims of `token` unchanged."""
        await OperatorRepository(session).release(token)

    async def release_foreign(self, session: AsyncSession, own_prefix: str) -> None:
        """Frees the claims a previous holder of the bulk lane left."""
        await OperatorRepository(session).release_foreign(own_prefix)


class BroadcastDispatcher:
    """Sends pending broadcast copies in the bulk lane, then reports finished broadcasts."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        bot: ExtBot[Any],
        content: Content,
        lane: BulkLane,
        *,
        paid_broadcast: bool = False,
        batch_size: int = 200,
        concurrency: int = 30,
    ) -> None:
        self._database = database
        self._clock = clock
        self._bot = bot
        self._content = content
        self._paid_broadcast = paid_broadcast
        self._report = BroadcastReport()
        self.engine: DeliveryEngine[PendingDelivery, CopyResult] = DeliveryEngine(
            kind="bc",
            database=database,
            clock=clock,
            lane=lane,
            outbox=BroadcastOutbox(clock),
            deliver=self._deliver,
            policy=EnginePolicy(batch_size=batch_size, concurrency=concurrency, lease=LEASE),
        )

    async def run_due(self) -> BroadcastReport:
        """Sends every pending copy that may go now, then reports finished broadcasts."""
        report = BroadcastReport()
        if self.engine.busy:
            return report
        self._report = report
        if await self.engine.run_due():
            await self._report_finished()
        return report

    async def release_claims(self) -> None:
        """Frees this instance's claims at shutdown."""
        await self.engine.release_claims()

    async def _deliver(self, item: PendingDelivery, now: datetime) -> CopyResult:
        report, key = self._report, (item.broadcast_id, item.user_id)
        try:
            await self._bot.send_message(
                item.user_id,
                item.text,
                allow_paid_broadcast=self._paid_broadcast or None,
                rate_limit_args=Lane.BULK,
            )
        except Forbidden:
            report.blocked += 1
            return CopyResult(*key, "blocked", item.attempts)
        except RetryAfter as error:
            report.postponed += 1
            wait = timedelta(seconds=retry_after_seconds(error))
            return CopyResult(*key, "pending", item.attempts, wait)
        except (BadRequest, TelegramError) as error:
            attempts = item.attempts + 1
            if attempts >= MAX_ATTEMPTS or isinstance(error, BadRequest):
                log.warning("broadcast copy to %s failed: %s", item.user_id, error)
                report.failed += 1
                return CopyResult(*key, "failed", attempts)
            report.postponed += 1
            return CopyResult(*key, "pending", attempts, timedelta(seconds=30 * attempts))
        except Exception:  # a bug must not strand the batch's claims
            log.exception("broadcast copy to %s failed", item.user_id)
            report.failed += 1
            return CopyResult(*key, "failed", item.attempts + 1)
        report.sent += 1
        return CopyResult(*key, "sent", item.attempts)

    async def _report_finished(self) -> None:
        # The broadcast is marked finished before its report is sent: a process that dies in
        # between loses that report (never sends it twice); its counts stay in the database.
        async with self._database.transaction() as session:
            finished = await OperatorRepository(session).finish_completed(self._clock.now())
            languages = {
                row.author_id: (await UserRepository(session).profile(row.author_id))
                for row, _ in finished
            }
        for row, counts in finished:
            profile = languages.get(row.author_id)
            locale = self._content.locale(profile.language_code if profile else None)
            text = locale.texts.get(
                OperatorText.BROADCAST_REPORT,
                sent=counts.get("sent", 0),
                failed=counts.get("failed", 0),
                blocked=counts.get("blocked", 0),
            )
            try:
                await self._bot.send_message(row.author_id, text)
            except TelegramError as error:
                log.warning("could not report broadcast %s: %s", row.id, error)
