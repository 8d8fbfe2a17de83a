"""Walking through routines: Done, Skip, Stop, summaries, and what is recorded."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import CardEvent, Session

from ..fake_telegram import BotMessage, FakeTelegramServer, FakeUser
from ..harness import FakeClock, RunningBot
from .steps import data_of, is_card, open_routine


async def test_whole_neck_routine_by_done(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/neck", 14)
    titles = []
    for step in range(1, 15):
        assert card.content.startswith(f"Neck for headaches · {step}/14\n")
        assert "Starting position:" in card.content
        assert "How much:" in card.content
        assert "Never tip your head back" in card.content  # the rules travel with every card
        assert "\n1. " in card.content
        assert "\n2. " in card.content
        titles.append(card.content.splitlines()[1])
        clock.advance(seconds=50)
        await ann.press(card, "✅ Done")
        assert await ann.wait_for_toast() == "✅ Done"
        collapsed = await ann.wait_for_edit(card)
        assert collapsed.content == f"✅ {step}/14 · {titles[-1]}"
        assert collapsed.button_texts == []
        if step < 14:
            card = await ann.wait_for_message(is_card(f"{step + 1}/14"))
    summary = await ann.wait_for_message()
    assert "Neck for headaches complete! Done: 14 of 14, skipped: 0, about 12 min" in (
        summary.content
    )
    assert summary.button_texts == ["🔁 Once more", "📋 Routines"]
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
    await ann.press(card, "⏭ Skip")
    assert await ann.wait_for_toast() == "⏭ Skipped"
    assert (await ann.wait_for_edit(card)).content.endswith("(skipped)")
    card = await ann.wait_for_message(is_card("2/3"))
    await ann.press(card, "✅ Done")
    card = await ann.wait_for_message(is_card("3/3"))
    await ann.press(card, "⏭ Skip")
    summary = await ann.wait_for_message()
    assert "Done: 1 of 3, skipped: 2" in summary.content
    async with bot.deps.database.transaction() as session:
        outcomes = (await session.scalars(select(CardEvent.outcome).order_by(CardEvent.step))).all()
    assert outcomes == ["skipped", "done", "skipped"]


async def test_stop_button_ends_with_a_summary(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/workout", 33)
    await ann.press(card, "✅ Done")
    card = await ann.wait_for_message(is_card("2/33"))
    await ann.press(card, "⏹ Stop")
    assert await ann.wait_for_toast() == "⏹ Stopped"
    summary = await ann.wait_for_message()
    assert "Full complex stopped at card 2/33. Done: 1, skipped: 0" in summary.content
    assert server.message(111, card.message_id).content.endswith("(stopped here)")
    assert server.message(111, card.message_id).button_texts == []
    await ann.send("/stop")
    nothing = await ann.wait_for_message()
    assert "no routine in progress" in nothing.content
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
    assert "Ribs stopped at card 1/1" in summary.content
    assert server.message(111, card.message_id).button_texts == []
    await ann.press_data(card, data_of(card, "✅ Done"))
    assert await ann.wait_for_toast() == "This routine has already ended."


async def test_once_more_and_menu_after_the_end(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    card = await open_routine(ann, "/back", 1)
    await ann.press(card, "✅ Done")
    summary = await ann.wait_for_message()
    await ann.press(summary, "🔁 Once more")
    again = await ann.wait_for_message(is_card("1/1"))
    assert again.message_id != card.message_id
    await ann.press(summary, "📋 Routines")
    menu = await ann.wait_for_message()
    assert "🧘 Full complex" in menu.button_texts


async def test_menu_button_starts_a_routine(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start")
    welcome = await ann.wait_for_message()
    await ann.press(welcome, "🦵 Knees")
    card = await ann.wait_for_message(is_card("1/2"))
    assert "Knees" in card.content


async def walk_to_summary(
    user: FakeUser, command: str, total: int, clock: FakeClock
) -> list[BotMessage]:
    """Opens a routine by its command and taps ✅ Done on every card; returns the cards."""
    await user.send(command)
    cards = []
    for step in range(1, total + 1):
        card = await user.wait_for_message(is_card(f"{step}/{total}"))
        cards.append(card)
        clock.advance(seconds=40)
        await user.press(card, "✅ Done")
    return cards


async def test_express_set_walks_feet_to_neck_to_its_summary(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    cards = await walk_to_summary(ann, "/express", 9, clock)
    intro = next(m for m in ann.messages if "How do your joints feel" in m.content)
    assert intro.content.startswith("Express set · 9 exercises · about 10 min\n")
    assert "Have at hand: a stable chair without wheels, a towel, a mat" in intro.content
    assert "non-slip socks" in intro.content
    assert cards[0].content.startswith("Express set · Feet and ankles · 1/9\nFoot rolls\n")
    assert cards[-1].content.startswith("Express set · Neck for headaches · 9/9\n")
    summary = await ann.wait_for_message(lambda m: "complete!" in m.content)
    assert "Express set complete! Done: 9 of 9, skipped: 0" in summary.content


async def test_desk_set_stays_off_the_floor_to_its_summary(
    bot: RunningBot, server: FakeTelegramServer, clock: FakeClock
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start desk")  # the deep link opens it too
    await ann.wait_for_message(lambda m: "Hello, Ann" in m.content)
    first = await ann.wait_for_message(is_card("1/13"))
    await ann.send("/stop")
    await ann.wait_for_message(lambda m: "stopped at card 1" in m.content)
    assert first.content.startswith("Desk set · Feet and ankles · 1/13\n")
    cards = await walk_to_summary(ann, "/desk", 13, clock)
    for card in cards:
        start = next(line for line in card.content.split("\n") if line.startswith("Starting"))
        floor = ("Sit on a mat", "Sit cross-legged", "Lie ", "Kneel")
        assert not any(start.startswith(f"Starting position: {f}") for f in floor), start
    assert "Sit on the front half of a stable chair" in cards[1].content  # ankle circles
    summary = await ann.wait_for_message(lambda m: "complete!" in m.content)
    assert "Desk set complete! Done: 13 of 13, skipped: 0" in summary.content
