"""The file_ids of files Telegram already has (the media_files table)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import MediaFile


class MediaRepository:
    """file_ids by the key of the file they stand for."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def file_id(self, key: str) -> str | None:
        """The file_id Telegram gave the file of `key`, if it was uploaded."""
        found = await self._session.execute(select(MediaFile.file_id).where(MediaFile.key == key))
        return found.scalar_one_or_none()

    async def remember(self, key: str, file_id: str, now: datetime) -> None:
        """Keeps the file_id of an upload; the latest one wins (two instances may upload the
        same file at once, and either id works)."""
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(MediaFile).values(key=key, file_id=file_id, created_at=now)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[MediaFile.key], set_={"file_id": file_id, "created_at": now}
            )
        )
