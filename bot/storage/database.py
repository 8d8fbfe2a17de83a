"""The async engine, its session factory, and migrations at start-up."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.settings import PROJECT_ROOT
from bot.storage.sqlite_driver import OneTripConnection, sqlite_module

log = logging.getLogger(__name__)


def _prepare_sqlite_path(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, open transactions (so SAVEPOINT works), see _sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except Exception as error:  # the driver's OperationalError
        # Two processes opening a brand-new file at once: the switch needs a lock the other one
        # holds (busy_timeout does not apply). WAL is a property of the file, so the connection
        # that holds the lock has set it, or the next connection will.
        if "locked" not in str(error):
            raise
        log.debug("journal mode left to another connection: %s", error)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: concurrent writers then wait on busy_timeout
    # instead of failing when a read-then-write transaction finds its snapshot outdated.
    # Read-only work (Database.reading) takes no lock and opens no transaction: each of its
    # statements reads in SQLite's own implicit one, beside a writer (WAL), and saves the
    # trip to the driver's thread that BEGIN costs.
    if connection.get_execution_options().get(READ_ONLY):
        return
    adapter = connection.connection.dbapi_connection
    if isinstance(adapter, OneTripConnection):
        # In the trip of the transaction's first statement, right before it.
        adapter.begin_with_next_statement("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# A pooled server connection unused this long is checked before it is handed out.
IDLE_BEFORE_PING = 10.0


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    # SQLAlchemy's pool_pre_ping checks every checkout; a connection in use moments ago is
    # alive, so only one that sat idle is checked. A failed check makes the pool replace it.
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is None or time.monotonic() - checked_in_at < IDLE_BEFORE_PING:
        return
    try:
        dbapi_connection.ping()
    except Exception as error:  # the driver's error: the connection is gone
        raise DisconnectionError(f"pooled connection lost: {error}") from error


# The execution option that marks a connection's transactions as reads only.
READ_ONLY = "gymnastics_read_only"

# An arbitrary, fixed key for PostgreSQL's advisory lock held while migrating.
MIGRATION_LOCK_KEY = 0x6A6F696E74


class Database:
    """Owns the engine; hands out sessions, one per unit of work."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.is_sqlite:
            _prepare_sqlite_path(url)
        driver: dict[str, Any] = {}
        if self.is_sqlite and make_url(url).get_driver_name() == "aiosqlite":
            driver["module"] = sqlite_module()  # a statement is one trip to SQLite's thread
        self.engine: AsyncEngine = create_async_engine(url, echo=echo, **driver)
        if not self.is_sqlite:
            # A server connection may have dropped while it sat in the pool: check it before use
            # if it sat there a while (a check is three round trips with asyncpg).
            event.listen(self.engine.sync_engine.pool, "checkin", _note_checkin)
            event.listen(self.engine.sync_engine.pool, "checkout", _ping_if_idle)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Writers of this process queue here, in order, rather
        # than in SQLite's busy handler, whose growing sleeps (up to 100 ms a try) made the slow
        # tail of taps under load. Another process still waits on busy_timeout.
        self._writer = asyncio.Lock() if self.is_sqlite else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error.

        On SQLite the writers of this process take turns, so a transaction must never be opened
        inside another one: it would wait for itself.
        """
        if self._writer is None:
            async with self.sessions() as session, session.begin():
                yield session
            return
        async with self._writer, self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for single lookups: reads only. On SQLite it does not queue behind writers
        for the lock, and each statement reads the database as it is then (no snapshot kept
        across statements)."""
        async with self.engine.connect() as connection:
            # PostgreSQL: no BEGIN and ROLLBACK around a lookup (two round trips of three).
            options = {} if self.is_sqlite else {"isolation_level": "AUTOCOMMIT"}
            await connection.execution_options(**{READ_ONLY: True}, **options)
            async with AsyncSession(bind=connection, expire_on_commit=False) as session:
                yield session

    async def migrate(self) -> None:
        """Applies Alembic migrations up to head on this engine's database."""
        async with self.engine.begin() as connection:
            # Several instances may start at once: one migrates, the others wait for it (the
            # lock ends with the transaction) and then find nothing left to do. The wait is
            # here, before Alembic runs.
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            else:  # SQLite's write lock comes with the transaction's first statement
                await connection.execute(text("SELECT 1"))
            await connection.run_sync(_upgrade_to_head)

    async def checkpoint(self) -> None:
        """SQLite: copies the write-ahead log into the database file and empties it, so that
        rows just deleted (a user's, after /deleteme) leave no copy in the log. Nothing to do
        on PostgreSQL."""
        if self._writer is None:
            return
        async with self._writer, self.engine.connect() as connection:
            # No transaction around it (READ_ONLY opens none): a checkpoint runs outside one.
            await connection.execution_options(**{READ_ONLY: True})
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    async def ping(self) -> bool:
        """Whether the database answers."""
        try:
            async with self.engine.connect() as connection:
                await connection.execution_options(**{READ_ONLY: True})
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not healthy"
            log.warning("database ping failed", exc_info=True)
            return False
        return True

    async def dispose(self) -> None:
        """Closes every pooled connection."""
        await self.engine.dispose()


def alembic_config() -> Config:
    """Alembic's config, pointing at the migrations folder of this project."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


def _upgrade_to_head(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
