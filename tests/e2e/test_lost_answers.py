"""No tap lost on the way back: a press the database applied always ends with the user seeing
what it led to, even when the answer was refused, failed, or never sent."""

from __future__ import annotations

from bot.content.keys import K
from bot.domain.flow import CardAction

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import RunningBot
from ..texts import EN, locale, matches
from .steps import data_of, event_count, is_card, open_routine

DONE, STOP = EN.get(K.BUTTON_DONE), EN.get(K.BUTTON_STOP)
STALE_TOAST = EN.get(K.TOAST_STALE)


async def commit_without_answer(
    bot: RunningBot, card: BotMessage, action: CardAction = CardAction.DONE
) -> None:
    """What a process that dies right after the press's transaction leaves: the press applied
    in the database, nothing sent (and Telegram never delivers that press again)."""
    _, session_id, step, _ = data_of(card, DONE).split(":")
    async with bot.deps.coaching() as coaching:
        await coaching.press(card.chat_id, int(session_id), int(step), action, card.message_id)


def errors_told(user: FakeUser) -> list[BotMessage]:
    return [m for m in user.messages if m.content == EN.get(K.ERROR_GENERIC)]


async def test_a_press_answered_too_late_still_brings_the_next_card(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    await bot.stop()
    query = await ann.press(card, DONE)  # the bot is down: the press waits at Telegram
    server.age_presses(20)
    await bot.start()
    second = await ann.wait_for_shown(is_card("2/3"))
    assert second.message_id == card.message_id
    await server.wait_idle()
    assert server._queries[query].refused  # Telegram refused the toast; the card came anyway
    assert errors_told(ann) == []
    assert await event_count(bot) == 1


async def test_a_lost_next_card_comes_with_a_press_on_the_old_card(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    await commit_without_answer(bot, card)
    await ann.press(card, DONE)  # the user's only button: Done on the card they still see
    second = await ann.wait_for_shown(is_card("2/3"))
    assert second.message_id == card.message_id  # turned in place, as the lost answer would
    assert await ann.wait_for_toast() is None
    done_line = locale().texts.get(K.CARD_DONE_LINE, position="1/3", title="")
    assert done_line.split("1/3")[0] in second.content
    assert await event_count(bot) == 1  # shown again, not applied again
    await ann.press(second, DONE)
    assert is_card("3/3")(await ann.wait_for_shown(is_card("3/3")))
    assert await event_count(bot) == 2


async def test_a_failed_send_is_healed_by_the_next_press(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    server.fail_next("editMessageText", chat_id=111, error_code=502, description="Bad Gateway")
    await ann.press(card, DONE)
    await ann.wait_for_message(lambda m: m.content == EN.get(K.ERROR_GENERIC))
    assert is_card("1/3")(server.message(111, card.message_id))
    await ann.press(card, DONE)
    await ann.wait_for_shown(is_card("2/3"))
    assert await event_count(bot) == 1


async def test_a_second_tap_after_the_answer_changes_nothing(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    first = await ann.press(card, DONE)
    second = await ann.press(card, DONE)  # a double tap: both presses from the first card
    await ann.wait_for_shown(is_card("2/3"))
    assert await ann.wait_for_toast(query_id=first) == EN.get(K.TOAST_DONE)
    assert await ann.wait_for_toast(query_id=second) == STALE_TOAST
    await server.wait_idle()
    assert len(server.calls_to("editMessageText")) == 2  # the turn, and the edit that told
    assert await event_count(bot) == 1


async def test_a_lost_summary_comes_with_its_rating_prompt(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/ribs", 1)
    await commit_without_answer(bot, card)
    await ann.press(card, DONE)
    summary = await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    assert summary.message_id == card.message_id
    await ann.wait_for_message(lambda m: EN.get(K.RATING_ASK_AFTER) in m.content)
    assert await event_count(bot) == 1


async def test_a_lost_stop_summary_comes_with_stop_on_the_old_card(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    await commit_without_answer(bot, card, CardAction.STOP)
    await ann.press(card, DONE)  # Done on a stopped routine's card: it has ended
    assert await ann.wait_for_toast() == EN.get(K.TOAST_ENDED)
    await ann.press(card, STOP)  # ⏹ again: the summary that was never shown
    summary = await ann.wait_for_shown(lambda m: matches(K.SUMMARY_STOPPED, m.content))
    assert summary.message_id == card.message_id


async def test_a_lost_card_comes_back_with_its_animation(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/start feet", 4)
    program = bot.deps.content.program
    feet = program.routine("feet")
    assert feet is not None
    title = locale().exercises[feet.exercises[1].id].title
    second_caption = EN.get(K.CARD_MEDIA_CAPTION, position="2/4", title=title)
    await ann.wait_for_shown(lambda m: m.media_kind == "animation")
    await server.wait_idle()  # the card's messages are remembered after they are sent
    await commit_without_answer(bot, card)
    await ann.press(card, DONE)
    await ann.wait_for_shown(lambda m: m.caption == second_caption)
    second = await ann.wait_for_shown(is_card("2/4"))
    assert second.message_id == card.message_id
    assert [m.caption for m in ann.messages if m.media_kind == "animation"] == [second_caption]


async def test_a_late_write_never_points_the_session_back_at_an_older_card(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    _, session_id, _, _ = data_of(card, DONE).split(":")
    await ann.press(card, DONE)
    await ann.wait_for_shown(is_card("2/3"))
    async with bot.deps.coaching() as coaching:
        # What a slow instance would write for card 1 after the user tapped on to card 2.
        await coaching.remember_card_message(int(session_id), 0, card.message_id + 50, None)
    async with bot.deps.coaching() as coaching:
        current = await coaching.open_session(111)
    assert current is not None
    assert current.card_message_id == card.message_id
