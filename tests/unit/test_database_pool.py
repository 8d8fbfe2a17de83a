"""The pool hands out working connections: one the server dropped while it sat idle is replaced
before use (PostgreSQL; a SQLite file has no server to drop it)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import database as database_module
from bot.storage.database import Database


# A SQLite file has no server that drops connections: PostgreSQL only.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_dropped_idle_connection_is_replaced(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(database_url)
    other = create_async_engine(database_url)
    try:
        async with database.reading() as session:
            pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with other.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        monkeypatch.setattr(database_module, "IDLE_BEFORE_PING", 0.0)
        async with database.reading() as session:
            assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
            new_pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert new_pid != pid
        async with database.transaction() as session:
            assert (await session.execute(text("SELECT 2"))).scalar_one() == 2
    finally:
        await other.dispose()
        await database.dispose()


async def test_a_lookup_opens_no_transaction(database_url: str) -> None:
    database = Database(database_url)
    try:
        async with database.reading() as session:
            connection = await session.connection()
            await session.execute(text("SELECT 1"))
            raw = (await connection.get_raw_connection()).driver_connection
            if database.is_sqlite:
                assert not raw.in_transaction  # type: ignore[union-attr]
            else:
                assert not raw.is_in_transaction()  # type: ignore[union-attr]
    finally:
        await database.dispose()
