"""A batch of odd but possible updates: no traceback reaches the log, and the bot still answers.

Texts with lone surrogates, combining marks, other scripts' digits, control characters and huge
numbers; commands with @botname and another bot's name; groups, channels, messages without a
sender, names that cannot be encoded; presses with odd data. Generated from a fixed seed."""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import pytest

from bot.content.keys import K

from ..fake_telegram import FakeTelegramServer
from ..harness import RunningBot
from ..texts import said

PIECES = [
    "\ud83d",
    "\udc4d",
    "a\u0301\u0301\u0301",
    "٣",
    "²",
    "①",
    "１８:３０",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "9" * 5000,
    "UTC+" + "9" * 400,
    "Europe/",
    "🙂",
    "<b>",
    "&amp;",
    " ",
]
COMMANDS = ["/start", "/remind", "/timezone", "/pause", "/neck", "/stop", "/help", "/progress"]
SUFFIXES = ["", "@joint_coach_bot", "@other_bot", "@"]


def odd_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))[:4096]


def odd_updates(rng: random.Random, count: int) -> list[tuple[str, dict[str, Any]]]:
    """(kind, payload) pairs: private texts and commands, groups, channels, odd senders."""
    updates: list[tuple[str, dict[str, Any]]] = []
    for number in range(count):
        user_id = 900 + rng.randint(0, 4)
        name = rng.choice(["Ann", "\ud83dAnn", "", "x" * 300, "Ю\u0301"])
        sender = {"id": user_id, "is_bot": False, "first_name": name}
        if rng.random() < 0.3:
            sender["language_code"] = rng.choice(["ru", "xx", "\ud83d", "pt-br", "zz-" * 30])
        private = {"id": user_id, "type": "private", "first_name": name}
        text = odd_text(rng)
        if rng.random() < 0.5:
            text = rng.choice(COMMANDS) + rng.choice(SUFFIXES) + " " + odd_text(rng)
        message: dict[str, Any] = {
            "message_id": 10_000 + number,
            "date": int(time.time()),
            "chat": private,
            "from": sender,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(" ")[0].encode("utf-16-le", "surrogatepass")) // 2
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        shape = rng.choice(["private", "private", "group", "channel", "no sender", "press"])
        if shape == "group":
            message["chat"] = {"id": -100_000 - user_id, "type": "group", "title": odd_text(rng)}
        elif shape == "channel":
            message["chat"] = {"id": -200_000, "type": "channel", "title": "c"}
            message["sender_chat"] = message["chat"]
            del message["from"]
        elif shape == "no sender":
            del message["from"]
        if shape == "press":
            press = {
                "id": str(10**15 + number),
                "from": sender,
                "chat_instance": "1",
                "data": rng.choice(["c:1:0:d", "c:" + "9" * 60, odd_text(rng)[:64], "m"]),
                "message": {**message, "from": {"id": 1, "is_bot": True, "first_name": "Bot"}},
            }
            updates.append(("callback_query", press))
        else:
            updates.append(("message", message))
    return updates


async def test_a_batch_of_odd_updates_leaves_no_traceback(
    bot: RunningBot, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for user_id in range(900, 905):
        server.user(user_id, "Ann")
    for kind, payload in odd_updates(random.Random(15), 150):
        server.push_update(kind, payload)
    await server.wait_idle()
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not problems, [r.getMessage() for r in problems]
    ann = server.user(111, "Ann")
    await ann.send("/start")
    assert said(K.START_WELCOME, name="Ann") in (await ann.wait_for_message()).content


async def test_a_text_with_a_lone_surrogate_gets_the_free_text_hint(
    bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    for text in ("\ud83d", "/timezone Europe/\ud83d", "/pause 7\udc4d"):
        await ann.send(text)
        assert said(K.HINT_TEXT) in (await ann.wait_for_message()).content
    eve = server.user(222, "\ud83dEve")  # a name that cannot be stored as it is
    await eve.send("/start")
    assert said(K.START_WELCOME, name="\ufffdEve") in (await eve.wait_for_message()).content
