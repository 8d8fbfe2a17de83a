"""The file_ids of uploaded drawings survive a restart and are shared by instances."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.storage.database import Database
from bot.storage.media import MediaRepository

NOW = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)


async def test_a_file_id_is_kept_and_the_latest_wins(database_url: str) -> None:
    first = Database(database_url)
    await first.migrate()
    try:
        async with first.reading() as session:
            assert await MediaRepository(session).file_id("neck_turns:ab12") is None
        async with first.transaction() as session:
            await MediaRepository(session).remember("neck_turns:ab12", "CgACAgIAAx0", NOW)
        async with first.transaction() as session:
            await MediaRepository(session).remember("neck_turns:ab12", "CgACAgIAAx1", NOW)
    finally:
        await first.dispose()
    again = Database(database_url)  # a restart, or another instance
    try:
        async with again.reading() as session:
            assert await MediaRepository(session).file_id("neck_turns:ab12") == "CgACAgIAAx1"
            assert await MediaRepository(session).file_id("neck_turns:cd34") is None
    finally:
        await again.dispose()
