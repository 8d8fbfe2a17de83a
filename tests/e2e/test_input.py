"""Whatever a user sends gets a short, useful answer, and nothing crashes."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from bot.content.keys import K

from ..fake_telegram import FakeTelegramServer
from ..harness import RunningBot
from ..texts import routine, said


async def test_free_text_gets_a_hint_and_the_menu(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("my neck hurts, what should I do?")
    hint = await ann.wait_for_message()
    assert said(K.HINT_TEXT) in hint.content
    assert routine("full").button in hint.button_texts


async def test_unknown_command_gets_a_hint(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/dance")
    hint = await ann.wait_for_message()
    assert said(K.HINT_UNKNOWN_COMMAND) in hint.content


async def test_a_sticker_gets_a_hint(bot: RunningBot, server: FakeTelegramServer) -> None:
    ann = server.user(111, "Ann")
    await ann.send_message_fields(
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        }
    )
    assert said(K.HINT_OTHER) in (await ann.wait_for_message()).content


async def test_odd_input_leaves_no_traceback(
    bot: RunningBot, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    ann = server.user(111, "Ann")
    for text in (
        "/start " + "x" * 200,
        "/neck@joint_coach_bot",
        "/STOP",
        "<b>",
        "&amp;",
        "🙂" * 50,
    ):
        await ann.send(text)
        await ann.wait_for_message()
    await server.wait_idle()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_names_with_markup_are_escaped(bot: RunningBot, server: FakeTelegramServer) -> None:
    eve = server.user(333, "<b>Eve & co</b>")
    await eve.send("/start")
    welcome = await eve.wait_for_message()
    assert said(K.START_WELCOME, name="<b>Eve & co</b>") in welcome.content


async def test_an_unexpected_error_gets_a_short_apology(
    bot: RunningBot, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    ann = server.user(111, "Ann")
    # The database goes away under the running bot: every unit of work now fails.
    unreachable = create_async_engine("sqlite+aiosqlite:////proc/no-such-dir/bot.sqlite3")
    bot.deps.database.sessions = async_sessionmaker(unreachable)
    await ann.send("/neck")
    apology = await ann.wait_for_message()
    assert apology.content == said(K.ERROR_GENERIC)
    assert any("error while handling update" in r.getMessage() for r in caplog.records)
    await unreachable.dispose()
