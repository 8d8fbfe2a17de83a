"""The two sending lanes against a fake server that enforces Telegram's flood limits: a tap's
replies keep to the per-chat limit, and a paused bulk lane never holds a reply back."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

from bot.content.keys import K
from bot.sending.limiter import Lane

from ..fake_telegram import FakeTelegramServer
from ..fake_telegram.flood import FloodLimits
from ..harness import FakeClock, RunningBot, seed_due_reminders
from ..texts import EN
from .steps import is_card, open_routine

DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30 in Berlin, a Monday


async def test_tapping_through_a_routine_keeps_to_the_per_chat_limit(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> None:
    bot = RunningBot(server, database_url, clock)
    bot.overrides.update(chat_messages_per_second=1.0, chat_burst=2)  # the defaults
    await bot.start()
    try:
        flood = server.enforce_flood_limits()
        shoulders = bot.deps.content.program.routine("shoulders")
        assert shoulders is not None
        total = shoulders.total
        ann = server.user(111, "Ann")
        card = await open_routine(ann, "/shoulders", total)
        for step in range(2, total + 1):
            await ann.press(card, EN.get(K.BUTTON_DONE))
            card = await ann.wait_for_shown(is_card(f"{step}/{total}"), timeout=10)
        done = EN.get(K.BUTTON_DONE)
        await ann.press(card, done)
        await ann.wait_for_message(lambda m: done not in m.button_texts, timeout=10)
        assert (flood.chat_floods, server.too_many_requests) == (0, 0)
        assert bot.app.bot.rate_limiter is not None
    finally:
        await bot.stop()


async def test_a_paused_bulk_lane_does_not_hold_a_reply_back(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> None:
    bot = RunningBot(server, database_url, clock)
    await bot.start()
    try:
        ids = await seed_due_reminders(bot.deps.database, 20, DUE)
        for user_id in ids:
            server.user(user_id, f"User {user_id}")
        server.enforce_flood_limits(FloodLimits(bulk_per_second=30))
        clock.current = DUE
        # Telegram asks the first reminder to wait: the whole bulk lane pauses for 2 seconds.
        server.fail_next("sendMessage", chat_id=ids[0], retry_after=2)
        fan_out = asyncio.create_task(bot.run_reminders())
        await server.wait_for(lambda: server.too_many_requests + _flood_answers(server) > 0)
        ann = server.user(111, "Ann")
        await open_routine(ann, "/neck", 14)
        assert not fan_out.done()  # the reply came while the bulk lane was still paused
        report = await fan_out
        assert report.sent == 20
        per_chat = Counter(m.chat_id for m in server.sent_messages if m.chat_id in set(ids))
        assert set(per_chat.values()) == {1}
        assert server.too_many_requests == 0  # the only 429 was the one the test asked for
        limiter = bot.app.bot.rate_limiter
        assert getattr(limiter, "flood_waits", None) == {Lane.INTERACTIVE: 0, Lane.BULK: 1}
    finally:
        await bot.stop()


def _flood_answers(server: FakeTelegramServer) -> int:
    return sum(1 for call in server.calls_to("sendMessage") if call.status == 429)
