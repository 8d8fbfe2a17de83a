"""One delivery engine for claimed outbound messages: reminders and broadcasts both use it.

A kind of message is an `Outbox` (its storage: claim due items, settle results, release claims)
and a `deliver` function (decide and send one item, in the bulk lane, never raising). The engine
runs passes: it claims a batch under a claim token, delivers the items a few at a time, settles
each small group as soon as it is done (so a crash re-sends at most what was in flight), and
frees what it still holds at shutdown.

Only the holder of the bulk lane sends (`BulkLane`): the bulk budget belongs to the bot token,
so with several instances one of them runs the lane while every one answers users. A new holder
first frees the claims its predecessor left, so a crash delays nothing by a whole claim lease.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.storage.database import Database
from bot.storage.leases import LeaseRepository

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
T_co = TypeVar("T_co", covariant=True)
R_contra = TypeVar("R_contra", contravariant=True)

BULK_LANE = "bulk-lane"


class Outbox(Protocol[T_co, R_contra]):
    """The storage of one kind of outbound message."""

    async def claim(
        self, session: AsyncSession, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> Sequence[T_co]:
        """Claims up to `limit` items due at `now` under `token` until `lease_until`."""
        ...

    async def settle(self, session: AsyncSession, token: str, results: Sequence[R_contra]) -> None:
        """Writes back delivered items' results and frees their claims."""
        ...

    async def release(self, session: AsyncSession, token: str) -> None:
        """Frees the claims of `token`, unchanged (shutdown)."""
        ...

    async def release_foreign(self, session: AsyncSession, own_prefix: str) -> None:
        """Frees every claim whose token does not start with `own_prefix` (a new lane holder)."""
        ...


@dataclass(frozen=True, slots=True)
class EnginePolicy:
    """The numbers of one engine."""

    batch_size: int = 500
    concurrency: int = 30
    lease: timedelta = timedelta(minutes=5)
    # Results are written back once this many are done, or this long after the last write,
    # whichever comes first: a crash re-sends at most what was in flight and not yet written.
    settle_every: int = 100
    settle_seconds: float = 0.5


class BulkLane:
    """The deployment's one bulk sender: a lease row in the database, renewed while held."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        instance: str,
        ttl: timedelta = timedelta(seconds=60),
    ) -> None:
        self._database = database
        self._clock = clock
        self.instance = instance
        self._ttl = ttl
        self.taken_at: datetime | None = None  # when this instance last took the lane
        self._renewed_at: datetime | None = None

    async def hold(self) -> bool:
        """Takes or renews the lane; False while another live instance holds it."""
        now = self._clock.now()
        async with self._database.transaction() as session:
            taken_at = await LeaseRepository(session).acquire(
                BULK_LANE, self.instance, now, now + self._ttl
            )
        if taken_at is None:
            if self.taken_at is not None:
                log.warning("the bulk lane went to another instance")
            self.taken_at = None
            return False
        if self.taken_at != taken_at:
            log.info("this instance runs the bulk lane (reminders and broadcasts)")
        self.taken_at = taken_at
        self._renewed_at = now
        return True

    @property
    def ttl(self) -> timedelta:
        """How long the lane stays held after its last renewal."""
        return self._ttl

    async def heartbeat(self) -> None:
        """Renews the lane while this instance holds it, between passes and during one (a
        pass waiting out Telegram's 429 writes nothing for a while); a repeating job calls it
        every third of the lease. An instance that does not hold the lane tries at its polls."""
        if self.taken_at is not None:
            await self.hold()

    async def keep(self) -> bool:
        """Renews the lane in the middle of a long pass, a third of its lease after the last
        renewal (a batch slowed by Telegram's waits can outlast a lease); False if it was lost."""
        if self._renewed_at is not None and self._clock.now() - self._renewed_at < self._ttl / 3:
            return True
        return await self.hold()

    async def release(self) -> None:
        """Gives the lane up (shutdown), so another instance takes it at its next tick."""
        if self.taken_at is None:
            return
        async with self._database.transaction() as session:
            await LeaseRepository(session).release(BULK_LANE, self.instance)
        self.taken_at = None


class DeliveryEngine(Generic[T, R]):
    """Claims, delivers and settles one kind of message; one pass at a time per process."""

    def __init__(
        self,
        *,
        kind: str,
        database: Database,
        clock: Clock,
        lane: BulkLane,
        outbox: Outbox[T, R],
        deliver: Callable[[T, datetime], Awaitable[R]],
        policy: EnginePolicy | None = None,
    ) -> None:
        self.kind = kind
        self._database = database
        self._clock = clock
        self._lane = lane
        self._outbox = outbox
        self._deliver = deliver
        self.policy = policy or EnginePolicy()
        self._lock = asyncio.Lock()
        self._tokens: set[str] = set()
        self._cleaned_for: datetime | None = None

    @property
    def busy(self) -> bool:
        """Whether a pass is running now."""
        return self._lock.locked()

    async def run_due(self) -> bool:
        """Delivers everything due now, batch after batch; False if it did not run (a pass is
        still running here, or another instance holds the bulk lane)."""
        if self._lock.locked():
            return False
        async with self._lock:
            if not await self._take_lane():
                return False
            while await self._run_batch():
                if not await self._lane.hold():
                    break
        return True

    async def run_one_batch(self) -> bool:
        """One batch only, as a pass would begin (a pass cut short); True if one was sent."""
        async with self._lock:
            return await self._take_lane() and await self._run_batch()

    async def _take_lane(self) -> bool:
        if not await self._lane.hold():
            return False
        if self._cleaned_for != self._lane.taken_at:
            async with self._database.transaction() as session:
                await self._outbox.release_foreign(session, f"{self._lane.instance}-")
            self._cleaned_for = self._lane.taken_at
        return True

    async def release_claims(self) -> None:
        """Frees this engine's claims (shutdown) so that the next holder takes them at once."""
        async with self._database.transaction() as session:
            for token in list(self._tokens):
                await self._outbox.release(session, token)
        self._tokens.clear()

    async def _run_batch(self) -> bool:
        now = self._clock.now()
        token = f"{self._lane.instance}-{self.kind}-{uuid.uuid4().hex[:12]}"
        async with self._database.transaction() as session:
            items = await self._outbox.claim(
                session, now, now + self.policy.lease, token, self.policy.batch_size
            )
        if not items:
            return False
        self._tokens.add(token)
        gate = asyncio.Semaphore(self.policy.concurrency)
        done: list[R] = []
        writing = asyncio.Lock()
        written_at = time.monotonic()

        async def flush(force: bool) -> None:
            nonlocal written_at
            async with writing:
                due = time.monotonic() - written_at >= self.policy.settle_seconds
                if not done or (len(done) < self.policy.settle_every and not due and not force):
                    return
                group = done[:]
                done.clear()
                async with self._database.transaction() as session:
                    await self._outbox.settle(session, token, group)
                written_at = time.monotonic()
                await self._lane.keep()

        async def one(item: T) -> None:
            async with gate:
                if self._lane.taken_at is None:
                    # The lane went to another instance, which freed this batch's claims when
                    # it took it: it sends the rest, and sending them here too would double them.
                    return
                try:
                    result = await self._deliver(item, now)
                except Exception:  # a bug: the item stays claimed and is retried after its lease
                    log.exception("delivering a %s failed", self.kind)
                    return
                done.append(result)
            await flush(force=False)

        await asyncio.gather(*(one(item) for item in items))
        await flush(force=True)
        self._tokens.discard(token)
        return len(items) == self.policy.batch_size
