"""First contact: /start, the menu, commands in Telegram's menu, deep links, help."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import menu_of
from bot.content.keys import K, P
from bot.storage.models import User

from ..fake_telegram import FakeTelegramServer
from ..harness import TEST_TOKEN, RunningBot
from ..texts import EN, matches, routine, said


async def test_start_on_a_fresh_database(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start")
    welcome = await ann.wait_for_message()
    text = welcome.content
    assert said(K.START_WELCOME, name="Ann") in text
    assert said(K.START_ABOUT) in text
    assert said(K.START_SAFETY) in text
    assert routine("full").button in welcome.button_texts
    for routine_id in ("neck", "shoulders", "back", "ribs"):
        assert routine(routine_id).button in welcome.button_texts, routine_id
    async with bot.deps.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
        user = await session.get(User, 111)
    assert user is not None
    assert user.first_name == "Ann"
    assert user.language_code == "en"


async def test_commands_are_registered_for_the_menu(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    names = [c["command"] for c in server.commands()]
    # The menu is what the features registered (the operators' commands are not in it) ...
    assert names == [c.name for c in menu_of(bot.app) if not c.admin]
    # ... in their order: /start first, then every routine that has a command, in the order of
    # content/program.yaml, and /help last.
    routines = [r.command for r in bot.deps.content.program.routines if r.command]
    assert {"workout", "neck", "shoulders", "ribs"} <= set(routines)
    assert names[: len(routines) + 1] == ["start", *routines]
    assert names[-1] == "help"
    assert {"stop", "remind", "timezone", "settings", "progress", "pause"} <= set(names)
    assert {"mydata", "deleteme", "language", "routines"} <= set(names)
    assert server.tokens_seen == {TEST_TOKEN}


async def test_deep_link_opens_the_routine(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start neck")
    welcome = await ann.wait_for_message()
    assert said(K.START_SAFETY) in welcome.content
    card = await ann.wait_for_message(lambda m: EN.get(K.BUTTON_DONE) in m.button_texts)
    assert routine("neck").title in card.content
    assert "1/14" in card.content
    assert card.button_texts[:2] == [EN.get(K.BUTTON_DONE), EN.get(K.BUTTON_SKIP)]


async def test_deep_link_to_an_unknown_routine_is_a_plain_start(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/start nonsense")
    welcome = await ann.wait_for_message()
    assert routine("full").button in welcome.button_texts
    setup = await ann.wait_for_message()
    assert said(K.SETUP_ASK_ZONE) in setup.content
    await server.wait_idle()
    assert ann.messages == [welcome, setup]


async def test_routines_menu_shows_counts_and_minutes(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/routines")
    menu = await ann.wait_for_message()
    full = routine("full")
    line = EN.get(
        K.MENU_LINE,
        routine=full.title,
        description=full.description,
        exercises=EN.count(P.EXERCISES, 33),
        minutes=35,
    )
    assert line in (menu.raw or "")  # with its HTML formatting
    neck = routine("neck").title
    assert matches(K.MENU_LINE, menu.content, routine=neck, exercises=EN.count(P.EXERCISES, 14))
    assert len(menu.button_texts) == 11


async def test_help_lists_the_commands(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/help")
    help_message = await ann.wait_for_message()
    for command in ("/workout", "/neck", "/shoulders", "/back", "/ribs", "/routines", "/stop"):
        assert command in help_message.content
