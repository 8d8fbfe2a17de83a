"""The user's language: a new choice (the stored one is read by the users service)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.storage.repositories import UserRepository


class LanguageService:
    """Reads and changes the language kept for a user."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._users = UserRepository(session)
        self._clock = clock

    async def choose(self, user_id: int, language: str) -> None:
        """Keeps `language` for a stored user."""
        await self._users.change(user_id, language_code=language)
