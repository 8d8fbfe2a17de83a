"""The operator's use cases: statistics, and a broadcast from draft to sending or cancelled."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.storage.operator import OperatorRepository, Stats


@dataclass(frozen=True, slots=True)
class Draft:
    """A stored broadcast awaiting its author's confirmation, and whom it would reach."""

    broadcast_id: int
    recipients: int


@dataclass(frozen=True, slots=True)
class Decided:
    """The author's choice was applied: `sending` copies queued, or None if cancelled."""

    sending: int | None


class OperatorService:
    """Statistics and broadcasts over one database session."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._repository = OperatorRepository(session)
        self._clock = clock

    async def stats(self) -> Stats:
        """Users, activity, reminders and sessions per day, as of now."""
        return await self._repository.stats(self._clock.now())

    async def draft(self, author_id: int, text: str) -> Draft:
        """Stores a broadcast for its author to preview."""
        broadcast_id = await self._repository.draft(author_id, text, self._clock.now())
        return Draft(broadcast_id, await self._repository.active_users())

    async def decide(self, broadcast_id: int, author_id: int, *, send: bool) -> Decided | None:
        """Sends or cancels the author's draft; None if it is not a draft of theirs (any more)."""
        if send:
            count = await self._repository.confirm(broadcast_id, author_id)
            return None if count is None else Decided(count)
        return Decided(None) if await self._repository.cancel(broadcast_id, author_id) else None
