"""Several instances on one database, behind a load balancer, as in production.

Each instance is a whole Application in webhook mode. The test plays the load balancer: it takes
the updates the fake Telegram queued and posts them to one instance or to both at once.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.content.keys import K
from bot.storage.models import Session
from bot.storage.reminders import ReminderRepository

from ..fake_telegram import FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot, seed_due_reminders
from ..texts import EN, plain
from .steps import event_count, is_card, shows_card
from .webhooks import post, webhook_overrides

DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # Monday, 18:30 in Berlin
TOTAL = 33  # cards of the full complex


@pytest.fixture
async def pair(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> AsyncIterator[tuple[RunningBot, RunningBot]]:
    """Two instances sharing one database and one bot token."""
    bots: list[RunningBot] = []
    try:
        for _ in range(2):
            running = RunningBot(server, database_url, clock)
            running.overrides.update(webhook_overrides())
            # Fan-out tests send hundreds of messages; the limiter's pace is not under test here.
            running.overrides["bulk_messages_per_second"] = 1_000
            running.overrides["paid_broadcast"] = True
            await running.start()
            bots.append(running)
        yield bots[0], bots[1]
    finally:
        for running in bots:
            await running.stop()


async def deliver(server: FakeTelegramServer, *targets: RunningBot) -> None:
    """Posts every queued update to each target instance, to all of them at the same moment."""
    for update in server.take_updates():
        await _post_all([(target, update) for target in targets])


async def deliver_split(server: FakeTelegramServer, first: RunningBot, second: RunningBot) -> None:
    """Posts the queued updates alternately to the two instances, all at the same moment."""
    updates = server.take_updates()
    targets = [first if index % 2 == 0 else second for index in range(len(updates))]
    await _post_all(list(zip(targets, updates, strict=True)))


async def _post_all(requests: list[tuple[RunningBot, dict[str, Any]]]) -> None:
    responses = await asyncio.gather(
        *(post(target, json.dumps(update).encode()) for target, update in requests)
    )
    assert [response.status_code for response in responses] == [200] * len(requests)


def cards_sent(server: FakeTelegramServer, chat_id: int) -> Counter[int]:
    """How many times each card position was shown in a chat: sent, or an older card turned
    into it."""
    sent: Counter[int] = Counter()
    for call in [*server.calls_to("sendMessage"), *server.calls_to("editMessageText")]:
        if call.params.get("chat_id") != chat_id or not call.ok:
            continue
        text = plain(str(call.params.get("text", "")))  # as the user reads it
        for step in range(1, TOTAL + 1):
            if shows_card(text, f"{step}/{TOTAL}"):
                sent[step] += 1
    return sent


async def step_of(bot: RunningBot, user_id: int) -> int:
    async with bot.deps.database.transaction() as session:
        step = await session.scalar(select(Session.step).where(Session.user_id == user_id))
    assert step is not None
    return step


async def tap_done(user: FakeUser, card_position: int) -> None:
    """Presses Done on the live card at `card_position`."""
    card = await user.wait_for_shown(is_card(f"{card_position}/{TOTAL}"))
    await user.press(card, EN.get(K.BUTTON_DONE))


async def test_taps_spread_over_two_instances_advance_one_card_each(
    pair: tuple[RunningBot, RunningBot], server: FakeTelegramServer
) -> None:
    first, second = pair
    ann = server.user(111, "Ann")
    await ann.send("/workout")
    await deliver(server, first)
    position = 1

    # Plain load balancing: each tap lands on one instance, alternating.
    for target in (second, first, second, first):
        await tap_done(ann, position)
        await deliver(server, target)
        position += 1

    # Telegram re-delivers one update, and the two copies reach both instances at once.
    await tap_done(ann, position)
    await deliver(server, first, second)
    position += 1

    # A double tap: two callback queries at the same moment, one on each instance.
    for _ in range(3):
        card = await ann.wait_for_shown(is_card(f"{position}/{TOTAL}"))
        await ann.press(card, EN.get(K.BUTTON_DONE))
        await ann.press(card, EN.get(K.BUTTON_DONE))
        await deliver_split(server, first, second)
        position += 1

    await ann.wait_for_shown(is_card(f"{position}/{TOTAL}"))
    await server.wait_idle()
    assert await step_of(first, 111) == position - 1  # 0-based step of the live card
    assert await event_count(first) == position - 1
    assert cards_sent(server, 111) == Counter(dict.fromkeys(range(1, position + 1), 1))


async def test_500_due_reminders_go_out_once_from_two_instances(
    pair: tuple[RunningBot, RunningBot], server: FakeTelegramServer, clock: FakeClock
) -> None:
    first, second = pair
    clock.current = DUE
    ids = await seed_due_reminders(first.deps.database, 500, DUE)
    for user_id in ids:
        server.user(user_id, f"User {user_id}")
    for running in pair:
        dispatcher = running.dispatcher
        dispatcher.policy = type(dispatcher.policy)(batch_size=25, concurrency=10)

    reports = await asyncio.gather(first.dispatcher.run_due(), second.dispatcher.run_due())

    assert sum(report.sent for report in reports) == 500
    assert sum(report.failed + report.retried for report in reports) == 0
    chats = Counter(call.params.get("chat_id") for call in server.calls_to("sendMessage"))
    assert chats == Counter(dict.fromkeys(ids, 1))
    # Nothing is left to send: another pass of either instance finds no due reminder.
    assert (await first.dispatcher.run_due()).claimed == 0
    assert (await second.dispatcher.run_due()).claimed == 0


async def test_two_instances_keep_one_bulk_pace_and_hand_the_lane_over(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> None:
    rate = 20
    bots = [RunningBot(server, database_url, clock) for _ in range(2)]
    for running in bots:
        running.overrides.update(webhook_overrides(), bulk_messages_per_second=rate)
        await running.start()
    try:
        clock.current = DUE
        ids = await seed_due_reminders(bots[0].deps.database, 40, DUE)
        for user_id in ids:
            server.user(user_id, f"User {user_id}")

        reports = await asyncio.gather(*(b.dispatcher.run_due() for b in bots))

        # One instance ran the lane, so the pace is the setting's, not twice it.
        assert sorted(r.sent for r in reports) == [0, 40]
        holder, other = bots if reports[0].sent else bots[::-1]
        sent_at = sorted(c.at for c in server.calls_to("sendMessage") if c.ok)
        assert max(_in_a_second(sent_at, at) for at in sent_at) <= rate
        assert Counter(c.params["chat_id"] for c in server.calls_to("sendMessage")) == Counter(
            dict.fromkeys(ids, 1)
        )

        # The holder dies mid-batch: its claims stay, and it renews its lease no more.
        later = await seed_due_reminders(bots[0].deps.database, 20, DUE, first_id=2_000_000)
        for user_id in later:
            server.user(user_id, f"User {user_id}")
        async with holder.deps.database.transaction() as session:
            await ReminderRepository(session).claim_due(
                DUE, DUE + timedelta(minutes=5), f"{holder.deps.bulk_lane.instance}-rm-x", 5
            )
        assert (await other.dispatcher.run_due()).claimed == 0  # its lease still runs
        clock.advance(seconds=61)
        assert (await other.dispatcher.run_due()).sent == 20  # the lane, and the dead claims
        assert (await holder.dispatcher.run_due()).claimed == 0  # back, it is not the holder
        chats = Counter(c.params["chat_id"] for c in server.calls_to("sendMessage"))
        assert chats == Counter(dict.fromkeys([*ids, *later], 1))
    finally:
        for running in bots:
            await running.stop()


def _in_a_second(times: list[float], start: float) -> int:
    # A little under a second, so that two sends exactly one interval apart at both ends of
    # the window do not count as one too many.
    return sum(1 for at in times if start <= at < start + 0.95)
