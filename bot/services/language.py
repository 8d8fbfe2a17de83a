"""The user's language: what is stored, and a new choice."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.storage.repositories import UserRepository


class LanguageService:
    """Reads and changes the language kept for a user."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._users = UserRepository(session)
        self._clock = clock

    async def stored(self, user_id: int) -> tuple[bool, str | None]:
        """Whether the user is stored, and their language: Telegram's at first contact, or the
        one chosen with /language. Someone not stored yet (who only asked for /help, say) is
        not stored by asking."""
        return await self._users.language_of(user_id)

    async def choose(self, user_id: int, language: str) -> None:
        """Keeps `language` for a stored user."""
        await self._users.change(user_id, language_code=language)
