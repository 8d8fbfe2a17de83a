"""Answers from the Bot API that are not OK: 429 is retried, 403 is not a crash."""

from __future__ import annotations

import logging

import pytest

from bot.content.keys import K

from ..fake_telegram import FakeTelegramServer
from ..harness import RunningBot
from ..texts import EN, said
from .steps import shows_card


async def test_too_many_requests_is_retried_not_lost(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    server.fail_next("sendMessage", chat_id=111, error_code=429, retry_after=1)
    await ann.send("/neck")
    card = await ann.wait_for_message(lambda m: shows_card(m.content, "1/14"), timeout=10)
    assert EN.get(K.BUTTON_DONE) in card.button_texts
    first, second = server.calls_to("sendMessage")[:2]
    assert (first.status, second.status) == (429, 200)
    assert first.params["text"] == second.params["text"]  # the same message, sent again


async def test_a_user_who_blocked_the_bot_causes_no_error(
    bot: RunningBot, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    ann = server.user(111, "Ann")
    server.block(111)
    await ann.send("/start")
    await server.wait_for(lambda: any(c.status == 403 for c in server.calls))
    await server.wait_idle()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    server.unblock(111)
    await ann.send("/start")
    assert said(K.START_WELCOME, name="Ann") in (await ann.wait_for_message()).content
