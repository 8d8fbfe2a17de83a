"""The bulk-lane lease: one holder at a time, renewed while held, taken over when it runs out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.scheduling import Delivery, DeliveryPolicy, ReminderDispatcher, SendOutcome
from bot.sending.outbox import BulkLane
from bot.storage.database import Database
from bot.storage.reminders import DueReminder

from ..harness import FakeClock, seed_due_reminders, sqlite_url

DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(sqlite_url(tmp_path / "lane.sqlite3"))
    await database.migrate()
    try:
        yield database
    finally:
        await database.dispose()


async def test_one_holder_at_a_time_and_a_takeover_when_its_lease_runs_out(
    database: Database,
) -> None:
    clock = FakeClock()
    first = BulkLane(database, clock, "first", ttl=timedelta(seconds=60))
    second = BulkLane(database, clock, "second", ttl=timedelta(seconds=60))
    assert await first.hold()
    assert not await second.hold()
    clock.advance(seconds=59)
    assert await first.hold()  # renewed: a minute from now
    clock.advance(seconds=59)
    assert not await second.hold()
    turn = first.taken_at
    clock.advance(seconds=61)  # the first stopped renewing
    assert await second.hold()
    assert not await first.hold()
    assert first.taken_at is None
    assert second.taken_at is not None
    assert second.taken_at != turn


async def test_a_released_lane_goes_to_the_next_at_once(database: Database) -> None:
    clock = FakeClock()
    first = BulkLane(database, clock, "first")
    second = BulkLane(database, clock, "second")
    assert await first.hold()
    await first.release()
    assert await second.hold()


async def test_keep_renews_only_a_third_of_a_lease_after_the_last_renewal(
    database: Database,
) -> None:
    clock = FakeClock()
    lane = BulkLane(database, clock, "first", ttl=timedelta(seconds=60))
    other = BulkLane(database, clock, "other", ttl=timedelta(seconds=60))
    assert await lane.hold()
    clock.advance(seconds=10)
    assert await lane.keep()  # too soon to renew: nothing written
    clock.advance(seconds=15)
    assert await lane.keep()  # renewed at 25 s: held until 85 s
    clock.advance(seconds=50)
    assert not await other.hold()


async def test_the_heartbeat_renews_a_held_lane_and_takes_none(database: Database) -> None:
    clock = FakeClock()
    lane = BulkLane(database, clock, "first", ttl=timedelta(seconds=15))
    other = BulkLane(database, clock, "other", ttl=timedelta(seconds=15))
    await lane.heartbeat()  # not held: the polls take the lane, the heartbeat only keeps it
    assert lane.taken_at is None
    assert await lane.hold()
    for _ in range(12):  # a minute of a pass that writes nothing (a long 429)
        clock.advance(seconds=5)
        await lane.heartbeat()
        assert not await other.hold()


async def test_a_pass_that_loses_the_lane_stops_sending(database: Database) -> None:
    clock = FakeClock(DUE)
    await seed_due_reminders(database, 20, DUE)
    lane = BulkLane(database, clock, "first", ttl=timedelta(seconds=15))
    other = BulkLane(database, clock, "other", ttl=timedelta(seconds=15))
    sent: list[int] = []

    async def send(due: DueReminder, day: date) -> SendOutcome:
        sent.append(due.user_id)
        if len(sent) == 5:  # the database stalled past the lease: another instance took over
            clock.advance(seconds=16)
            assert await other.hold()
            await lane.heartbeat()
        return SendOutcome(Delivery.SENT)

    dispatcher = ReminderDispatcher(database, clock, send, lane)
    dispatcher.policy = DeliveryPolicy(concurrency=1)
    await dispatcher.run_due()
    assert len(sent) == 5
    assert lane.taken_at is None
    # The new holder frees the claims it inherited and sends the other fifteen.
    rest = ReminderDispatcher(database, clock, send, other)
    report = await rest.run_due()
    assert report.sent == 15
    assert len(set(sent)) == 20
