"""The operator's /stats and /broadcast, and what everyone else sees of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import BROADCAST_JOB, broadcaster_of
from bot.features.operator.broadcasting import BroadcastReport

from ..fake_telegram import FakeTelegramServer
from ..harness import FakeClock, RunningBot
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
    card = await ann.wait_for_message(is_card("1/1"))
    await ann.press(card, "✅ Done")
    await ann.wait_for_message(lambda m: "complete" in m.content)
    await olga.send("/stats")
    stats = (await olga.wait_for_message()).content
    assert "Users: 1 (active in 7 days: 1, in 30 days: 1)" in stats
    assert "Blocked the bot: 0" in stats
    assert "23 Nov: 1" in stats


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
    assert "goes to 5 users, everyone active" in preview.content
    draft = await olga.wait_for_message()
    assert draft.content == "New: a <shoulder> set & more"  # typed text stays as typed
    send_data = data_of(draft, "📣")
    await olga.press(draft, "📣 Send to 5")
    assert "Sending to 5 users" in (await olga.wait_for_message()).content
    [job] = admin_bot.jobs(BROADCAST_JOB)
    await job.run(admin_bot.app)  # the repeating job's next tick
    report = await olga.wait_for_message(lambda m: "Broadcast finished" in m.content)
    assert "4 sent, 0 failed, 1 had blocked the bot" in report.content
    for user in users[:4]:
        assert [m.content for m in user.messages][-1] == "New: a <shoulder> set & more"
    await olga.press_data(draft, send_data)  # a second tap on the old button
    assert await olga.wait_for_toast() == "This broadcast was already confirmed or cancelled."


async def test_broadcast_without_a_message_shows_the_usage(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga")
    await olga.send("/broadcast")
    assert "followed by the message" in (await olga.wait_for_message()).content


async def test_typed_markup_is_broadcast_as_typed(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    # The body is the message as HTML (Message.text_html), where what the operator typed is
    # escaped; so typed "<b>x</b> 3 < 5" is text that Telegram takes, and goes out as typed.
    olga = server.user(ADMIN, "Olga")
    await olga.send("/broadcast <b>x</b> 3 < 5")
    assert "goes to" in (await olga.wait_for_message()).content
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


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("en", "That message would not reach anyone: the tag <a> has an attribute without a name"),
        ("ru", "Это сообщение никому не дойдёт: у тега <a> есть атрибут без имени"),
    ],
)
async def test_broadcast_html_that_telegram_rejects_is_refused_in_the_operators_language(
    admin_bot: RunningBot, server: FakeTelegramServer, language: str, answer: str
) -> None:
    olga = server.user(ADMIN, "Olga", language_code=language)
    await olga.send_message_fields(_broadcast_with_link('https://example.com/?q="x"'))
    assert (await olga.wait_for_message()).content == answer
    await server.wait_idle()
    assert olga.unread == []  # no preview, nothing to confirm


async def test_a_too_long_broadcast_is_refused(
    admin_bot: RunningBot, server: FakeTelegramServer
) -> None:
    olga = server.user(ADMIN, "Olga", language_code="ru")
    await olga.send("/broadcast " + "x" * 4001)
    assert (await olga.wait_for_message()).content == (
        "Это сообщение никому не дойдёт: оно слишком длинное, предел — 4000 символов"
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
    await olga.press(draft, "📣 Send to")
    await olga.wait_for_message(lambda m: "Sending to" in m.content)
    broadcaster = broadcaster_of(admin_bot.app)
    broadcaster._batch_size = 10
    await broadcaster._run_batch(BroadcastReport())  # one batch, then the process goes down
    sent_before = sum(1 for u in users if u.messages[-1].content.startswith("Evening class"))
    assert sent_before == 10
    await admin_bot.restart()
    await broadcaster_of(admin_bot.app).run_due()
    await olga.wait_for_message(lambda m: "Broadcast finished" in m.content)
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
    await olga.press(picker, "Русский")
    await olga.wait_for_edit(picker)
    await server.wait_idle()
    await admin_bot.restart()
    menu = server.commands(scope={"type": "chat", "chat_id": ADMIN})
    assert {"command": "language", "description": "Сменить язык"} in menu
    assert any(c["command"] == "stats" and "Оператор" in c["description"] for c in menu)
