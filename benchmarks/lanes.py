"""Replies first: taps against a bare bot, taps during the evening fan-out, and one bulk pace for
two instances.

    .venv/bin/python -m benchmarks.lanes            # 100 tapping users, 5,000 reminders
    .venv/bin/python -m benchmarks.lanes --quick    # smaller numbers, for a smoke run
    TEST_POSTGRES_URL=postgresql+asyncpg://... .venv/bin/python -m benchmarks.lanes   # + section 3

The fake Bot API server and its users run in a process of their own (benchmarks.fake_api_process),
the bot in this one, so each has a core. Prints a table:
1. taps: users tap ✅ Done as soon as each next card shows, through the whole complex. The bot
   (SQLite, every press a transaction) against a bare python-telegram-bot bot that only edits a
   card per tap (no database), taking turns twice so that the machine's slow moments fall on
   both. The fake server does not play flood control here and the bot's
   per-chat pace is lifted, so this measures the bot's own machinery; a second row shows the same
   with the per-chat pace Telegram asks for (about one message a second in a chat), and, with
   TEST_POSTGRES_URL, one on PostgreSQL.
2. taps during the evening: users tap at a brisk pace (a card every five seconds, where a person
   spends 30 to 90 s on a card) while
   thousands of reminders fan out, with the fake server answering 429 above Telegram's limits.
   The tap latency against the same taps without the fan-out, and the bulk lane's pace.
3. two instances on PostgreSQL sending one batch of reminders: their combined bulk rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler

from benchmarks.fake_api_process import spawned
from benchmarks.table import Row, print_table
from bot.app import POLL_INTERVAL
from bot.content.loader import load_content
from bot.illustrations.drawings import Drawings
from bot.settings import PROJECT_ROOT, Settings
from tests.harness import (
    TEST_DRAWINGS,
    TEST_TOKEN,
    FakeClock,
    RunningBot,
    fresh_postgres_database,
    seed_due_reminders,
    sqlite_url,
)

DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30 in Berlin, a Monday
REMINDER_IDS = 1_000_000
TAPPER_IDS = 5_000_000
BULK_RATE: float = Settings.model_fields["bulk_messages_per_second"].default
LIFTED: dict[str, Any] = {"chat_messages_per_second": 1000, "chat_burst": 1000}
# The bare bot edits a text card; the bot compared with it does the same Telegram work.
TEXT_CARDS: dict[str, Any] = {**LIFTED, "card_animations": False}
# Seconds between a user's taps in the evening section. 100 users at 5 s offer 20 taps a second
# (as many as a few thousand people on their cards at once would), well under the bot's ceiling,
# so the section measures what the fan-out does to taps; at 2 s (50 a second) the bot runs near
# its ceiling and the tail measures that instead.
EVENING_PACE = 5.0
# Turns the bare bot and the bot take in the tap section.
TAP_TURNS = 2


def fake_api(reminders: int, *, enforce: bool) -> AbstractAsyncContextManager[dict[str, str]]:
    """The fake server in its own process, knowing the users of `reminders` reminders."""
    return spawned(REMINDER_IDS, reminders, enforce=enforce)


async def run_taps(
    endpoints: dict[str, str], users: int, first: int, pace: float, command: str
) -> dict[str, Any]:
    """Lets `users` fake users tap through `command`; their numbers, from the fake server."""
    async with httpx.AsyncClient(timeout=3600) as client:
        params: dict[str, str | int | float] = {
            "users": users,
            "first": first,
            "pace": pace,
            "command": command,
        }
        answer = await client.post(endpoints["taps"], params=params)
        answer.raise_for_status()
        result: dict[str, Any] = answer.json()
        return result


async def stats_of(endpoints: dict[str, str]) -> dict[str, Any]:
    """The reminders' numbers, from the fake server."""
    async with httpx.AsyncClient() as client:
        result: dict[str, Any] = (await client.get(endpoints["stats"])).json()
        return result


def bare_bot(url: str, total: int) -> Application[Any, Any, Any, Any, Any, Any]:
    """A python-telegram-bot bot with nothing else: /workout shows a card, Done edits it."""

    def card(step: int) -> tuple[str, InlineKeyboardMarkup]:
        done = InlineKeyboardButton("✅ Done", callback_data=str(step))
        return f"Card {step}/{total}", InlineKeyboardMarkup([[done]])

    async def start(update: Update, _: object) -> None:
        assert update.message is not None
        text, markup = card(1)
        await update.message.reply_text(text, reply_markup=markup)

    async def press(update: Update, _: object) -> None:
        query = update.callback_query
        assert query is not None
        assert query.data is not None
        await query.answer()
        text, markup = card(int(query.data) + 1)
        await query.edit_message_text(text, reply_markup=markup)

    app = ApplicationBuilder().token(TEST_TOKEN).base_url(f"{url}/bot").concurrent_updates(16)
    application = app.build()
    application.add_handler(CommandHandler("workout", start))
    application.add_handler(CallbackQueryHandler(press))
    return application


async def _bare_taps(users: int) -> dict[str, Any]:
    async with fake_api(0, enforce=False) as endpoints:
        bare = bare_bot(endpoints["url"], 33)
        await bare.initialize()
        await bare.start()
        assert bare.updater is not None
        await bare.updater.start_polling(poll_interval=0, timeout=5)
        try:
            return await run_taps(endpoints, users, TAPPER_IDS, 0, "/workout")
        finally:
            await bare.updater.stop()
            await bare.stop()
            await bare.shutdown()


async def _our_taps(users: int, database: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    async with fake_api(0, enforce=False) as endpoints:
        bot = RunningBot(endpoints["url"], sqlite_url(database), FakeClock())
        bot.poll_interval = POLL_INTERVAL
        bot.overrides.update(overrides)
        await bot.start()
        try:
            return await run_taps(endpoints, users, TAPPER_IDS, 0, "/workout")
        finally:
            await bot.stop()


def _combined(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Runs of one measure taken together: all their taps over all their time, the mean of
    their percentiles."""
    return {
        "taps": sum(r["taps"] for r in runs),
        "seconds": sum(r["seconds"] for r in runs),
        "p50": sum(r["p50"] for r in runs) / len(runs),
        "p99": sum(r["p99"] for r in runs) / len(runs),
        "calls_per_tap": sum(r["calls_per_tap"] for r in runs) / len(runs),
        "rates": [r["taps"] / r["seconds"] for r in runs],
    }


async def taps_against_a_bare_bot(users: int, folder: Path) -> list[Row]:
    """Section 1. The bare bot and the bot take turns, twice, so that the machine's slower and
    faster moments fall on both: the ratio is of their taps over their time in all."""
    bare_runs: list[dict[str, Any]] = []
    our_runs: list[dict[str, Any]] = []
    for turn in range(TAP_TURNS):
        bare_runs.append(await _bare_taps(users))
        our_runs.append(await _our_taps(users, folder / f"taps-{turn}.db", TEXT_CARDS))
    base, ours = _combined(bare_runs), _combined(our_runs)
    ok = ours["taps"] / ours["seconds"] >= 0.5 * base["taps"] / base["seconds"]
    animated = await _our_taps(users, folder / "taps-animated.db", LIFTED)
    paced = await _our_taps(users, folder / "taps-paced.db", {})
    rows = [
        _tap_row("bare python-telegram-bot bot (no database)", base, "reference"),
        _tap_row(
            "the bot, text cards, per-chat pace lifted", ours, "≥ ½ of the bare bot's taps/s", ok
        ),
        _tap_row(
            "the bot with card animations, per-chat pace lifted",
            animated,
            "the cost of the pictures",
        ),
        _tap_row(
            "the bot with card animations, Telegram's per-chat pace (1/s, burst 2)",
            paced,
            "≈ one tap per 2 s per user",
        ),
    ]
    server_url = os.environ.get("TEST_POSTGRES_URL")
    if server_url:
        async with (
            fake_api(0, enforce=False) as endpoints,
            fresh_postgres_database(server_url) as database_url,
        ):
            bot = RunningBot(endpoints["url"], database_url, FakeClock())
            bot.poll_interval = POLL_INTERVAL
            bot.overrides.update(TEXT_CARDS)
            await bot.start()
            try:
                result = await run_taps(endpoints, users, TAPPER_IDS + 2 * users, 0, "/workout")
            finally:
                await bot.stop()
        ok = result["taps"] / result["seconds"] >= 0.5 * base["taps"] / base["seconds"]
        target = "≥ ½ of the bare bot's taps/s"
        label = "the bot on PostgreSQL, text cards, per-chat pace lifted"
        rows.append(_tap_row(label, result, target, ok))
    return rows


def _tap_row(label: str, result: dict[str, Any], target: str, ok: bool | None = None) -> Row:
    rate = result["taps"] / result["seconds"]
    rates = result.get("rates", [])
    turns = f" ({' and '.join(f'{r:.0f}' for r in rates)})" if len(rates) > 1 else ""
    p50, p99 = result["p50"] * 1000, result["p99"] * 1000
    value = (
        f"{rate:.0f} taps/s{turns}, p50 {p50:.0f} ms, p99 {p99:.0f} ms,"
        f" {result['calls_per_tap']:.1f} calls/tap"
    )
    verdict = "info" if ok is None else ("ok" if ok else "FAIL")
    return Row(f"{label}: {result['taps']:,} taps", value, target, verdict)


async def taps_during_the_evening(users: int, reminders: int, folder: Path) -> list[Row]:
    """Section 2."""
    command = "/express"
    async with fake_api(reminders, enforce=True) as endpoints:
        clock = FakeClock(DUE)
        bot = RunningBot(endpoints["url"], sqlite_url(folder / "evening.db"), clock)
        bot.poll_interval = POLL_INTERVAL
        await bot.start()
        try:
            quiet = await run_taps(endpoints, users, TAPPER_IDS, EVENING_PACE, command)
            await seed_due_reminders(bot.deps.database, reminders, DUE, REMINDER_IDS)
            fan_out = asyncio.create_task(bot.dispatcher.run_due())
            await asyncio.sleep(1.0)  # the fan-out is under way
            busy = await run_taps(endpoints, users, TAPPER_IDS + users, EVENING_PACE, command)
            report = await fan_out
        finally:
            await bot.stop()
        stats = await stats_of(endpoints)
    p99_ok = busy["p99"] < 1.0 and busy["p99"] <= 1.5 * max(quiet["p99"], 0.05)
    clean = not (stats["too_many_requests"] or stats["duplicates"] or stats["missed"])
    return [
        _tap_row(f"taps, no fan-out (a card every {EVENING_PACE:g} s)", quiet, "reference"),
        Row(
            f"taps while {reminders:,} reminders fan out: {busy['taps']:,} taps",
            f"p50 {busy['p50'] * 1000:.0f} ms, p99 {busy['p99'] * 1000:.0f} ms",
            "p99 < 1 s and ≤ 1.5 × without the fan-out",
            "ok" if p99_ok else "FAIL",
        ),
        Row(
            f"the fan-out: {report.sent:,} reminders sent",
            f"{stats['bulk_rate']:.1f} msg/s, {stats['too_many_requests']} × 429 "
            f"({stats['chat_floods']} in a chat, {stats['bulk_floods']} over the bulk ceiling), "
            f"{stats['duplicates']} duplicates, {stats['missed']} missed",
            f"≥ 95 % of {BULK_RATE:g}/s, no 429, none twice or lost",
            "ok" if stats["bulk_rate"] >= 0.95 * BULK_RATE and clean else "FAIL",
        ),
    ]


async def two_instances(reminders: int) -> list[Row]:
    """Section 3, on the PostgreSQL server of TEST_POSTGRES_URL."""
    server_url = os.environ.get("TEST_POSTGRES_URL")
    if not server_url:
        return [Row("two instances on PostgreSQL", "skipped: no TEST_POSTGRES_URL", "", "info")]
    async with (
        fake_api(reminders, enforce=True) as endpoints,
        fresh_postgres_database(server_url) as database_url,
    ):
        clock = FakeClock(DUE)
        bots = [RunningBot(endpoints["url"], database_url, clock) for _ in range(2)]
        for running in bots:
            running.receive_updates = False
            await running.start()
        try:
            await seed_due_reminders(bots[0].deps.database, reminders, DUE, REMINDER_IDS)
            await asyncio.gather(*(running.dispatcher.run_due() for running in bots))
        finally:
            for running in bots:
                await running.stop()
        stats = await stats_of(endpoints)
    clean = not (stats["too_many_requests"] or stats["duplicates"] or stats["missed"])
    return [
        Row(
            f"two instances on PostgreSQL: {stats['sent']:,} reminders",
            f"{stats['bulk_rate']:.1f} msg/s together, {stats['too_many_requests']} × 429, "
            f"{stats['duplicates']} duplicates, {stats['missed']} missed",
            f"≤ {BULK_RATE:g}/s together, none twice or lost",
            "ok" if stats["bulk_rate"] <= BULK_RATE * 1.02 and clean else "FAIL",
        )
    ]


async def main(quick: bool) -> int:
    users, reminders = (20, 300) if quick else (100, 5_000)
    # The drawings are made before, as the Docker image does at build: no taps wait for them.
    content = load_content(PROJECT_ROOT / "content")
    Drawings(content.poses, TEST_DRAWINGS).fill()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        rows += await taps_against_a_bare_bot(users, path)
        rows += await taps_during_the_evening(users, reminders, path)
        rows += await two_instances(300 if quick else 600)
    print_table(rows)
    return 0 if all(r.verdict != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller numbers for a smoke run")
    raise SystemExit(asyncio.run(main(parser.parse_args().quick)))
