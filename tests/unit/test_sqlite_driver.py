"""The SQLite driver: a statement is one trip to aiosqlite's thread, and it still behaves as
SQLAlchemy's own driver does (rows, row counts, inserted ids, errors, transactions)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.storage.database import Database

_metadata = MetaData()
_things = Table(
    "things",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(20), unique=True, nullable=False),
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with database.engine.begin() as connection:
        await connection.run_sync(_metadata.create_all)
    yield database
    await database.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the calls queued to aiosqlite's thread."""
    counted: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(
        self: aiosqlite.Connection, fn: object, *args: object, **kw: object
    ) -> object:
        counted.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kw)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return counted


async def test_a_statement_is_one_trip(database: Database, trips: list[str]) -> None:
    async with database.reading() as session:
        trips.clear()
        rows = (await session.execute(select(text("1 + 1")))).all()
    assert rows == [(2,)]
    assert len(trips) == 1


async def test_a_write_transaction_is_a_trip_a_statement_and_its_commit(
    database: Database, trips: list[str]
) -> None:
    async with database.transaction() as session:
        trips.clear()
        await session.execute(insert(_things).values(name="knee"))
        await session.execute(insert(_things).values(name="hip"))
    # BEGIN IMMEDIATE with the first insert, the second insert, COMMIT
    assert len(trips) == 3


async def test_a_transaction_that_ran_nothing_makes_no_trip(
    database: Database, trips: list[str]
) -> None:
    async with database.transaction():
        trips.clear()
    assert trips == []


async def test_the_write_lock_is_taken_before_the_first_statement(database: Database) -> None:
    other = Database(database.url)
    try:
        async with database.transaction() as session:
            await session.execute(select(_things.c.id))  # reads, but as a writer
            connection = await session.connection()
            raw = await connection.get_raw_connection()
            assert raw.driver_connection.in_transaction  # type: ignore[union-attr]
            with pytest.raises(OperationalError, match="locked"):
                await _write_at_once(other)
    finally:
        await other.dispose()


async def _write_at_once(database: Database) -> None:
    async with database.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        await raw.driver_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
        await connection.execute(insert(_things).values(name="elbow"))
        await connection.commit()


async def test_rows_counts_and_inserted_ids(database: Database) -> None:
    async with database.transaction() as session:
        first = await session.execute(insert(_things).values(name="ankle"))
        second = await session.execute(insert(_things).values(name="wrist"))
        assert first.inserted_primary_key == (1,)  # type: ignore[attr-defined]
        assert second.inserted_primary_key == (2,)  # type: ignore[attr-defined]
        changed = await session.execute(update(_things).values(name=_things.c.name + "s"))
        assert changed.rowcount == 2  # type: ignore[attr-defined]
        returned = await session.execute(
            update(_things).where(_things.c.id == 2).values(name="neck").returning(_things.c.id)
        )
        assert returned.scalars().all() == [2]
        nothing = await session.execute(select(_things).where(_things.c.id == 99))
        assert nothing.first() is None
    async with database.reading() as session:
        names = (await session.execute(select(_things.c.name).order_by(_things.c.id))).scalars()
        assert list(names) == ["ankles", "neck"]


async def test_many_rows_in_one_statement(database: Database) -> None:
    async with database.transaction() as session:
        await session.execute(insert(_things), [{"name": f"joint {n}"} for n in range(50)])
    async with database.reading() as session:
        result = await session.execute(select(_things.c.id).order_by(_things.c.id))
        assert result.fetchmany(3) == [(1,), (2,), (3,)]
        assert len(result.fetchall()) == 47


async def _insert_twice(database: Database, name: str) -> None:
    async with database.transaction() as session:
        await session.execute(insert(_things).values(name=name))
        await session.execute(insert(_things).values(name=name))


async def _read_missing_table(database: Database) -> None:
    async with database.reading() as session:
        await session.execute(text("SELECT * FROM no_such_table"))


async def test_errors_are_sqlalchemys_and_roll_back(database: Database) -> None:
    with pytest.raises(IntegrityError):
        await _insert_twice(database, "shoulder")
    with pytest.raises(OperationalError):
        await _read_missing_table(database)
    async with database.reading() as session:
        assert (await session.execute(select(_things))).all() == []
