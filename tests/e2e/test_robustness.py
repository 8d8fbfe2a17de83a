"""Presses applied at most once; stale, foreign and forged buttons; restarts; many users."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.storage.models import CardEvent, Session

from ..fake_telegram import FakeTelegramServer
from ..harness import RunningBot
from .steps import data_of, event_count, is_card, open_routine


async def test_double_tap_moves_one_card(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    first = await ann.press(card, "✅ Done")
    second = await ann.press(card, "✅ Done")
    toasts = {await ann.wait_for_toast(query_id=first), await ann.wait_for_toast(query_id=second)}
    assert toasts == {"✅ Done", "This card is already behind you."}
    await ann.wait_for_message(is_card("2/33"))
    await server.wait_idle()
    cards = [m for m in ann.messages if "✅ Done" in m.button_texts]
    assert len(cards) == 1
    assert " · 2/33\n" in cards[0].content
    assert await event_count(bot) == 1


async def test_many_simultaneous_taps_apply_once(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    data = data_of(card, "✅ Done")
    queries = [await ann.press_data(card, data) for _ in range(8)]
    toasts = [await ann.wait_for_toast(query_id=q) for q in queries]
    assert toasts.count("✅ Done") == 1
    assert toasts.count("This card is already behind you.") == 7
    await server.wait_idle()
    assert await event_count(bot) == 1


async def test_old_card_button_never_skips(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    first = await open_routine(ann, "/neck", 14)
    stale_done = data_of(first, "✅ Done")
    stale_skip = data_of(first, "⏭ Skip")
    await ann.press(first, "✅ Done")
    second = await ann.wait_for_message(is_card("2/14"))
    for data in (stale_done, stale_skip, data_of(first, "⏹ Stop")):
        await ann.press_data(first, data)
        assert await ann.wait_for_toast() == "This card is already behind you."
    await server.wait_idle()
    assert server.message(111, second.message_id).button_texts[:2] == ["✅ Done", "⏭ Skip"]
    assert await event_count(bot) == 1
    async with bot.deps.database.transaction() as session:
        assert await session.scalar(select(Session.step)) == 1


async def test_buttons_of_another_user_change_nothing(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann, bob = server.user(111, "Ann"), server.user(222, "Bob")
    ann_card = await open_routine(ann, "/neck", 14)
    bob_card = await open_routine(bob, "/neck", 14)
    # Bob replays Ann's callback data on his own message: it names Ann's session.
    await bob.press_data(bob_card, data_of(ann_card, "✅ Done"))
    assert await bob.wait_for_toast() == "This button belongs to someone else's routine."
    await server.wait_idle()
    assert await event_count(bot) == 0


async def test_forged_and_malformed_data(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    for forged in ("c:999999:0:d", "garbage", "c:1:0:z", "r:../../etc", "o:424242"):
        await ann.press_data(card, forged)
        assert await ann.wait_for_toast() == (
            "This button no longer works. Send /routines to start again."
        )
    await ann.press_data(card, "r:nosuch")
    await ann.wait_for_toast()
    await server.wait_idle()
    assert await event_count(bot) == 0
    # An unknown routine id answers with the menu rather than failing.
    assert any("no longer available" in m.content for m in ann.messages)


async def test_a_press_after_the_step_was_forged_forward(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    session_id = data_of(card, "✅ Done").split(":")[1]
    await ann.press_data(card, f"c:{session_id}:5:d")
    assert await ann.wait_for_toast() == "This card is already behind you."
    await server.wait_idle()
    assert await event_count(bot) == 0


async def test_restart_mid_workout_continues(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    for step in range(2, 6):
        await ann.press(card, "✅ Done")
        card = await ann.wait_for_message(is_card(f"{step}/33"))
    await bot.restart()
    await ann.press(card, "✅ Done")
    assert await ann.wait_for_toast() == "✅ Done"
    card = await ann.wait_for_message(is_card("6/33"))
    assert await event_count(bot) == 5


async def test_commands_after_restart_resume_the_open_routine(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    await ann.press(card, "✅ Done")
    old = await ann.wait_for_message(is_card("2/33"))
    await bot.restart()
    await ann.send("/workout")
    again = await ann.wait_for_message(is_card("2/33"))
    assert again.message_id != old.message_id
    await ann.wait_for_edit(old)  # the older copy loses its buttons
    assert server.message(111, old.message_id).button_texts == []


async def test_two_users_at_once_do_not_mix(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann, bob = server.user(111, "Ann"), server.user(222, "Bob")
    await ann.send("/neck")
    await bob.send("/shoulders")
    ann_card = await ann.wait_for_message(is_card("1/14"))
    bob_card = await bob.wait_for_message(is_card("1/3"))
    for _ in range(2):
        await ann.press(ann_card, "✅ Done")
        await bob.press(bob_card, "⏭ Skip")
        ann_card = await ann.wait_for_message(lambda m: "✅ Done" in m.button_texts)
        bob_card = await bob.wait_for_message(lambda m: "✅ Done" in m.button_texts)
    assert " · 3/14\n" in ann_card.content
    assert "Shoulders · 3/3" in bob_card.content
    async with bot.deps.database.transaction() as session:
        rows = (await session.execute(select(CardEvent.user_id, CardEvent.outcome))).all()
    assert sorted(rows) == [(111, "done"), (111, "done"), (222, "skipped"), (222, "skipped")]


async def test_many_users_concurrently(bot: RunningBot, server: FakeTelegramServer) -> None:
    users = [server.user(1000 + n, f"User{n}") for n in range(20)]
    for user in users:
        await user.send("/ribs")
    cards = [await u.wait_for_message(is_card("1/1")) for u in users]
    for user, card in zip(users, cards, strict=True):
        await user.press(card, "✅ Done")
    summaries = await asyncio.gather(*(u.wait_for_message() for u in users))
    assert all("Done: 1 of 1" in s.content for s in summaries)
    assert await event_count(bot) == 20


async def test_asking_for_another_routine_while_one_is_open(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    await ann.press(card, "✅ Done")
    await ann.wait_for_message(is_card("2/33"))
    await ann.send("/neck")
    question = await ann.wait_for_message()
    assert "unfinished routine: Full complex, card 2/33" in question.content
    assert question.button_texts == [
        "▶️ Continue Full complex (2/33)",
        "🆕 Start Neck for headaches",
    ]
    await ann.press(question, "▶️ Continue")
    resumed = await ann.wait_for_message(is_card("2/33"))
    assert "Full complex" in resumed.content
    await ann.send("/neck")
    question = await ann.wait_for_message()
    await ann.press(question, "🆕 Start")
    neck = await ann.wait_for_message(is_card("1/14"))
    assert neck.content.startswith("Neck for headaches")
    # The old question's buttons no longer work.
    await ann.press_data(question, data_of(question, "▶️"))
    assert await ann.wait_for_toast() in {
        "This routine has already ended.",
        "This button no longer works. Send /routines to start again.",
    }
    async with bot.deps.database.transaction() as session:
        statuses = (await session.scalars(select(Session.status).order_by(Session.id))).all()
    assert statuses == ["stopped", "active"]


async def test_start_shows_the_open_routine(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await open_routine(ann, "/shoulders", 3)
    await ann.send("/start")
    welcome = await ann.wait_for_message()
    assert "unfinished routine: Shoulders, card 1/3" in welcome.content
    assert welcome.button_texts[0] == "▶️ Continue Shoulders (1/3)"
    await ann.press(welcome, "▶️ Continue")
    await ann.wait_for_message(is_card("1/3"))
