"""Shared fixtures: a fake Bot API server, a fake clock, and the bot running against them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .fake_telegram import FakeTelegramServer
from .harness import FakeClock, RunningBot, sqlite_url


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    """A fresh fake Telegram Bot API server on 127.0.0.1."""
    async with FakeTelegramServer() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    """Injected time."""
    return FakeClock()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh SQLite database file per test."""
    return sqlite_url(tmp_path / "bot.sqlite3")


@pytest.fixture
async def bot(
    server: FakeTelegramServer, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The real bot, started against the fake server on a fresh database."""
    running = RunningBot(server, database_url, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
