"""Reminder fan-out benchmark: many users due in the same minute, on SQLite.

    .venv/bin/python -m benchmarks.reminder_fanout            # 100,000 users; 2,000 and 5,000 sends
    .venv/bin/python -m benchmarks.reminder_fanout --quick    # smaller numbers, for a smoke run

Prints a table:
1. claiming every due reminder in batches and computing each user's next one (no network),
   and the peak memory of that pass;
2. the sustained send rate of the bulk lane at its default (25/s) through the fake Bot API
   server, which answers 429 above 30 messages/s overall or 1/s per chat;
3. the bot's own ceiling, with the bulk lane at the paid-broadcast ceiling of 1000/s and the
   fake server taking everything, against bare python-telegram-bot sends on the same machine
   (a ratio, so that a slower machine does not fail it).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import HTTPXRequest

from benchmarks.fake_api_process import spawned
from benchmarks.table import Row, print_table
from bot.scheduling import Delivery, DeliveryPolicy, ReminderDispatcher, SendOutcome
from bot.sending.outbox import BulkLane
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.reminders import DueReminder
from tests.harness import TEST_TOKEN, FakeClock, RunningBot, seed_due_reminders, sqlite_url

DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30 in Berlin, a Monday
TELEGRAM_LIMIT = 30.0
DEFAULT_RATE: float = Settings.model_fields["bulk_messages_per_second"].default
# The bot's own ceiling against the bare sends on the same machine: each reminder also costs a
# claim, a decision, a rendering and its share of a write-back, and passes through the lane.
CEILING_SHARE = 0.6


async def seed(database: Database, users: int, first_id: int = 1_000_000) -> list[int]:
    """Users with an 18:30 Berlin reminder, all due at DUE."""
    return await seed_due_reminders(database, users, DUE, first_id)


async def _instant(due: DueReminder, day: date) -> SendOutcome:
    return SendOutcome(Delivery.SENT)


async def _fan_out(users: int, path: Path, *, trace_memory: bool) -> tuple[float, int, int, int]:
    """Seeds a database, runs one dispatcher pass; returns seconds, sent, re-claimed, peak."""
    database = Database(sqlite_url(path))
    await database.migrate()
    await seed(database, users)
    clock = FakeClock(DUE)
    dispatcher = ReminderDispatcher(database, clock, _instant, BulkLane(database, clock, "bench"))
    dispatcher.policy = type(dispatcher.policy)(batch_size=1_000, concurrency=1_000)
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    report = await dispatcher.run_due()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    tracemalloc.stop()
    again = await dispatcher.run_due()
    await database.dispose()
    return elapsed, report.sent, again.claimed, peak


async def claim_and_compute(users: int, folder: Path) -> list[Row]:
    """Section 1: the database side of a fan-out, with an instant sender.

    Timed without tracemalloc (it slows Python down several times); memory is a second pass.
    """
    elapsed, sent, reclaimed, _ = await _fan_out(
        users, folder / "claim.sqlite3", trace_memory=False
    )
    _, _, _, peak = await _fan_out(users, folder / "memory.sqlite3", trace_memory=True)
    report_ok = sent == users and reclaimed == 0
    per_second = users / elapsed
    return [
        Row(
            f"claim + next reminder, {users:,} users (batches of 1,000)",
            f"{elapsed:.1f} s ({per_second:,.0f}/s)",
            f"≪ {users / TELEGRAM_LIMIT / 60:.0f} min of sending at 30/s",
            "ok" if report_ok else "FAIL",
        ),
        Row(
            "peak Python memory of that pass (tracemalloc)",
            f"{peak / 2**20:.0f} MiB",
            "bounded by the batch, not the user count",
            "ok",
        ),
    ]


async def send_through_fake_api(
    users: int, rate: float, folder: Path, label: str, target: str, minimum: float
) -> list[Row]:
    """Sections 2 and 3: the real bot sending reminders to the fake Bot API server.

    The server runs in a process of its own (the second core), so the rate is the bot's. At the
    free pace it enforces Telegram's limits (429 above them); at the paid ceiling it takes
    everything, to show how fast the bot itself can go.
    """
    first_id = 1_000_000
    async with spawned(first_id, users, enforce=rate <= TELEGRAM_LIMIT) as endpoints:
        clock = FakeClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
        bot = RunningBot(endpoints["url"], sqlite_url(folder / f"send-{rate:g}.sqlite3"), clock)
        bot.overrides["bulk_messages_per_second"] = rate
        bot.overrides["paid_broadcast"] = rate > TELEGRAM_LIMIT
        await bot.start()
        try:
            await seed(bot.deps.database, users, first_id)
            clock.current = DUE
            started = time.perf_counter()
            report = await bot.dispatcher.run_due()
            elapsed = time.perf_counter() - started
        finally:
            await bot.stop()
        async with httpx.AsyncClient() as client:
            stats = (await client.get(endpoints["stats"])).json()
    achieved = report.sent / elapsed
    clean = not (stats["too_many_requests"] or stats["duplicates"] or stats["missed"])
    return [
        Row(
            f"{label}: {users:,} reminders",
            f"{achieved:.1f} msg/s, {stats['too_many_requests']} × 429, "
            f"{stats['duplicates']} duplicates, {stats['missed']} missed",
            target,
            "ok" if achieved >= minimum and clean else "FAIL",
        )
    ]


async def bare_sends(users: int, concurrency: int) -> float:
    """What this machine can send without the bot: python-telegram-bot's Bot alone sends a
    reminder-sized message with two buttons to each user, `concurrency` at a time, to the same
    fake server (no database, no lanes); returns messages a second."""
    first_id = 3_000_000
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton("▶️ Start", callback_data="a"), InlineKeyboardButton("⏰", "b")]]
    )
    text = "Time for your joints: about 35 minutes, gently. " * 3
    async with spawned(first_id, users, enforce=False) as endpoints:
        request = HTTPXRequest(connection_pool_size=concurrency + 8, pool_timeout=10.0)
        bot = Bot(TEST_TOKEN, base_url=f"{endpoints['url']}/bot", request=request)
        queue = iter(range(first_id, first_id + users))

        async def worker() -> None:
            for chat_id in queue:
                await bot.send_message(chat_id, text, reply_markup=markup)

        async with bot:
            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
    return users / elapsed


async def main(quick: bool) -> int:
    users, limited, unlimited = (10_000, 300, 1_000) if quick else (100_000, 2_000, 5_000)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        rows += await claim_and_compute(users, path)
        rows += await send_through_fake_api(
            limited,
            DEFAULT_RATE,
            path,
            f"bulk lane at its default ({DEFAULT_RATE:g}/s)",
            f"≥ 95 % of {DEFAULT_RATE:g} msg/s, no 429, none twice or lost",
            0.95 * DEFAULT_RATE,
        )
        bare = await bare_sends(unlimited, DeliveryPolicy().concurrency)
        rows.append(
            Row(
                f"bare python-telegram-bot sends, {unlimited:,} (no database, no lanes)",
                f"{bare:.1f} msg/s",
                "reference: this machine",
                "info",
            )
        )
        rows += await send_through_fake_api(
            unlimited,
            1_000.0,
            path,
            "bulk lane at the paid-broadcast ceiling (1000/s)",
            f"≥ {CEILING_SHARE:.0%} of the bare sends ({CEILING_SHARE * bare:.0f} msg/s)",
            CEILING_SHARE * bare,
        )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(Row("peak resident memory of the whole run", f"{peak_rss:.0f} MiB", "", "info"))
    print_table(rows)
    return 0 if all(r.verdict != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller numbers for a smoke run")
    raise SystemExit(asyncio.run(main(parser.parse_args().quick)))
