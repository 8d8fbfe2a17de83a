"""SQLAlchemy's aiosqlite driver, with each statement run in one trip to the driver's thread.

aiosqlite runs SQLite in a thread of its own, and every call to it is a trip there and back
through the event loop. SQLAlchemy's adapter makes four for a statement (open a cursor, execute,
fetch, close), and SQLite has one writer at a time: a write transaction holds the lock for all
its trips, and each of them waits its turn in a busy event loop. Under load that, not SQL, bounded
the taps a second. Here the four steps run together in the thread, so a statement is one trip
(SQLAlchemy does the same for `isolation_level`, through the same aiosqlite internals), and a
rollback with no transaction open makes none.

Use `sqlite_module()` as `create_async_engine(url, module=...)`; everything else is SQLAlchemy's.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

_Outcome = tuple[Any, int, int | None, list[Any]]


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose execute opens, runs, fetches and closes SQLite's cursor in one trip."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False  # nothing stays open to close

    def _make_new_cursor(self, connection: Any) -> Any:
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        return None  # SQLite's cursor lives only inside each trip

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    @property
    def description(self) -> Any:
        """The columns of the last statement's rows (None for a statement without rows)."""
        return self._description

    @property
    def rowcount(self) -> int:
        """The rows the last statement changed."""
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        """The rowid of the last row inserted."""
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        """Rows a fetchmany() without a size returns (SQLite's default)."""
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass  # every row is fetched at once

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        connection = self._connection

        begin = cast("OneTripConnection", self._adapt_connection).take_begin()

        def run() -> _Outcome:
            cursor = connection._conn.cursor()
            try:
                if begin:
                    cursor.execute(begin)
                cursor.execute(operation, () if parameters is None else parameters)
                rows = cursor.fetchall() if cursor.description else []
                return cursor.description, cursor.rowcount, cursor.lastrowid, rows
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            outcome: _Outcome = await connection._execute(run)
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows)
        return None

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        connection = self._connection

        begin = cast("OneTripConnection", self._adapt_connection).take_begin()

        def run() -> tuple[int, int | None]:
            cursor = connection._conn.cursor()
            try:
                if begin:
                    cursor.execute(begin)
                cursor.executemany(operation, seq_of_parameters)
                return cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            self._rowcount, self._lastrowid = await connection._execute(run)
        self._description = None
        self._rows.clear()
        return None


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """A connection whose cursors make one trip a statement, whose BEGIN goes with the first
    statement of the transaction, and whose commit or rollback of nothing makes no trip."""

    __slots__ = ("_begin",)
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None

    def begin_with_next_statement(self, begin: str) -> None:
        """Opens a transaction with `begin` (BEGIN IMMEDIATE) in the trip of the next
        statement, before it: the write lock is then held one trip less."""
        self._begin = begin

    def take_begin(self) -> str | None:
        """The BEGIN still to run before the next statement, once."""
        begin, self._begin = self._begin, None
        return begin

    def commit(self) -> None:
        """Commits the transaction; nothing when no statement ever opened one."""
        if self.take_begin() is None or self._connection.in_transaction:
            super().commit()

    def rollback(self) -> None:
        """Rolls back what is open. SQLAlchemy rolls back each connection it is done with, and
        reads open no transaction (bot.storage.database): nothing open, no trip. The flag is
        SQLite's autocommit state, safe to read here while no trip is under way."""
        self.take_begin()
        if self._connection.in_transaction:
            super().rollback()


class _Module(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def sqlite_module() -> AsyncAdapt_aiosqlite_dbapi:
    """The DB-API module SQLAlchemy's aiosqlite dialect uses, with one-trip statements."""
    return _Module(aiosqlite, sqlite3)
