"""The user's data in their hands: a full export, and deletion of every row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.account import AccountRepository


class AccountService:
    """Export and deletion over one database session."""

    def __init__(self, session: AsyncSession) -> None:
        self._repository = AccountRepository(session)

    async def export(self, user_id: int) -> dict[str, Any] | None:
        """Everything stored about the user, JSON-ready."""
        return await self._repository.export(user_id)

    async def delete(self, user_id: int) -> None:
        """Deletes every row of the user in every table."""
        await self._repository.delete_all(user_id)
