"""Migrations: upgrade and downgrade work, and the models agree with them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from bot.storage.database import Database, alembic_config
from bot.storage.models import Base


def _run(connection: Connection, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, revision)


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_upgrade_downgrade_and_models_agree(database_url: str) -> None:
    database = Database(database_url)
    try:
        await database.migrate()
        async with database.engine.begin() as connection:
            assert {"users", "sessions", "card_events"} <= await connection.run_sync(_tables)
            assert await connection.run_sync(_diff) == []
        async with database.engine.begin() as connection:
            await connection.run_sync(_run, "base", down=True)
        async with database.engine.begin() as connection:
            assert await connection.run_sync(_tables) == {"alembic_version"}
        async with database.engine.begin() as connection:
            await connection.run_sync(_run, "head")
            assert await connection.run_sync(_diff) == []
    finally:
        await database.dispose()


async def test_instances_starting_together_migrate_once(database_url: str) -> None:
    """Several instances may start at the same moment on one empty database."""
    databases = [Database(database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(database.migrate() for database in databases))
        async with databases[0].engine.begin() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        for database in databases:
            await database.dispose()


async def test_sqlite_file_and_folder_are_created_on_first_run(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "bot.sqlite3"
    database = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await database.migrate()
        assert await database.ping()
    finally:
        await database.dispose()
    assert path.is_file()


async def test_reads_do_not_wait_for_a_writer(database_url: str) -> None:
    """A read (the language lookup of every update) runs beside a transaction that writes."""
    database = Database(database_url)
    await database.migrate()
    holding, release = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with database.transaction() as session:
            await session.execute(text("UPDATE users SET first_name = first_name"))
            holding.set()
            await release.wait()

    task = asyncio.create_task(writer())
    try:
        await holding.wait()
        async with database.reading() as session:
            count = await asyncio.wait_for(
                session.scalar(text("SELECT count(*) FROM users")), timeout=2
            )
        assert count == 0
    finally:
        release.set()
        await task
        await database.dispose()
