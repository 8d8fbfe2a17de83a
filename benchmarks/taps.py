"""Tap throughput of the storage: how many ✅ Done presses per second each database applies.

    .venv/bin/python -m benchmarks.taps                       # SQLite, and PostgreSQL if given
    TEST_POSTGRES_URL=postgresql+asyncpg://... .venv/bin/python -m benchmarks.taps
    .venv/bin/python -m benchmarks.taps --quick               # smaller numbers, for a smoke run

Each user opens the full complex and presses Done card after card; many users press at the same
time, and every press arrives twice (a double tap), of which exactly one may apply. A press is
the real coaching service in one database transaction (the same code a button runs, without
Telegram around it), so the table shows what the database allows. Telegram sets no overall
ceiling on replies, only about one message a second in each chat; a press is one edit (the card
turns into the next), so the column to read is presses a second against the users tapping at a
person's pace, about one tap every 30 to 60 seconds each.
"With two instances" runs the presses through two engines (two connection pools), as two bot
processes on one database would. The PostgreSQL server is a throwaway one with fsync off
(scripts/postgres-for-tests.sh), so its numbers are an upper bound for a real server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.content.loader import load_content
from bot.domain.flow import CardAction
from bot.domain.people import Person
from bot.features.coaching.callbacks import CardPress
from bot.services.coaching import CoachingService, Moved, Started
from bot.services.users import UserService
from bot.settings import PROJECT_ROOT
from bot.storage.database import Database
from tests.harness import FakeClock, fresh_postgres_database, sqlite_url

# A person doing the exercises taps about once every 30 seconds (a card lasts 30 to 90 s).
PERSON_TAP_SECONDS = 30
CARD_MESSAGE = 1  # the message the presses come from


@dataclass
class Row:
    """One line of the results table."""

    backend: str
    instances: int
    users: int
    taps: int
    seconds: float
    duplicates: int

    @property
    def per_second(self) -> float:
        """Presses applied per second."""
        return self.taps / self.seconds


async def run(url: str, backend: str, instances: int, users: int, presses: int) -> Row:
    """Opens the full complex for `users` users, then they all press Done `presses` times."""
    program = load_content(PROJECT_ROOT / "content").program
    clock = FakeClock()
    databases = [Database(url) for _ in range(instances)]
    await databases[0].migrate()
    people = [Person(id=1_000 + n, first_name=f"U{n}", language_code="en") for n in range(users)]
    sessions: dict[int, int] = {}
    for person in people:
        async with databases[0].transaction() as session:
            await UserService(session, clock).meet(person)
            outcome = await CoachingService(session, program, clock).start(person.id, "full")
        assert isinstance(outcome, Started)
        sessions[person.id] = outcome.card.session.id

    applied = 0
    duplicates = 0

    async def user_taps(index: int, person: Person) -> None:
        nonlocal applied, duplicates
        database = databases[index % instances]
        for step in range(presses):
            press = CardPress(sessions[person.id], step, CardAction.DONE)
            # Every press arrives twice (a double tap): exactly one of the two may apply.
            results = []
            for _ in range(2):
                async with database.transaction() as session:
                    service = CoachingService(session, program, clock)
                    results.append(
                        await service.press(
                            person.id, press.session_id, press.step, press.action, CARD_MESSAGE
                        )
                    )
            # The second of the two is answered `again` (what the first led to), not applied.
            moved = sum(isinstance(result, Moved) and not result.again for result in results)
            applied += moved
            duplicates += max(0, moved - 1)

    started = time.perf_counter()
    await asyncio.gather(*(user_taps(i, person) for i, person in enumerate(people)))
    elapsed = time.perf_counter() - started
    for database in databases:
        await database.dispose()
    return Row(backend, instances, users, applied, elapsed, duplicates)


async def main(quick: bool) -> None:
    users, presses = (20, 5) if quick else (100, 20)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        rows.append(
            await run(sqlite_url(Path(folder) / "one.sqlite3"), "SQLite", 1, users, presses)
        )
        rows.append(
            await run(sqlite_url(Path(folder) / "two.sqlite3"), "SQLite", 2, users, presses)
        )
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        for instances in (1, 2):
            async with fresh_postgres_database(server) as url:
                rows.append(await run(url, "PostgreSQL", instances, users, presses))
    print(
        f"{'database':<11} {'instances':>9} {'users':>6} {'presses':>8} {'per second':>11}  "
        f"{'users, a tap per 30 s':>21}  duplicates"
    )
    for row in rows:
        print(
            f"{row.backend:<11} {row.instances:>9} {row.users:>6} {row.taps:>8} "
            f"{row.per_second:>11,.0f}  {row.per_second * PERSON_TAP_SECONDS:>21,.0f}  "
            f"{row.duplicates}"
        )
    if not server:
        print("(PostgreSQL skipped: set TEST_POSTGRES_URL, see scripts/postgres-for-tests.sh)")
    if any(row.duplicates or row.taps != users * presses for row in rows):
        raise SystemExit("FAIL: a press was applied twice or lost")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
