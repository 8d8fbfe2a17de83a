"""Walking through routines: Done, Skip, Stop, summaries, and what is recorded."""

from __future__ import annotations

from sqlalchemy import select

from bot.content.keys import K, P
from bot.storage.models import CardEvent, Session

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot
from ..texts import EN, lead, locale, matches, pattern, routine, said
from .steps import data_of, is_card, open_routine, shows_card

DONE, SKIP, STOP = EN.get(K.BUTTON_DONE), EN.get(K.BUTTON_SKIP), EN.get(K.BUTTON_STOP)


async def test_whole_neck_routine_by_done(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    neck = routine("neck").title
    rules = said(K.CARD_RULES, text=locale().sections["neck"].rules)
    titles = []
    for step in range(1, 15):
        header = said(K.CARD_HEADER_SHORT, routine=neck, position=f"{step}/14")
        assert card.content.startswith(f"{header}\n")
        assert lead(K.CARD_START) in card.content
        assert lead(K.CARD_DOSE) in card.content
        assert rules in card.content  # the rules travel with every card
        assert "\n" + lead(K.CARD_STEP, number=1) in card.content
        assert "\n" + lead(K.CARD_STEP, number=2) in card.content
        titles.append(card.content.splitlines()[1])
        clock.advance(seconds=50)
        await ann.press(card, DONE)
        assert await ann.wait_for_toast() == EN.get(K.TOAST_DONE)
        turned = await ann.wait_for_edit(card)  # one card per routine: the same message
        if step < 14:
            assert is_card(f"{step + 1}/14")(turned)
            done = said(K.CARD_DONE_LINE, position=f"{step}/14", title=titles[-1])
            assert turned.content.endswith(f"\n\n{done}")  # right above the buttons tapped
            card = turned
    summary = turned
    finished = said(K.SUMMARY_FINISHED, routine=neck, done=14, total=14, skipped=0, minutes=12)
    assert finished in summary.content
    assert summary.button_texts == [EN.get(K.BUTTON_AGAIN), EN.get(K.BUTTON_MENU)]
    after = await ann.wait_for_message(lambda m: said(K.RATING_ASK_AFTER) in m.content)
    assert after.message_id > summary.message_id
    assert not any(shows_card(m.content, f"{k}/14") for m in ann.messages for k in range(1, 15))
    assert len(set(titles)) == 14
    async with bot.deps.database.transaction() as session:
        stored = (await session.scalars(select(Session))).one()
        events = (await session.scalars(select(CardEvent).order_by(CardEvent.step))).all()
    assert stored.status == "finished"
    assert stored.finished_at is not None
    assert [e.step for e in events] == list(range(14))
    assert {e.outcome for e in events} == {"done"}
    assert events[0].exercise_id == "neck_side_tilts"


async def test_skip_is_recorded_and_counted(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    await ann.press(card, SKIP)
    assert await ann.wait_for_toast() == EN.get(K.TOAST_SKIPPED)
    skipped_line = pattern(K.CARD_SKIPPED_LINE, position="1/3")
    card = await ann.wait_for_edit(card)
    assert is_card("2/3")(card)
    assert skipped_line.fullmatch(card.content.rsplit("\n", 1)[1])
    await ann.press(card, DONE)
    card = await ann.wait_for_shown(is_card("3/3"))
    await ann.press(card, SKIP)
    summary = await ann.wait_for_edit(card)
    assert matches(K.SUMMARY_FINISHED, summary.content, done=1, total=3, skipped=2)
    words, cards = locale().exercises, bot.deps.content.program.by_command("shoulders")
    assert cards is not None
    titles = ", ".join(words[cards.exercises[step].id].title for step in (0, 2))
    assert said(K.SUMMARY_SKIPPED, titles=titles) in summary.content
    async with bot.deps.database.transaction() as session:
        outcomes = (await session.scalars(select(CardEvent.outcome).order_by(CardEvent.step))).all()
    assert outcomes == ["skipped", "done", "skipped"]


async def test_stop_button_ends_with_a_summary(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    await ann.press(card, DONE)
    card = await ann.wait_for_shown(is_card("2/33"))
    await ann.press(card, STOP)
    assert await ann.wait_for_toast() == EN.get(K.TOAST_STOPPED)
    summary = await ann.wait_for_edit(card)  # the card pressed turns into the summary
    full = routine("full").title
    assert matches(
        K.SUMMARY_STOPPED, summary.content, routine=full, position="2/33", done=1, skipped=0
    )
    assert summary.button_texts == [EN.get(K.BUTTON_MENU)]
    await ann.send("/stop")
    nothing = await ann.wait_for_message()
    assert said(K.STOP_NOTHING) in nothing.content
    async with bot.deps.database.transaction() as session:
        assert (await session.scalars(select(Session.status))).all() == ["stopped"]


async def test_stop_command_ends_the_open_routine(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/ribs", 1)
    # The card's message id is stored just after the card is sent; a /stop racing that write
    # cannot collapse the card (a known race, see the closing note of the card-message writes).
    await server.wait_idle()
    await ann.send("/stop")
    summary = await ann.wait_for_message()
    assert matches(
        K.SUMMARY_STOPPED, summary.content, routine=routine("ribs").title, position="1/1"
    )
    assert server.message(111, card.message_id).button_texts == []
    await ann.press_data(card, data_of(card, DONE))
    assert await ann.wait_for_toast() == EN.get(K.TOAST_ENDED)


async def test_once_more_and_menu_after_the_end(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/back", 1)
    await ann.press(card, DONE)
    summary = await ann.wait_for_edit(card)
    await ann.press(summary, EN.get(K.BUTTON_AGAIN))
    again = await ann.wait_for_shown(is_card("1/1"))
    assert again.message_id != card.message_id
    await ann.press(summary, EN.get(K.BUTTON_MENU))
    menu = await ann.wait_for_message()
    assert routine("full").button in menu.button_texts


async def test_menu_button_starts_a_routine(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start")
    welcome = await ann.wait_for_message()
    await ann.press(welcome, routine("knees").button)
    card = await ann.wait_for_shown(is_card("1/2"))
    assert routine("knees").title in card.content


async def walk_to_summary(
    user: FakeUser, command: str, total: int, clock: FakeClock
) -> list[BotMessage]:
    """Opens a routine by its command and taps ✅ Done on every card; returns the cards."""
    await user.send(command)
    cards = []
    for step in range(1, total + 1):
        card = await user.wait_for_shown(is_card(f"{step}/{total}"))
        cards.append(card)
        clock.advance(seconds=40)
        await user.press(card, DONE)
    await user.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    return cards


async def test_express_set_walks_feet_to_neck_to_its_summary(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    cards = await walk_to_summary(ann, "/express", 9, clock)
    intro = next(m for m in ann.messages if said(K.RATING_ASK_BEFORE) in m.content)
    express, words = routine("express").title, locale()
    nine = EN.count(P.EXERCISES, 9)
    title = said(K.INTRO_TITLE, routine=express, exercises=nine, minutes=10)
    assert intro.content.startswith(f"{title}\n")
    items = ", ".join(words.equipment[need] for need in ("chair", "towel", "mat"))
    assert lead(K.INTRO_NEEDS) + items in intro.content  # the first of what to have at hand
    assert said(K.INTRO_FOOTING) in intro.content
    first = said(
        K.CARD_HEADER, routine=express, section=words.sections["feet"].title, position="1/9"
    )
    assert cards[0].content.startswith(f"{first}\n{words.exercises['foot_roll'].title}\n")
    last = said(
        K.CARD_HEADER, routine=express, section=words.sections["neck"].title, position="9/9"
    )
    assert cards[-1].content.startswith(f"{last}\n")
    summary = await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    assert matches(K.SUMMARY_FINISHED, summary.content, routine=express, done=9, total=9, skipped=0)


async def test_desk_set_stays_off_the_floor_to_its_summary(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start desk")  # the deep link opens it too
    await ann.wait_for_message(lambda m: said(K.START_WELCOME, name="Ann") in m.content)
    first = await ann.wait_for_shown(is_card("1/13"))
    await ann.send("/stop")
    await ann.wait_for_message(lambda m: matches(K.SUMMARY_STOPPED, m.content, position="1/13"))
    desk, words = routine("desk").title, locale()
    header = said(
        K.CARD_HEADER, routine=desk, section=words.sections["feet"].title, position="1/13"
    )
    assert first.content.startswith(f"{header}\n")
    cards = await walk_to_summary(ann, "/desk", 13, clock)
    starting = lead(K.CARD_START)
    for card in cards:
        start = next(line for line in card.content.split("\n") if line.startswith(starting))
        floor = ("Sit on a mat", "Sit cross-legged", "Lie ", "Kneel")
        assert not any(start.startswith(f"{starting}{f}") for f in floor), start
    chair = words.exercises["ankle_circles"].variants["chair"].start
    assert said(K.CARD_START, text=chair) in cards[1].content  # ankle circles, on a chair
    summary = await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    assert matches(K.SUMMARY_FINISHED, summary.content, routine=desk, done=13, total=13, skipped=0)


async def test_a_card_that_can_no_longer_be_edited_comes_as_a_new_message(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/shoulders", 3)
    # The user deleted the card on their phone just before the tap reached the bot.
    server.fail_next(
        "editMessageText", chat_id=111, error_code=400, description="message to edit not found"
    )
    await ann.press(card, DONE)
    second = await ann.wait_for_message(is_card("2/3"))
    assert second.message_id != card.message_id
    await server.wait_idle()
    await ann.send("/stop")  # the new message is the card of the session now
    stopped = await ann.wait_for_edit(second)
    assert pattern(K.CARD_STOPPED_LINE, position="2/3").fullmatch(stopped.content)
