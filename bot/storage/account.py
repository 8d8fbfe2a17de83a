"""Everything stored about one user: to hand it over, or to delete it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from bot.storage.models import (
    Broadcast,
    CardEvent,
    Delivery,
    HoldTimer,
    Pause,
    Reminder,
    Session,
    User,
)


def _plain(row: DeclarativeBase, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(row, column.key)
        values[column.key] = value.isoformat() if isinstance(value, date | datetime) else value
    return values


class AccountRepository:
    """Reads or deletes every row that belongs to a user, in every table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, user_id: int) -> dict[str, Any] | None:
        """A JSON-ready copy of everything stored about the user, or None if nothing is."""
        user = await self._session.get(User, user_id)
        written = (
            await self._session.scalars(
                select(Broadcast)
                .where(Broadcast.author_id == user_id)
                .order_by(Broadcast.created_at)
            )
        ).all()
        if user is None and not written:  # an operator who never used the bot still wrote
            return None
        reminder = await self._session.get(Reminder, user_id)
        timer = await self._session.get(HoldTimer, user_id)
        sessions = (
            await self._session.scalars(
                select(Session).where(Session.user_id == user_id).order_by(Session.started_at)
            )
        ).all()
        events = (
            await self._session.scalars(
                select(CardEvent).where(CardEvent.user_id == user_id).order_by(CardEvent.at)
            )
        ).all()
        pauses = (await self._session.scalars(select(Pause).where(Pause.user_id == user_id))).all()
        deliveries = (
            await self._session.scalars(select(Delivery).where(Delivery.user_id == user_id))
        ).all()
        received = {d.broadcast_id for d in deliveries}
        rows = await self._session.execute(
            select(Broadcast.id, Broadcast.text).where(Broadcast.id.in_(received))
        )
        texts: dict[int, str] = {row[0]: row[1] for row in rows.all()}
        internal = frozenset({"claimed_until", "claim_token"})
        by_session: dict[int, list[dict[str, Any]]] = {}
        for event in events:
            by_session.setdefault(event.session_id, []).append(
                _plain(event, frozenset({"id", "user_id", "session_id"}))
            )
        return {
            "profile": _plain(user) if user else None,
            "reminder": _plain(reminder, internal | {"user_id"}) if reminder else None,
            "pauses": [_plain(p, frozenset({"id", "user_id"})) for p in pauses],
            "sessions": [
                {**_plain(s, frozenset({"user_id"})), "cards": by_session.get(s.id, [])}
                for s in sessions
            ],
            "broadcasts_received": [
                {**_plain(d, internal | {"user_id"}), "text": texts.get(d.broadcast_id)}
                for d in deliveries
            ],
            "broadcasts_written": [_plain(b, frozenset({"author_id"})) for b in written],
            "hold_timer": _plain(timer, frozenset({"user_id"})) if timer else None,
        }

    async def delete_all(self, user_id: int) -> None:
        """Deletes every row of the user in every table (not relying on cascades alone). On
        SQLite the deleted rows are overwritten with zeros, not left readable in the file
        (secure_delete, for these statements only: it would slow every other write)."""
        sqlite = self._session.get_bind().dialect.name == "sqlite"
        if sqlite:
            await self._session.execute(text("PRAGMA secure_delete=ON"))
        for statement in (
            delete(CardEvent).where(CardEvent.user_id == user_id),
            delete(Session).where(Session.user_id == user_id),
            delete(Reminder).where(Reminder.user_id == user_id),
            delete(HoldTimer).where(HoldTimer.user_id == user_id),
            delete(Pause).where(Pause.user_id == user_id),
            delete(Delivery).where(Delivery.user_id == user_id),
            delete(Delivery).where(
                Delivery.broadcast_id.in_(
                    select(Broadcast.id).where(Broadcast.author_id == user_id)
                )
            ),
            delete(Broadcast).where(Broadcast.author_id == user_id),
            delete(User).where(User.id == user_id),
        ):
            await self._session.execute(statement.execution_options(synchronize_session=False))
        if sqlite:
            await self._session.execute(text("PRAGMA secure_delete=OFF"))
