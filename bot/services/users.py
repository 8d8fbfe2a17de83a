"""Meeting the user of an update: stored once per update, before any handler runs."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.people import Person, Stored
from bot.storage.repositories import UserRepository


class UserService:
    """Records a user's contact, or only looks them up."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._users = UserRepository(session)
        self._clock = clock

    async def meet(self, person: Person) -> Stored:
        """Creates the user on first contact, or refreshes name and last-seen time."""
        await self._users.touch(
            person.id, person.first_name, person.language_code, self._clock.now()
        )
        return await self._users.stored(person.id)

    async def lookup(self, user_id: int) -> Stored:
        """The stored user, read only: someone not stored yet is not stored by asking."""
        return await self._users.stored(user_id)

    async def seen(self, user_id: int) -> None:
        """Refreshes the last-seen time of a stored user; never creates one."""
        await self._users.seen(user_id, self._clock.now())
