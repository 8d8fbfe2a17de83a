"""The operator's view: statistics, and broadcasts with one delivery row per user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import BigInteger, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Broadcast, Delivery, Reminder, Session, User


@dataclass(frozen=True, slots=True)
class Stats:
    """Numbers for /stats."""

    users: int
    active_7: int
    active_30: int
    blocked: int
    reminders_on: int
    reminders_sent: int
    reminders_failed: int
    sessions_per_day: list[tuple[date, int]]


@dataclass(frozen=True, slots=True)
class BroadcastRow:
    """A broadcast and its state."""

    id: int
    author_id: int
    text: str
    status: str


@dataclass(frozen=True, slots=True)
class PendingDelivery:
    """One claimed copy of a broadcast."""

    broadcast_id: int
    user_id: int
    text: str
    attempts: int


class OperatorRepository:
    """Statistics and broadcast storage."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def stats(self, now: datetime, days: int = 14) -> Stats:
        """Users, activity, reminders and sessions per (UTC) day."""

        async def count(*conditions: object) -> int:
            statement = select(func.count()).select_from(User).where(*conditions)  # type: ignore[arg-type]
            return int(await self._session.scalar(statement) or 0)

        reminders = (
            await self._session.execute(
                select(
                    func.count().filter(Reminder.enabled.is_(True)),
                    func.coalesce(func.sum(Reminder.sent_count), 0),
                    func.coalesce(func.sum(Reminder.failed_count), 0),
                )
            )
        ).one()
        since = now - timedelta(days=days - 1)
        start_day = since.date()
        day = func.date(Session.started_at)
        rows = await self._session.execute(
            select(day, func.count())
            .where(
                Session.started_at >= datetime.combine(start_day, datetime.min.time(), now.tzinfo)
            )
            .group_by(day)
        )
        per_day = {_as_date(value): int(n) for value, n in rows}
        return Stats(
            users=await count(),
            active_7=await count(User.last_seen_at >= now - timedelta(days=7)),
            active_30=await count(User.last_seen_at >= now - timedelta(days=30)),
            blocked=await count(User.is_active.is_(False)),
            reminders_on=int(reminders[0]),
            reminders_sent=int(reminders[1]),
            reminders_failed=int(reminders[2]),
            sessions_per_day=[
                (start_day + timedelta(days=i), per_day.get(start_day + timedelta(days=i), 0))
                for i in range(days)
            ],
        )

    async def active_users(self) -> int:
        """How many users a broadcast would reach."""
        statement = select(func.count()).select_from(User).where(User.is_active.is_(True))
        return int(await self._session.scalar(statement) or 0)

    async def draft(self, author_id: int, text: str, now: datetime) -> int:
        """Stores a broadcast for preview; returns its id."""
        broadcast = Broadcast(author_id=author_id, text=text, status="draft", created_at=now)
        self._session.add(broadcast)
        await self._session.flush()
        return broadcast.id

    async def confirm(self, broadcast_id: int, author_id: int) -> int | None:
        """Draft → sending, with one pending delivery per active user; None if not a draft."""
        result = await self._session.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.author_id == author_id,
                Broadcast.status == "draft",
            )
            .values(status="sending")
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        recipients = select(
            literal(broadcast_id, BigInteger), User.id, literal("pending"), literal(0)
        ).where(User.is_active.is_(True))
        inserted = await self._session.execute(
            insert(Delivery).from_select(
                ["broadcast_id", "user_id", "status", "attempts"], recipients
            )
        )
        return int(inserted.rowcount or 0)  # type: ignore[attr-defined]

    async def cancel(self, broadcast_id: int, author_id: int) -> bool:
        """Draft → cancelled."""
        result = await self._session.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.author_id == author_id,
                Broadcast.status == "draft",
            )
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def claim(
        self, now: datetime, lease_until: datetime, token: str, limit: int
    ) -> list[PendingDelivery]:
        """Claims pending deliveries of broadcasts being sent (FOR UPDATE SKIP LOCKED)."""
        free = (
            select(Delivery.broadcast_id, Delivery.user_id)
            .where(
                Delivery.status == "pending",
                (Delivery.claimed_until.is_(None)) | (Delivery.claimed_until < now),
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        keys = [(b, u) for b, u in await self._session.execute(free)]
        if not keys:
            return []
        for broadcast_id, user_id in keys:
            await self._session.execute(
                update(Delivery)
                .where(
                    Delivery.broadcast_id == broadcast_id,
                    Delivery.user_id == user_id,
                    Delivery.status == "pending",
                )
                .values(claimed_until=lease_until, claim_token=token)
                .execution_options(synchronize_session=False)
            )
        rows = await self._session.execute(
            select(Delivery.broadcast_id, Delivery.user_id, Broadcast.text, Delivery.attempts)
            .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
            .where(Delivery.claim_token == token)
        )
        return [PendingDelivery(b, u, text, attempts) for b, u, text, attempts in rows]

    async def settle(self, token: str, outcomes: list[tuple[int, int, str, int]]) -> None:
        """Writes (broadcast_id, user_id, status, attempts) back and frees the claims."""
        for broadcast_id, user_id, status, attempts in outcomes:
            await self._session.execute(
                update(Delivery)
                .where(
                    Delivery.broadcast_id == broadcast_id,
                    Delivery.user_id == user_id,
                    Delivery.claim_token == token,
                )
                .values(status=status, attempts=attempts, claimed_until=None, claim_token=None)
                .execution_options(synchronize_session=False)
            )

    async def postpone(self, broadcast_id: int, user_id: int, until: datetime) -> None:
        """Keeps a copy pending but unclaimable until `until` (Telegram asked to wait)."""
        await self._session.execute(
            update(Delivery)
            .where(Delivery.broadcast_id == broadcast_id, Delivery.user_id == user_id)
            .values(claimed_until=until)
            .execution_options(synchronize_session=False)
        )

    async def finish_completed(self, now: datetime) -> list[tuple[BroadcastRow, dict[str, int]]]:
        """Marks broadcasts with nothing pending as done; returns them with their counts."""
        sending = (
            await self._session.scalars(select(Broadcast).where(Broadcast.status == "sending"))
        ).all()
        finished: list[tuple[BroadcastRow, dict[str, int]]] = []
        for broadcast in sending:
            rows = await self._session.execute(
                select(Delivery.status, func.count())
                .where(Delivery.broadcast_id == broadcast.id)
                .group_by(Delivery.status)
            )
            counts = {status: int(n) for status, n in rows}
            if counts.get("pending"):
                continue
            result = await self._session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast.id, Broadcast.status == "sending")
                .values(status="done", finished_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                row = BroadcastRow(broadcast.id, broadcast.author_id, broadcast.text, "done")
                finished.append((row, counts))
        return finished

    async def release_foreign(self, own_prefix: str) -> None:
        """Frees every claim whose token does not start with `own_prefix`: a sender that held
        the bulk lane before this one left them behind."""
        await self._session.execute(
            update(Delivery)
            .where(Delivery.claim_token.is_not(None), ~Delivery.claim_token.startswith(own_prefix))
            .values(claimed_until=None, claim_token=None)
            .execution_options(synchronize_session=False)
        )

    async def release(self, token: str) -> None:
        """Frees this sender's claims unchanged (shutdown)."""
        await self._session.execute(
            update(Delivery)
            .where(Delivery.claim_token == token)
            .values(claimed_until=None, claim_token=None)
            .execution_options(synchronize_session=False)
        )


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
