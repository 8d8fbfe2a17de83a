"""Broadcast delivery: pending copies in the database, sent by a repeating job.

Like reminders, nothing lives only in memory: a restart resumes the pending copies, and a copy
that was sent is never sent again.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.clock import Clock
from bot.content.loader import Content
from bot.features.operator.texts import OperatorText
from bot.sending.limiter import Lane
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


class BroadcastDispatcher:
    """Sends pending broadcast copies in the bulk lane."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        bot: ExtBot[Any],
        content: Content,
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
        self._batch_size = batch_size
        self._concurrency = concurrency
        self._lock = asyncio.Lock()
        self._instance = uuid.uuid4().hex[:12]
        self._tokens: set[str] = set()

    async def run_due(self) -> BroadcastReport:
        """Sends every pending copy that may go now, then reports finished broadcasts."""
        report = BroadcastReport()
        if self._lock.locked():
            return report
        async with self._lock:
            while await self._run_batch(report):
                pass
            await self._report_finished()
        return report

    async def release_claims(self) -> None:
        """Frees this instance's claims at shutdown."""
        async with self._database.transaction() as session:
            for token in list(self._tokens):
                await OperatorRepository(session).release(token)
        self._tokens.clear()

    async def _run_batch(self, report: BroadcastReport) -> bool:
        now = self._clock.now()
        token = f"bc-{self._instance}-{uuid.uuid4().hex[:12]}"  # one per batch
        async with self._database.transaction() as session:
            pending = await OperatorRepository(session).claim(
                now, now + LEASE, token, self._batch_size
            )
        if not pending:
            return False
        self._tokens.add(token)
        gate = asyncio.Semaphore(self._concurrency)

        async def send(item: PendingDelivery) -> tuple[int, int, str, int, timedelta | None]:
            async with gate:
                return await self._send(item, report)

        results = await asyncio.gather(*(send(item) for item in pending))
        async with self._database.transaction() as session:
            repository = OperatorRepository(session)
            await repository.settle(
                token, [(b, u, status, attempts) for b, u, status, attempts, _ in results]
            )
            users = UserRepository(session)
            for _, user_id, status, _, _ in results:
                if status == "blocked":
                    await users.change(user_id, is_active=False)
            for broadcast_id, user_id, status, _, wait in results:
                if status == "pending" and wait is not None:
                    await repository.postpone(broadcast_id, user_id, now + wait)
        self._tokens.discard(token)
        return len(pending) == self._batch_size and not report.postponed

    async def _send(
        self, item: PendingDelivery, report: BroadcastReport
    ) -> tuple[int, int, str, int, timedelta | None]:
        key = (item.broadcast_id, item.user_id)
        try:
            await self._bot.send_message(
                item.user_id,
                item.text,
                allow_paid_broadcast=self._paid_broadcast or None,
                rate_limit_args=Lane.BULK,
            )
        except Forbidden:
            report.blocked += 1
            return (*key, "blocked", item.attempts, None)
        except RetryAfter as error:
            report.postponed += 1
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return (*key, "pending", item.attempts, timedelta(seconds=seconds))
        except (BadRequest, TelegramError) as error:
            attempts = item.attempts + 1
            if attempts >= MAX_ATTEMPTS or isinstance(error, BadRequest):
                log.warning("broadcast copy to %s failed: %s", item.user_id, error)
                report.failed += 1
                return (*key, "failed", attempts, None)
            report.postponed += 1
            return (*key, "pending", attempts, timedelta(seconds=30 * attempts))
        except Exception:  # a bug must not strand the batch's claims
            log.exception("broadcast copy to %s failed", item.user_id)
            report.failed += 1
            return (*key, "failed", item.attempts + 1, None)
        report.sent += 1
        return (*key, "sent", item.attempts, None)

    async def _report_finished(self) -> None:
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
