"""The operator's /stats and /broadcast, and what everyone else sees of them."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from bot.app import BROADCAST_JOB, broadcaster_of
from bot.content.keys import K, P
from bot.content.loader import Html
from bot.features.operator.texts import OperatorText

from ..fake_telegram import FakeTelegramServer
from ..harness import FakeClock, RunningBot
from ..texts import EN, RU, lead, locale, matches, said
from .steps import data_of, is_card

ADMIN = 900


@pytest.fixture
async def admin_bot(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with user 900 as its operator."""
    running = RunningBot(server, database_url, clock)
    running.overrides["admin_ids"] = frozenset({ADMIN})
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_non_admins_get_the_unknown_command_answer(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    await ann.send("/dance")
    unknown = (await ann.wait_for_message()).content
    for command in ("/stats", "/broadcast Hello everyone"):
        await ann.send(command)
        assert (await ann.wait_for_message()).content == unknown
    everyone = [c["command"] for c in server.commands()]
    assert "stats" not in everyone
    assert "broadcast" not in everyone


async def test_admin_commands_are_listed_only_for_the_admin(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> None:
    server.user(ADMIN, "Olga")
    running = RunningBot(server, database_url, clock)
    running.overrides["admin_ids"] = frozenset({ADMIN})
    await running.start()
    await running.stop()
    scoped = [c["command"] for c in server.commands(scope={"type": "chat", "chat_id": ADMIN})]
    assert {"stats", "broadcast"} <= set(scoped)


async def test_stats(admin_bot: RunningBot, server: FakeTelegramServer) -> None:
    olga, ann = server.user(ADMIN, "Olga"), server.user(111, "Ann")
    await ann.send("/ribs")
    card = await ann.wait_for_shown(is_card("1/1"))
    await ann.press(card, EN.get(K.BUTTON_DONE))
    await ann.wait_for_shown(lambda m: matches(K.SUMMARY_FINISHED, m.content))
    await olga.send("/stats")
    stats = (await olga.wait_for_message()).content
    assert matches(OperatorText.STATS, stats, users=1, active_7=1, active_30=1, blocked=0)
    assert said(OperatorText.STATS_DAY, date="23 Nov", count=1) in stats


async def test_broadcast_preview_confirm_and_report(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga")
    users = [server.user(2000 + n, f"U{n}") for n in range(5)]
    for user in users:
        await user.send("/routines")
        await user.wait_for_message()
    server.block(2004)
    await olga.send("/broadcast New: a <shoulder> set & more")
    preview = await olga.wait_for_message()
    five_users = EN.count(P.USERS, 5)
    assert said(OperatorText.BROADCAST_PREVIEW, count=five_users) in preview.content
    draft = await olga.wait_for_message()
    assert draft.content == "New: a <shoulder> set & more"  # typed text stays as typed
    send_button = EN.get(OperatorText.BROADCAST_SEND, count=5)
    send_data = data_of(draft, send_button)
    await olga.press(draft, send_button)
    started = (await olga.wait_for_message()).content
    assert said(OperatorText.BROADCAST_STARTED, count=five_users) in started
    [job] = admin_bot.jobs(BROADCAST_JOB)
    await job.run(admin_bot.app)  # the repeating job's next tick
    report = await olga.wait_for_message(
        lambda m: matches(OperatorText.BROADCAST_REPORT, m.content)
    )
    assert said(OperatorText.BROADCAST_REPORT, sent=4, failed=0, blocked=1) in report.content
    for user in users[:4]:
        assert [m.content for m in user.messages][-1] == "New: a <shoulder> set & more"
    await olga.press_data(draft, send_data)  # a second tap on the old button
    assert await olga.wait_for_toast() == EN.get(OperatorText.BROADCAST_BUSY)

    # /mydata holds the broadcasts written and the words of those received.
    for user, key in ((olga, "broadcasts_written"), (users[0], "broadcasts_received")):
        await user.send("/mydata")
        document = await user.wait_for_message(lambda m: m.document is not None)
        assert document.document is not None
        [broadcast] = json.loads(document.document.content or b"{}")[key]
        assert broadcast["text"] == html.escape("New: a <shoulder> set & more", quote=False)


async def test_broadcast_without_a_message_shows_the_usage(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga")
    await olga.send("/broadcast")
    assert said(OperatorText.BROADCAST_USAGE) in (await olga.wait_for_message()).content


async def test_typed_markup_is_broadcast_as_typed(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    # The body is the message as HTML (Message.text_html), where what the operator typed is
    # escaped; so typed "<b>x</b> 3 < 5" is text that Telegram takes, and goes out as typed.
    olga = server.user(ADMIN, "Olga")
    await olga.send("/broadcast <b>x</b> 3 < 5")
    assert matches(OperatorText.BROADCAST_PREVIEW, (await olga.wait_for_message()).content)
    draft = await olga.wait_for_message()
    assert draft.content == "<b>x</b> 3 < 5"
    assert draft.raw == "&lt;b&gt;x&lt;/b&gt; 3 &lt; 5"


def _broadcast_with_link(url: str) -> dict[str, Any]:
    """/broadcast with a text link: python-telegram-bot puts its URL into href unescaped."""
    return {
        "text": "/broadcast Read this",
        "entities": [
            {"type": "bot_command", "offset": 0, "length": 10},
            {"type": "text_link", "offset": 11, "length": 4, "url": url},
        ],
    }


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_broadcast_html_that_telegram_rejects_is_refused_in_the_operators_language(
    admin_bot: RunningBot, server: FakeTelegramServer, language: str
) -> None:
    olga = server.user(ADMIN, "Olga", language_code=language)
    await olga.send_message_fields(_broadcast_with_link('https://example.com/?q="x"'))
    problem = Html(locale(language).texts.get(K.HTML_EMPTY_ATTRIBUTE_NAME, tag="a"))
    answer = said(OperatorText.BROADCAST_INVALID, language, problem=problem)
    assert (await olga.wait_for_message()).content == answer
    await server.wait_idle()
    assert olga.unread == []  # no preview, nothing to confirm


async def test_a_too_long_broadcast_is_refused(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga", language_code="ru")
    await olga.send("/broadcast " + "x" * 4001)
    too_long = Html(RU.get(OperatorText.BROADCAST_TOO_LONG, limit=RU.count(P.CHARACTERS, 4000)))
    assert (await olga.wait_for_message()).content == (
        said(OperatorText.BROADCAST_INVALID, "ru", problem=too_long)
    )


async def test_broadcast_interrupted_by_a_restart_sends_nobody_a_second_copy(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga")
    users = [server.user(3000 + n, f"U{n}") for n in range(25)]
    for user in users:
        await user.send("/routines")
    for user in users:
        await user.wait_for_message()
    await olga.send("/broadcast Evening class moved to 19:00")
    await olga.wait_for_message()
    draft = await olga.wait_for_message()
    await olga.press(draft, lead(OperatorText.BROADCAST_SEND))
    await olga.wait_for_message(lambda m: matches(OperatorText.BROADCAST_STARTED, m.content))
    broadcaster = broadcaster_of(admin_bot.app)
    broadcaster.engine.policy = replace(broadcaster.engine.policy, batch_size=10)
    await broadcaster.engine.run_one_batch()  # one batch, then the process goes down
    sent_before = sum(1 for u in users if u.messages[-1].content.startswith("Evening class"))
    assert sent_before == 10
    await admin_bot.restart()
    await broadcaster_of(admin_bot.app).run_due()
    await olga.wait_for_message(lambda m: matches(OperatorText.BROADCAST_REPORT, m.content))
    copies = Counter(
        m.chat_id for m in server.sent_messages if m.content.startswith("Evening class")
    )
    assert copies[ADMIN] == 1  # the preview
    assert {u.user_id: copies[u.user_id] for u in users} == {u.user_id: 1 for u in users}


async def test_an_operators_menu_keeps_their_language_across_a_restart(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga", language_code="en")
    await olga.send("/language")
    picker = await olga.wait_for_message()
    await olga.press(picker, RU.get(K.LANGUAGE_NAME))
    await olga.wait_for_edit(picker)
    await server.wait_idle()
    await admin_bot.restart()
    menu = server.commands(scope={"type": "chat", "chat_id": ADMIN})
    assert {"command": "language", "description": RU.get(K.COMMAND_LANGUAGE)} in menu
    assert {"command": "stats", "description": RU.get(OperatorText.COMMAND_STATS)} in menu
