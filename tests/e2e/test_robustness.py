"""Presses applied at most once; stale, foreign and forged buttons; restarts; many users."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.content.keys import K
from bot.storage.models import CardEvent, Session

from ..fake_telegram import FakeTelegramServer
from ..harness import RunningBot
from ..texts import EN, lead, matches, routine, said
from .steps import data_of, event_count, is_card, open_routine, shows_card

DONE, SKIP, STOP = EN.get(K.BUTTON_DONE), EN.get(K.BUTTON_SKIP), EN.get(K.BUTTON_STOP)


async def test_double_tap_moves_one_card(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    first = await ann.press(card, DONE)
    second = await ann.press(card, DONE)
    toasts = {await ann.wait_for_toast(query_id=first), await ann.wait_for_toast(query_id=second)}
    assert toasts == {EN.get(K.TOAST_DONE), EN.get(K.TOAST_STALE)}
    await ann.wait_for_shown(is_card("2/33"))
    await server.wait_idle()
    cards = [m for m in ann.messages if DONE in m.button_texts]
    assert len(cards) == 1
    assert shows_card(cards[0].content, "2/33")
    assert await event_count(bot) == 1


async def test_many_simultaneous_taps_apply_once(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    data = data_of(card, DONE)
    queries = [await ann.press_data(card, data) for _ in range(8)]
    toasts = [await ann.wait_for_toast(query_id=q) for q in queries]
    assert toasts.count(EN.get(K.TOAST_DONE)) == 1
    assert toasts.count(EN.get(K.TOAST_STALE)) == 7
    await server.wait_idle()
    assert await event_count(bot) == 1


async def test_old_card_button_never_skips(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    first = await open_routine(ann, "/neck", 14)
    stale_done = data_of(first, DONE)
    stale_skip = data_of(first, SKIP)
    await ann.press(first, DONE)
    second = await ann.wait_for_shown(is_card("2/14"))
    for data in (stale_done, stale_skip, data_of(first, STOP)):
        await ann.press_data(first, data)
        assert await ann.wait_for_toast() == EN.get(K.TOAST_STALE)
    await server.wait_idle()
    assert server.message(111, second.message_id).button_texts[:2] == [DONE, SKIP]
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
    await bob.press_data(bob_card, data_of(ann_card, DONE))
    assert await bob.wait_for_toast() == EN.get(K.TOAST_NOT_YOURS)
    await server.wait_idle()
    assert await event_count(bot) == 0


async def test_forged_and_malformed_data(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    for forged in ("c:999999:0:d", "garbage", "c:1:0:z", "r:../../etc", "o:424242"):
        await ann.press_data(card, forged)
        assert await ann.wait_for_toast() == EN.get(K.TOAST_INVALID)
    await ann.press_data(card, "r:nosuch")
    await ann.wait_for_toast()
    await server.wait_idle()
    assert await event_count(bot) == 0
    # An unknown routine id answers with the menu rather than failing.
    assert any(said(K.ROUTINE_GONE) in m.content for m in ann.messages)


async def test_a_press_after_the_step_was_forged_forward(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    session_id = data_of(card, DONE).split(":")[1]
    await ann.press_data(card, f"c:{session_id}:5:d")
    assert await ann.wait_for_toast() == EN.get(K.TOAST_STALE)
    await server.wait_idle()
    assert await event_count(bot) == 0


async def test_restart_mid_workout_continues(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    for step in range(2, 6):
        await ann.press(card, DONE)
        card = await ann.wait_for_shown(is_card(f"{step}/33"))
    await bot.restart()
    await ann.press(card, DONE)
    assert await ann.wait_for_toast() == EN.get(K.TOAST_DONE)
    card = await ann.wait_for_shown(is_card("6/33"))
    assert await event_count(bot) == 5


async def test_commands_after_restart_resume_the_open_routine(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    await ann.press(card, DONE)
    old = await ann.wait_for_shown(is_card("2/33"))
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
    ann_card = await ann.wait_for_shown(is_card("1/14"))
    bob_card = await bob.wait_for_shown(is_card("1/3"))
    for _ in range(2):
        await ann.press(ann_card, DONE)
        await bob.press(bob_card, SKIP)
        ann_card = await ann.wait_for_edit(ann_card)
        bob_card = await bob.wait_for_edit(bob_card)
    assert shows_card(ann_card.content, "3/14")
    shoulders = routine("shoulders").title
    assert said(K.CARD_HEADER_SHORT, routine=shoulders, position="3/3") in bob_card.content
    async with bot.deps.database.transaction() as session:
        rows = (await session.execute(select(CardEvent.user_id, CardEvent.outcome))).all()
    assert sorted(rows) == [(111, "done"), (111, "done"), (222, "skipped"), (222, "skipped")]


async def test_many_users_concurrently(bot: RunningBot, server: FakeTelegramServer) -> None:
    users = [server.user(1000 + n, f"User{n}") for n in range(20)]
    for user in users:
        await user.send("/ribs")
    cards = [await u.wait_for_shown(is_card("1/1")) for u in users]
    for user, card in zip(users, cards, strict=True):
        await user.press(card, DONE)
    summaries = await asyncio.gather(
        *(u.wait_for_edit(card) for u, card in zip(users, cards, strict=True))
    )
    assert all(matches(K.SUMMARY_FINISHED, s.content, done=1, total=1) for s in summaries)
    assert await event_count(bot) == 20


async def test_asking_for_another_routine_while_one_is_open(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    await ann.press(card, DONE)
    await ann.wait_for_shown(is_card("2/33"))
    await ann.send("/neck")
    question = await ann.wait_for_message()
    full, neck_title = routine("full").title, routine("neck").title
    assert (
        said(K.CONFLICT_QUESTION, open_routine=full, position="2/33", new_routine=neck_title)
        in question.content
    )
    assert question.button_texts == [
        EN.get(K.BUTTON_CONTINUE, routine=full, position="2/33"),
        EN.get(K.BUTTON_START_NEW, routine=neck_title),
    ]
    await ann.press(question, lead(K.BUTTON_CONTINUE))
    resumed = await ann.wait_for_message(is_card("2/33"))
    assert full in resumed.content
    await ann.send("/neck")
    question = await ann.wait_for_message()
    await ann.press(question, lead(K.BUTTON_START_NEW))
    neck = await ann.wait_for_shown(is_card("1/14"))
    assert neck.content.startswith(lead(K.CARD_HEADER_SHORT, routine=neck_title))
    # The old question's buttons no longer work.
    await ann.press_data(question, data_of(question, lead(K.BUTTON_CONTINUE)))
    assert await ann.wait_for_toast() in {EN.get(K.TOAST_ENDED), EN.get(K.TOAST_INVALID)}
    async with bot.deps.database.transaction() as session:
        statuses = (await session.scalars(select(Session.status).order_by(Session.id))).all()
    assert statuses == ["stopped", "active"]


async def test_start_shows_the_open_routine(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await open_routine(ann, "/shoulders", 3)
    await ann.send("/start")
    welcome = await ann.wait_for_message()
    shoulders = routine("shoulders").title
    assert said(K.START_OPEN_SESSION, routine=shoulders, position="1/3") in welcome.content
    continue_button = EN.get(K.BUTTON_CONTINUE, routine=shoulders, position="1/3")
    assert welcome.button_texts[0] == continue_button
    await ann.press(welcome, continue_button)
    await ann.wait_for_shown(is_card("1/3"))
