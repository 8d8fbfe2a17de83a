"""Shared fixtures: a fake Bot API server, a fake clock, and the bot running against them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .fake_telegram import FakeTelegramServer
from .harness import FakeClock, RunningBot, fresh_postgres_database, sqlite_url


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    """A fresh fake Telegram Bot API server on 127.0.0.1."""
    async with FakeTelegramServer() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    """Injected time."""
    return FakeClock()


POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def pytest_report_header() -> str:
    """Says which databases the suites run against."""
    if POSTGRES_URL:
        return "databases: SQLite and PostgreSQL (TEST_POSTGRES_URL)"
    return "databases: SQLite only (set TEST_POSTGRES_URL, or install PostgreSQL for scripts/test)"


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database per test: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "bot.sqlite3")
        return
    assert POSTGRES_URL is not None
    async with fresh_postgres_database(POSTGRES_URL) as url:
        yield url


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
