"""Webhook mode: the secret, bad bodies, /healthz, and updates that reach the bot."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bot.content.keys import K
from bot.webhook import SECRET_HEADER

from ..fake_telegram import FakeTelegramServer
from ..harness import FakeClock, RunningBot
from ..texts import said
from .webhooks import PATH, SECRET, post, url_of, webhook_overrides


@pytest.fixture
async def hook_bot(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    running = RunningBot(server, database_url, clock)
    running.overrides.update(webhook_overrides())
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


def message_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": "en"},
            "chat": {"id": user_id, "type": "private", "first_name": "Ann"},
            "date": int(time.time()),
            "text": text,
            **({"entities": entities} if text.startswith("/") else {}),
        },
    }


async def test_webhook_is_registered_with_its_secret(
    hook_bot: RunningBot, server: FakeTelegramServer
) -> None:
    [call] = server.calls_to("setWebhook")
    assert call.params["url"] == f"https://bot.example.org{PATH}"
    assert call.params["secret_token"] == SECRET


async def test_an_update_with_the_secret_reaches_the_bot(
    hook_bot: RunningBot, server: FakeTelegramServer
) -> None:
    ann = server.user(111, "Ann")
    response = await post(hook_bot, json.dumps(message_update(1, 111, "/help")).encode())
    assert response.status_code == 200
    assert said(K.HELP_INTRO) in (await ann.wait_for_message()).content


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-of-the-same-shape-000", SECRET + "x"])
async def test_a_wrong_or_missing_secret_gets_403(
    hook_bot: RunningBot, server: FakeTelegramServer, secret: str | None
) -> None:
    server.user(111, "Ann")
    response = await post(
        hook_bot, json.dumps(message_update(1, 111, "/help")).encode(), secret=secret
    )
    assert response.status_code == 403
    await server.wait_idle()
    assert server.calls_to("sendMessage") == []


async def test_bodies_that_are_not_updates_are_refused(
    hook_bot: RunningBot, server: FakeTelegramServer
) -> None:
    assert (await post(hook_bot, b"{not json")).status_code == 400
    assert (await post(hook_bot, b"[1, 2]")).status_code == 400
    assert (await post(hook_bot, b'{"hello": 1}')).status_code == 400
    assert (await post(hook_bot, b"update", content_type="text/plain")).status_code == 415
    huge = json.dumps({"update_id": 1, "padding": "x" * 100_000}).encode()
    assert (await post(hook_bot, huge)).status_code == 413
    async with httpx.AsyncClient() as client:
        assert (await client.get(url_of(hook_bot))).status_code == 405
    await server.wait_idle()
    assert server.calls_to("sendMessage") == []


def _with(**message: Any) -> bytes:
    update = message_update(7, 111, "/help")
    update["message"].update(message)
    return json.dumps(update).encode()


HOSTILE_BODIES = {
    "not UTF-8": b'{"update_id": 1, "message": "\xff\xfe"}',
    "nested 5,000 deep": b'{"update_id": 1, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "a 5,000-digit integer": b'{"update_id": ' + b"9" * 5000 + b"}",
    "a message that is a string": b'{"update_id": 1, "message": "hi"}',
    "a huge date": _with(date=10**12),
    "a message without its chat": json.dumps(
        {"update_id": 1, "message": {"message_id": 1, "date": 1, "text": "/start"}}
    ).encode(),
    "a callback without its sender": json.dumps(
        {"update_id": 1, "callback_query": {"id": "1", "chat_instance": "1", "data": "m"}}
    ).encode(),
    "a text that is a number": _with(text=5),
    "an id that is a string": _with(message_id="5"),
    "a user id past 64 bits": _with(**{"from": {"id": 2**70, "is_bot": False, "first_name": "A"}}),
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
async def test_a_hostile_body_with_the_secret_gets_400_without_a_traceback(
    hook_bot: RunningBot,
    server: FakeTelegramServer,
    body: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    ann = server.user(111, "Ann")
    assert (await post(hook_bot, body)).status_code == 400
    await server.wait_idle()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    response = await post(hook_bot, json.dumps(message_update(2, 111, "/help")).encode())
    assert response.status_code == 200
    assert said(K.HELP_INTRO) in (await ann.wait_for_message()).content


async def test_a_secret_header_with_odd_bytes_gets_403_quietly(
    hook_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    body = json.dumps(message_update(1, 111, "/help")).encode()
    async with httpx.AsyncClient() as client:
        for secret in (b"\xff\xfe", SECRET.encode() + b"\xc3", "секрет".encode()):
            headers = {b"Content-Type": b"application/json", SECRET_HEADER.encode(): secret}
            response = await client.post(url_of(hook_bot), content=body, headers=headers)
            assert response.status_code == 403
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_a_request_aiohttp_cannot_parse_gets_400_and_one_short_line(
    hook_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body = json.dumps(message_update(1, 111, "/help")).encode()
    async with httpx.AsyncClient() as client:
        for _ in range(3):
            long_header = {"X-Padding": "x" * 9000, SECRET_HEADER: SECRET}
            response = await client.post(url_of(hook_bot), content=body, headers=long_header)
            assert response.status_code == 400
        response = await client.post(url_of(hook_bot, PATH + "/" + "p" * 9000), content=body)
        assert response.status_code in (400, 414)
    server_lines = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert len(server_lines) == 4
    assert all(r.levelno == logging.INFO and not r.exc_info for r in server_lines)
    assert all(len(r.getMessage()) < 200 for r in server_lines)


async def test_healthz_reports_the_database(hook_bot: RunningBot) -> None:
    async with httpx.AsyncClient() as client:
        healthy = await client.get(url_of(hook_bot, "/healthz"))
        assert healthy.status_code == 200
        assert healthy.json() == {"status": "ok", "database": True}
        database = hook_bot.deps.database
        broken = create_async_engine("sqlite+aiosqlite:////proc/no-such-dir/x.sqlite3")
        working, database.engine = database.engine, broken
        try:
            sick = await client.get(url_of(hook_bot, "/healthz"))
        finally:
            database.engine = working
            await broken.dispose()
        assert sick.status_code == 503
        assert sick.json()["database"] is False


async def _raw_request(
    bot: RunningBot, head: bytes, body_part: bytes
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    assert bot.webhook is not None
    assert bot.webhook.port is not None
    reader, writer = await asyncio.open_connection("127.0.0.1", bot.webhook.port)
    writer.write(head + body_part)
    await writer.drain()
    return reader, writer


def _head(length: int) -> bytes:
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def test_a_client_hanging_up_mid_body_is_forgotten_quietly(
    hook_bot: RunningBot, server: FakeTelegramServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    ann = server.user(111, "Ann")
    body = json.dumps(message_update(1, 111, "/help")).encode()
    for _ in range(3):
        _, writer = await _raw_request(hook_bot, _head(len(body)), body[:20])
        writer.close()
        await writer.wait_closed()
    response = await post(hook_bot, json.dumps(message_update(2, 111, "/help")).encode())
    assert response.status_code == 200
    assert said(K.HELP_INTRO) in (await ann.wait_for_message()).content
    assert len(ann.messages) == 1  # the cut-off updates reached nobody
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


async def test_a_slow_client_gets_a_read_timeout(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> None:
    running = RunningBot(server, database_url, clock)
    running.overrides.update(webhook_overrides(), webhook_read_timeout=0.2)
    await running.start()
    try:
        body = json.dumps(message_update(1, 111, "/help")).encode()
        reader, writer = await _raw_request(running, _head(len(body)), body[:20])
        answer = await asyncio.wait_for(reader.read(), timeout=10)  # the bot closes it
        writer.close()
        assert answer.startswith(b"HTTP/1.1 408")
        assert server.user(111).messages == []
    finally:
        await running.stop()
