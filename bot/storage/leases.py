"""Leases in the database: a named job that one instance at a time may run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Lease


class LeaseRepository:
    """The leases table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def acquire(
        self, name: str, holder: str, now: datetime, until: datetime
    ) -> datetime | None:
        """Takes the lease if it is free or ran out, or renews it if `holder` has it; returns
        when the holder's turn began, or None while another holder's lease runs."""
        dialect = self._session.bind.dialect.name if self._session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        await self._session.execute(
            insert(Lease)
            .values(name=name, holder=holder, until=until, taken_at=now)
            .on_conflict_do_nothing(index_elements=[Lease.name])
        )
        await self._session.execute(
            update(Lease)
            .where(Lease.name == name, Lease.holder == holder)
            .values(until=until)
            .execution_options(synchronize_session=False)
        )
        await self._session.execute(
            update(Lease)
            .where(Lease.name == name, Lease.holder != holder, Lease.until < now)
            .values(holder=holder, until=until, taken_at=now)
            .execution_options(synchronize_session=False)
        )
        row = (
            await self._session.execute(
                select(Lease.holder, Lease.taken_at).where(Lease.name == name)
            )
        ).first()
        return row.taken_at if row is not None and row.holder == holder else None

    async def release(self, name: str, holder: str) -> None:
        """Gives the lease up, if `holder` has it."""
        await self._session.execute(
            delete(Lease)
            .where(Lease.name == name, Lease.holder == holder)
            .execution_options(synchronize_session=False)
        )
